"""Dækning: a calm, explained, recorded answer to a sick call.

The proposal is computed, shown with its reasons, changed line by line if the team wants, and
only stored when accepted. Below it, today's covers: who covers for whom, from where, decided by.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from kaffefoerst.domain.cover import Reason, Suggestion
from kaffefoerst.domain.cover_route import ProposalLine, hand_over, propose
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.store.covers import CoverDecision, accept_cover
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import recent_by_citizen
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.visit_panel import hhmm

COVER_KEYS = (
    ("a", "accept_all", "cover.key.accept_all"),
    ("enter", "accept_line", "cover.key.accept_line"),
    ("c", "change_line", "cover.key.change_line"),
    ("u", "leave_uncovered", "cover.key.leave_uncovered"),
    ("w", "whole_route", "cover_route.key_whole"),
    ("escape", "close", "cover.key.close"),
)
# Below this width the footer says each key in a word (cover_footer.*): at 80 columns Textual's
# footer otherwise cut off esc, the way back to the board. Help and the palette keep the long text.
SHORT_BELOW = 130


def reason_text(reason: Reason) -> str:
    fields = dict(reason.fields)
    for name in ("start", "end"):
        if isinstance(fields.get(name), int):
            fields[name] = hhmm(fields[name])  # type: ignore[arg-type]
    return t(reason.key, **fields)


def reasons_text(suggestion: Suggestion | ProposalLine) -> str:
    return " · ".join(reason_text(r) for r in suggestion.reasons())


class CoverScreen(Screen[None]):
    DEFAULT_CSS = """
    CoverScreen #absences { padding: 0 1; background: $warning 20%; height: auto; }
    CoverScreen #note { padding: 0 1; color: $warning; height: auto; }
    CoverScreen #proposal { height: 1fr; }
    CoverScreen #why { padding: 0 1; height: auto; color: $text; background: $boost; }
    CoverScreen .section { text-style: bold; padding: 0 1; margin-top: 1; }
    CoverScreen #covers { height: 1fr; }
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        for keys, action, text in COVER_KEYS:
            self._bindings.bind(keys, action, t(text), priority=keys == "enter")
        self.lines: list[ProposalLine] = []
        self.plan: DayPlan
        self.recent: dict[int, dict[int, int]] = {}
        self.standby: frozenset[int] = frozenset()

    def on_resize(self) -> None:
        self._fit_footer()

    def _fit_footer(self) -> None:
        short = self.size.width < SHORT_BELOW
        bindings = self._bindings.key_to_bindings
        for keys, action, text in COVER_KEYS:
            label = t(f"cover_footer.{action}") if short else t(text)
            bindings[keys] = [
                replace(b, description=label) if b.action == action else b
                for b in bindings.get(keys, [])
            ]
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        yield Plain(id="absences")
        yield Plain(t("cover.proposal_title"), classes="section")
        yield DataTable(id="proposal", cursor_type="row", zebra_stripes=True)
        yield Plain(id="why")
        yield Plain(id="note")
        yield Plain(t("cover.covers_title"), classes="section")
        yield DataTable(id="covers", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        proposal = self.query_one("#proposal", DataTable)
        proposal.add_columns(
            *(t(f"cover.col.{c}") for c in ("time", "citizen", "for", "carer", "source", "reasons"))
        )
        covers = self.query_one("#covers", DataTable)
        covers.add_columns(
            *(t(f"cover.col.{c}") for c in ("time", "citizen", "for", "carer", "source", "decided"))
        )
        self.recompute()
        proposal.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The selected line's whole reason, wrapped under the table: on a laptop or at 80
        columns the table's last column is cut, and the reason is what the planner decides on."""
        if event.data_table.id != "proposal":
            return
        line = self._current()
        why = str(self._line_cells(line)[-1]) if line is not None else ""
        self.query_one("#why", Static).update(t("board_size.why", why=why) if why else "")

    # --- data ------------------------------------------------------------------------------
    def recompute(self) -> None:
        """Read the day again and propose for every visit still missing cover."""
        with self.app.store.session() as session:
            self.plan = load_day_plan(session, self.day)
            open_visits = [
                v
                for v in self.plan.uncovered()
                if v.id not in self.plan.covers  # a visit left uncovered on purpose is decided
            ]
            citizens = sorted({v.citizen_id for v in open_visits})
            self.recent = recent_by_citizen(session, citizens, self.day)
        self.standby = self.plan.standby()
        self.lines = propose(self.plan, self.recent, open_visits, self.standby)
        self._show()

    def _show(self) -> None:
        plan = self.plan
        absences = [
            t(
                "cover.absence_line",
                carer=plan.carers[a.carer_id].initials,
                name=plan.carers[a.carer_id].name,
                kind=t(f"absence.kind.{a.kind}"),
                by=a.reported_by,
                at=a.reported_at.astimezone().strftime("%H:%M") if a.reported_at else "–",
                buddy=plan.carers[a.buddy_id].initials if a.buddy_id in plan.carers else "–",
            )
            for a in plan.absences.values()
        ]
        self.query_one("#absences", Static).update("\n".join(absences) or t("cover.no_absences"))
        table = self.query_one("#proposal", DataTable)
        row = table.cursor_row
        table.clear()
        for line in self.lines:
            table.add_row(*self._line_cells(line), key=str(line.visit_id))
        if self.lines:
            table.move_cursor(row=min(row, len(self.lines) - 1))
        outside = sum(1 for line in self.lines if not line.inside_team)
        note = t("cover.all_covered") if not self.lines else ""
        if outside:
            note = t("cover.outside_team", n=outside)
        self.query_one("#note", Static).update(note)
        covers = self.query_one("#covers", DataTable)
        covers.clear()
        for cover in plan.covers.values():
            visit = plan.visits.get(cover.visit_id)
            if visit is None:
                continue
            who = plan.carers[cover.carer_id].initials if cover.carer_id in plan.carers else "–"
            at = cover.decided_at.strftime("%H:%M") if cover.decided_at else ""
            covers.add_row(
                hhmm(visit.start_min),
                plan.citizens[visit.citizen_id].short_name,
                plan.carers[cover.absent_carer_id].initials,
                who,
                t(f"cover.source_short.{cover.source}"),
                t("cover.decided", by=cover.decided_by, at=at),
            )

    def _line_cells(self, line: ProposalLine) -> tuple[object, ...]:
        plan = self.plan
        visit = plan.visits[line.visit_id]
        citizen = plan.citizens[visit.citizen_id].short_name
        absent = plan.carers[line.absent_carer_id].initials
        if line.request:
            carer: object = Text(t("cover_route.request"), style="bold")
            why = t("cover_route.request_why")
        elif line.choice is None:
            carer = Text(t("cover.uncovered"), style="bold")
            why = reasons_text(line) if line.warnings else t("cover.nobody")
        else:
            c = plan.carers[line.choice.carer_id]
            carer = f"{c.initials} {c.name}"
            why = reasons_text(line)
        plain = line.inside_team and not line.warnings
        source = Text(
            ("" if plain else "! ") + t(f"cover.source_short.{line.source.value}"),
            style="" if plain else "bold",
        )
        start = visit.start_min if line.start_min is None else line.start_min
        window = f"{hhmm(start)}–{hhmm(start + visit.duration_min)}"
        return window, citizen, absent, carer, source, why

    def _current(self) -> ProposalLine | None:
        table = self.query_one("#proposal", DataTable)
        if not self.lines or table.cursor_row < 0:
            return None
        return self.lines[min(table.cursor_row, len(self.lines) - 1)]

    # --- actions -----------------------------------------------------------------------------
    def action_accept_all(self) -> None:
        self._accept(list(self.lines))

    def action_accept_line(self) -> None:
        line = self._current()
        if line is not None:
            self._accept([line])

    def action_leave_uncovered(self) -> None:
        line = self._current()
        if line is not None:
            line.choose(None)
            self._show()

    def action_change_line(self) -> None:
        from kaffefoerst.ui.screens.cover_pick import REQUEST, CoverPickScreen

        line = self._current()
        if line is None:
            return

        def chosen(choice: Suggestion | None | bool | str) -> None:
            if choice == REQUEST:
                line.choose(None)
                line.request = True
            elif choice is not False:
                line.choose(choice)  # type: ignore[arg-type]
            self._show()

        self.app.push_screen(CoverPickScreen(self.plan, line), chosen)

    def _accept(self, lines: list[ProposalLine]) -> None:
        if not lines:
            self.notify(t("cover.all_covered"))
            return
        risky = [ln for ln in lines if ln.needs_confirmation]
        if risky:
            names = ", ".join(
                sorted({self.plan.carers[ln.choice.carer_id].initials for ln in risky if ln.choice})
            )
            question = (
                t("cover_route.confirm_warnings", n=len(risky))
                if any(ln.warnings for ln in risky)
                else t("cover.confirm_competence", carers=names)
            )
            self.app.push_screen(
                ConfirmScreen(question, t("cover.ask")),
                lambda yes: self._store(lines) if yes else None,
            )
            return
        self._store(lines)

    def _store(self, lines: list[ProposalLine]) -> None:
        decisions = [
            CoverDecision(
                ln.visit_id,
                ln.version,
                ln.choice.carer_id if ln.choice else None,
                ln.source,
                ln.start_min,
            )
            for ln in lines
        ]
        try:
            with self.app.store.session() as session:
                stored = accept_cover(
                    session,
                    decisions,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    user=self.app.user,
                )
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="error", timeout=8)
            self.recompute()
            return
        self.notify(t("cover.stored", n=stored))
        self.recompute()

    def action_whole_route(self) -> None:
        from kaffefoerst.ui.screens.cover_whole import WholeRouteScreen

        line = self._current()
        if line is None:
            self.notify(t("cover.all_covered"))
            return
        # The route of the absent carer under the cursor (two may be sick on one day).
        route = [ln for ln in self.lines if ln.absent_carer_id == line.absent_carer_id]
        others = [ln for ln in self.lines if ln.absent_carer_id != line.absent_carer_id]

        def chosen(carer_id: int | None) -> None:
            if carer_id is None:
                return
            given = hand_over(self.plan, route, carer_id, self.recent, self.standby, others)
            order = {ln.visit_id: i for i, ln in enumerate(self.lines)}
            self.lines = sorted([*others, *given], key=lambda ln: order[ln.visit_id])
            warned = sum(1 for ln in given if ln.warnings)
            carer = self.plan.carers[carer_id].initials
            self.notify(t("cover_route.whole_given", carer=carer, warned=warned))
            self._show()

        self.app.push_screen(
            WholeRouteScreen(self.plan, route, self.recent, self.standby, others), chosen
        )

    def action_close(self) -> None:
        self.dismiss(None)
