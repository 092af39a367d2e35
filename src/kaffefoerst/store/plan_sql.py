"""Plain SQL writes on a Session or a bare sqlite3 connection, as ``store.sql.rows`` reads:
the base plan's generation runs in the first board's child, before any database library."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from itertools import chain
from typing import TYPE_CHECKING

from kaffefoerst.domain.audit_actions import AuditAction

if TYPE_CHECKING:
    from sqlalchemy import Table


def stamp(moment: datetime) -> str:
    """UTC in the text form the model's DateTime takes on SQLite (so the ORM reads it back)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def exec_sql(source: object, sql: str, params: dict[str, object] | None = None) -> None:
    if isinstance(source, sqlite3.Connection):
        source.execute(sql, params or {})
    else:
        from sqlalchemy import text

        source.execute(text(sql), params or {})  # type: ignore[attr-defined]


# Bound values per statement on a bare sqlite3 connection: under the 999 an older SQLite build
# allows; about a hundred visits a statement.
MAX_PARAMS = 990


def sqlite3_inserts(
    table: str, columns: tuple[str, ...], values: Sequence[tuple[object, ...]], tail: str = ""
) -> Iterator[tuple[Sequence[tuple[object, ...]], str, list[object]]]:
    """(rows, statement, its parameters) for many rows a statement, in sqlite3's parameter
    style: at Vojens scale a quarter less time than ``executemany``'s row at a time."""
    names = ", ".join(columns)
    one = "(" + ", ".join("?" for _ in columns) + ")"
    per = max(1, MAX_PARAMS // len(columns))
    for start in range(0, len(values), per):
        part = values[start : start + per]
        sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}{tail}"
        yield part, sql, list(chain.from_iterable(part))


def insert_many(
    source: object, table: str, columns: tuple[str, ...], values: Sequence[tuple[object, ...]]
) -> None:
    """Many rows into ``table``: the bulk path (thousands of generated visits). A bare sqlite3
    connection takes many rows a statement; a Session an ORM-free Core insert, which speaks
    the session's own dialect."""
    if not values:
        return
    if isinstance(source, sqlite3.Connection):
        for _, sql, params in sqlite3_inserts(table, columns, values):
            source.execute(sql, params)
        return
    # start-up: the first board's child never gets here (it passes a sqlite3 connection)
    from sqlalchemy import insert

    from kaffefoerst import model  # registers the tables, whoever opened the session

    target = model.SQLModel.metadata.tables[table]
    source.execute(insert(target), core_rows(target, columns, values))  # type: ignore[attr-defined]


def core_rows(
    target: Table, columns: tuple[str, ...], values: Sequence[tuple[object, ...]]
) -> list[dict[str, object]]:
    """Rows as a Core insert takes them: dates, which plain SQL passes as ISO text, as dates."""
    from sqlalchemy import Date  # start-up: only with a Session, as above

    days = {c for c in columns if isinstance(target.c[c].type, Date)}
    return [
        {c: date.fromisoformat(v) if c in days and isinstance(v, str) else v for c, v in pairs}
        for pairs in (zip(columns, row, strict=True) for row in values)
    ]


def commit(source: object) -> None:
    source.commit()  # type: ignore[attr-defined]


def rollback(source: object) -> None:
    source.rollback()  # type: ignore[attr-defined]


def audit_plan(
    source: object,
    action: AuditAction,
    actor: str,
    now: datetime,
    after: dict[str, object],
    entity: str = "plan",
) -> None:
    exec_sql(
        source,
        "INSERT INTO auditevent (actor, at, action, entity, entity_id, before, after, reason)"
        " VALUES (:actor, :at, :action, :entity, 0, '{}', :after, '')",
        {
            "actor": actor,
            "at": stamp(now),
            "action": action.value,
            "entity": entity,
            "after": json.dumps(after, ensure_ascii=False),
        },
    )
