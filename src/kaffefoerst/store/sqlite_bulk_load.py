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

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.column_map import NATIVE, ColumnMap
from kaffefoerst.io.csv_import import read_import
from kaffefoerst.io.csv_schema import ENUM_COLUMNS, TABLES, Column, Table
from kaffefoerst.store.write_lock import lock_sqlite3

if TYPE_CHECKING:
    from kaffefoerst.io.csv_read import Parsed
    from kaffefoerst.store import Store


def load_csv_dir(
    store: Store, folder: Path, *, shift_days: int = 0, mapping: ColumnMap = NATIVE
) -> dict[str, int]:
    """Validate and load every table's CSV file from ``folder`` into an empty database
    (see load_into)."""
    raw = store.engine.raw_connection()
    try:
        return load_into(
            raw, folder, shift_days=shift_days, label=str(store.path or ""), mapping=mapping
        )
    finally:
        raw.close()


def load_into(
    raw: sqlite3.Connection,
    folder: Path,
    *,
    shift_days: int = 0,
    label: str = "",
    mapping: ColumnMap = NATIVE,
) -> dict[str, int]:
    """Validate and load every table's CSV file from ``folder`` into an empty database.

    Dates and date-times move by ``shift_days``. Returns the number of rows loaded per table.
    Raises DomainError (ImportFailed listing every problem), and then the database is exactly
    as before.
    """
    gc_was_on = gc.isenabled()
    gc.disable()  # tens of thousands of small lists; collections would only rescan them
    try:
        with empty_transaction(raw, label) as cur:
            schema = schema_from(cur)
            parsed = read_import(Path(folder), schema, mapping, complete=True)
            return insert_all(cur, schema, parsed, shift_days)
    finally:
        if gc_was_on:
            gc.enable()


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


def schema_from(cur: sqlite3.Cursor) -> dict[str, Table]:
    """The same description as store/model_schema.model_schema(), read from the database's own
    PRAGMAs, so a database built with sqlite3 alone can be loaded without importing the model."""
    tables: dict[str, Table] = {}
    for name in TABLES:
        info = cur.execute(f'PRAGMA table_info("{name}")').fetchall()
        refs = {r[3]: (r[2], r[4]) for r in cur.execute(f'PRAGMA foreign_key_list("{name}")')}
        unique: set[str] = set()
        for index in cur.execute(f'PRAGMA index_list("{name}")').fetchall():
            if index[2]:
                cols = [r[2] for r in cur.execute(f'PRAGMA index_info("{index[1]}")')]
                if len(cols) == 1:
                    unique.add(cols[0])
        primary = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        columns: dict[str, Column] = {}
        for _cid, col, declared, notnull, _default, pk in info:
            enum = ENUM_COLUMNS.get((name, col))
            typ = declared.upper()
            kind = (
                "enum"
                if enum
                else "bool"
                if typ == "BOOLEAN"
                else "int"
                if typ.startswith("INT")
                else "date"
                if typ == "DATE"
                else "datetime"
                if typ == "DATETIME"
                else "text"
            )
            columns[col] = Column(
                col,
                kind,
                not notnull and not pk,
                col in unique or primary == [col],
                tuple(e.name for e in enum) if enum else (),
                refs.get(col),
            )
        tables[name] = Table(name, columns, tuple(primary) if len(primary) > 1 else ())
    return tables
