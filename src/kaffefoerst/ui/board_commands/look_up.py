"""Looking things up from the board: find a carer or citizen, a route as a list, the figures,
help, and the side panel shown or folded."""

from __future__ import annotations

from kaffefoerst.ui.board_commands.base import BoardCommand, When
from kaffefoerst.ui.screens.find import FindScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.widgets.visit_panel import VisitPanel


class Find(BoardCommand):
    action = "find"

    def run(self) -> None:
        def found(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.board.jump_to(*choice)

        self.app.push_screen(FindScreen(self.view.plan), found)


class Route(BoardCommand):
    """`r`, Rute: the selected row's carer (or the unassigned visits) as a list."""

    action = "route"

    def run(self) -> None:
        # Here, not at the top: route.py imports the board (its esc may build one).
        from kaffefoerst.ui.screens.route import RouteScreen

        index = self.view.current_row()
        carer_id = self.view.rows[index].carer_id if index is not None else None
        self.app.push_screen(RouteScreen(self.board.day, carer_id))


class Figures(BoardCommand):
    action = "figures"

    def run(self) -> None:
        from kaffefoerst.ui.screens.figures import FiguresScreen  # start-up: see board.py

        self.app.push_screen(FiguresScreen(self.board.day))


class Help(BoardCommand):
    action = "help"
    when = When.ANY

    def run(self) -> None:
        self.app.push_screen(HelpScreen())


class TogglePanel(BoardCommand):
    """`i`: the panel folds away on narrow screens; this shows or hides it at any width."""

    action = "toggle_panel"
    when = When.ANY

    def run(self) -> None:
        panel = self.board.query_one(VisitPanel)
        shown = panel.display
        panel.set_class(not shown, "-open")
        panel.set_class(shown, "-closed")
        self.board.call_after_refresh(self.board._show_selection)
