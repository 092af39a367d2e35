"""What the import format's tables and columns are, as plain data: the tables in load order,
a column's kind, and which text columns hold a closed set of names. The database's side fills
these in: from the model (store/model_schema.py, model.py is the one truth) or, on the demo's
fast path, from SQLite's own catalogue (store/sqlite_bulk_load.schema_from, no model import)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
# Columns added after the format first shipped: a file without one still imports, and the
# column is left as it is (an older file never wipes a key note made since).
LATER_COLUMNS = frozenset({("citizen", "access_note")})
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
