"""What the import format's tables and columns are: read from the model (model.py is the one
truth) or, on the demo's fast path, from the database's own PRAGMAs (no model import)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from kaffefoerst.enums import (
    AbsenceKind,
    CoverSource,
    Profession,
    ShiftKind,
    TeamRole,
    TriageColour,
    VisitStatus,
)

# Foreign-key order: every table comes after the tables it points at.
TABLES = (
    "team",
    "carer",
    "absence",
    "citizen",
    "declinedcarer",
    "service",
    "visit",
    "visitservice",
    "shift",
    "triagenote",
    "boarditem",
    "roleassignment",
    "coach",
)
# Tables whose rows come from the care system and carry its id (source_id): a merge matches
# them by it. Teams match by their own id; the team's own records are not merged.
SOURCED_TABLES = ("carer", "service", "citizen", "absence", "shift", "visit")
# Files an older import folder may lack: no file loads no rows.
OPTIONAL = frozenset({"coach"})
# Columns the app keeps for itself: an import file may leave them out (a merge fills them in).
APP_COLUMNS = frozenset({"source_id", "source_hash"})
_EXPECTED = {
    "int": "0-9",
    "bool": "0|1",
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM:SS",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: str  # int, bool, date, datetime, enum, text
    nullable: bool
    unique: bool
    choices: tuple[str, ...] = ()
    ref: tuple[str, str] | None = None  # (table, column) of a foreign key

    @property
    def expected(self) -> str:
        """The accepted form, language-neutral, for the bad_value message."""
        return _EXPECTED.get(self.kind) or "|".join(self.choices)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: dict[str, Column]
    key: tuple[str, ...]  # a composite primary key, checked for duplicates as a whole

    @property
    def file_columns(self) -> list[str]:
        """The columns an import file holds (the app's own bookkeeping columns left out)."""
        return [c for c in self.columns if c not in APP_COLUMNS]


@cache
def model_schema() -> dict[str, Table]:
    """The columns of each table, read from the SQLModel metadata."""
    # start-up: the demo's child loads the sample with schema_from() and no SQLAlchemy.
    from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, TypeDecorator
    from sqlmodel import SQLModel

    import kaffefoerst.model  # noqa: F401  (registers the tables)

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


# Which text columns hold a closed set of names. Checked against the model by a test.
ENUM_COLUMNS: dict[tuple[str, str], type[StrEnum]] = {
    ("carer", "profession"): Profession,
    ("shift", "kind"): ShiftKind,
    ("visit", "status"): VisitStatus,
    ("absence", "kind"): AbsenceKind,
    ("cover", "source"): CoverSource,
    ("triagenote", "colour"): TriageColour,
    ("roleassignment", "role"): TeamRole,
}


def schema_from(cur: sqlite3.Cursor) -> dict[str, Table]:
    """The same description as model_schema(), read from the database's own PRAGMAs, so a
    database built with sqlite3 alone can be loaded without importing the model."""
    tables: dict[str, Table] = {}
    for name in TABLES:
        info = cur.execute(f'PRAGMA table_info("{name}")').fetchall()
        refs = {r[3]: (r[2], r[4]) for r in cur.execute(f'PRAGMA foreign_key_list("{name}")')}
        unique: set[str] = set()
        for index in cur.execute(f'PRAGMA index_list("{name}")').fetchall():
            if index[2]:
                cols = [r[2] for r in cur.execute(f'PRAGMA index_info("{index[1]}")')]
                if len(cols) == 1:
                    unique.add(cols[0])
        primary = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        columns: dict[str, Column] = {}
        for _cid, col, declared, notnull, _default, pk in info:
            enum = ENUM_COLUMNS.get((name, col))
            typ = declared.upper()
            kind = (
                "enum"
                if enum
                else "bool"
                if typ == "BOOLEAN"
                else "int"
                if typ.startswith("INT")
                else "date"
                if typ == "DATE"
                else "datetime"
                if typ == "DATETIME"
                else "text"
            )
            columns[col] = Column(
                col,
                kind,
                not notnull and not pk,
                col in unique or primary == [col],
                tuple(e.name for e in enum) if enum else (),
                refs.get(col),
            )
        tables[name] = Table(name, columns, tuple(primary) if len(primary) > 1 else ())
    return tables


def expected_header(table: str) -> list[str]:
    """The column names a table's CSV file must have (any order)."""
    return model_schema()[table].file_columns
