"""Clock times as a team types them: 8:30, 08.30, 0830 or 8 (whole hours)."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?$")


def parse_clock(text: str) -> int | None:
    """Minutes after midnight, or None when it is no time of day."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2] or 0)
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def parse_minutes(text: str) -> int | None:
    """A number of minutes (digits only), or None."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 5 else None
