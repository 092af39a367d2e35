"""Change one line of a cover proposal: every possible carer with reasons, or leave uncovered."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.cover import Suggestion, team_of_absent
from kaffefoerst.domain.cover_route import ProposalLine
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.ui.screens.cover import reasons_text
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.visit_panel import hhmm

UNCOVERED = "uncovered"
REQUEST = "request"  # ask the partner team's planner: nothing is booked


class CoverPickScreen(ModalScreen[Suggestion | None | bool | str]):
    """Dismisses with a Suggestion, None for 'leave uncovered', REQUEST to ask the partner team
    (offered when it has a partner), or False when cancelled."""

    DEFAULT_CSS = """
    CoverPickScreen { align: center middle; }
    CoverPickScreen > Vertical {
        width: 120; max-width: 98%; height: 80%; border: thick $primary; background: $surface;
    }
    CoverPickScreen OptionList { height: 1fr; }
    """

    def __init__(self, plan: DayPlan, line: ProposalLine) -> None:
        super().__init__()
        self.plan = plan
        self.line = line
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        visit = self.plan.visits[self.line.visit_id]
        citizen = self.plan.citizens[visit.citizen_id].short_name
        with Vertical():
            yield Plain(t("move_to.title", citizen=citizen, at=hhmm(visit.start_min)))
            yield OptionList(*self._options(), id="options")

    def _options(self) -> list[Option]:
        options = []
        for s in self.line.options:
            carer = self.plan.carers[s.carer_id]
            label = Text(f"{carer.initials:<4}{carer.name:<24}{carer.profession:<5}")
            risky = s.needs_confirmation or s.free is None
            label.append(reasons_text(s), style="bold red" if risky else "")
            options.append(Option(label, id=str(s.carer_id)))
        team = self.plan.teams.get(team_of_absent(self.plan, self.plan.visits[self.line.visit_id]))
        if team is not None and team.partner_id is not None:
            options.append(Option(t("cover_route.request"), id=REQUEST))
        options.append(Option(t("cover.uncovered"), id=UNCOVERED))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in (UNCOVERED, REQUEST):
            self.dismiss(None if event.option.id == UNCOVERED else REQUEST)
            return
        chosen = next(s for s in self.line.options if str(s.carer_id) == event.option.id)
        self.dismiss(chosen)

    def action_close(self) -> None:
        self.dismiss(False)
