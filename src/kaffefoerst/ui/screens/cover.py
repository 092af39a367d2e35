"""Dækning: a calm, explained, recorded answer to a sick call.

The proposal is computed, shown with its reasons, changed line by line if the team wants, and
only stored when accepted. Below it, today's covers: who covers for whom, from where, decided by.
"""

from __future__ import annotations

from datetime import date
from typing import Any

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
from kaffefoerst.ui.keys import LAPTOP, Key
from kaffefoerst.ui.screen_keys import HELP, SMALL, TEAMS, bind_keys, fit_footer, keys_table
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.team_choice import ask, hidden_teams, shown_names
from kaffefoerst.ui.team_roles_text import who_text
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.screen_title import ScreenTitle
from kaffefoerst.ui.widgets.visit_panel import hhmm


def _key(keys: str, action: str, text: str, **more: Any) -> Key:
    """A cover key: in the footer at every width, in one word (cover_footer.*) below SHORT."""
    more = {"footer_from": 0, **more}
    return Key(keys, action, text, short=f"cover_footer.{action}", **more)


COVER_KEYS: tuple[Key, ...] = (
    _key("a", "accept_all", "cover.key.accept_all"),
    # priority: before the table's own ⏎
    _key("enter", "accept_line", "cover.key.accept_line", display="⏎", priority=True),
    _key("c", "change_line", "cover.key.change_line"),
    _key("u", "leave_uncovered", "cover.key.leave_uncovered"),
    # Left out of a footer too narrow for every key (help lists it): the least used.
    _key("w", "whole_route", "cover_route.key_whole", footer_from=SMALL),
    TEAMS,
    _key("escape", "close", "cover.key.close", display="esc"),
    HELP,
)
SCREEN = "cover"  # the team choice is remembered under this name (ui/team_choice.py)
# Widest time, citizen, for, carer and source: each as wide as its content up to these, the
# first set that leaves the reason WHY_WANT columns; the rest of the width is the reason's, and
# what is longer wraps. Below LAPTOP the time is the start and the carer initials (the line
# under the table says both in full).
CAPS = ((11, 18, 4, 24, 28), (11, 16, 4, 20, 14))
NARROW_CAPS = (5, 12, 3, 6, 15)
WHY_WANT = 40
WHY_MIN = 24


