"""Load the CSV import format (one file per table, see sample_data/README.md) into an empty db.

It runs on every ``kaffefoerst demo`` start, so it is built for speed: the csv module parses,
whole columns are checked at once (per-row Python only to point at a bad line), and the parsed
rows go straight to SQLite through ``executemany``. SQLite's column affinity turns digit strings
into integers, ``NULLIF(?, '')`` turns empty cells into NULL, ``date(?, '+N days')`` shifts
dates, and ``datetime(?, '+N days', 'utc')`` shifts date-times written as local wall-clock time
('YYYY-MM-DD HH:MM:SS', as people read them) and stores them in UTC; an empty cell in a
nullable date column stays NULL through both. One transaction: all or nothing.
"""

from __future__ import annotations

import csv
import gc
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.enums import (
    AbsenceKind,
    CoverSource,
    Profession,
    ShiftKind,
    TeamRole,
    TriageColour,
    VisitStatus,
)
from kaffefoerst.store.write_lock import lock_sqlite3
from kaffefoerst.visible import CONTROL_BUT_LINES

if TYPE_CHECKING:
    from kaffefoerst.store import Store

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
# Files an older import folder may lack: no file loads no rows.
OPTIONAL = frozenset({"coach"})
# A whole column joined by commas, checked in one pass; at most 18 digits fit SQLite's 64 bits.
_INTS = re.compile(r"[0-9]{1,18}(?:,[0-9]{1,18})*")
_INTS_OR_EMPTY = re.compile(r"[0-9]{0,18}(?:,[0-9]{0,18})*")
_LEADING_ZERO = re.compile(r"(?:^|,)0[0-9]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
_EXPECTED = {
    "int": "0-9",
    "bool": "0|1",
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM:SS",
}


@dataclass(frozen=True, slots=True)
class _Column:
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
class _Table:
    name: str
    columns: dict[str, _Column]
    key: tuple[str, ...]  # a composite primary key, checked for duplicates as a whole


@cache
def _schema() -> dict[str, _Table]:
    """The columns of each table, read from the SQLModel metadata (model.py is the one truth)."""
    # start-up: the demo's child loads the sample with schema_from() and no SQLAlchemy.
    from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, TypeDecorator
    from sqlmodel import SQLModel

    import kaffefoerst.model  # noqa: F401  (registers the tables)

    tables: dict[str, _Table] = {}
    for name in TABLES:
        table = SQLModel.metadata.tables[name]
        unique_indexes = {
            next(iter(ix.columns)).name
            for ix in table.indexes
            if ix.unique and len(ix.columns) == 1
        }
        primary = tuple(c.name for c in table.primary_key.columns)
        columns: dict[str, _Column] = {}
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
            columns[col.name] = _Column(
                col.name,
                kind,
                bool(col.nullable) and not col.primary_key,
                bool(col.unique) or col.name in unique_indexes or primary == (col.name,),
                tuple(typ.enums) if isinstance(typ, Enum) else (),
                (fk.column.table.name, fk.column.name) if fk is not None else None,
            )
        tables[name] = _Table(name, columns, primary if len(primary) > 1 else ())
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


def schema_from(cur: sqlite3.Cursor) -> dict[str, _Table]:
    """The same description as _schema(), read from the database's own PRAGMAs, so a database
    built with sqlite3 alone can be loaded without importing the model (the demo's fast start).
    """
    tables: dict[str, _Table] = {}
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
        columns: dict[str, _Column] = {}
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
            columns[col] = _Column(
                col,
                kind,
                not notnull and not pk,
                col in unique or primary == [col],
                tuple(e.name for e in enum) if enum else (),
                refs.get(col),
            )
        tables[name] = _Table(name, columns, tuple(primary) if len(primary) > 1 else ())
    return tables


def expected_header(table: str) -> list[str]:
    """The column names a table's CSV file must have (any order)."""
    return list(_schema()[table].columns)


def load_csv_dir(store: Store, folder: Path, *, shift_days: int = 0) -> dict[str, int]:
    """Validate and load every table's CSV file from ``folder`` into an empty database
    (see load_into)."""
    raw = store.engine.raw_connection()
    try:
        return load_into(raw, folder, shift_days=shift_days, label=str(store.path or ""))
    finally:
        raw.close()


def load_into(
    raw: sqlite3.Connection, folder: Path, *, shift_days: int = 0, label: str = ""
) -> dict[str, int]:
    """Validate and load every table's CSV file from ``folder`` into an empty database.

    Dates and date-times move by ``shift_days``. Returns the number of rows loaded per table. Raises
    DomainError, and then the database is exactly as before.
    """
    folder = Path(folder)
    gc_was_on = gc.isenabled()
    gc.disable()  # tens of thousands of small lists; collections would only rescan them
    try:
        cur = raw.cursor()
        # Checked in Python below (every foreign key in the model), so SQLite need not look up
        # three parents per visit. The pragma only works outside a transaction.
        cur.execute("PRAGMA foreign_keys = OFF")
        lock_sqlite3(raw)
        for name in TABLES:
            if cur.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone():
                raise DomainError("import.not_empty", path=label, table=name)
        schema = schema_from(cur)
        parsed = {name: _read(folder, schema[name]) for name in TABLES}
        _check_references(parsed, schema)
        # Bulk-load idiom: building an index once after the rows is cheaper than row by row.
        # Same transaction, same SQL text, so the schema ends exactly as it began.
        indexes = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for index_name, _ in indexes:
            cur.execute(f'DROP INDEX "{index_name}"')
        counts: dict[str, int] = {}
        for name in TABLES:
            header, rows = parsed[name].header, parsed[name].rows
            try:
                cur.executemany(_insert_sql(schema[name], header, shift_days), rows)
            except sqlite3.DatabaseError as exc:
                raise DomainError("import.rejected", file=f"{name}.csv", reason=str(exc)) from exc
            counts[name] = len(rows)
        for index_name, sql in indexes:
            try:
                cur.execute(sql)
            except sqlite3.IntegrityError as exc:  # a unique index; _check_unique should catch it
                raise DomainError("import.rejected", file=index_name, reason=str(exc)) from exc
        raw.commit()
        return counts
    except BaseException:
        raw.rollback()
        raise
    finally:
        try:
            raw.cursor().execute("PRAGMA foreign_keys = ON")
        finally:
            if gc_was_on:
                gc.enable()


@dataclass(slots=True)
class _Parsed:
    path: Path
    header: list[str]
    rows: list[list[str]]
    columns: dict[str, Sequence[str]]


def _read(folder: Path, table: _Table) -> _Parsed:
    path = folder / f"{table.name}.csv"
    file = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows = list(reader)
    except FileNotFoundError as exc:
        if table.name in OPTIONAL:
            empty = list(table.columns)
            return _Parsed(path, empty, [], dict.fromkeys(empty, ()))
        raise DomainError("import.missing_file", file=file, folder=str(folder)) from exc
    except UnicodeDecodeError as exc:
        raise DomainError("import.unreadable", file=file, line=_undecodable_line(path)) from exc
    except csv.Error as exc:
        raise DomainError("import.unreadable", file=file, line=reader.line_num) from exc

    header = [h.strip() for h in header]
    expected = list(table.columns)
    if sorted(header) != sorted(expected):
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected or header.count(c) > 1]
        raise DomainError(
            "import.bad_header",
            file=file,
            missing=", ".join(missing) or "-",
            extra=", ".join(dict.fromkeys(extra)) or "-",
            expected=", ".join(expected),
        )
    width = len(header)
    widths = set(map(len, rows))
    if 0 in widths:  # blank lines
        rows = [r for r in rows if r]
        widths.discard(0)
    if widths - {width}:
        index = next(i for i, r in enumerate(rows) if len(r) != width)
        raise DomainError(
            "import.bad_row",
            file=file,
            line=_line(path, index),
            found=len(rows[index]),
            expected=width,
        )
    columns = dict(zip(header, zip(*rows, strict=True) if rows else [()] * width, strict=True))
    _check_controls(path, columns)
    for name, values in columns.items():
        columns[name] = _check_column(path, table.columns[name], values)
    _check_unique(path, table, columns)
    return _Parsed(path, header, rows, columns)


