"""Triage from the board: a note on the selected citizen, a point for tomorrow's board, the
day's triage list, and a note typed before a crash reopened."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from kaffefoerst.enums import TriageColour
from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import BoardCommand

if TYPE_CHECKING:
    from kaffefoerst.ui.screens.board import BoardScreen


def open_note(board: BoardScreen, citizen_id: int, draft: dict[str, object] | None) -> None:
    from kaffefoerst.ui.screens.triage_note import TriageNoteScreen  # start-up: see board.py

    plan = board.view.plan
    colour = plan.colours.get(citizen_id, TriageColour.GREEN)

    async def saved(note_id: int | None) -> None:
        if note_id is not None:
            board.notify(t("triage.saved", citizen=plan.citizens[citizen_id].short_name))
            await board.reload()

    screen = TriageNoteScreen(citizen_id, plan.citizens[citizen_id].name, colour, board.day, draft)
    board.app.push_screen(screen, saved)


def reopen_draft(board: BoardScreen) -> None:
    """A note typed before a crash or a closed laptop comes back on the next start."""
    drafts = board.data.drafts()
    if not drafts:
        return
    citizen_id, data = drafts[-1]
    if board.view.plan.citizens.get(citizen_id) is None:
        return
    board.notify(t("triage.drafts_restored", n=len(drafts)), timeout=8)
    open_note(board, citizen_id, data)


class TriageNote(BoardCommand):
    action = "triage_note"
    right = "triage_note"

    def run(self) -> None:
        visit = self.chosen_visit("move.nothing_selected")
        if visit is None:
            return
        draft = dict(self.board.data.drafts()).get(visit.citizen_id)
        open_note(self.board, visit.citizen_id, draft)


class BoardItem(BoardCommand):
    """`p`: a point about the selected citizen for tomorrow's board."""

    action = "board_item"
    right = "board_item"

    def run(self) -> None:
        from kaffefoerst.ui.screens.board_item import BoardItemScreen  # start-up: see board.py

        visit = self.chosen_visit("move.nothing_selected")
        if visit is None:
            return
        name = self.view.plan.citizens[visit.citizen_id].short_name
        screen = BoardItemScreen(visit.citizen_id, name, self.board.day + timedelta(days=1))
        self.app.push_screen(screen, lambda i: i and self.board.notify(t("board_item.added")))


class TriageList(BoardCommand):
    action = "triage_list"

    def run(self) -> None:
        from kaffefoerst.ui.screens.triage_list import TriageListScreen  # start-up: see board.py

        async def closed(_result: None) -> None:
            await self.board.reload()

        self.app.push_screen(TriageListScreen(self.board.day), closed)
