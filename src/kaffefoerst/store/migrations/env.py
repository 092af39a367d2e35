"""Alembic's environment: always handed an open connection by store/migrate.py (one
transaction, held under SQLite's write lock), never a URL from an alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from kaffefoerst import model  # noqa: F401 - registers every table on SQLModel.metadata
from kaffefoerst.store.schema import LEGACY_TABLE


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    # The marker of releases before Alembic: kept for them (see migrate.py), not the model's.
    return not (type_ == "table" and name == LEGACY_TABLE)


def render_item(type_: str, obj: object, _autogen_context: object) -> str | bool:
    # SQLModel's own types by what they store, so revisions need no sqlmodel import.
    if type_ == "type" and isinstance(obj, AutoString):
        return "sa.String()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it; batch ops do that for us
    include_name=include_name,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