def _check_controls(path: Path, columns: dict[str, Sequence[str]]) -> None:
    """Text is data, never terminal control: a control character (ESC starting a sequence that
    would retitle or clear a screen, BEL, …) is refused where it stands. A quoted line break or
    a tab is text (a note may have several lines); the screen shows those safely."""
    for name, values in columns.items():
        if CONTROL_BUT_LINES.search("".join(values)) is None:  # one pass over the whole column
            continue
        index = next(i for i, v in enumerate(values) if CONTROL_BUT_LINES.search(v))
        found = CONTROL_BUT_LINES.search(values[index])
        assert found is not None
        raise DomainError(
            "import.control",
            file=path.name,
            line=_line(path, index),
            column=name,
            position=found.start() + 1,
            code=f"U+{ord(found.group()):04X}",
        )


def _check_column(path: Path, col: _Column, values: Sequence[str]) -> Sequence[str]:
    """Raise on the first bad value; integers come back in canonical form for comparing."""
    ok: Callable[[str], bool] | None = None
    if col.kind == "int" and values:
        joined = ",".join(values)  # one regex pass over the column, unless a cell holds a comma
        pattern = _INTS_OR_EMPTY if col.nullable else _INTS
        if joined.count(",") != len(values) - 1 or not pattern.fullmatch(joined):
            ok = _int_ok(col.nullable)
        elif (joined[:1] == "0" or ",0" in joined) and _LEADING_ZERO.search(joined):
            values = tuple(str(int(v)) if v else v for v in values)  # "007" is 7, as in SQLite
    elif col.kind == "bool" and not set(values) <= {"0", "1"}:
        ok = {"0", "1"}.__contains__
    elif col.kind == "enum" and not set(values) <= set(col.choices):
        ok = set(col.choices).__contains__
    elif col.kind in ("date", "datetime"):
        check = _date_ok if col.kind == "date" else _datetime_ok
        distinct = set(values)
        if col.nullable:
            distinct.discard("")
        if not all(map(check, distinct)):
            ok = (lambda v: v == "" or check(v)) if col.nullable else check
    if ok is not None:
        index = next(i for i, v in enumerate(values) if not ok(v))
        raise DomainError(
            "import.bad_value",
            file=path.name,
            line=_line(path, index),
            column=col.name,
            value=values[index],
            expected=col.expected,
        )
    return values


