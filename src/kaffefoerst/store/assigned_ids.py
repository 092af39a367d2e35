"""Rows inserted without ids, and the ids the database gave them.

Ids are never made up in Python (no counting on from the highest): the database assigns them
(SQLite's rowid, PostgreSQL's sequence), so two writers never pick the same one, whatever the
locking.
``INSERT ... RETURNING`` (SQLite ≥ 3.35, PostgreSQL) hands them back, many rows a statement.

Neither database promises the order of RETURNING rows (SQLite's documentation says so), so
each id is matched to its row by the row's values. Rows equal in every value are
interchangeable: they are new, and nothing refers to them yet.

Runs on a Session or a bare sqlite3 connection, as ``store.sql.rows`` reads: the first board's
child makes today's visits before any database library is loaded.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict, deque
from collections.abc import Sequence
from operator import itemgetter

from kaffefoerst.store.plan_sql import core_rows, sqlite3_inserts


def insert_assigned(
    source: object, table: str, columns: tuple[str, ...], values: Sequence[tuple[object, ...]]
) -> list[int]:
    """Insert ``values`` (no id among ``columns``) into ``table``; the ids the database
    assigned, in the order of ``values``. In the caller's transaction."""
    if not values:
        return []
    if "id" in columns:
        raise ValueError("the database assigns ids: leave 'id' out of the columns")
    if isinstance(source, sqlite3.Connection):
        return _on_sqlite3(source, table, columns, values)
    connection = source.connection()  # type: ignore[attr-defined]
    if connection.dialect.name == "sqlite":
        # The same SQL straight to the driver, in the session's transaction: SQLite stores the
        # dates and booleans as this plain SQL sends them, and the Core path below (type
        # processing both ways) costs more than twice as much: 9,400 visits, 0.41 s CPU
        # against 0.16 s (measured as bench/base_plan.py's Session case).
        return _on_sqlite3(connection.connection.driver_connection, table, columns, values)
    return _core(source, table, columns, values)


def _core(
    source: object, table: str, columns: tuple[str, ...], values: Sequence[tuple[object, ...]]
) -> list[int]:
    """A Core insert with RETURNING, which speaks the session's dialect (PostgreSQL's)."""
    # start-up: the first board's child never gets here (it passes a sqlite3 connection)
    from sqlalchemy import insert

    from kaffefoerst import model  # registers the tables, whoever opened the session

    target = model.SQLModel.metadata.tables[table]
    rows = core_rows(target, columns, values)
    statement = insert(target).returning(target.c.id, *(target.c[c] for c in columns))
    returned = source.execute(statement, rows).all()  # type: ignore[attr-defined]
    return _match([tuple(r.values()) for r in rows], returned)


def _on_sqlite3(
    conn: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    values: Sequence[tuple[object, ...]],
) -> list[int]:
    ids: list[int] = []
    tail = f" RETURNING id, {', '.join(columns)}"
    for part, sql, params in sqlite3_inserts(table, columns, values, tail):
        ids += _match(part, conn.execute(sql, params).fetchall())
    return ids


def _match(sent: Sequence[Sequence[object]], returned: Sequence[Sequence[object]]) -> list[int]:
    """Each sent row's id, found by its values among the returned (id, *values) rows."""
    ordered = sorted(returned, key=itemgetter(0))
    values = [tuple(r[1:]) for r in ordered]
    # Usually the ids rise in the order the rows were sent: one comparison says so.
    if values == [tuple(row) for row in sent]:
        return [r[0] for r in ordered]
    free: dict[tuple[object, ...], deque[int]] = defaultdict(deque)
    for r, row in zip(ordered, values, strict=True):
        free[row].append(r[0])
    try:
        return [free[tuple(row)].popleft() for row in sent]
    except IndexError:
        # The database stored a value other than the one sent (a type the column converts):
        # a caller's mistake, refused before the transaction commits.
        raise ValueError("the database returned rows unlike the ones inserted") from None
