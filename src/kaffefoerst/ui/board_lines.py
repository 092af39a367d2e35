"""How many screen lines each board row gets, from the screen's height and the row count."""

from __future__ import annotations

CHROME = 4  # header, time axis, legend/status line, footer
MAX_LINES = 3
SCROLL_ROWS = 12  # two lines are worth scrolling for while this many rows still show


def choose_lines(height: int, rows: int, team_lines: int) -> int:
    room = max(0, height - CHROME - team_lines)
    fit = room // max(1, rows)
    if fit >= 2:
        return min(MAX_LINES, fit)
    return 2 if room // 2 >= SCROLL_ROWS else 1
