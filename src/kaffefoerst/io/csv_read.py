"""Reading one table's file into canonical columns, every problem noted (none raised)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.column_map import SERVICES, TableMap
from kaffefoerst.io.csv_columns import check_column
from kaffefoerst.io.csv_dialect import CsvText, read_csv
from kaffefoerst.io.csv_schema import LATER_COLUMNS, SOURCED_TABLES, Table
from kaffefoerst.io.import_errors import Problems
from kaffefoerst.io.import_rules import ORDERED, clock_text, cpr_column, cpr_header

_CODES = re.compile(r"\s*[,+/]\s*")


@dataclass(slots=True)
class Parsed:
    source: CsvText
    header: list[str]  # our column names, in the order of ``rows``
    rows: list[Sequence[str]]
    columns: dict[str, Sequence[str]]
    services: list[list[str]] | None = None  # a mapped visit file's service codes, per row

    @property
    def file(self) -> str:
        return self.source.path.name


def read_table(
    path: Path,
    table: Table,
    mapping: TableMap | None,
    problems: Problems,
    *,
    text_ids: bool = False,
) -> Parsed | None:
    """The table's rows in canonical text, or None when the file is too broken to check
    further (its problems are in ``problems``). ``text_ids``: ids of the care system's records
    and references to them may be any text ("V-1001"), as a merge stores them in source_id.
    Raises FileNotFoundError."""
    try:
        source = read_csv(path)
    except DomainError as exc:
        problems.add_error(exc)
        return None
    except OSError as exc:  # no permission, a folder named visit.csv, a vanished disk
        problems.add("import_file.unreadable", file=path.name, reason=exc.strerror or str(exc))
        return None
    file = path.name
    for number, name in enumerate(source.header, 1):
        if cpr_header(name):
            problems.add("import_problem.cpr_header", file=file, column_no=number, column=name)
            return None
    width = len(source.header)
    short = [i for i, row in enumerate(source.rows) if len(row) != width]
    for index in short:
        problems.add(
            "import.bad_row",
            file=file,
            line=source.line(index),
            found=len(source.rows[index]),
            expected=width,
        )
    spots = _columns(source, table, mapping, problems)
    if spots is None or short:
        return None
    raw = list(zip(*source.rows, strict=True)) if source.rows else [()] * width
    for number, values in enumerate(raw, 1):
        if not _may_hold_text(source.header[number - 1], table, mapping, spots):
            continue
        index = cpr_column(values)
        if index is not None:
            problems.add(
                "import_problem.cpr_value",
                file=file,
                line=source.line(index),
                column_no=number,
                column=source.header[number - 1],
            )
            return None
    count = len(source.rows)
    columns: dict[str, Sequence[str]] = {}
    changed = False
    for name, (spot, label) in spots.items():
        values = raw[spot] if isinstance(spot, int) else (spot,) * count
        col = table.columns[name]
        if mapping is not None and name in mapping.refs:  # "MH" for a carer: read as text,
            col = replace(col, kind="text")  # turned into the carer's id by the reference
        elif text_ids and is_source_id(table, name):
            col = replace(col, kind="text")
            _check_filled(source, values, problems, label, spot)
        found = check_column(
            source,
            table.name,
            col,
            values,
            problems,
            label,
            spot + 1 if isinstance(spot, int) else 0,
        )
        changed = changed or found is not values or not isinstance(spot, int)
        columns[name] = found
    services = None
    if mapping is not None and mapping.columns.get(SERVICES) in _where(source):
        spot = _where(source)[mapping.columns[SERVICES]]
        services = [[c for c in _CODES.split(v.strip()) if c] for v in raw[spot]]
    _check_order(source, table, columns, problems)
    _check_unique(source, table, columns, problems)
    header = list(columns)
    if mapping is None and not changed:
        rows: list[Sequence[str]] = source.rows
        header = source.header
    else:
        rows = list(zip(*columns.values(), strict=True)) if count else []
    return Parsed(source, header, rows, columns, services)


def is_source_id(table: Table, name: str) -> bool:
    """The care system's id of a record, or a reference to one."""
    col = table.columns[name]
    if name == "id":
        return table.name in SOURCED_TABLES
    return col.ref is not None and col.ref[0] in SOURCED_TABLES


