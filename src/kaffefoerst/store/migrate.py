"""Upgrading a database file to the head revision with Alembic (store/migrations/).

Imported only when a database is behind (see store/schema.py). The whole upgrade is one
transaction under SQLite's write lock, so two processes opening an old file at once upgrade it
once, and a failed step leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from kaffefoerst.store.database import BUSY_TIMEOUT_MS
from kaffefoerst.store.schema import LEGACY_TABLE, check_version
from kaffefoerst.store.schema_head import HEAD
from kaffefoerst.store.write_lock import lock_connection

SCRIPTS = Path(__file__).with_name("migrations")


def config(connection: Connection) -> Config:
    """Alembic's settings in code: users need no alembic.ini."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(path: Path) -> None:
    try:
        with locked(path) as connection:
            # Again under the lock: another process may have upgraded it meanwhile.
            if check_version(connection.connection.driver_connection, path).current:
                return
            command.upgrade(config(connection), "head")
            _keep_legacy_marker(connection)
    except DBAPIError as exc:
        # The driver's own error, which store/database.py turns into one clear line.
        raise exc.orig from exc


def _keep_legacy_marker(connection: Connection) -> None:
    """Releases before Alembic read only this row: at our number they refuse a newer file
    instead of writing into a schema they don't know."""
    if connection.dialect.has_table(connection, LEGACY_TABLE):
        connection.execute(
            text(f"UPDATE {LEGACY_TABLE} SET value = :head WHERE key = 'schema_version'"),
            {"head": str(int(HEAD))},
        )


@contextmanager
def locked(path: Path) -> Iterator[Connection]:
    """A connection in a transaction that holds the write lock from its first statement."""
    engine = create_engine("sqlite://", creator=partial(_connect, path), poolclass=NullPool)
    event.listen(engine, "begin", lock_connection)  # at BEGIN, not at the first write
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level None: the driver opens no transaction of its own; ours begins above.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Off while tables are rebuilt (batch mode copies a table, drops it, renames the copy).
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn
