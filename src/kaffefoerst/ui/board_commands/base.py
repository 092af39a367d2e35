"""A board command: when it applies (a right, a picked-up visit or not) and what it does.

A command is made for one run with the board it acts on; `run` pushes its form or screen and
handles the answer (usually: read the day again and say what changed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TYPE_CHECKING, ClassVar

from kaffefoerst.domain.plan import PlanVisit
from kaffefoerst.domain.roles import Role
from kaffefoerst.locale import t

if TYPE_CHECKING:
    from kaffefoerst.ui.app import KaffeApp
    from kaffefoerst.ui.board_view import BoardView
    from kaffefoerst.ui.screens.board import BoardScreen


class When(Enum):
    """Whether a command applies with a visit picked up: a picked-up visit is dropped or let go
    first, so the forms never open over a move half made."""

    FREE = "free"  # nothing picked up
    PICKED = "picked"  # a visit picked up
    ANY = "any"


class BoardCommand:
    action: ClassVar[str]  # the action name `ui/keys.py` binds
    right: ClassVar[str | None] = None  # domain/roles.py; the store checks it again on writing
    when: ClassVar[When] = When.FREE
    planner_only: ClassVar[bool] = False

    def __init__(self, board: BoardScreen) -> None:
        self.board = board
        self.app: KaffeApp = board.app
        self.view: BoardView = board.view

    @classmethod
    def applies(cls, board: BoardScreen) -> bool:
        """Hidden (footer, palette) and ignored when this person's role or the moment rules
        it out."""
        user = board.app.user
        if cls.right is not None and not user.may(cls.right):
            return False
        if cls.planner_only and user.role is not Role.PLANNER:
            return False
        if cls.when is When.ANY:
            return True
        return (board.view.pending is not None) == (cls.when is When.PICKED)

    def run(self, *args: object) -> Awaitable[None] | None:
        raise NotImplementedError

    # --- what the cursor is on ----------------------------------------------------------------
    def visit(self) -> PlanVisit | None:
        selected = self.view.selected
        return self.view.plan.visits.get(selected) if selected else None

    def chosen_visit(self, warning: str) -> PlanVisit | None:
        """The selected visit, or a warning (locale key ``warning``) that none is."""
        visit = self.visit()
        if visit is None:
            self.board.notify(t(warning), severity="warning")
        return visit

    def carer(self) -> int | None:
        """The carer whose row holds the cursor (not for the unassigned rows, nor on a folded
        team's line)."""
        index = self.view.current_row()
        if index is None or self.view.on_team_line():
            return None
        row = self.view.rows[index]
        return None if row.uncovered else row.carer_id

    async def reload_if(self, changed: object) -> None:
        """A form's answer: read the day again when it changed anything."""
        if changed:
            await self.board.reload()


def as_action(command: type[BoardCommand]) -> Callable[..., Awaitable[None]]:
    """The board's `action_<name>` for a command (Textual runs a key's action by that name):
    each key press runs a new command with the board."""

    async def action(board: BoardScreen, *args: object) -> None:
        done = command(board).run(*args)
        if done is not None:
            await done

    action.__name__ = action.__qualname__ = f"action_{command.action}"
    action.__doc__ = command.__doc__
    return action
