"""Loading a checked import into an empty SQLite database in one transaction (the demo's
start, a first import): rows go straight to SQLite through ``executemany`` on a bare sqlite3
connection, so the demo's child needs no database library. SQLite's own SQL, on purpose: a
PostgreSQL store would load through the merge (store/import_merge.py) instead.

SQLite's column affinity turns digit strings into integers, ``NULLIF(?, '')`` turns empty cells
into NULL, ``date(?, '+N days')`` shifts dates, and ``datetime(?, '+N days', 'utc')`` shifts
date-times written as local wall-clock time and stores them in UTC; an empty cell in a nullable
date column stays NULL through both. A table with a ``source_id`` gets the file's id there
too, so that a later import merges onto these rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.csv_schema import TABLES, Table
from kaffefoerst.store.write_lock import lock_sqlite3

if TYPE_CHECKING:
    from kaffefoerst.io.csv_read import Parsed


@contextmanager
def empty_transaction(raw: sqlite3.Connection, label: str) -> Iterator[sqlite3.Cursor]:
    """The write lock on a database that must hold no imported rows; commit on success,
    roll back on any exception, and leave the connection with foreign keys on."""
    cur = raw.cursor()
    # Checked in Python (every foreign key in the model), so SQLite need not look up three
    # parents per visit. The pragma only works outside a transaction.
    cur.execute("PRAGMA foreign_keys = OFF")
    try:
        lock_sqlite3(raw)
        for name in TABLES:
            if cur.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone():
                raise DomainError("import.not_empty", path=label, table=name)
        yield cur
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.cursor().execute("PRAGMA foreign_keys = ON")


def insert_all(
    cur: sqlite3.Cursor, schema: dict[str, Table], parsed: dict[str, Parsed], shift_days: int
) -> dict[str, int]:
    """Insert every table's rows; returns the count per table."""
    # Bulk-load idiom: building an index once after the rows is cheaper than row by row.
    # Same transaction, same SQL text, so the schema ends exactly as it began.
    indexes = cur.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for index_name, _ in indexes:
        cur.execute(f'DROP INDEX "{index_name}"')
    counts: dict[str, int] = {}
    for name in TABLES:
        table = parsed.get(name)
        if table is None:
            counts[name] = 0
            continue
        try:
            cur.executemany(insert_sql(schema[name], table.header, shift_days), table.rows)
        except sqlite3.DatabaseError as exc:
            raise DomainError("import.rejected", file=f"{name}.csv", reason=str(exc)) from exc
        counts[name] = len(table.rows)
    for index_name, sql in indexes:
        try:
            cur.execute(sql)
        except sqlite3.IntegrityError as exc:  # a unique index; the unique check should catch it
            raise DomainError("import.rejected", file=index_name, reason=str(exc)) from exc
    return counts


def insert_sql(table: Table, header: list[str], shift_days: int) -> str:
    values = []
    for number, name in enumerate(header, 1):
        col = table.columns[name]
        if col.kind == "datetime":  # local wall-clock time in the file, UTC in the database
            values.append(f"datetime(?{number}, '{shift_days:+d} days', 'utc')")
        elif col.kind == "date" and shift_days:
            values.append(f"date(?{number}, '{shift_days:+d} days')")
        elif col.nullable:
            values.append(f"NULLIF(?{number}, '')")
        else:
            values.append(f"?{number}")
    names = [f'"{n}"' for n in header]
    if "source_id" in table.columns and "id" in header and "source_id" not in header:
        names.append('"source_id"')
        values.append(f"CAST(?{header.index('id') + 1} AS TEXT)")
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(values)})"
