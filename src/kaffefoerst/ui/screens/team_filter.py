"""Which teams a screen shows: a district is five teams, a morning meeting wants one or two.

The board, the cover screen, the triage list and the figures all ask with this one dialog;
ui/team_choice.py remembers the answer per screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList

from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain


class TeamFilterScreen(ModalScreen[set[int] | None]):
    """Ticks the teams to show; ⏎ gives back the team ids to hide, esc changes nothing."""

    DEFAULT_CSS = """
    TeamFilterScreen { align: center middle; }
    TeamFilterScreen > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    TeamFilterScreen SelectionList { height: auto; max-height: 16; }
    """

    def __init__(
        self, teams: dict[int, str], hidden: set[int], question: str | None = None
    ) -> None:
        super().__init__()
        self.teams = teams
        self.hidden = hidden
        self.question = question or t("board_district.filter_help")  # the board's by default
        self._bindings.bind("enter", "done", t("board_district.apply"), priority=True)
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(self.question)
            choices = [
                (name, team_id, team_id not in self.hidden)
                for team_id, name in sorted(self.teams.items(), key=lambda item: item[1])
            ]
            yield SelectionList[int](*choices)

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_done(self) -> None:
        shown = set(self.query_one(SelectionList).selected)
        if not shown:  # an empty board helps nobody: keep at least the choice as it was
            self.notify(t("board_district.none_chosen"), severity="warning")
            return
        self.dismiss(set(self.teams) - shown)

    def action_close(self) -> None:
        self.dismiss(None)
