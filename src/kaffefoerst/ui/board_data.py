"""What the board reads and writes: the day's plan, side-panel lookups (cached per citizen),
moves, undo, drafts and the change poll. The board screen keeps drawing and keys.

Database modules are imported where used (start-up): the board is drawn before the store is
open, and SQLAlchemy's import costs more than Textual's own (bench/startup.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kaffefoerst.domain.errors import DatabaseBusy
from kaffefoerst.enums import ShiftKind

if TYPE_CHECKING:
    from kaffefoerst.domain.plan import DayPlan
    from kaffefoerst.store.changes import ChangeEvent
    from kaffefoerst.store.moves import MoveDone
    from kaffefoerst.store.triage import NoteView
    from kaffefoerst.ui.app import KaffeApp


class BoardData:
    def __init__(self, app: KaffeApp) -> None:
        self.app = app
        self._known: dict[int, list[tuple[int, int]]] = {}
        self._notes: dict[int, NoteView | None] = {}
        self.seen = 0  # newest audit id the board has shown
        self.generation = 0  # counts plan reads: a prefetch for an older plan is dropped

    # --- reading ------------------------------------------------------------------------------
    def plan(self, day: date, shift: ShiftKind = ShiftKind.DAY) -> DayPlan:
        from kaffefoerst.store.day_plan import load_day_plan

        self._known.clear()
        self._notes.clear()
        self.generation += 1
        with self.app.store.session() as session:
            return load_day_plan(session, day, shift)

    def plan_span(self) -> tuple[date, date] | None:
        """The first and last day the database holds a plan for."""
        from kaffefoerst.store.plan_days import plan_span

        with self.app.store.session() as session:
            return plan_span(session)

    def inbox_counts(self, day: date) -> tuple[int, int]:
        """Messages to the evening shift that day, and how many of them are still unread."""
        from kaffefoerst.store.inbox import evening_inbox

        with self.app.store.session() as session:
            found = evening_inbox(session, day)
        return len(found), sum(not m.read_by for m in found)

    def fetch_many(
        self, citizen_ids: list[int], day: date
    ) -> tuple[dict[int, list[tuple[int, int]]], dict[int, NoteView | None]]:
        """The side panel's lookups for every citizen of the day in two queries (run in a
        thread): at district scale a query per cursor step cost more than the step itself."""
        from kaffefoerst.store.knowledge import recent_by_citizen
        from kaffefoerst.store.triage import latest_notes

        with self.app.store.session() as session:
            recent = recent_by_citizen(session, citizen_ids, day)
            notes = latest_notes(session, citizen_ids)
        known = {
            c: sorted(recent.get(c, {}).items(), key=lambda item: (-item[1], item[0]))
            for c in citizen_ids
        }
        return known, {c: notes.get(c) for c in citizen_ids}

    def fill(
        self,
        generation: int,
        known: dict[int, list[tuple[int, int]]],
        notes: dict[int, NoteView | None],
    ) -> None:
        if generation == self.generation:
            for citizen_id, carers in known.items():
                self._known.setdefault(citizen_id, carers)
            for citizen_id, note in notes.items():
                self._notes.setdefault(citizen_id, note)

    def note_for(self, citizen_id: int) -> NoteView | None:
        from kaffefoerst.store.triage import latest_notes

        if citizen_id not in self._notes:
            with self.app.store.session() as session:
                self._notes[citizen_id] = latest_notes(session, [citizen_id]).get(citizen_id)
        return self._notes[citizen_id]

    def known_for(self, citizen_id: int, day: date) -> list[tuple[int, int]]:
        from kaffefoerst.store.knowledge import known_carers

        if citizen_id not in self._known:
            with self.app.store.session() as session:
                self._known[citizen_id] = known_carers(session, citizen_id, day)
        return self._known[citizen_id]

    def make_days_ahead(self) -> int:
        """The base plan's days ahead (the first board made today's): after the first paint, in
        a thread, so a start never waits for two weeks of visits. Visits made, 0 if none."""
        from kaffefoerst.domain.roles import Role
        from kaffefoerst.store.base_plan import generate_days, has_base_plan

        if self.app.store.readonly or self.app.user.role is Role.COACH:
            return 0
        with self.app.store.session() as session:
            if not has_base_plan(session):
                return 0
            # Audited as whoever opened the board: the days were made because they did.
            made = generate_days(
                session, self.app.today, now=self.app.clock(), actor=self.app.actor
            )
            return made.visits

    def drafts(self) -> list[tuple[int, dict[str, object]]]:
        from kaffefoerst.store.triage import drafts_of

        with self.app.store.session() as session:
            return drafts_of(session, self.app.actor)

    def last_actor(self, visit_id: int) -> str:
        from kaffefoerst.store.placement import last_actor

        with self.app.store.session() as session:
            return last_actor(session, visit_id)

    # --- others' changes ----------------------------------------------------------------------
    def watch(self) -> None:
        from kaffefoerst.store.changes import latest_change

        with self.app.store.session() as session:
            self.seen = latest_change(session)

    def new_changes(self) -> list[ChangeEvent] | None:
        """Others' commits since the last look: one cheap query when nothing changed (None)."""
        from kaffefoerst.store.changes import changes_after, latest_change, went_back

        try:
            with self.app.store.session() as session:
                newest = latest_change(session)
                if newest == self.seen:
                    return None
                if newest < self.seen:
                    events = [went_back(newest, self.seen)]
                else:
                    events = changes_after(session, self.seen)
        except DatabaseBusy:
            return None  # a writer holds the lock; the next tick will see it
        self.seen = newest
        return events

    # --- writing (DomainError; DatabaseBusy when the database stays busy) ---------------------
    def move(self, visit_id: int, carer_id: int | None, start_min: int, version: int) -> MoveDone:
        from kaffefoerst.store.moves import move_visit
        from kaffefoerst.store.placement import Placement

        with self.app.store.session() as session:
            return move_visit(
                session,
                visit_id=visit_id,
                target=Placement(carer_id, start_min),
                expected_version=version,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            )

    def undo(self) -> MoveDone:
        from kaffefoerst.store.moves import undo_last

        with self.app.store.session() as session:
            app = self.app
            return undo_last(session, actor=app.actor, now=app.clock(), user=app.user)
