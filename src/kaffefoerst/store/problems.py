"""What a database error means for the person, in our locale keys: the one place that knows
the driver's errors (sqlite3's, and SQLAlchemy's wrapping of them), so that nothing outside
store/ needs to. The driver's words hold no row data; SQLAlchemy's message quotes parameters,
so only the driver's are ever shown."""

from __future__ import annotations

import sqlite3


def _driver_error(error: BaseException) -> BaseException:
    return getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error


def is_busy(error: BaseException) -> bool:
    """Another connection held the lock past the busy timeout."""
    cause = _driver_error(error)
    reason = str(cause)
    return isinstance(cause, sqlite3.OperationalError) and ("locked" in reason or "busy" in reason)


def is_unique_clash(error: BaseException) -> bool:
    """A row clashed on a unique key with one another writer stored first: SQLite's words, or
    the SQL state 23505 that PostgreSQL's drivers carry (psycopg ``sqlstate``, psycopg2
    ``pgcode``)."""
    cause = _driver_error(error)
    if isinstance(cause, sqlite3.IntegrityError):
        return "UNIQUE constraint failed" in str(cause)
    return "23505" in (getattr(cause, "sqlstate", None), getattr(cause, "pgcode", None))


def database_problem(
    error: BaseException, path: object = ""
) -> tuple[str, dict[str, object]] | None:
    """(locale key, fields) for a database error, or None when ``error`` is not one."""
    cause = _driver_error(error)
    if is_busy(cause):
        return "error.db_busy", {}
    if isinstance(cause, sqlite3.OperationalError) and "readonly" in str(cause):
        return "rights.read_only", {}
    if isinstance(cause, sqlite3.DatabaseError):
        # The driver's own words ("database disk image is malformed") hold no row data.
        return "error.db_broken", {"path": path, "reason": str(cause)}
    return None
