"""`w` on the cover screen: choose one colleague or substitute to take the whole absent route.

Each option says how many of the route's visits fit them without a warning, so the team sees
the cost of the choice before the proposal changes (nothing is stored until accepted).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.cover import source_for, team_of_absent
from kaffefoerst.domain.cover_route import ProposalLine, hand_over
from kaffefoerst.domain.plan import CarerInfo, DayPlan
from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel


def whole_route_carers(
    plan: DayPlan, lines: list[ProposalLine], standby: Collection[int]
) -> list[CarerInfo]:
    """The absent carer's colleagues at work or in beredskab, then the substitutes."""
    team = team_of_absent(plan, plan.visits[lines[0].visit_id])
    found = [
        c
        for c in plan.carers.values()
        if c.id not in plan.absences
        and (c.substitute or (c.team_id == team and (c.shift_start is not None or c.id in standby)))
    ]
    return sorted(found, key=lambda c: (c.substitute, c.id not in standby, c.initials))


class WholeRouteScreen(ModalScreen[int | None]):
    """Dismisses with the chosen carer's id, or None when cancelled."""

    DEFAULT_CSS = """
    WholeRouteScreen { align: center middle; }
    WholeRouteScreen > Vertical {
        width: 110; max-width: 98%; height: 80%; border: thick $primary; background: $surface;
    }
    WholeRouteScreen OptionList { height: 1fr; }
    """

    def __init__(
        self,
        plan: DayPlan,
        lines: list[ProposalLine],
        recent: dict[int, dict[int, int]],
        standby: Collection[int],
        others: Sequence[ProposalLine] = (),
    ) -> None:
        super().__init__()
        self.plan = plan
        self.lines = lines
        self.recent = recent
        self.standby = standby
        self.others = others  # the rest of the proposal: its bookings stand
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("cover_route.whole_title"))
            options = self._options()
            if not options:
                yield PlainLabel(t("cover_route.nobody"))
            yield OptionList(*options, id="options")

    def _options(self) -> list[Option]:
        team = team_of_absent(self.plan, self.plan.visits[self.lines[0].visit_id])
        found = []
        for carer in whole_route_carers(self.plan, self.lines, self.standby):
            given = hand_over(
                self.plan, self.lines, carer.id, self.recent, self.standby, self.others
            )
            fits = sum(1 for ln in given if ln.choice is not None and not ln.warnings)
            kind = source_for(self.plan, carer, team, self.standby)
            label = t(
                "cover_route.whole_option",
                initials=carer.initials,
                name=carer.name,
                profession=carer.profession,
                kind=t(f"cover.source_short.{kind}") if kind else "",
                fits=fits,
                n=len(given),
            )
            found.append(Option(label, id=str(carer.id)))
        return found

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    def action_close(self) -> None:
        self.dismiss(None)
