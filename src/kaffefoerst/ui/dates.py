"""Dates as Danish teams type them: 2026-11-22, 22-11-2026, 22.11.2026 or 22/11."""

from __future__ import annotations

import re
from datetime import date

_DMY = re.compile(r"^(\d{1,2})[-./](\d{1,2})(?:[-./](\d{2}|\d{4}))?$")


def parse_day(text: str, today: date) -> date | None:
    """The date meant, or None when it is no date; a missing year means this year."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DMY.match(text)
    if not match:
        return None
    day, month, year = match.groups()
    full_year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
    try:
        return date(full_year, int(month), int(day))
    except ValueError:
        return None
