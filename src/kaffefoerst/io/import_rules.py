"""What an imported value may be, beyond its type: times inside the day, durations above
zero, sane sizes, no CPR numbers. One table of rules, read by the column and row checks."""

from __future__ import annotations

import re
from datetime import date

# Times of day, in minutes after midnight; read from "7:30" as well as from 450.
CLOCKS = frozenset(
    {
        ("visit", "start_min"),
        ("visit", "window_from_min"),
        ("visit", "window_to_min"),
        ("shift", "start_min"),
        ("shift", "end_min"),
    }
)
# Inclusive bounds. A start lies inside the day; a window may end at 24:00; a night shift may
# end the next morning (minutes counted from the shift day's midnight).
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("team", "gap_min"): (0, 120),
    ("team", "meeting_min"): (1, 240),
    ("visit", "start_min"): (0, 1439),
    ("visit", "duration_min"): (1, 1440),
    ("visit", "window_from_min"): (0, 1440),
    ("visit", "window_to_min"): (0, 1440),
    ("shift", "start_min"): (0, 1439),
    ("shift", "end_min"): (1, 2880),
}
# Pairs that must come in order on one row: (table, first, last, problem key, strictly).
ORDERED = (
    ("visit", "window_from_min", "window_to_min", "import_problem.window_order", False),
    ("shift", "start_min", "end_min", "import_problem.shift_order", True),
)
TEXT_MAX = 2000  # characters in one cell: a long note fits, a pasted file does not
# Shorter caps where a line on the route list is meant, not a note.
TEXT_CAPS = {("citizen", "access_note"): 200}

# A header naming a CPR number, however it is spelt ("CPR-nr.", "Personnummer", "cpr").
_CPR_HEADER = re.compile(r"cpr|personn(umme)?r|person_?id|ssn", re.IGNORECASE)
# ddmmyy-xxxx (dash optional): six digits that make a date, then four.
_CPR_VALUE = re.compile(r"(?<![0-9])([0-3][0-9])([01][0-9])([0-9]{2})-?[0-9]{4}(?![0-9])")


def cpr_header(name: str) -> bool:
    return _CPR_HEADER.search(name) is not None


def cpr_value(value: str) -> bool:
    """Whether ``value`` holds something shaped like a CPR number (a real day and month)."""
    for found in _CPR_VALUE.finditer(value):
        d, m, y = (int(g) for g in found.groups())
        try:
            date(2000 + y, m, d)
        except ValueError:
            continue
        return True
    return False


def cpr_column(values: list[str] | tuple[str, ...]) -> int | None:
    """The index of the first cell shaped like a CPR number, or None (one pass if none)."""
    if _CPR_VALUE.search("\x1f".join(values)) is None:
        return None
    return next((i for i, v in enumerate(values) if cpr_value(v)), None)


def clock_text(minutes: int) -> str:
    """450 as 07:30, for messages."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
