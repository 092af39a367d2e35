"""A column-mapping file (TOML) that reads another layout, such as a care system's export with
Danish headers, into the import format's tables. See sample_data/kolonnekort.toml.

    [visit]
    file = "besoeg.csv"           # the file in the folder (default: visit.csv)
    [visit.columns]               # our column = their header
    citizen_id = "Borger"
    start_min = "Starttid"
    services = "Ydelse"           # visit only: service codes in one cell, "BAD, PP-M"
    [visit.refs]                  # a reference given by another unique column than the id
    carer_id = "initials"
    [visit.defaults]              # a value for a column their file does not have
    status = "PLANNED"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.csv_schema import TABLES

SERVICES = "services"  # visit's virtual column: the visit's service codes, one cell
# Values a mapped layout may leave out: the model's own defaults.
BUILT_IN_DEFAULTS: dict[tuple[str, str], str] = {
    ("team", "gap_min"): "5",
    ("team", "meeting_min"): "15",
    ("carer", "on_call_substitute"): "0",
    ("visit", "fixed_time"): "0",
    ("visit", "two_carers"): "0",
    ("visit", "status"): "PLANNED",
    ("visit", "version"): "1",
    ("shift", "kind"): "DAY",
    ("absence", "kind"): "SICK",
}


@dataclass(frozen=True, slots=True)
class TableMap:
    table: str
    file: str
    columns: dict[str, str]  # ours -> theirs
    refs: dict[str, str] = field(default_factory=dict)  # our reference column -> target column
    defaults: dict[str, str] = field(default_factory=dict)

    def default(self, column: str) -> str | None:
        found = self.defaults.get(column)
        return found if found is not None else BUILT_IN_DEFAULTS.get((self.table, column))


@dataclass(frozen=True, slots=True)
class ColumnMap:
    tables: dict[str, TableMap]

    def file_for(self, table: str) -> str:
        found = self.tables.get(table)
        return found.file if found else f"{table}.csv"


NATIVE = ColumnMap({})


def load_map(path: Path) -> ColumnMap:
    """Read and check a mapping file; DomainError names what is wrong in it."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise DomainError("import_file.no_map", file=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DomainError("import_file.bad_map", file=name, reason=str(exc)) from exc
    tables: dict[str, TableMap] = {}
    for table, spec in data.items():
        if table not in TABLES or not isinstance(spec, dict):
            raise DomainError("import_file.map_table", file=name, table=table)
        parts = {k: spec.get(k, {}) for k in ("columns", "refs", "defaults")}
        if not all(isinstance(p, dict) for p in parts.values()):
            raise DomainError("import_file.map_table", file=name, table=table)
        if not all(isinstance(v, str) for p in parts.values() for v in p.values()):
            raise DomainError("import_file.map_table", file=name, table=table)
        tables[table] = TableMap(
            table,
            str(spec.get("file", f"{table}.csv")),
            dict(parts["columns"]),
            dict(parts["refs"]),
            dict(parts["defaults"]),
        )
    return ColumnMap(tables)
