"""The schema's revision at open: the stored revision against the head, cheaply.

On a plain sqlite3 connection: a current database (every morning) costs one look at
sqlite_master and one row, and no library import. Alembic loads (store/migrate.py) only when
the database is behind. Revisions are numbered ("0006", "0007", …), continuing the schema
versions of the releases before Alembic, so a number says older or newer without Alembic.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.store import head_schema
from kaffefoerst.store.schema_head import HEAD

VERSION_TABLE = "alembic_version"
# Where releases before Alembic kept their schema version (1-6); such a database is stamped.
LEGACY_TABLE = "kaffefoerst_meta"


@dataclass(frozen=True)
class Stored:
    number: int  # 0: an empty database
    stamped: bool  # False: made by a release before Alembic (or empty)

    @property
    def current(self) -> bool:
        return self.stamped and self.number == head_number()


def head_number() -> int:
    return int(HEAD)


def stored_revision(conn: sqlite3.Connection, path: Path | None = None) -> Stored:
    """What the file records; refuses a foreign file or an unreadable version. Reads only."""
    names = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if VERSION_TABLE in names:
        rows = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
        value = rows[0][0] if len(rows) == 1 else ",".join(str(row[0]) for row in rows)
        return Stored(_as_number(value, path), stamped=True)
    if LEGACY_TABLE in names:
        row = conn.execute(
            f"SELECT value FROM {LEGACY_TABLE} WHERE key = 'schema_version'"
        ).fetchone()
        # No row: an interrupted first start of an old release; nothing to trust.
        return Stored(_as_number(row[0] if row else "", path), stamped=False)
    if names:
        raise DomainError("error.db_foreign", path=path)
    return Stored(0, stamped=False)


def _as_number(value: object, path: Path | None) -> int:
    """Anything but plain digits is a damaged or foreign file."""
    text_value = str(value)
    if not text_value.isascii() or not text_value.isdigit():
        raise DomainError("error.db_bad_version", path=path, value=text_value[:20])
    return int(text_value)


def check_version(conn: sqlite3.Connection, path: Path | None = None) -> Stored:
    """The stored revision; refuses a foreign or newer database. Reads only."""
    stored = stored_revision(conn, path)
    if stored.number > head_number():
        raise DomainError("error.db_newer", path=path, found=stored.number, known=head_number())
    return stored


def check_and_upgrade(conn: sqlite3.Connection, path: Path, *, upgrade: bool = True) -> int:
    """Upgrades a database behind the head (or stamps one from a release before Alembic)."""
    stored = check_version(conn, path)
    if stored.current:
        return stored.number
    if not upgrade:
        # A read-only reader can use an old release's file at today's schema as it is.
        if stored.number == head_number():
            return stored.number
        raise DomainError(
            "error.db_needs_upgrade", path=path, found=stored.number, known=head_number()
        )
    if stored.number == 0 and head_schema.create_fresh(conn):
        return head_number()
    # start-up: imported here, not at the top: Alembic and SQLAlchemy cost ~0.7 s in the child
    # that reads the first board, and a current or new database never needs them.
    from kaffefoerst.store import migrate

    migrate.upgrade(path)
    return head_number()
