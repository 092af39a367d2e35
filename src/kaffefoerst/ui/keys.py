"""The board's keys: one table feeds the bindings, the footer, the help screen and the palette."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    keys: str
    action: str
    text: str  # locale key of the description
    show: bool = True
    display: str | None = None


BOARD_KEYS: tuple[Key, ...] = (
    Key("left", "cursor('left')", "key.left", show=False, display="←"),
    Key("right", "cursor('right')", "key.right", show=False, display="→"),
    Key("up", "cursor('up')", "key.up", show=False, display="↑"),
    Key("down", "cursor('down')", "key.down", show=False, display="↓"),
    Key("space", "pick", "key.pick", display="␣"),
    Key("enter", "drop", "key.drop", display="⏎"),
    Key("escape", "cancel", "key.cancel", display="esc"),
    Key("m", "move_to", "key.move_to"),
    Key("i", "toggle_panel", "key.toggle_panel"),
    Key("s", "absence", "key.absence"),
    Key("d", "cover", "key.cover"),
    Key("b", "back", "key.back"),
    Key("ctrl+z", "undo", "key.undo", display="^z"),
    Key("left_square_bracket", "day(-1)", "key.prev_day", display="["),
    Key("right_square_bracket", "day(1)", "key.next_day", display="]"),
    Key("f1,question_mark", "help", "key.help", display="?"),
)

# Shown in help only: what the arrows do while a visit is picked up.
PICKED_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓", "key.picked_carer"),
    ("← →", "key.picked_time"),
)
