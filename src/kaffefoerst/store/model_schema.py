"""The import format's tables as the model defines them (model.py is the one truth): each
table's columns, their kinds, keys and references, and the header a CSV file must have.
Not on the demo's start: its child reads the same from SQLite (sqlite_bulk_load.schema_from)
without importing SQLAlchemy."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, TypeDecorator
from sqlmodel import SQLModel

import kaffefoerst.model  # noqa: F401  (registers the tables)
from kaffefoerst.io.csv_schema import TABLES, Column, Table


@cache
def model_schema() -> dict[str, Table]:
    """The columns of each table, read from the SQLModel metadata."""
    tables: dict[str, Table] = {}
    for name in TABLES:
        table = SQLModel.metadata.tables[name]
        unique_indexes = {
            next(iter(ix.columns)).name
            for ix in table.indexes
            if ix.unique and len(ix.columns) == 1
        }
        primary = tuple(c.name for c in table.primary_key.columns)
        columns: dict[str, Column] = {}
        for col in table.columns:
            # SQLModel wraps some types (datetime is UTCDateTime over DateTime): look inside.
            typ = col.type.impl if isinstance(col.type, TypeDecorator) else col.type
            kind = "text"
            if isinstance(typ, Boolean):
                kind = "bool"
            elif isinstance(typ, Integer):
                kind = "int"
            elif isinstance(typ, Date):
                kind = "date"
            elif isinstance(typ, DateTime):
                kind = "datetime"
            elif isinstance(typ, Enum):
                kind = "enum"
            fk = next(iter(col.foreign_keys), None)
            columns[col.name] = Column(
                col.name,
                kind,
                bool(col.nullable) and not col.primary_key,
                bool(col.unique) or col.name in unique_indexes or primary == (col.name,),
                tuple(typ.enums) if isinstance(typ, Enum) else (),
                (fk.column.table.name, fk.column.name) if fk is not None else None,
            )
        tables[name] = Table(name, columns, primary if len(primary) > 1 else ())
    return tables


def expected_header(table: str) -> list[str]:
    """The column names a table's CSV file must have (any order)."""
    return model_schema()[table].file_columns
