"""Holding the database's write lock from the start of a transaction: the one dialect switch
for it, so that no other module speaks a database's own locking SQL.

Used where a transaction reads something and writes on the strength of it, and no version
column can catch a second writer (log-in tries counted across tabs, an upgrade of the schema).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlmodel import Session


def take_write_lock(session: Session) -> None:
    """Must come before the transaction's first statement."""
    lock_connection(session.connection())


def lock_connection(connection: Connection) -> None:
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # The driver begins a transaction only before its first write; this begins it now,
        # holding the write lock, so other writers queue until the commit.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # PostgreSQL will want LOCK TABLE on the rows' table; decide when it comes
        raise NotImplementedError(f"no write lock for {dialect}")
