"""Plain SQL on either a Session or a bare sqlite3 connection, rows with attribute access.

The board's start-up queries are plain SQL; with a sqlite3 connection they run without any
database library imported (the demo's fast start), with a Session they run as usual.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_utc(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


CONVERT: dict[str, Callable[[object], object]] = {"date": _as_date, "datetime": _as_utc}


@cache
def _row_type(names: tuple[str, ...]) -> type:
    return namedtuple("Row", names)  # type: ignore[misc]  # noqa: PYI024


def rows(
    source: object,
    sql: str,
    params: dict[str, object] | None = None,
    types: dict[str, str] | None = None,
) -> list[Any]:
    """Run ``sql`` with named ``params``; ``types`` names columns to turn into dates or UTC
    date-times (SQLite hands them back as text)."""
    params = params or {}
    if isinstance(source, sqlite3.Connection):
        cur = source.execute(sql, params)
        names = tuple(d[0] for d in cur.description)
        raw = cur.fetchall()
    else:
        # start-up: a Session means SQLAlchemy is loaded already; a bare sqlite3 connection
        # (the first board's child) must not load it (test_layers checks).
        from sqlalchemy import text

        result = source.execute(text(sql), params)  # type: ignore[attr-defined]
        names = tuple(result.keys())
        raw = result.all()
    make = _row_type(names)
    if not types:
        return [make(*r) for r in raw]
    convert = {i: CONVERT[types[n]] for i, n in enumerate(names) if n in types}
    found = []
    for r in raw:
        values = list(r)
        for i, fn in convert.items():
            if values[i] is not None:
                values[i] = fn(values[i])
        found.append(make(*values))
    return found
