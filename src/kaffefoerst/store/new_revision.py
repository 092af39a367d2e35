"""Make the next Alembic revision from model.py: ``python -m kaffefoerst.store.new_revision
"add visit note"``.

Builds a scratch database at the head, lets Alembic compare it with model.py (autogenerate),
writes ``store/migrations/versions/NNNN_<message>.py`` and moves HEAD in store/schema_head.py.
Read and correct the generated file before committing it: autogenerate misses renames and
server defaults, and a new NOT NULL column needs a ``server_default`` for the existing rows.
Then ``--snapshot`` rewrites the SQLite snapshot new databases are made from (head_schema.py).
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from pathlib import Path

from alembic import command

from kaffefoerst.store import head_schema, migrate, schema_head


def make_revision(message: str) -> Path:
    rev_id = f"{int(schema_head.HEAD) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "head.db"
        migrate.upgrade(path)
        with migrate.locked(path) as connection:
            script = command.revision(
                migrate.config(connection), message=message, autogenerate=True, rev_id=rev_id
            )
    head_file = Path(schema_head.__file__)
    source = head_file.read_text("utf-8")
    head_file.write_text(re.sub(r'HEAD = "\d+"', f'HEAD = "{rev_id}"', source), "utf-8")
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


def write_snapshot() -> Path:
    """Rewrite migrations/head_sqlite.sql from a database the revisions built."""
    target = migrate.SCRIPTS / head_schema.SNAPSHOT
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "head.db"
        migrate.upgrade(path)
        conn = sqlite3.connect(path)
        try:
            target.write_text(head_schema.dump(conn), "utf-8")
        finally:
            conn.close()
    return target


def main() -> None:
    args = sys.argv[1:]
    if args == ["--snapshot"]:
        print(write_snapshot())
    elif len(args) == 1 and args[0].strip():
        print(make_revision(args[0].strip()))
        print("Review it, then: python -m kaffefoerst.store.new_revision --snapshot")
    else:
        sys.exit('usage: python -m kaffefoerst.store.new_revision "what changes" | --snapshot')


if __name__ == "__main__":
    main()
