"""The board's keys: one table feeds the bindings, the footer, the help screen and the palette."""

from __future__ import annotations

from dataclasses import dataclass

WIDE = 150  # columns; below this the footer drops the less used keys (they stay in help)
LAPTOP = 120
BIG = 190  # the day keys and v: below this they pushed `q Afslut` off the footer's end


@dataclass(frozen=True, slots=True)
class Key:
    keys: str
    action: str
    text: str  # locale key of the description
    show: bool = True  # in the footer (kept short: every key is in help and the palette)
    display: str | None = None
    palette: bool = True  # offered in the command palette
    footer_from: int = WIDE  # the screen width from which the footer shows it (if show)
    short: str | None = None  # locale key of the footer's one word below SHORT (other screens)
    priority: bool = False  # before the focused widget's own binding (⏎ on a table)


BOARD_KEYS: tuple[Key, ...] = (
    Key("left", "cursor('left')", "key.left", show=False, palette=False, display="←"),
    Key("right", "cursor('right')", "key.right", show=False, palette=False, display="→"),
    Key("up", "cursor('up')", "key.up", show=False, palette=False, display="↑"),
    Key("down", "cursor('down')", "key.down", show=False, palette=False, display="↓"),
    Key("space", "pick", "key.pick", display="␣", footer_from=0),
    Key("enter", "drop", "key.drop", display="⏎", footer_from=0),
    Key("escape", "cancel", "key.cancel", display="esc", footer_from=0),
    Key("m", "move_to", "key.move_to", footer_from=0),
    Key("slash", "find", "key.find", display="/"),
    Key("i", "toggle_panel", "key.toggle_panel", show=False),
    Key("f", "filter_teams", "board_district.filter", show=False),
    Key("z", "fold_teams", "board_district.fold", show=False),
    Key("enter", "open_team", "board_team_line.key", show=False, display="⏎"),
    Key("Z", "unfold_teams", "board_fold.unfold_all", show=False),
    Key("s", "absence", "key.absence", footer_from=0),
    Key("d", "cover", "key.cover", footer_from=0),
    Key("b", "back", "key.back", show=False),
    Key("t", "triage_note", "key.triage_note", footer_from=LAPTOP),
    Key("p", "board_item", "key.board_item", show=False),
    Key("l", "triage_list", "key.triage_list", footer_from=LAPTOP),
    Key("M", "meeting", "key.meeting", footer_from=0),
    Key("R", "minutes", "key.minutes", show=False),
    Key("n", "figures", "figures.open", show=False),
    Key("I", "import_plan", "import_screen.open", show=False),
    Key("r", "route", "route.key.open", show=False),
    Key("ctrl+z", "undo", "key.undo", display="^z"),
    # Editing the plan (issue 12): add, cancel, re-time a visit; add or pause a citizen.
    Key("a", "add_visit", "plan_edit.key.add_visit", show=False),
    Key("x", "cancel_visit", "plan_edit.key.cancel_visit", show=False),
    Key("u", "duration", "plan_edit.key.duration", show=False),
    Key("N", "add_citizen", "plan_edit.key.add_citizen", show=False),
    Key("H", "pause_citizen", "plan_edit.key.pause", show=False),
    Key("left_square_bracket", "day(-1)", "key.prev_day", display="[", footer_from=BIG),
    Key("right_square_bracket", "day(1)", "key.next_day", display="]", footer_from=BIG),
    Key("v", "shift_view", "shifts.key.switch", footer_from=BIG),
    Key("o", "roles", "team_roles.key.open", show=False),
    Key("e", "inbox", "inbox.key.open", show=False),
    Key("f1,question_mark", "help", "key.help", display="?"),
)

# Shown in help only: what the arrows do while a visit is picked up.
PICKED_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓", "key.picked_carer"),
    ("← →", "key.picked_time"),
)
