"""Who is at the keyboard? Chosen from the team when not given with --as, so every change
carries a name."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain


class WhoScreen(Screen[str]):
    DEFAULT_CSS = """
    WhoScreen Vertical { width: 60; height: auto; max-height: 90%; margin-top: 2; }
    WhoScreen OptionList { height: auto; max-height: 40; }
    """

    def __init__(self, plan: DayPlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        teams = self.plan.teams
        carers = sorted(
            self.plan.carers.values(),
            key=lambda c: (teams[c.team_id].name if c.team_id in teams else "", c.initials),
        )
        with Center(), Vertical():
            yield Plain(t("who.title"))
            yield OptionList(
                *(
                    Option(
                        Text(
                            f"{c.initials:<4}{c.name:<26}{c.profession:<5}"
                            f"{teams[c.team_id].name if c.team_id in teams else ''}"
                        ),
                        id=c.initials,
                    )
                    for c in carers
                ),
                id="carers",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "?")