def _check_filled(
    source: CsvText, values: Sequence[str], problems: Problems, label: str, spot: int | str
) -> None:
    """An id read as text must still be there (a reference may be empty: no carer yet)."""
    if label != "id" or all(values):
        return
    for index, value in enumerate(values):
        if not value.strip():
            problems.add(
                "import_problem.empty",
                file=source.path.name,
                line=source.line(index),
                column_no=spot + 1 if isinstance(spot, int) else 0,
                column=label,
                value=value,
            )


def _may_hold_text(
    header: str, table: Table, mapping: TableMap | None, spots: dict[str, tuple[int | str, str]]
) -> bool:
    """Whether a column could carry a CPR number: ours of kind text, or one we do not read
    (a number column that reads as numbers cannot hold ddmmyy-xxxx)."""
    for name, (_spot, label) in spots.items():
        if label == header and isinstance(_spot, int):
            return table.columns[name].kind == "text"
    return True


def _where(source: CsvText) -> dict[str, int]:
    return {name: i for i, name in enumerate(source.header)}


def _columns(
    source: CsvText, table: Table, mapping: TableMap | None, problems: Problems
) -> dict[str, tuple[int | str, str]] | None:
    """Where each of our columns is: a position in their row, or a constant default; with the
    header as the file names it. None if the header does not fit (noted)."""
    file = source.path.name
    header = source.header
    expected = table.file_columns
    if mapping is None:
        later = [c for c in expected if (table.name, c) in LATER_COLUMNS and c not in header]
        if sorted(header) != sorted(c for c in expected if c not in later):
            missing = [c for c in expected if c not in header]
            extra = [c for c in header if c not in expected or header.count(c) > 1]
            problems.add(
                "import.bad_header",
                file=file,
                missing=", ".join(missing) or "-",
                extra=", ".join(dict.fromkeys(extra)) or "-",
                expected=", ".join(expected),
            )
            return None
        return {name: (header.index(name), name) for name in expected if name not in later}
    where = _where(source)
    spots: dict[str, tuple[int | str, str]] = {}
    ok = True
    for name, theirs in mapping.columns.items():
        if name != SERVICES and name not in table.columns:
            problems.add("import_file.map_column", file=file, column=name, table=table.name)
            ok = False
        elif theirs not in where:
            problems.add("import_file.map_missing", file=file, column=theirs, ours=name)
            ok = False
    for name in expected:
        col = table.columns[name]
        if name in mapping.columns and mapping.columns[name] in where:
            spots[name] = (where[mapping.columns[name]], mapping.columns[name])
        elif (default := mapping.default(name)) is not None:
            spots[name] = (default, name)
        elif (table.name, name) in LATER_COLUMNS:
            continue  # not in their file: left as it is
        elif col.nullable or col.kind == "text":
            spots[name] = ("", name)
        elif name not in mapping.columns:
            problems.add("import_file.map_unmapped", file=file, column=name, table=table.name)
            ok = False
    return spots if ok else None


def _check_order(
    source: CsvText, table: Table, columns: dict[str, Sequence[str]], problems: Problems
) -> None:
    for name, first, last, key, strict in ORDERED:
        if name != table.name:
            continue
        pairs = list(zip(columns[first], columns[last], strict=True))
        if not any(_wrong(a, b, strict) for a, b in set(pairs)):  # few distinct pairs
            continue
        for index, (a, b) in enumerate(pairs):
            if _wrong(a, b, strict):
                problems.add(
                    key,
                    file=source.path.name,
                    line=source.line(index),
                    start=clock_text(int(a)),
                    end=clock_text(int(b)),
                )


def _wrong(a: str, b: str, strict: bool) -> bool:
    return bool(a and b) and (int(a) >= int(b) if strict else int(a) > int(b))


def _check_unique(
    source: CsvText, table: Table, columns: dict[str, Sequence[str]], problems: Problems
) -> None:
    """Primary keys and unique columns; a composite key is reported as "a,b"."""
    checks = [
        (c.name, columns[c.name]) for c in table.columns.values() if c.unique and c.name in columns
    ]
    if table.key:
        pairs = [",".join(p) for p in zip(*(columns[c] for c in table.key), strict=True)]
        checks.append((",".join(table.key), pairs))
    for name, values in checks:
        if len(set(values)) == len(values):
            continue
        first: dict[str, int] = {}
        for index, value in enumerate(values):
            if value in first and value != "":
                problems.add(
                    "import.duplicate",
                    file=source.path.name,
                    line=source.line(index),
                    column=name,
                    value=value,
                    first_line=source.line(first[value]),
                )
            first.setdefault(value, index)