def _int_ok(nullable: bool) -> Callable[[str], bool]:
    pattern = _INTS_OR_EMPTY if nullable else _INTS
    return lambda value: "," not in value and pattern.fullmatch(value) is not None


def _date_ok(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _datetime_ok(value: str) -> bool:
    """'YYYY-MM-DD HH:MM:SS', local wall-clock time: the form SQLite's datetime() reads."""
    if not _ISO_DATETIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_unique(path: Path, table: _Table, by_name: dict[str, Sequence[str]]) -> None:
    """Primary keys and unique columns; a composite key is reported as "a,b"."""
    checks = [(col.name, by_name[col.name]) for col in table.columns.values() if col.unique]
    if table.key:
        pairs = [",".join(p) for p in zip(*(by_name[c] for c in table.key), strict=True)]
        checks.append((",".join(table.key), pairs))
    for name, values in checks:
        if len(set(values)) == len(values):
            continue
        first: dict[str, int] = {}
        for index, value in enumerate(values):
            if value in first:
                raise DomainError(
                    "import.duplicate",
                    file=path.name,
                    line=_line(path, index),
                    column=name,
                    value=value,
                    first_line=_line(path, first[value]),
                )
            first[value] = index


def _check_references(parsed: dict[str, _Parsed], schema: dict[str, _Table]) -> None:
    """Every foreign key must point at a row in the import (the database is empty).

    A key into a table the import does not hold (``boarditem.discussed_in`` points at a meeting,
    and meetings are only ever made by the app) must be empty.
    """
    for name in TABLES:
        for col in schema[name].columns.values():
            if col.ref is None:
                continue
            target = parsed.get(col.ref[0])
            known = set(target.columns[col.ref[1]]) if target is not None else set()
            values = parsed[name].columns[col.name]
            if set(values) - known <= {""}:
                continue
            index = next(i for i, v in enumerate(values) if v and v not in known)
            raise DomainError(
                "import.foreign_key",
                file=f"{name}.csv",
                line=_line(parsed[name].path, index),
                column=col.name,
                value=values[index],
                target=f"{col.ref[0]}.csv",
            )


def _line(path: Path, index: int) -> int:
    """The line number of data row ``index`` (the header is line 1); reads the file again so that
    blank lines and quoted line breaks count. Only called to report a problem."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        seen = -1
        for row in reader:
            if row:
                seen += 1
                if seen == index:
                    return reader.line_num
    return index + 2


def _undecodable_line(path: Path) -> int:
    for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1


def _insert_sql(table: _Table, header: list[str], shift_days: int) -> str:
    values = []
    for name in header:
        col = table.columns[name]
        if col.kind == "datetime":  # local wall-clock time in the file, UTC in the database
            values.append(f"datetime(?, '{shift_days:+d} days', 'utc')")
        elif col.kind == "date" and shift_days:
            values.append(f"date(?, '{shift_days:+d} days')")
        elif col.nullable:
            values.append("NULLIF(?, '')")
        else:
            values.append("?")
    names = ", ".join(f'"{n}"' for n in header)
    return f"INSERT INTO {table.name} ({names}) VALUES ({', '.join(values)})"
