"""Read an import (a folder of CSV files, one per table, or one file; see sample_data/README.md)
into checked rows of plain text, for an empty database (the demo, the first import:
store/sqlite_bulk_load.py) or a merge (store/import_merge.py).

Every file is decoded and split (csv_dialect), each column checked and read into canonical text
(csv_columns), references checked against the files and the database, and every problem
collected (import_errors); then the store keeps all rows in one transaction or none.

It runs on every ``kaffefoerst demo`` start, so it is built for speed: whole columns are checked
at once (per-row Python only for a column that needs reading or to point at a bad line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.column_map import NATIVE, SERVICES, ColumnMap
from kaffefoerst.io.csv_read import Parsed, read_table
from kaffefoerst.io.csv_schema import OPTIONAL, TABLES, Table
from kaffefoerst.io.import_errors import Problems

# What the database already knows, for references into it: (table, column) -> value -> the
# row's id in the files' terms (its source id). Empty for an empty database.
Known = Callable[[str, str], dict[str, str]]


def _nothing_known(_table: str, _column: str) -> dict[str, str]:
    return {}


def read_import(
    path: Path,
    schema: dict[str, Table],
    mapping: ColumnMap = NATIVE,
    *,
    complete: bool,
    known: Known = _nothing_known,
) -> dict[str, Parsed]:
    """Every table the import holds, checked and in canonical text. ``complete``: every table's
    file must be there (a first import); otherwise the files present are the import. Raises
    ImportFailed with every problem found, or DomainError when the path is not an import."""
    path = Path(path)
    problems = Problems()
    files = _files(path, mapping, complete, problems)
    parsed: dict[str, Parsed] = {}
    for name, file in files.items():
        found = read_table(
            file, schema[name], mapping.tables.get(name), problems, text_ids=not complete
        )
        if found is not None:
            parsed[name] = found
    if not problems:
        _resolve_refs(parsed, schema, mapping, known, problems)
        _services(parsed, known, problems)
        _check_references(parsed, schema, known, problems)
    problems.raise_if_any()
    return parsed


def _files(path: Path, mapping: ColumnMap, complete: bool, problems: Problems) -> dict[str, Path]:
    if path.is_file():
        names = [t for t in TABLES if mapping.file_for(t) == path.name]
        if not names and len(mapping.tables) == 1:
            names = list(mapping.tables)
        if not names:
            raise DomainError("import_file.unknown_file", file=path.name)
        return {names[0]: path}
    if not path.is_dir():
        raise DomainError("import_file.no_path", path=str(path))
    files: dict[str, Path] = {}
    for name in TABLES:
        file = path / mapping.file_for(name)
        if file.is_file():
            files[name] = file
        elif complete and name not in OPTIONAL:
            problems.add("import.missing_file", file=file.name, folder=str(path))
    if not files and not problems:
        raise DomainError("import_file.empty_folder", folder=str(path))
    return files


def _resolve_refs(
    parsed: dict[str, Parsed],
    schema: dict[str, Table],
    mapping: ColumnMap,
    known: Known,
    problems: Problems,
) -> None:
    """A mapped layout may name a carer by initials or a service by code: turn those into ids."""
    for name, table_map in mapping.tables.items():
        table = parsed.get(name)
        if table is None:
            continue
        for column, by in table_map.refs.items():
            if column == SERVICES:
                continue
            ref = schema[name].columns[column].ref
            if ref is None:
                problems.add("import_file.map_column", file=table.file, column=column, table=name)
                continue
            lookup = _lookup(parsed, known, ref[0], by)
            table.columns[column] = _translate(table, column, lookup, ref[0], problems)
        if table.columns:
            table.rows = list(zip(*table.columns.values(), strict=True))
            table.header = list(table.columns)


def _lookup(parsed: dict[str, Parsed], known: Known, target: str, by: str) -> dict[str, str]:
    lookup = dict(known(target, by))
    found = parsed.get(target)
    if found is not None and by in found.columns:
        lookup.update(zip(found.columns[by], found.columns["id"], strict=True))
    return lookup


def _translate(
    table: Parsed, column: str, lookup: dict[str, str], target: str, problems: Problems
) -> list[str]:
    out = []
    for index, value in enumerate(table.columns[column]):
        if value and value not in lookup:
            problems.add(
                "import.foreign_key",
                file=table.file,
                line=table.source.line(index),
                column=column,
                value=value,
                target=target,
            )
        out.append(lookup.get(value, "") if value else "")
    return out


def _services(parsed: dict[str, Parsed], known: Known, problems: Problems) -> None:
    """A mapped visit file's service codes become visitservice rows (the table is then the
    visit file's, not a file of its own)."""
    visits = parsed.get("visit")
    if visits is None or visits.services is None:
        return
    lookup = _lookup(parsed, known, "service", "code")
    pairs: list[tuple[str, str]] = []
    for index, (visit, codes) in enumerate(zip(visits.columns["id"], visits.services, strict=True)):
        for code in dict.fromkeys(codes):
            if code not in lookup:
                problems.add(
                    "import.foreign_key",
                    file=visits.file,
                    line=visits.source.line(index),
                    column=SERVICES,
                    value=code,
                    target="service",
                )
            else:
                pairs.append((visit, lookup[code]))
    columns: dict[str, Sequence[str]] = {
        "visit_id": tuple(p[0] for p in pairs),
        "service_id": tuple(p[1] for p in pairs),
    }
    parsed["visitservice"] = Parsed(visits.source, list(columns), pairs, columns)


def _check_references(
    parsed: dict[str, Parsed], schema: dict[str, Table], known: Known, problems: Problems
) -> None:
    """Every foreign key must point at a row in the import or, for a merge, in the database.

    A key into a table the import does not hold (``boarditem.discussed_in`` points at a meeting,
    and meetings are only ever made by the app) must be empty.
    """
    for name, table in parsed.items():
        for col in schema[name].columns.values():
            if col.ref is None or col.name not in table.columns:
                continue
            target = parsed.get(col.ref[0])
            values = table.columns[col.name]
            known_ids = set(target.columns[col.ref[1]]) if target is not None else set()
            if set(values) - known_ids <= {""}:
                continue
            known_ids |= set(known(col.ref[0], col.ref[1]))
            for index, value in enumerate(values):
                if value and value not in known_ids:
                    problems.add(
                        "import.foreign_key",
                        file=table.file,
                        line=table.source.line(index),
                        column=col.name,
                        value=value,
                        target=f"{col.ref[0]}.csv",
                    )
