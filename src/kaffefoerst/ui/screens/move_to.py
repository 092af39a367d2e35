"""'Flyt til…': the carers on duty, continuity first, each with its reasons in words."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.candidates import Candidate, rank_carers
from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.locale import t
from kaffefoerst.store.knowledge import known_carers
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.visit_panel import hhmm

UNASSIGNED = "unassigned"


def room(plan: DayPlan, visit: PlanVisit, c: Candidate) -> str:
    """Free room at the visit's time, or what is in the way."""
    if c.free is not None:
        return t("reason.free", start=hhmm(c.free[0]), end=hhmm(c.free[1]))
    if c.clash is None:
        return t("reason.busy")
    clash = c.clash
    overlaps = clash.start_min < visit.end_min and visit.start_min < clash.end_min
    return t(
        "reason.clash" if overlaps else "reason.tight",
        citizen=plan.citizens[clash.citizen_id].short_name,
        start=hhmm(clash.start_min),
        end=hhmm(clash.end_min),
    )


def reasons(plan: DayPlan, visit: PlanVisit, c: Candidate) -> str:
    words = [room(plan, visit, c)]
    if c.contact:
        words.append(t("reason.contact"))
    if c.recent_visits:
        words.append(t("reason.recent", n=c.recent_visits))
    if c.same_team:
        words.append(t("reason.same_team"))
    words.append(t("reason.load", pct=round(c.load * 100)))
    if c.missing:
        words.append(t("reason.missing", missing=", ".join(c.missing)))
    if c.declined:
        words.append(t("reason.declined"))
    return " · ".join(words)


class MoveToScreen(ModalScreen[int | None | bool]):
    """Dismisses with a carer id, None for 'unassigned', or False when cancelled."""

    DEFAULT_CSS = """
    MoveToScreen { align: center middle; }
    MoveToScreen > Vertical {
        width: 100; max-width: 95%; height: 80%; border: thick $primary; background: $surface;
    }
    MoveToScreen OptionList { height: 1fr; }
    """

    def __init__(self, plan: DayPlan, visit: PlanVisit, day: date) -> None:
        super().__init__()
        self.plan = plan
        self.visit = visit
        self.day = day
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        citizen = self.plan.citizens[self.visit.citizen_id]
        title = t("move_to.title", citizen=citizen.short_name, at=hhmm(self.visit.start_min))
        with Vertical():
            yield Plain(title, classes="title")
            yield OptionList(*self._options(), id="targets")

    def _options(self) -> list[Option]:
        with self.app.store.session() as session:
            recent = dict(known_carers(session, self.visit.citizen_id, self.day))
        options = []
        for c in rank_carers(self.plan, self.visit, recent):
            carer = self.plan.carers[c.carer_id]
            line = Text(f"{carer.initials:<4}{carer.name:<24}{carer.profession:<5}")
            risky = c.needs_confirmation or c.free is None
            line.append(reasons(self.plan, self.visit, c), style="bold red" if risky else "")
            options.append(Option(line, id=str(c.carer_id)))
        if self.visit.carer_id is not None:
            options.append(Option(t("board.unassigned"), id=UNASSIGNED))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(None if chosen == UNASSIGNED else int(chosen or 0))

    def action_close(self) -> None:
        self.dismiss(False)
