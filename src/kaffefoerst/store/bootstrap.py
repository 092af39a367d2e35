"""A new database with the whole schema, built with sqlite3 alone.

`kaffefoerst demo` builds its database this way in a child process, so that no database
library is imported on the way to the first drawn board. Same files, pragmas and mode as
engine.py; a test checks the result equals a database opened through the engine.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kaffefoerst.store.migration_sql import latest_version, migration_sql, statements

BUSY_TIMEOUT_MS = 5000


def create_database(path: Path) -> sqlite3.Connection:
    """Create ``path`` (0600, refusing an existing file) at the latest schema version."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    latest = latest_version()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(1, latest + 1):
            for statement in statements(migration_sql(version)):
                conn.execute(statement)
        conn.execute(
            "INSERT INTO kaffefoerst_meta(key, value) VALUES ('schema_version', ?)", (str(latest),)
        )
        conn.commit()
    except BaseException:
        conn.rollback()
        conn.close()
        raise
    return conn
