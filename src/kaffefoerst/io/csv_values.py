"""Reading one cell the way Danish office files write it, into the format's canonical text.

Each reader returns the canonical text or None when the cell cannot be read. Whole columns that
are already canonical skip them (csv_columns.py checks a column in one pass first).

- clock times: ``7:30``, ``07:30``, ``07.30``, ``7.30`` or minutes after midnight (``450``);
- whole numbers: ``15``, ``15,0`` (decimal comma), ``15.0``;
- dates: ``2026-11-24``, ``24-11-2026``, ``24.11.2026``, ``24/11/2026``;
- date-times: a date as above, a space or ``T``, then ``HH:MM`` or ``HH:MM:SS`` (``.`` too);
- yes/no: ``0``/``1``, ``ja``/``nej``, ``sand``/``falsk``, ``true``/``false``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_DIGITS = re.compile(r"[0-9]{1,18}")
_CLOCK = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_DECIMAL = re.compile(r"([0-9]{1,18})[,.]0+")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DANISH = re.compile(r"([0-9]{1,2})[-./]([0-9]{1,2})[-./]([0-9]{4})")
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})(?:[:.]([0-9]{2}))?")
YES = frozenset({"1", "ja", "j", "sand", "true", "yes", "x"})
NO = frozenset({"0", "nej", "n", "falsk", "false", "no"})


def whole(value: str) -> str | None:
    """A whole number; ``15,0`` is 15, ``7,5`` is not whole. Leading zeros go (as in SQLite)."""
    value = value.strip()
    if _DIGITS.fullmatch(value):
        return str(int(value))
    found = _DECIMAL.fullmatch(value)
    return str(int(found.group(1))) if found else None


def clock(value: str) -> str | None:
    """Minutes after midnight. ``24:00`` is the end of the day; ``25:10`` is no time at all."""
    value = value.strip()
    if _DIGITS.fullmatch(value):
        return str(int(value))
    found = _CLOCK.fullmatch(value)
    if found is None:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return str(hours * 60 + minutes)


def day(value: str) -> str | None:
    """An ISO date, from ISO or day-month-year."""
    value = value.strip()
    found = _ISO.fullmatch(value)
    if found:
        y, m, d = found.groups()
    else:
        found = _DANISH.fullmatch(value)
        if found is None:
            return None
        d, m, y = found.groups()
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def moment(value: str) -> str | None:
    """'YYYY-MM-DD HH:MM:SS' (local wall-clock time), from a date and a time of day."""
    parts = value.strip().replace("T", " ", 1).split(" ")
    parts = [p for p in parts if p]
    if len(parts) != 2:
        return None
    on = day(parts[0])
    found = _TIME.fullmatch(parts[1])
    if on is None or found is None:
        return None
    h, m, s = (int(g) if g else 0 for g in found.groups())
    try:
        at = datetime.fromisoformat(on).replace(hour=h, minute=m, second=s)
    except ValueError:
        return None
    return at.strftime("%Y-%m-%d %H:%M:%S")


def yes_no(value: str) -> str | None:
    folded = value.strip().lower()
    return "1" if folded in YES else "0" if folded in NO else None
