"""Tavlen: every route of the day, moved by keyboard, each change stored with its author.

The screens a key opens (move to, sick call, cover, triage, meeting, inbox, roles, figures,
minutes) are imported in their action: each pulls SQLAlchemy in through its store module, which
costs more than Textual's own import (bench/startup.py), and the board draws before the store is
open (start-up; tests/test_layers.py keeps the database layer out of the first paint).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from kaffefoerst.domain.audit_actions import RESTORED, AuditAction
from kaffefoerst.domain.errors import DatabaseBusy, DomainError
from kaffefoerst.domain.plan import CarerInfo, DayPlan, PlanVisit, moved
from kaffefoerst.domain.plan_edit import PLAN_ACTIONS
from kaffefoerst.domain.roles import Role
from kaffefoerst.domain.warnings import (
    RouteWarning,
    carer_warnings,
    missing_competence,
    outside_shift,
    overlapping,
    warnings_if_placed,
)
from kaffefoerst.enums import ShiftKind, TriageColour
from kaffefoerst.locale import t
from kaffefoerst.ui.board_data import BoardData
from kaffefoerst.ui.board_lines import choose_lines
from kaffefoerst.ui.board_view import STEP_MIN, BoardView
from kaffefoerst.ui.keys import BOARD_KEYS
from kaffefoerst.ui.palette import board_palette
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.find import FindScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.screens.team_filter import TeamFilterScreen  # no store module: cheap
from kaffefoerst.ui.team_roles_text import who_text
from kaffefoerst.ui.widgets.board_body import BoardBody
from kaffefoerst.ui.widgets.board_header import BoardHeader, long_date
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.route_row import FIXED, TWO_CARERS, WARNING, shift_label
from kaffefoerst.ui.widgets.time_axis import TimeAxis
from kaffefoerst.ui.widgets.visit_panel import VisitPanel, hhmm, status_line

if TYPE_CHECKING:  # the database side is imported after the first paint
    from kaffefoerst.store.changes import ChangeEvent
    from kaffefoerst.store.moves import MoveDone

PICKED_ONLY = {"drop", "cancel"}
POLL_SECONDS = 0.5  # others' changes show within a second
NOW_SECONDS = 20.0  # the now-line moves a column every few minutes at most
MAX_NOTICES = 3
# Which right each board action needs (domain/rights.py checks the same again on writing).
RIGHT_FOR = {
    "pick": "move",
    "drop": "move",
    "move_to": "move",
    "undo": "undo",
    "absence": "absence",
    "cover": "cover",
    "back": "back",
    "triage_note": "triage_note",
    "board_item": "board_item",
    "meeting": "meeting",
    "import_plan": "import",
    "add_visit": "plan_edit",
    "cancel_visit": "plan_edit",
    "add_citizen": "plan_edit",
    "pause_citizen": "plan_edit",
    "duration": "duration",
}
FREE_ONLY = {
    "find",
    "pick",
    "move_to",
    "undo",
    "day",
    "absence",
    "cover",
    "back",
    "triage_note",
    "board_item",
    "triage_list",
    "meeting",
    "minutes",
    "figures",
    "import_plan",
    "shift_view",
    "roles",
    "inbox",
    "add_visit",
    "cancel_visit",
    "duration",
    "add_citizen",
    "pause_citizen",
    "route",
}


def cancelled_line(plan: DayPlan) -> str:
    """The day's cancelled visits, apart from the routes: never open, never someone's work."""
    items = [
        t(
            "plan_edit.cancelled_item",
            start=hhmm(v.start_min),
            citizen=plan.citizens[v.citizen_id].short_name,
            reason=t(f"plan_edit.reason.{plan.cancel_reasons.get(v.id, '')}"),
        )
        for v in sorted(plan.cancelled.values(), key=lambda v: (v.start_min, v.id))
    ]
    return t("plan_edit.cancelled_row", n=len(items)) + " " + " · ".join(items)


class BoardScreen(Screen[None]):
    AUTO_FOCUS = None  # keys live on the screen; focusing a child only restyles the board
    DEFAULT_CSS = "BoardScreen #inbox-line { height: 1; padding: 0 1; text-style: bold; }"

    def __init__(self, day: date, plan: DayPlan | None = None) -> None:
        super().__init__()
        self.day = day
        self._just_folded: tuple[int, int | None] | None = None  # (team, row the cursor went to)
        for key in BOARD_KEYS:
            self._bindings.bind(
                key.keys, key.action, t(key.text), show=key.show, key_display=key.display
            )
        self.data = BoardData(self.app)
        self.shift = plan.shift if plan is not None else ShiftKind.DAY  # `v`: dag or aften
        plan = plan if plan is not None else self._load_plan(day)
        user = self.app.user
        home = user.carer_id if user.role is Role.MEMBER else None
        self.view = BoardView(plan, board_palette(self.app.get_css_variables()), home)
        self._busy = False  # True while the rows are being rebuilt: nothing may query them
        self._picked_version = 0

    # --- data -----------------------------------------------------------------------------
    def _load_plan(self, day: date) -> DayPlan:
        return self.data.plan(day, self.shift)

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        who = who_text(self.app.user)
        yield BoardHeader(self.view.plan, who, self.app.clock)
        if self.view.plan.shift is ShiftKind.EVENING:  # the evening shift's inbox, a key away
            yield Plain("", id="inbox-line")
        with Horizontal(id="body"):
            with Vertical(id="timeline-box"):
                body = BoardBody(self.view, id="timeline")
                self._board_body = body
                yield TimeAxis(self.view)
                yield body
                if not self.view.plan.on_duty:
                    yield Plain(t("board.no_carers"), classes="empty-note")
                if self.view.plan.cancelled:  # after the routes, never read as open work
                    yield Plain(cancelled_line(self.view.plan), classes="cancelled-line")
            self._panel = VisitPanel(id="panel")
            yield self._panel
        legend = t("board.legend", warning=WARNING, fixed=FIXED, two=TWO_CARERS)
        self._legend = Plain(legend, id="legend")
        yield self._legend
        yield Footer()

    # --- how many lines a row gets ---------------------------------------------------------
    def on_resize(self) -> None:
        self._choose_lines()
        self._fit_footer()
        self.call_after_refresh(self._show_selection)  # the panel may have folded

    def _fit_footer(self) -> None:
        """On a narrow screen the footer keeps the morning's keys (the meeting among them);
        every key still works and is listed in help (F1/? on the legend line) and the palette."""
        width = self.size.width
        bindings = self._bindings.key_to_bindings
        for key in BOARD_KEYS:
            show = key.show and width >= key.footer_from
            for name in key.keys.split(","):
                bindings[name] = [
                    replace(b, show=show) if b.action == key.action else b
                    for b in bindings.get(name, [])
                ]
        self.refresh_bindings()

    def _choose_lines(self) -> None:
        """Lines per row from the screen and the rows shown: as many as let every row show (at
        most 3), and two even if the board then scrolls when 12 rows still fit: a laptop
        reads names better than it overviews. Re-chosen on every resize, fold and filter."""
        body = self._body()
        if body is None:
            return
        if not body.lines and self.view.rows:
            body.relayout()
        lines = choose_lines(self.size.height, body.visible_rows(), body.team_lines())
        if lines != self.view.lines or not body.lines:
            self.view.lines = lines
            body.relayout()

    def _tick_now(self) -> None:
        """The now-line: today's board only, from the app's clock (tests pass a fixed one)."""
        now = self.app.clock()
        minute = now.hour * 60 + now.minute if now.date() == self.day else None
        if minute != self.view.now_min:
            self.view.now_min = minute
            self._refresh_all_rows()
            for axis in self.query(TimeAxis):
                axis.refresh()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._restore_teams()
        self._tick_now()
        self.set_interval(NOW_SECONDS, self._tick_now)
        # Everything that needs the database comes after the board itself is drawn; when the
        # store is not open yet (the demo's fast start), a thread opens it first.
        if self.app.store_ready:
            self.call_after_refresh(self._store_ready)
        else:
            self.call_after_refresh(self._open_store)

    def _open_store(self) -> None:
        def open_it() -> None:
            self.app.store  # noqa: B018 - the property opens it, off the UI thread
            self.app.call_from_thread(self._store_ready)

        self.run_worker(open_it, thread=True, exclusive=True, group="store")

    def _prefetch(self) -> None:
        """Fill the panel's caches for every citizen of the day, off the UI thread."""
        if not self.app.store_ready:
            return
        day, generation = self.day, self.data.generation
        ids = sorted({v.citizen_id for v in self.view.plan.visits.values()})

        def fetch() -> None:
            known, notes = self.data.fetch_many(ids, day)
            self.app.call_from_thread(self.data.fill, generation, known, notes)

        self.run_worker(fetch, thread=True, group="prefetch")

    def _store_ready(self) -> None:
        self._prefetch()
        self.data.watch()
        self._show_inbox_line()

        self.run_worker(self._days_ahead, thread=True, group="days_ahead", exit_on_error=False)
        if self.app.poll:
            self.set_interval(POLL_SECONDS, self.poll_changes)
        self._show_selection()
        self._restore_drafts()

    def _days_ahead(self) -> None:
        """Make the days ahead from the base plan; a busy database just tries at the next start."""
        try:
            self.data.make_days_ahead()
        except DomainError:  # DatabaseBusy among them
            return

    def poll_changes(self) -> None:
        """Notice others' commits: one cheap query when nothing changed, else reload in place.

        Skipped while the rows are rebuilt or another screen is on top; it runs again when
        the board is shown (on_screen_resume)."""
        if self._busy or not self.is_current or not self.app.store_ready:
            return
        events = self.data.new_changes()
        if events is None:
            return
        if any(e.entity != "login" for e in events):  # a log-in try changes no plan
            self.refresh_from_db()
        if any(e.entity == "message" for e in events):  # written, read or answered elsewhere
            self._show_inbox_line()
        # A lock is shown even when it names the planner's own initials.
        lock = AuditAction.LOGIN_LOCK
        shown = [e for e in events if e.actor != self.app.actor or e.action == lock]
        notices = [n for n in (self._notice(e) for e in shown) if n]
        if notices:
            more = len(notices) - MAX_NOTICES
            text = "\n".join(notices[:MAX_NOTICES]) + (f"\n… +{more}" if more > 0 else "")
            self.notify(text, timeout=6)

    def on_screen_resume(self) -> None:
        if self.app.store_ready and self.app.poll:
            self.poll_changes()

    def _notice(self, event: ChangeEvent) -> str | None:
        if event.action == RESTORED:
            return t("notice.restored")
        if event.action in PLAN_ACTIONS:
            plan = self.view.plan
            visit = plan.visits.get(event.entity_id) or plan.cancelled.get(event.entity_id)
            citizen = plan.citizens.get(visit.citizen_id) if visit else None
            name = citizen.short_name if citizen else ""
            return t(f"plan_edit.notice.{event.action}", actor=event.actor, citizen=name)
        if event.action == AuditAction.LOGIN_LOCK:
            if self.app.user.role is not Role.PLANNER:
                return None
            return t("notice.login_lock", actor=str(event.after.get("value", event.actor)))
        plan = self.view.plan
        if event.entity == "visit" and event.entity_id in plan.visits:
            visit = plan.visits[event.entity_id]
            carer = plan.carers.get(event.after.get("carer_id"))  # type: ignore[arg-type]
            return t(
                f"notice.{event.action}",
                actor=event.actor,
                citizen=plan.citizens[visit.citizen_id].short_name,
                to=carer.initials if carer else t("board.unassigned"),
            )
        if event.action in (
            AuditAction.ABSENCE,
            AuditAction.TRIAGE,
            AuditAction.BOARD_ITEM,
            AuditAction.MESSAGE,
            AuditAction.ABSENCE_END,
        ):
            return t(f"notice.{event.action}", actor=event.actor)
        return None

    def refresh_from_db(self) -> None:
        """Reload the day, keep the selection and a picked-up visit, redraw what changed."""
        view = self.view
        before = self._row_signatures()
        cancelled_before = set(view.plan.cancelled)
        old_selected_row = view.current_row()
        pending = view.pending
        view.plan = self._load_plan(self.day)
        self._prefetch()
        if pending is not None:
            now = view.plan.visits.get(pending.visit_id)
            old_version = self._picked_version
            if now is None or now.version != old_version:
                view.pending = None
                self.refresh_bindings()
                who = self.data.last_actor(pending.visit_id)
                self.notify(t("move.stale", by=who), severity="warning")
        keys_before = self._row_keys()
        view.rebuild()
        after = self._row_signatures()
        if len(after) != len(before) or set(view.plan.cancelled) != cancelled_before:
            keep = self._unchanged_rows(keys_before, before, after, old_selected_row)
            self.run_worker(self._remount(keep), exclusive=True, group="remount")
            return
        changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        if view.pending is not None:
            changed += self._rows_of(view.pending.carer_id)
        self._refresh_rows(*changed, old_selected_row, view.current_row())
        self._show_selection()

    def _restore_drafts(self) -> None:
        """A note typed before a crash or a closed laptop comes back on the next start."""
        drafts = self.data.drafts()
        if not drafts:
            return
        citizen_id, data = drafts[-1]
        citizen = self.view.plan.citizens.get(citizen_id)
        if citizen is None:
            return
        self.notify(t("triage.drafts_restored", n=len(drafts)), timeout=8)
        self._open_note(citizen_id, data)

    def _theme_changed(self, _theme: object) -> None:
        self.view.palette = board_palette(self.app.get_css_variables())
        self._refresh_all_rows()

    def _body(self) -> BoardBody | None:
        """The body from the last compose (a DOM query per cursor step cost milliseconds)."""
        body = getattr(self, "_board_body", None)
        return body if body is not None and body.is_attached else None

    def _refresh_rows(self, *indices: int | None) -> None:
        """Redraw only these rows: the body repaints just their lines on screen."""
        body = self._body()
        if body is not None:
            body.refresh_rows(*indices)

    def _refresh_all_rows(self) -> None:
        body = self._body()
        if body is not None:
            body.refresh_all()

    def _rows_of(self, *carer_ids: int | None) -> list[int]:
        """Row indices of these carers' routes (None: every unassigned lane)."""
        return [i for i, row in enumerate(self.view.rows) if row.carer_id in carer_ids]

    def _show_selection(self, *, panel_after: bool = False) -> None:
        """Scroll to the cursor's row and fill the panel and status line for it.

        ``panel_after``: a cursor step draws the moved cursor first and the panel in the
        frame after it (the panel is the costliest thing on screen to draw; the cursor is
        what the eye follows). A newer step replaces a panel update not yet done."""
        panel = getattr(self, "_panel", None)
        if self._busy or panel is None or not panel.is_attached:  # mid-rebuild: shown after
            return
        index = self.view.current_row()
        body = self._body()
        if index is not None and body is not None:
            body.scroll_to_row(index)
        if panel_after:
            self._panel_due = True
            self.call_after_refresh(self._fill_panel_if_due)
            return
        self._fill_panel()

    def _fill_panel_if_due(self) -> None:
        if getattr(self, "_panel_due", False):
            self._fill_panel()

    def _fill_panel(self) -> None:
        self._panel_due = False
        panel = self._panel
        if self._busy or not panel.is_attached:
            return
        view = self.view
        visit = view.plan.visits.get(view.selected) if view.selected else None
        # Before the store is open (the first paint) nothing may touch the database: the
        # lookups would import SQLAlchemy and open the store on the UI thread.
        ready = self.app.store_ready
        known = self.data.known_for(visit.citizen_id, self.day) if visit and ready else []
        if visit is not None and view.pending is not None:
            p = view.pending  # where the picked-up visit now stands
            warnings = warnings_if_placed(view.plan, p.visit_id, p.carer_id, p.start_min)
        else:
            warnings = view.warnings.get(visit.id, frozenset()) if visit else frozenset()
        note = self.data.note_for(visit.citizen_id) if visit and ready else None
        index = view.current_row()
        row = view.rows[index] if index is not None else None
        empty_carer = row.carer_id if row is not None and visit is None else None
        panel.show_visit(
            view.plan,
            visit,
            warnings,
            known,
            view.pending,
            note,  # type: ignore[arg-type]
            empty_carer,
            view.codes.get(visit.citizen_id, "") if visit else "",
            view.palette,
        )
        self._show_status(visit, warnings, panel)

    def _show_status(
        self, visit: PlanVisit | None, warnings: frozenset[RouteWarning], panel: VisitPanel
    ) -> None:
        """With the panel folded, the line under the board names the selected visit and what
        is wrong with it; with the panel shown it explains the symbols."""
        legend = self._legend
        if visit is None or panel.display:
            text = t("board.legend", warning=WARNING, fixed=FIXED, two=TWO_CARERS)
        else:
            code = self.view.codes.get(visit.citizen_id, "")
            text = status_line(self.view.plan, visit, warnings, code)
        legend.update(text, layout=False)  # one line, full width
        legend.set_class(bool(warnings) and not panel.display and visit is not None, "-warning")

    def _row_signatures(self) -> list[tuple[tuple[object, ...], ...]]:
        """What a row's drawing depends on, so only rows whose signature changed are redrawn."""
        plan = self.view.plan
        visits = plan.visits
        return [
            tuple(
                (
                    i,
                    visits[i].start_min,
                    visits[i].carer_id,
                    visits[i].version,
                    plan.colours.get(visits[i].citizen_id),
                    i in plan.covers,
                )
                for i in row.visit_ids
            )
            for row in self.view.rows
        ]

    def _rebuild(
        self, old_selected_row: int | None, moved_between: tuple[int | None, ...] | None = None
    ) -> None:
        """After a change: redraw the rows that changed; remount only if the lanes changed."""
        before = self._row_signatures()
        keys_before = self._row_keys()
        self.view.rebuild(moved_between)
        after = self._row_signatures()
        if len(after) != len(before):
            keep = self._unchanged_rows(keys_before, before, after, old_selected_row)
            self.run_worker(self._remount(keep), exclusive=True, group="remount")
            return
        changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        self._refresh_rows(*changed, old_selected_row, self.view.current_row())
        self._show_selection(panel_after=True)  # the moved row first, the panel a frame later

    def _row_keys(self) -> list[tuple[int | None, int, bool]]:
        return [(row.carer_id, row.lane, row.uncovered) for row in self.view.rows]

    def _unchanged_rows(
        self,
        keys_before: list[tuple[int | None, int, bool]],
        before: list[tuple[tuple[object, ...], ...]],
        after: list[tuple[tuple[object, ...], ...]],
        old_selected_row: int | None,
    ) -> dict[int, int]:
        """New row index -> old index, for carers' rows drawn exactly as before (same route,
        same visits, not the selection's): a lane more or less shifts every index below it, and
        drawing every row of a district again made such a move slow."""
        view = self.view
        # The picked-up visit's ghost is drawn in its carer's rows, old and new.
        picked = (view.pending.carer_id,) if view.pending is not None else ()
        old = {
            (key, sig): i
            for i, (key, sig) in enumerate(zip(keys_before, before, strict=True))
            # The open lanes are drawn together (a visit overlapping another lane is marked):
            # only a carer's row depends on its own visits alone.
            if i != old_selected_row and key[0] is not None and key[0] not in picked
        }
        current = view.current_row()
        keep = {}
        for new, key in enumerate(self._row_keys()):
            index = old.get((key, after[new]))
            if index is not None and new != current and key[0] not in picked:
                keep[new] = index
        return keep

    async def _remount(self, keep: dict[int, int] | None = None) -> None:
        """The rows changed in number (a lane more or less): lay the body's lines out again,
        keeping the drawing of rows that did not change."""
        body = self._body()
        if body is not None:
            body.relayout(keep)
            self._choose_lines()
        self._show_selection()

    # --- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what does not apply now, and what this person's role may not do."""
        right = RIGHT_FOR.get(action)
        if right is not None and not self.app.user.may(right):
            return False
        if action == "move_to" and self.app.user.role is not Role.PLANNER:
            return False  # a member moves only within their own route
        picked = self.view.pending is not None
        if action in PICKED_ONLY:
            return picked
        if action in FREE_ONLY:
            return not picked
        return True

    def action_cursor(self, direction: str) -> None:
        view = self.view
        if view.pending is not None:
            moves = {"up": (-1, 0), "down": (1, 0), "left": (0, -STEP_MIN), "right": (0, STEP_MIN)}
            carer_step, minutes = moves[direction]
            if carer_step and not self.app.user.may_move(view.pending.carer_id, None):
                self.notify(t("rights.not_your_route"), severity="warning")
                return
            was = view.pending.carer_id
            view.shift_carer(carer_step)
            view.shift_time(minutes)
            self._refresh_rows(*self._rows_of(was, view.pending.carer_id))
            self._show_selection()
            return
        old = view.current_row()
        if direction in ("left", "right"):
            view.step_along(-1 if direction == "left" else 1)
        else:
            view.step_across(-1 if direction == "up" else 1)
        self._refresh_rows(old, view.current_row())
        self._show_selection(panel_after=True)

    def action_pick(self) -> None:
        visit = self.view.plan.visits.get(self.view.selected) if self.view.selected else None
        if visit is not None and not self.app.user.may_move(visit.carer_id, visit.carer_id):
            self.notify(t("rights.not_your_route"), severity="warning")
            return
        self._picked_version = visit.version if visit is not None else 0
        if self.view.pick() is None:
            self.notify(t("move.nothing_selected"), severity="warning")
            return
        self.refresh_bindings()
        self._refresh_rows(self.view.current_row())
        self._show_selection()

    def action_cancel(self) -> None:
        pending = self.view.pending
        self.view.cancel()
        self.refresh_bindings()
        if pending is not None:
            source = self.view.plan.visits[pending.visit_id].carer_id
            self._refresh_rows(*self._rows_of(source, pending.carer_id))
        self._show_selection()

    def action_drop(self) -> None:
        pending = self.view.pending
        if pending is None:
            return
        self.place(pending.visit_id, pending.carer_id, pending.start_min)

    def action_move_to(self) -> None:
        from kaffefoerst.ui.screens.move_to import MoveToScreen

        visit = self.view.plan.visits.get(self.view.selected) if self.view.selected else None
        if visit is None:
            self.notify(t("move.nothing_selected"), severity="warning")
            return

        def chosen(target: int | None | bool) -> None:
            if target is not False:
                self.place(visit.id, target, visit.start_min)  # type: ignore[arg-type]

        self.app.push_screen(MoveToScreen(self.view.plan, visit, self.day), chosen)

    def action_find(self) -> None:
        def found(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.jump_to(*choice)

        self.app.push_screen(FindScreen(self.view.plan), found)

    def jump_to(self, kind: str, target: int) -> None:
        """Select a carer's row, or a citizen's first visit of the day."""
        view = self.view
        old = view.current_row()
        if kind == "carer":
            view.select_carer(target)
        else:
            visits = sorted(
                (v for v in view.plan.visits.values() if v.citizen_id == target),
                key=lambda v: v.start_min,
            )
            if visits:
                view.select(visits[0].id)
        self._refresh_rows(old, view.current_row())
        self._show_selection()

    def place(self, visit_id: int, carer_id: int | None, start_min: int) -> None:
        """Store a move, asking first when the new carer lacks a competence or was declined."""
        plan = self.view.plan
        visit = plan.visits[visit_id]
        if carer_id == visit.carer_id and start_min == visit.start_min:
            self.action_cancel()
            return
        lines = self._risks(visit, carer_id, start_min)
        if lines:

            def answered(yes: bool | None) -> None:
                if yes:
                    self._store_move(visit_id, carer_id, start_min)
                else:
                    self.notify(t("move.not_moved"))

            self.app.push_screen(ConfirmScreen("\n".join(lines)), answered)
            return
        self._store_move(visit_id, carer_id, start_min)

    def _risks(self, visit: PlanVisit, carer_id: int | None, start_min: int) -> list[str]:
        """What to ask before storing: a missing competence, a declined carer, a new overlap."""
        plan = self.view.plan
        if carer_id is None:
            return []
        carer = plan.carers[carer_id]
        lines = []
        if carer_id != visit.carer_id:
            risks = carer_warnings(visit, carer, plan.citizens[visit.citizen_id])
            if RouteWarning.COMPETENCE in risks:
                missing = ", ".join(missing_competence(visit, carer))
                lines.append(t("confirm.competence", carer=carer.initials, missing=missing))
            if RouteWarning.DECLINED in risks:
                citizen = plan.citizens[visit.citizen_id].short_name
                lines.append(t("confirm.declined", carer=carer.initials, citizen=citizen))
        if outside_shift(visit, carer, start_min) and carer_id not in plan.absences:
            lines.append(self._outside_shift_line(carer, start_min))
        clash = overlapping(plan, visit.id, carer_id, start_min)
        if clash is not None and carer_id not in plan.absences:
            lines.append(
                t(
                    "confirm.overlap",
                    carer=carer.initials,
                    citizen=plan.citizens[clash.citizen_id].short_name,
                    start=hhmm(clash.start_min),
                    end=hhmm(clash.end_min),
                )
            )
        return lines

    @staticmethod
    def _outside_shift_line(carer: CarerInfo, start_min: int) -> str:
        """'HN har vagt 07–13; besøget kl. 13:10 ligger uden for.' (a helper gone home)."""
        return t(
            "shifts.confirm_outside",
            carer=carer.initials,
            hours=shift_label(carer),
            start=hhmm(start_min),
        )

    def _store_move(self, visit_id: int, carer_id: int | None, start_min: int) -> None:
        visit = self.view.plan.visits[visit_id]
        try:
            done = self.data.move(visit_id, carer_id, start_min, visit.version)
        except DatabaseBusy:
            self.notify(t("error.db_busy"), severity="error")
            return
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="error")
            self.call_later(self.reload)
            return
        self._apply(done, "move.done")

    def _apply(self, done: MoveDone, message: str) -> None:
        plan = self.view.plan
        old_selected_row = self.view.current_row()
        self.view.pending = None
        self.refresh_bindings()
        visit = plan.visits.get(done.visit_id)
        if visit is None:  # a change on another day (undo)
            self.notify(t(message + "_elsewhere"))
            return
        placed = moved(visit, done.after.carer_id, done.after.start_min, done.version)
        plan.replace_visit(placed)
        self.view.selected = placed.id
        self.view.current = None  # follow the visit to its new row
        carer = plan.carers.get(done.after.carer_id) if done.after.carer_id else None
        where = carer.initials if carer else t("board.unassigned")
        citizen = plan.citizens[placed.citizen_id].short_name
        self.notify(t(message, citizen=citizen, to=where, at=hhmm(done.after.start_min)))
        self._rebuild(old_selected_row, (done.before.carer_id, done.after.carer_id))

    def action_undo(self) -> None:
        try:
            done = self.data.undo()
        except DatabaseBusy:
            self.notify(t("error.db_busy"), severity="error")
            return
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="warning")
            return
        self._apply(done, "undo.done")

    async def action_day(self, delta: int) -> None:
        """Step a day, but only across the days the database holds: past its edge the board
        would be empty, which looks like lost data."""
        wanted = self.day + timedelta(days=delta)
        span = self.data.plan_span()
        if span is None or not span[0] <= wanted <= span[1]:
            key = "shifts.no_earlier" if delta < 0 else "shifts.no_later"
            edge = self.day if span is None else span[0] if delta < 0 else span[1]
            self.notify(t(key, day=long_date(edge)), severity="warning")
            return
        self.day = wanted
        await self.reload()

    async def action_shift_view(self) -> None:
        """`v` switches the shift shown: the day shift's board or the evening shift's."""
        self.shift = ShiftKind.EVENING if self.shift is ShiftKind.DAY else ShiftKind.DAY
        await self.reload()
        self.notify(t("shifts.showing", shift=t(f"shift.{self.shift.value}")))

    async def reload(self) -> None:
        """Read the day again and redraw everything; the selection stays where it was."""
        self._busy = True
        try:
            self.view.plan = self._load_plan(self.day)
            self.view.pending = None
            self.view.rebuild()
            await self.recompose()
            self._restore_teams()
            self._prefetch()
        finally:
            self._busy = False
        self.refresh_bindings()
        self._show_selection()
        self._show_inbox_line()

    def _show_inbox_line(self) -> None:
        """On the evening board: how many messages the meeting wrote to it, how many unread."""
        lines = self.query("#inbox-line")
        if not lines or not self.app.store_ready:
            return
        total, unread = self.data.inbox_counts(self.day)
        lines.first(Plain).update(t("inbox.board_line", n=total, unread=unread))

    def _selected_carer(self) -> int | None:
        """The carer whose row holds the selection (not for the unassigned rows)."""
        index = self.view.current_row()
        if index is None:
            return None
        row = self.view.rows[index]
        return None if row.uncovered else row.carer_id

    def action_absence(self) -> None:
        from kaffefoerst.ui.screens.absence import AbsenceScreen

        async def stored(absence_id: int | None) -> None:
            if absence_id is not None:
                await self.reload()
                if self.app.user.may("cover"):  # telefonvagt registers; the planner covers
                    self.action_cover()
                else:
                    self.notify(t("team_roles.sick_registered"))

        self.app.push_screen(AbsenceScreen(self.view.plan, self._selected_carer()), stored)

    def action_cover(self) -> None:
        from kaffefoerst.ui.screens.cover import CoverScreen

        async def closed(_result: None) -> None:
            await self.reload()

        self.app.push_screen(CoverScreen(self.day), closed)

    def action_back(self) -> None:
        from kaffefoerst.ui.screens.back import BackScreen

        if not self.view.plan.absences:
            self.notify(t("back.nobody"))
            return

        async def done(changed: bool | None) -> None:
            if changed:
                await self.reload()

        self.app.push_screen(BackScreen(self.view.plan), done)

    def _selected_citizen(self) -> int | None:
        visit = self.view.plan.visits.get(self.view.selected) if self.view.selected else None
        if visit is None:
            self.notify(t("move.nothing_selected"), severity="warning")
            return None
        return visit.citizen_id

    def _open_note(self, citizen_id: int, draft: dict[str, object] | None) -> None:
        from kaffefoerst.ui.screens.triage_note import TriageNoteScreen

        plan = self.view.plan
        colour = plan.colours.get(citizen_id, TriageColour.GREEN)

        async def saved(note_id: int | None) -> None:
            if note_id is not None:
                self.notify(t("triage.saved", citizen=plan.citizens[citizen_id].short_name))
                await self.reload()

        screen = TriageNoteScreen(
            citizen_id, plan.citizens[citizen_id].name, colour, self.day, draft
        )
        self.app.push_screen(screen, saved)

    def action_triage_note(self) -> None:
        citizen_id = self._selected_citizen()
        if citizen_id is None:
            return
        draft = dict(self.data.drafts()).get(citizen_id)
        self._open_note(citizen_id, draft)

    def action_board_item(self) -> None:
        from kaffefoerst.ui.screens.board_item import BoardItemScreen

        citizen_id = self._selected_citizen()
        if citizen_id is None:
            return
        name = self.view.plan.citizens[citizen_id].short_name
        screen = BoardItemScreen(citizen_id, name, self.day + timedelta(days=1))
        self.app.push_screen(screen, lambda i: i and self.notify(t("board_item.added")))

    def action_triage_list(self) -> None:
        from kaffefoerst.ui.screens.triage_list import TriageListScreen

        async def closed(_result: None) -> None:
            await self.reload()

        self.app.push_screen(TriageListScreen(self.day), closed)

    def action_meeting(self) -> None:
        from kaffefoerst.store.meetings import open_meeting, start_meeting
        from kaffefoerst.ui.screens.meeting import MeetingScreen

        with self.app.store.session() as session:
            start_meeting(
                session,
                day=self.day,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            )
            self.app.meeting = open_meeting(session, self.day)
        assert self.app.meeting is not None

        async def left(result: str | None) -> None:
            if result == "ended":
                self.app.meeting = None
                self.notify(t("meeting.ended"))
            await self.reload()

        self.app.push_screen(MeetingScreen(self.view.plan, self.app.meeting), left)

    def action_inbox(self) -> None:
        from kaffefoerst.ui.screens.inbox import InboxScreen

        async def closed(changed: bool | None) -> None:
            if changed:
                await self.reload()

        self.app.push_screen(InboxScreen(self.day), closed)

    def action_roles(self) -> None:
        from kaffefoerst.ui.screens.team_roles import TeamRolesScreen

        async def closed(changed: bool | None) -> None:
            if changed:
                await self.reload()

        self.app.push_screen(TeamRolesScreen(self.day), closed)

    def action_figures(self) -> None:
        from kaffefoerst.ui.screens.figures import FiguresScreen

        self.app.push_screen(FiguresScreen(self.day))

    def action_minutes(self) -> None:
        from kaffefoerst.ui.screens.minutes import MinutesScreen  # start-up: see the docstring

        self.app.push_screen(MinutesScreen(Path.cwd()))

    # --- editing the plan (issue 12) -------------------------------------------------------
    def _selected_visit(self) -> PlanVisit | None:
        visit = self.view.plan.visits.get(self.view.selected) if self.view.selected else None
        if visit is None:
            self.notify(t("plan_edit.nothing_selected"), severity="warning")
        return visit

    def action_add_visit(self) -> None:
        from kaffefoerst.ui.screens.plan_visit import AddVisitScreen

        plan = self.view.plan
        visit = plan.visits.get(self.view.selected) if self.view.selected else None

        async def stored(result: tuple[int, date] | None) -> None:
            if result is None:
                return
            visit_id, day = result
            await self.reload()
            added = self.view.plan.visits.get(visit_id)
            if added is not None:
                self.view.select(added.id)
                self._show_selection()
                name = self.view.plan.citizens[added.citizen_id].short_name
                self.notify(t("plan_edit.added", citizen=name, start=hhmm(added.start_min)))
            else:  # another day, or outside this shift
                self.notify(t("plan_edit.added", citizen="", start=day.isoformat()))

        screen = AddVisitScreen(plan, visit.citizen_id if visit else None, self._selected_carer())
        self.app.push_screen(screen, stored)

    def action_cancel_visit(self) -> None:
        from kaffefoerst.ui.screens.plan_cancel import CancelVisitScreen

        visit = self._selected_visit()
        if visit is None:
            return
        name = self.view.plan.citizens[visit.citizen_id].short_name

        async def stored(reason: str | None) -> None:
            if reason is None:
                return
            await self.reload()
            why = t(f"plan_edit.reason.{reason}")
            self.notify(
                t("plan_edit.cancelled", citizen=name, start=hhmm(visit.start_min), reason=why)
            )

        self.app.push_screen(CancelVisitScreen(self.view.plan, visit), stored)

    def action_duration(self) -> None:
        from kaffefoerst.ui.screens.plan_duration import DurationScreen

        visit = self._selected_visit()
        if visit is None:
            return
        if not self.app.user.may_change_duration(visit.carer_ids()):
            self.notify(t("rights.not_your_route"), severity="warning")
            return
        name = self.view.plan.citizens[visit.citizen_id].short_name

        async def stored(minutes: int | None) -> None:
            if minutes is None:
                return
            await self.reload()
            self.notify(t("plan_edit.duration_done", citizen=name, minutes=minutes))

        self.app.push_screen(DurationScreen(self.view.plan, visit), stored)

    def action_add_citizen(self) -> None:
        from kaffefoerst.ui.screens.plan_citizen import AddCitizenScreen

        carer = self.view.plan.carers.get(self._selected_carer() or -1)

        async def stored(result: tuple[int, str] | None) -> None:
            if result is not None:
                await self.reload()
                self.notify(t("plan_edit.citizen_added", citizen=result[1]))

        team = carer.team_id if carer else None
        self.app.push_screen(AddCitizenScreen(self.view.plan, team), stored)

    def action_pause_citizen(self) -> None:
        from kaffefoerst.ui.screens.plan_pause import PauseCitizenScreen

        visit = self.view.plan.visits.get(self.view.selected) if self.view.selected else None

        async def stored(result: tuple[str, date, date, int] | None) -> None:
            if result is None:
                return
            await self.reload()
            name, first, last, n = result
            text = t(
                "plan_edit.paused",
                citizen=name,
                start=first.isoformat(),
                end=last.isoformat(),
                n=n,
            )
            self.notify(text)

        citizen = visit.citizen_id if visit else None
        self.app.push_screen(PauseCitizenScreen(self.view.plan, citizen), stored)
    def action_route(self) -> None:
        """Rute: the selected row's carer (or the unassigned visits) as a list."""
        # Here, not at the top: route.py imports this module (its esc may build a board).
        from kaffefoerst.ui.screens.route import RouteScreen

        index = self.view.current_row()
        carer_id = self.view.rows[index].carer_id if index is not None else None
        self.app.push_screen(RouteScreen(self.day, carer_id))

    def action_toggle_panel(self) -> None:
        """The panel folds away on narrow screens; `i` shows or hides it at any width."""
        panel = self.query_one(VisitPanel)
        shown = panel.display
        panel.set_class(not shown, "-open")
        panel.set_class(shown, "-closed")
        self.call_after_refresh(self._show_selection)

    # --- a district: which teams show, which fold -----------------------------------------
    SCREEN_KEY = "board"  # the team choice is remembered per screen, under this name

    def _restore_teams(self) -> None:
        body = self._body()
        if body is None:
            return
        hidden, folded = self.app.team_choices.get(self.SCREEN_KEY, (set(), set()))
        body.hidden = {t for t in hidden if t in self.view.plan.teams}
        body.folded = {t for t in folded if t in self.view.plan.teams}
        body.relayout()
        self._choose_lines()
        self._leave_hidden_row()

    def _teams_changed(self, hidden: set[int], folded: set[int]) -> None:
        self.app.team_choices[self.SCREEN_KEY] = (set(hidden), set(folded))
        self._restore_teams()
        self._show_selection()

    def _leave_hidden_row(self) -> None:
        """The cursor never stays on a row that is folded or filtered away."""
        view = self.view
        index = view.current_row()
        if index is None or index not in view.skip:
            return
        # The nearest row shown, the next ones first: folding a team lands on the team below.
        after = list(range(index + 1, len(view.rows))) + list(range(index - 1, -1, -1))
        for i in after:
            if i not in view.skip:
                row = view.rows[i]
                view.select(row.visit_ids[0] if row.visit_ids else None, i)
                return

    def action_filter_teams(self) -> None:
        body = self._body()
        if body is None:
            return
        teams = {team.id: team.name for team in self.view.plan.teams.values()}

        def chosen(hidden: set[int] | None) -> None:
            if hidden is not None:
                self._teams_changed(hidden, body.folded - hidden)

        self.app.push_screen(TeamFilterScreen(teams, set(body.hidden)), chosen)

    def action_fold_teams(self) -> None:
        """Fold the selected row's team to one summary line (the cursor moves on to the next
        row shown); `Z` unfolds them all. One team at a time: a district folds what it has read."""
        body = self._body()
        if body is None:
            return
        index = self.view.current_row()
        just = self._just_folded
        if just is not None and just[1] == index and just[0] in body.folded:
            self._just_folded = None  # `z` again before moving: unfold what was just folded
            self._teams_changed(body.hidden, body.folded - {just[0]})
            return
        mine = body.team_of(index) if index is not None else None
        if mine is None:  # the open rows belong to no team
            return
        self._teams_changed(body.hidden, (body.folded | {mine}) - body.hidden)
        self._just_folded = (mine, self.view.current_row())

    def action_unfold_teams(self) -> None:
        body = self._body()
        if body is not None and body.folded:
            self._teams_changed(body.hidden, set())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_import_plan(self) -> None:
        """The care system's plan in (planner only); the board reloads if anything changed."""
        from kaffefoerst.ui.screens.import_screen import ImportScreen  # start-up: see the docstring

        async def closed(changed: bool | None) -> None:
            if changed:
                await self.reload()

        self.app.push_screen(ImportScreen(), closed)
