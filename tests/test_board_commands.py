"""Every board key runs a command class (ui/board_commands), and every command has a key."""

from __future__ import annotations

from kaffefoerst.ui.board_commands.registry import COMMANDS
from kaffefoerst.ui.keys import BOARD_KEYS

SCREEN_OWN = {"cursor"}  # cursor movement stays on the board screen itself


def test_every_key_has_a_command_and_every_command_a_key() -> None:
    bound = {key.action.partition("(")[0] for key in BOARD_KEYS}
    assert bound - SCREEN_OWN == set(COMMANDS)
    for action, command in COMMANDS.items():
        assert command.action == action
