"""A district: which teams the board shows (`f`, remembered per screen) and which are folded
to one summary line (`z` one team, `Z` all open again)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaffefoerst.ui.board_commands.base import BoardCommand, When
from kaffefoerst.ui.team_choice import ask

if TYPE_CHECKING:
    from kaffefoerst.ui.screens.board import BoardScreen

SCREEN_KEY = "board"  # the team choice is remembered per screen, under this name


def restore_teams(board: BoardScreen, *, leave_line: bool = False) -> None:
    """Show the teams as last chosen on this screen (after a compose, or a choice).
    ``leave_line``: the cursor moves off a folded team's line too (the team was just folded)."""
    body = board._body()
    if body is None:
        return
    hidden, folded = board.app.team_choices.get(SCREEN_KEY, (set(), set()))
    teams = board.view.plan.teams
    body.hidden = {t for t in hidden if t in teams}
    body.folded = {t for t in folded if t in teams}
    body.relayout()
    board._choose_lines()
    leave_hidden_row(board, leave_line)


def teams_changed(
    board: BoardScreen, hidden: set[int], folded: set[int], *, leave_line: bool = False
) -> None:
    board.app.team_choices[SCREEN_KEY] = (set(hidden), set(folded))
    restore_teams(board, leave_line=leave_line)
    board._show_selection()


def leave_hidden_row(board: BoardScreen, leave_line: bool = False) -> None:
    """The cursor never stays on a row that is folded or filtered away (a folded team's line
    keeps it, unless the team was just folded under it)."""
    view = board.view
    index = view.current_row()
    if index is None or index not in view.skip:
        return
    if index in view.heads and not leave_line:
        return
    # The nearest row shown, the next ones first: folding a team lands on the team below.
    after = list(range(index + 1, len(view.rows))) + list(range(index - 1, -1, -1))
    for i in after:
        if i not in view.skip:
            row = view.rows[i]
            view.select(row.visit_ids[0] if row.visit_ids else None, i)
            return


class FilterTeams(BoardCommand):
    action = "filter_teams"
    when = When.ANY

    def run(self) -> None:
        board = self.board
        body = board._body()
        if body is None:
            return
        teams = {team.id: team.name for team in self.view.plan.teams.values()}
        # The same dialog and memory as every other screen's `f` (ui/team_choice.py).
        ask(
            board,
            SCREEN_KEY,
            teams,
            lambda hidden: teams_changed(board, hidden, body.folded - hidden),
        )


class FoldTeam(BoardCommand):
    """Fold the selected row's team to one summary line (the cursor moves on to the next row
    shown). One team at a time: a district folds what it has read."""

    action = "fold_teams"
    when = When.ANY

    def run(self) -> None:
        board = self.board
        body = board._body()
        if body is None:
            return
        if self.view.on_team_line():  # `z` on a folded team's line opens it, as ⏎ does
            OpenTeam(board).run()
            return
        index = self.view.current_row()
        just = board._just_folded
        if just is not None and just[1] == index and just[0] in body.folded:
            board._just_folded = None  # `z` again before moving: unfold what was just folded
            teams_changed(board, body.hidden, body.folded - {just[0]})
            return
        mine = body.team_of(index) if index is not None else None
        if mine is None:  # the open rows belong to no team
            return
        teams_changed(board, body.hidden, (body.folded | {mine}) - body.hidden, leave_line=True)
        board._just_folded = (mine, self.view.current_row())


class OpenTeam(BoardCommand):
    """⏎ on a folded team's line opens that team; the cursor stays on its first row."""

    action = "open_team"

    @classmethod
    def applies(cls, board: BoardScreen) -> bool:
        return super().applies(board) and board.view.on_team_line()

    def run(self) -> None:
        board, view = self.board, self.view
        body = board._body()
        index = view.current_row()
        if body is None or index is None:
            return
        team = body.team_of(index)
        board._just_folded = None
        teams_changed(board, body.hidden, body.folded - {team})
        row = view.rows[index]
        view.select(row.visit_ids[0] if row.visit_ids else None, index)
        board._show_selection()


class UnfoldTeams(BoardCommand):
    action = "unfold_teams"
    when = When.ANY

    def run(self) -> None:
        body = self.board._body()
        if body is not None and body.folded:
            teams_changed(self.board, body.hidden, set())
