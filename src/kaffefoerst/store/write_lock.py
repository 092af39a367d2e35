"""Holding the database's write lock from the start of a transaction: the one dialect switch
for it, so that no other module speaks a database's own locking SQL.

Used where a transaction reads something and writes on the strength of it, and no version
column can catch a second writer (log-in tries counted across tabs, making or upgrading the
schema). Imports no database library: the opener runs it on a bare sqlite3 connection.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session

# The driver begins a transaction only before its first write; this begins it now, holding the
# write lock, so other writers queue until the commit.
_SQLITE_BEGIN_LOCKED = "BEGIN IMMEDIATE"
# PostgreSQL locks rows, not the database: one transaction-scoped advisory lock, the same key
# for every writer of the team's database, gives the same one-writer-at-a-time order. It is
# let go at commit or rollback, as SQLite's is.
_POSTGRES_LOCK = "SELECT pg_advisory_xact_lock(7076315)"  # 'kaffe' in a number, any constant


def take_write_lock(session: Session) -> None:
    """Must come before the transaction's first statement."""
    lock_connection(session.connection())


def lock_connection(connection: Connection) -> None:
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql(_SQLITE_BEGIN_LOCKED)
    elif dialect == "postgresql":
        connection.exec_driver_sql(_POSTGRES_LOCK)
    else:
        raise NotImplementedError(f"no write lock for {dialect}")


def lock_sqlite3(conn: sqlite3.Connection) -> None:
    """The same on a bare sqlite3 connection (the opener, before any library is loaded)."""
    conn.execute(_SQLITE_BEGIN_LOCKED)
