"""Schema versions: each migration is a frozen SQL file; a database from newer code is refused.

On a plain sqlite3 connection (see store/database.py), so checking costs no library import.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.store.migration_sql import latest_version, migration_sql, statements


def current_version(conn: sqlite3.Connection, path: Path | None = None) -> int:
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='kaffefoerst_meta'"
    ).fetchone()
    if not has_meta:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        if tables[0]:
            raise DomainError("error.db_foreign", path=path)
        return 0
    row = conn.execute("SELECT value FROM kaffefoerst_meta WHERE key = 'schema_version'").fetchone()
    return _as_version(row[0], path) if row else 0


def _as_version(value: object, path: Path | None) -> int:
    """The stored schema version; anything but plain digits is a damaged or foreign file."""
    text_value = str(value)
    if not text_value.isascii() or not text_value.isdigit():
        raise DomainError("error.db_bad_version", path=path, value=text_value[:20])
    return int(text_value)


def upgrade_to(conn: sqlite3.Connection, target: int, path: Path | None = None) -> None:
    """Apply migrations one by one, each in its own transaction."""
    version = current_version(conn, path)
    for step in range(version + 1, target + 1):
        # executescript would commit on its own; we want the step and its version bump atomic.
        cur = conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
            if _version_in_transaction(cur) >= step:  # another process got here first
                conn.rollback()
                continue
            for statement in statements(migration_sql(step)):
                cur.execute(statement)
            cur.execute(
                "INSERT INTO kaffefoerst_meta(key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(step),),
            )
            conn.commit()
        except Exception:
            conn.rollback()
            raise
        finally:
            cur.close()


def _version_in_transaction(cur: sqlite3.Cursor) -> int:
    cur.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='kaffefoerst_meta'")
    if cur.fetchone() is None:
        return 0
    cur.execute("SELECT value FROM kaffefoerst_meta WHERE key = 'schema_version'")
    row = cur.fetchone()
    return int(row[0]) if row else 0


def check_version(conn: sqlite3.Connection, path: Path | None = None) -> int:
    """The recorded version; refuses a foreign or newer database. Reads only."""
    version = current_version(conn, path)
    latest = latest_version()
    if version > latest:
        raise DomainError("error.db_newer", path=path, found=version, known=latest)
    return version


def check_and_upgrade(
    conn: sqlite3.Connection, path: Path | None = None, *, upgrade: bool = True
) -> int:
    version = check_version(conn, path)
    latest = latest_version()
    if version < latest:
        if not upgrade:
            raise DomainError("error.db_needs_upgrade", path=path, found=version, known=latest)
        upgrade_to(conn, latest, path)
    return latest
