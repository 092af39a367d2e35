"""Moving a visit by keys: pick it up, drop it, let it go, send it to someone, undo."""

from __future__ import annotations

from kaffefoerst.domain.errors import DatabaseBusy, DomainError
from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import BoardCommand, When
from kaffefoerst.ui.board_commands.placing import let_go, place, show_moved


class Pick(BoardCommand):
    action = "pick"
    right = "move"

    def run(self) -> None:
        board, view = self.board, self.view
        visit = self.visit()
        if visit is not None and not self.app.user.may_move(visit.carer_id, visit.carer_id):
            board.notify(t("rights.not_your_route"), severity="warning")
            return
        board._picked_version = visit.version if visit is not None else 0
        if view.pick() is None:
            board.notify(t("move.nothing_selected"), severity="warning")
            return
        board.refresh_bindings()
        board._refresh_rows(view.current_row())
        board._show_selection()


class Drop(BoardCommand):
    action = "drop"
    right = "move"
    when = When.PICKED

    def run(self) -> None:
        pending = self.view.pending
        if pending is not None:
            place(self.board, pending.visit_id, pending.carer_id, pending.start_min)


class LetGo(BoardCommand):
    action = "cancel"
    when = When.PICKED

    def run(self) -> None:
        let_go(self.board)


class MoveTo(BoardCommand):
    """`m`: choose whom to give the selected visit (the planner's; a member moves only within
    their own route)."""

    action = "move_to"
    right = "move"
    planner_only = True

    def run(self) -> None:
        from kaffefoerst.ui.screens.move_to import MoveToScreen  # start-up: see board.py

        visit = self.chosen_visit("move.nothing_selected")
        if visit is None:
            return

        def chosen(target: int | None | bool) -> None:
            if target is not False:
                place(self.board, visit.id, target, visit.start_min)  # type: ignore[arg-type]

        self.app.push_screen(MoveToScreen(self.view.plan, visit, self.board.day), chosen)


class Undo(BoardCommand):
    action = "undo"
    right = "undo"

    def run(self) -> None:
        try:
            done = self.board.data.undo()
        except DatabaseBusy:
            self.board.notify(t("error.db_busy"), severity="error")
            return
        except DomainError as exc:
            self.board.notify(t(exc.key, **exc.fields), severity="warning")
            return
        show_moved(self.board, done, "undo.done")
