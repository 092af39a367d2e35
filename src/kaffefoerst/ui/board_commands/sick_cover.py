"""A sick call and what follows it: register the absence, cover its visits, mark them back."""

from __future__ import annotations

from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import BoardCommand


class SickCall(BoardCommand):
    """`s`: register an absence for the selected row's carer; the planner goes on to cover it."""

    action = "absence"
    right = "absence"

    def run(self) -> None:
        from kaffefoerst.ui.screens.absence import AbsenceScreen  # start-up: see board.py

        board = self.board

        async def stored(absence_id: int | None) -> None:
            if absence_id is not None:
                await board.reload()
                if self.app.user.may("cover"):  # telefonvagt registers; the planner covers
                    Cover(board).run()
                else:
                    board.notify(t("team_roles.sick_registered"))

        self.app.push_screen(AbsenceScreen(self.view.plan, self.carer()), stored)


class Cover(BoardCommand):
    action = "cover"
    right = "cover"

    def run(self) -> None:
        from kaffefoerst.ui.screens.cover import CoverScreen  # start-up: see board.py

        async def closed(_result: None) -> None:
            await self.board.reload()

        self.app.push_screen(CoverScreen(self.board.day), closed)


class Back(BoardCommand):
    """`b`: someone absent is back; their visits return to them."""

    action = "back"
    right = "back"

    def run(self) -> None:
        from kaffefoerst.ui.screens.back import BackScreen  # start-up: see board.py

        if not self.view.plan.absences:
            self.board.notify(t("back.nobody"))
            return
        self.app.push_screen(BackScreen(self.view.plan), self.reload_if)
