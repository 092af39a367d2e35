"""`f` on any screen: which teams it shows, asked with the board's dialog and remembered per
screen name in ``app.team_choices`` (the board's memory too: name -> (hidden, folded)).

A screen calls ``ask`` from its ``f`` action and ``hidden_teams`` whenever it draws; opening the
screen again finds the same choice. The board keeps its own folding beside the hidden teams, so
``remember`` leaves a screen's folded teams as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, Protocol, cast

from textual.app import App
from textual.screen import Screen

from kaffefoerst.locale import t
from kaffefoerst.ui.screens.team_filter import TeamFilterScreen

Choices = dict[str, tuple[set[int], set[int]]]


class _HasChoices(Protocol):
    team_choices: Choices  # KaffeApp's (ui/app.py); a Protocol, as the app imports the board


def _choices(app: object) -> Choices:
    return cast(_HasChoices, app).team_choices


def hidden_teams(app: App[object], screen: str, teams: Collection[int]) -> set[int]:
    """The teams hidden on ``screen``, of those that exist now (a team may have gone)."""
    hidden, _folded = _choices(app).get(screen, (set(), set()))
    return {team for team in hidden if team in teams}


def remember(app: App[object], screen: str, hidden: set[int]) -> None:
    choices = _choices(app)
    _hidden, folded = choices.get(screen, (set(), set()))
    choices[screen] = (set(hidden), set(folded) - hidden)


def ask(
    screen: Screen[Any],
    name: str,
    teams: dict[int, str],
    then: Callable[[set[int]], object],
    question: str | None = None,
) -> None:
    """Open the team dialog for ``screen`` (remembered under ``name``); ``then(hidden)`` after ⏎."""
    app = screen.app

    def chosen(hidden: set[int] | None) -> None:
        if hidden is not None:
            remember(app, name, hidden)
            then(hidden)

    app.push_screen(TeamFilterScreen(teams, hidden_teams(app, name, teams), question), chosen)


def shown_names(teams: dict[int, str], hidden: Iterable[int]) -> str:
    """'Alle teams', or the teams shown by name ('Nord + Syd'), for a screen's title line."""
    gone = set(hidden)
    shown = sorted(name for team, name in teams.items() if team not in gone)
    if not gone or not shown:
        return t("team_choice.all")
    return " + ".join(shown)