def _cells(value: object) -> int:
    return value.cell_len if isinstance(value, Text) else len(str(value))


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
    CoverScreen #covers { height: auto; max-height: 33%; }
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        bind_keys(self, COVER_KEYS)
        self.lines: list[ProposalLine] = []
        self.plan: DayPlan
        self.recent: dict[int, dict[int, int]] = {}
        self.standby: frozenset[int] = frozenset()

    def on_resize(self) -> None:
        fit_footer(self, COVER_KEYS)
        if self.is_mounted and hasattr(self, "plan"):
            self._show()  # the columns are chosen from the width

    def compose(self) -> ComposeResult:
        yield ScreenTitle(who_text(self.app.user), self.app.clock, id="title")
        yield Plain(id="absences")
        yield Plain(t("cover.proposal_title"), classes="section")
        yield DataTable(id="proposal", cursor_type="row", zebra_stripes=True)
        yield Plain(id="why")
        yield Plain(id="note")
        yield Plain(t("cover.covers_title"), classes="section")
        yield DataTable(id="covers", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        fit_footer(self, COVER_KEYS)
        proposal = self.query_one("#proposal", DataTable)
        covers = self.query_one("#covers", DataTable)
        covers.add_columns(
            *(t(f"cover.col.{c}") for c in ("time", "citizen", "for", "carer", "source", "decided"))
        )
        self.recompute()
        proposal.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The selected line's whole reason under the table (the column wraps it, but this line
        is read aloud), and below LAPTOP columns the time and carer's name the table shortens."""
        if event.data_table.id != "proposal":
            return
        line = self._current()
        if line is None:
            self.query_one("#why", Static).update("")
            return
        cells = self._line_cells(line, wide=True)
        why = str(cells[-1])
        if self.size.width < LAPTOP:
            why = t("cover_narrow.why", time=str(cells[0]), carer=str(cells[3]), why=why)
        self.query_one("#why", Static).update(t("board_size.why", why=why))

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

    # --- which teams show (f) -------------------------------------------------------------------
    def _hidden(self) -> set[int]:
        return hidden_teams(self.app, SCREEN, self.plan.teams)

    def _shown(self, carer_id: int) -> bool:
        """A sick call is the absent carer's team's: its lines, covers and line on top."""
        carer = self.plan.carers.get(carer_id)
        return carer is None or carer.team_id not in self._hidden()

    def shown_lines(self) -> list[ProposalLine]:
        """The lines on screen: `a` accepts these and no others."""
        return [ln for ln in self.lines if self._shown(ln.absent_carer_id)]

    def action_filter_teams(self) -> None:
        teams = {team.id: team.name for team in self.plan.teams.values()}
        ask(self, SCREEN, teams, lambda _hidden: self._show(), t("team_choice.question_cover"))

    # --- drawing -------------------------------------------------------------------------------
    def _show(self) -> None:
        plan = self.plan
        teams = {team.id: team.name for team in plan.teams.values()}
        title = t("team_choice.cover_title", teams=shown_names(teams, self._hidden()))
        self.query_one("#title", ScreenTitle).show(title)
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
            if self._shown(a.carer_id)
        ]
        none = t("team_choice.no_absences" if self._hidden() else "cover.no_absences")
        self.query_one("#absences", Static).update("\n".join(absences) or none)
        lines = self.shown_lines()
        table = self.query_one("#proposal", DataTable)
        row = table.cursor_row
        cells = [self._line_cells(line) for line in lines]
        self._proposal_columns(table, cells)
        for line, line_cells in zip(lines, cells, strict=True):
            # height None: a long reason wraps in its cell instead of being cut at the edge
            table.add_row(*line_cells, key=str(line.visit_id), height=None)
        if lines:
            table.move_cursor(row=min(max(row, 0), len(lines) - 1))
        else:
            self.query_one("#why", Static).update("")  # no line: no reason under the table
        self.query_one("#note", Static).update(self._note(lines))
        covers = self.query_one("#covers", DataTable)
        covers.clear()
        for cover in plan.covers.values():
            visit = plan.visits.get(cover.visit_id)
            if visit is None or not self._shown(cover.absent_carer_id):
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

    def _note(self, lines: list[ProposalLine]) -> str:
        hidden = len(self.lines) - len(lines)
        outside = sum(1 for line in lines if not line.inside_team)
        note = t("cover.all_covered") if not self.lines else ""
        if outside:
            note = t("cover.outside_team", n=outside)
        if hidden:  # a team filtered away still has visits waiting: say so, never hide it
            note = " ".join(x for x in (note, t("team_choice.cover_hidden", n=hidden)) if x)
        return note

    def _proposal_columns(self, table: DataTable[object], cells: list[tuple[object, ...]]) -> None:
        """Columns as wide as their content, within limits, and "Hvorfor" takes the rest of
        the width (at least WHY_MIN): at 80 columns the reason wraps, it is never cut."""
        table.clear(columns=True)
        narrow = self.size.width < LAPTOP
        names = ("time", "citizen", "for", "carer", "source")
        heads = [t(f"cover_narrow.{c}" if narrow else f"cover.col.{c}") for c in names]
        padding = 2 * (len(names) + 1) + 2  # each cell 0 1, and the scrollbar
        for caps in (NARROW_CAPS,) if narrow else CAPS:
            widths = [
                min(cap, max([_cells(head), *(_cells(c[i]) for c in cells)]))
                for i, (head, cap) in enumerate(zip(heads, caps, strict=True))
            ]
            why = (self.size.width or 200) - sum(widths) - padding
            if why >= WHY_WANT:
                break
        why = max(WHY_MIN, why)
        for name, head, width in zip(names, heads, widths, strict=True):
            table.add_column(head, width=width, key=name)
        table.add_column(t("cover.col.reasons"), width=why, key="reasons")

    def _line_cells(self, line: ProposalLine, wide: bool = False) -> tuple[object, ...]:
        """The line's cells; below LAPTOP columns the start and the carer's initials (the line
        under the table says both in full: a name wraps badly)."""
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
            carer = f"{c.initials} {c.name}" if wide or self.size.width >= LAPTOP else c.initials
            why = reasons_text(line)
        plain = line.inside_team and not line.warnings
        source = Text(
            ("" if plain else "! ") + t(f"cover.source_short.{line.source.value}"),
            style="" if plain else "bold",
        )
        start = visit.start_min if line.start_min is None else line.start_min
        window = f"{hhmm(start)}–{hhmm(start + visit.duration_min)}"
        if not wide and self.size.width < LAPTOP:
            window = hhmm(start)  # the end is on the line under the table
        return window, citizen, absent, carer, source, why

    def _current(self) -> ProposalLine | None:
        table = self.query_one("#proposal", DataTable)
        lines = self.shown_lines()
        if not lines or table.cursor_row < 0:
            return None
        return lines[min(table.cursor_row, len(lines) - 1)]

    # --- actions -----------------------------------------------------------------------------
    def action_accept_all(self) -> None:
        self._accept(self.shown_lines())  # a team filtered away is not decided for

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

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys_table(t("team_choice.help_cover"), COVER_KEYS, self)))

    def action_close(self) -> None:
        self.dismiss(None)
