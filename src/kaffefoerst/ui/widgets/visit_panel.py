"""The side panel: everything about the selected visit a carer needs before driving out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.domain.warnings import RouteWarning, missing_competence
from kaffefoerst.locale import t
from kaffefoerst.ui.board_view import Pending
from kaffefoerst.ui.palette import BoardPalette, board_palette
from kaffefoerst.ui.widgets.triage_chip import colour_cell

if TYPE_CHECKING:
    from kaffefoerst.store.triage import NoteView


def hhmm(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


class VisitPanel(Static):
    DEFAULT_CSS = "VisitPanel { width: 46; padding: 0 1; }"

    def show_visit(
        self,
        plan: DayPlan,
        visit: PlanVisit | None,
        warnings: frozenset[RouteWarning],
        known: list[tuple[int, int]],
        pending: Pending | None = None,
        note: NoteView | None = None,
        empty_carer: int | None = None,
        code: str = "",
        palette: BoardPalette | None = None,
    ) -> None:
        self.palette = palette or board_palette({})
        if visit is None and empty_carer in plan.carers:
            self.update(self._carer(plan, empty_carer), layout=False)  # type: ignore[arg-type]
            return
        self.code = code
        # Its size is fixed by CSS: no layout pass (with 100 rows one costs a frame or more).
        self.update(self._content(plan, visit, warnings, known, pending, note), layout=False)

    @staticmethod
    def _carer(plan: DayPlan, carer_id: int) -> RenderableType:
        """A row without visits: who it is, so an empty route can still be found and used."""
        carer = plan.carers[carer_id]
        return Group(
            Text(f"{carer.initials} {carer.name}", style="bold"),
            Text(f"{carer.profession} · {carer.phone}"),
            Text(t("panel.no_visits"), style="italic"),
        )

    def _content(
        self,
        plan: DayPlan,
        visit: PlanVisit | None,
        warnings: frozenset[RouteWarning],
        known: list[tuple[int, int]],
        pending: Pending | None,
        note: NoteView | None = None,
    ) -> RenderableType:
        if visit is None:
            return Text(t("panel.none"), style="italic")
        citizen = plan.citizens[visit.citizen_id]
        name = Text(citizen.name, style="bold")
        if getattr(self, "code", ""):  # the code short blocks show instead of the name
            name.append("  ")
            name.append(f" {self.code} ", style="reverse")
        parts: list[RenderableType] = [
            name,
            Text(f"{citizen.address} · {citizen.area}"),
        ]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        grid.add_row(t("panel.time"), f"{hhmm(visit.start_min)}–{hhmm(visit.end_min)}")
        if visit.window_from_min is not None and visit.window_to_min is not None:
            window = f"{hhmm(visit.window_from_min)}–{hhmm(visit.window_to_min)}"
            grid.add_row(t("panel.window"), window)
        flags = [t("panel.fixed")] if visit.fixed_time else []
        flags += [t("panel.two_carers")] if visit.two_carers else []
        if flags:
            grid.add_row("", ", ".join(flags))
        grid.add_row(t("panel.carer"), self._carer_names(plan, visit.carer_ids()))
        cover = plan.covers.get(visit.id)
        if cover is not None:
            absent = plan.carers[cover.absent_carer_id].initials
            grid.add_row(t("panel.cover"), t(f"cover.source.{cover.source}", absent=absent))
        elif visit.carer_id in plan.absences:  # a deliberate 'not covered' already says it
            absence = plan.absences[visit.carer_id]
            who = plan.carers[visit.carer_id].initials
            grid.add_row(
                t("panel.cover"),
                t("panel.uncovered", carer=who, kind=t(f"absence.kind.{absence.kind}")),
            )
        grid.add_row(t("panel.services"), "\n".join(s.name for s in visit.services) or "–")
        grid.add_row(t("panel.contacts"), self._carer_names(plan, citizen.contact_ids))
        if citizen.preferred_time:
            grid.add_row(t("panel.preferred"), citizen.preferred_time)
        if citizen.declined:
            grid.add_row(t("panel.declined"), self._carer_names(plan, tuple(citizen.declined)))
        known_text = ", ".join(
            f"{plan.carers[c].initials} ({n})" for c, n in known if c in plan.carers
        )
        grid.add_row(t("panel.known"), known_text or "–")
        parts.append(grid)
        colour = plan.colours.get(visit.citizen_id)
        if colour is not None and note is not None:
            parts.append(colour_cell(colour, self.palette))
            what = ", ".join(t(f"triage.point.{p}") for p in note.points)
            for line in (what, note.observation, note.action):
                if line:
                    parts.append(Text(line))
            if note.follow_up:
                parts.append(
                    Text(
                        t(
                            "triage.responsible_follow",
                            who=note.responsible or "–",
                            day=note.follow_up.isoformat(),
                        )
                    )
                )
        if warnings:
            parts.append(Text(t("panel.warnings"), style="bold"))
            for warning in sorted(warnings):
                parts.append(Text(f"! {self._warning_text(plan, visit, warning)}", style="bold"))
        if pending is not None:
            target = (
                self._carer_names(plan, (pending.carer_id,))
                if pending.carer_id
                else t("board.unassigned")
            )
            parts.append(
                Text(t("panel.moving", to=target, at=hhmm(pending.start_min)), style="reverse")
            )
        return Group(*parts)

    @staticmethod
    def _carer_names(plan: DayPlan, ids: tuple[int | None, ...]) -> str:
        names = [
            f"{plan.carers[i].initials} {plan.carers[i].name}" for i in ids if i in plan.carers
        ]
        return "\n".join(names) or "–"

    @staticmethod
    def _warning_text(plan: DayPlan, visit: PlanVisit, warning: RouteWarning) -> str:
        return warning_text(plan, visit, warning)


def warning_text(plan: DayPlan, visit: PlanVisit, warning: RouteWarning) -> str:
    """What a warning means for this visit, as the panel and the status line say it."""
    if warning is RouteWarning.COMPETENCE and visit.carer_id is not None:
        missing = missing_competence(visit, plan.carers[visit.carer_id])
        return t("warning.competence_detail", missing=", ".join(missing))
    return t(f"warning.{warning.value}")


def status_line(
    plan: DayPlan, visit: PlanVisit, warnings: frozenset[RouteWarning], code: str
) -> str:
    """One line for the selected visit when the panel is folded: code, name, time, warnings."""
    citizen = plan.citizens[visit.citizen_id]
    time = f"{hhmm(visit.start_min)}–{hhmm(visit.end_min)}"
    status = t("board_size.status", code=code, citizen=citizen.name, time=time)
    if not warnings:
        return status
    said = ", ".join(warning_text(plan, visit, w) for w in sorted(warnings))
    return t("board_size.status_warnings", status=status, warnings=said)
