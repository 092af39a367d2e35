"""A new, empty SQLite database gets the head schema from a snapshot, without Alembic.

The demo, `sample` and every test make a fresh file; building it through Alembic would import
SQLAlchemy and Alembic (~0.7 s) in the child that reads the first board. The snapshot
(migrations/head_sqlite.sql) is not a second schema source: it is exactly the CREATE statements
that the revisions built in SQLite, written by `python -m kaffefoerst.store.new_revision
--snapshot` and checked by tests/test_migrations.py against a database Alembic migrated.
SQLite only (a dialect switch): other databases are created by the revisions themselves.
"""

from __future__ import annotations

import sqlite3
from importlib import resources

from kaffefoerst.store.schema_head import HEAD
from kaffefoerst.store.write_lock import lock_sqlite3

SNAPSHOT = "head_sqlite.sql"


def snapshot_sql() -> str:
    return (resources.files("kaffefoerst.store") / "migrations" / SNAPSHOT).read_text("utf-8")


def statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def create_fresh(conn: sqlite3.Connection) -> bool:
    """Lay the head schema into an empty file and stamp it, atomically; False when another
    process made the file meanwhile (then the caller checks it again)."""
    lock_sqlite3(conn)  # the write lock first, then look again
    try:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            conn.rollback()
            return False
        for statement in statements(snapshot_sql()):
            conn.execute(statement)
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))
        conn.commit()
        return True
    except BaseException:
        conn.rollback()
        raise


def dump(conn: sqlite3.Connection) -> str:
    """The snapshot of a database the revisions built (bookkeeping of old releases left out)."""
    rows = conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'kaffefoerst_meta' "
        "ORDER BY rowid"
    ).fetchall()
    header = f"-- Generated from revision {HEAD} by new_revision --snapshot; do not edit.\n\n"
    return header + "".join(f"{sql};\n\n" for (sql,) in rows).rstrip("\n") + "\n"
