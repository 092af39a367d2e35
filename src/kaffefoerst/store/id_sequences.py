"""After rows were stored with ids of their own (the import keeps a care system's numeric id
where that number is free): the database's next id must come after them. The one dialect switch
for it: SQLite's rowid already takes the highest id plus one; a PostgreSQL sequence does not
know what was stored past it, and its next id would clash."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy import Connection


def ids_stored(conn: Connection, tables: Iterable[str]) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        )
