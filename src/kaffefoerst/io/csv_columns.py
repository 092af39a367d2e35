"""Checking and reading one whole column of an import file.

Built for the demo's start: a column already in canonical form is checked in one regex pass
over the joined column; only a column that fails is read cell by cell (Danish forms such as
``7.30`` or ``24-11-2026``), and each cell that still cannot be read becomes a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kaffefoerst.io import csv_values
from kaffefoerst.io.csv_dialect import CsvText
from kaffefoerst.io.csv_schema import Column
from kaffefoerst.io.import_errors import Problems
from kaffefoerst.io.import_rules import CLOCKS, RANGES, TEXT_CAPS, TEXT_MAX, clock_text
from kaffefoerst.visible import CONTROL_BUT_LINES

# A whole column joined by commas, checked in one pass; at most 18 digits fit SQLite's 64 bits.
_INTS = re.compile(r"[0-9]{1,18}(?:,[0-9]{1,18})*")
_INTS_OR_EMPTY = re.compile(r"[0-9]{0,18}(?:,[0-9]{0,18})*")
_LEADING_ZERO = re.compile(r"(?:^|,)0[0-9]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")

Reader = Callable[[str], "str | None"]


def _reader(table: str, col: Column) -> tuple[Reader, str] | None:
    """How to read one cell of a column that failed the fast check, and the problem key."""
    if col.kind == "int":
        if (table, col.name) in CLOCKS:
            return csv_values.clock, "import_problem.not_time"
        return csv_values.whole, "import_problem.not_whole"
    if col.kind == "bool":
        return csv_values.yes_no, "import_problem.not_yes_no"
    if col.kind == "date":
        return csv_values.day, "import_problem.not_date"
    if col.kind == "datetime":
        return csv_values.moment, "import_problem.not_moment"
    if col.kind == "enum":
        choices = set(col.choices)
        return (lambda v: v if v in choices else None), "import.bad_value"
    return None


def _canonical(table: str, col: Column, values: Sequence[str]) -> Sequence[str] | None:
    """The column as it is when every cell is already canonical, else None. One pass."""
    if not values:
        return values
    if col.kind == "int":
        joined = ",".join(values)
        pattern = _INTS_OR_EMPTY if col.nullable else _INTS
        if joined.count(",") != len(values) - 1 or not pattern.fullmatch(joined):
            return None
        if (joined[:1] == "0" or ",0" in joined) and _LEADING_ZERO.search(joined):
            return tuple(str(int(v)) if v else v for v in values)  # "007" is 7, as in SQLite
        return values
    distinct = set(values)
    if col.nullable:
        distinct.discard("")
    if col.kind == "bool":
        return values if distinct <= {"0", "1"} else None
    if col.kind == "enum":
        return values if distinct <= set(col.choices) else None
    if col.kind == "date":
        return values if all(map(_iso_date, distinct)) else None
    if col.kind == "datetime":
        return values if all(map(_iso_datetime, distinct)) else None
    return values


def _iso_date(value: str) -> bool:
    return _ISO_DATE.fullmatch(value) is not None and csv_values.day(value) == value


def _iso_datetime(value: str) -> bool:
    return _ISO_DATETIME.fullmatch(value) is not None and csv_values.moment(value) == value


def check_column(
    source: CsvText,
    table: str,
    col: Column,
    values: Sequence[str],
    problems: Problems,
    column_name: str,
    column_no: int,
) -> Sequence[str]:
    """The column in canonical text; every cell that cannot be read is added to ``problems``.
    ``column_name`` is the header as the file spells it (a mapped layout has its own)."""
    file = source.path.name
    found = _canonical(table, col, values)
    if found is None:
        how = _reader(table, col)
        assert how is not None  # text always passes
        read, key = how
        out: list[str] = []
        for index, value in enumerate(values):
            if value.strip() == "" and col.nullable:
                out.append("")
                continue
            got = read(value) if value.strip() else None
            if got is None:
                problems.add(
                    "import_problem.empty" if not value.strip() else key,
                    file=file,
                    line=source.line(index),
                    column_no=column_no,
                    column=column_name,
                    value=value,
                    expected=col.expected,
                )
                got = ""
            out.append(got)
        found = out
    if col.kind == "text":
        most = TEXT_CAPS.get((table, col.name), TEXT_MAX)
        _check_text(source, found, problems, column_name, column_no, most)
    bounds = RANGES.get((table, col.name))
    if bounds is not None:
        _check_range(source, table, col, found, bounds, problems, column_name, column_no)
    return found


def _check_text(
    source: CsvText,
    values: Sequence[str],
    problems: Problems,
    name: str,
    column_no: int,
    most: int = TEXT_MAX,
) -> None:
    """Text is data, never terminal control: a control character (ESC starting a sequence that
    would retitle or clear a screen, BEL, …) is refused where it stands. A quoted line break or
    a tab is text (a note may have several lines); the screen shows those safely."""
    joined = "".join(values)
    if CONTROL_BUT_LINES.search(joined) is not None:
        for index, value in enumerate(values):
            hit = CONTROL_BUT_LINES.search(value)
            if hit is not None:
                problems.add(
                    "import.control",
                    file=source.path.name,
                    line=source.line(index),
                    column_no=column_no,
                    column=name,
                    position=hit.start() + 1,
                    code=f"U+{ord(hit.group()):04X}",
                )
    if len(joined) > most and max(map(len, values)) > most:
        for index, value in enumerate(values):
            if len(value) > most:
                problems.add(
                    "import_problem.too_long",
                    file=source.path.name,
                    line=source.line(index),
                    column_no=column_no,
                    column=name,
                    length=len(value),
                    most=most,
                )


def _check_range(
    source: CsvText,
    table: str,
    col: Column,
    values: Sequence[str],
    bounds: tuple[int, int],
    problems: Problems,
    name: str,
    column_no: int,
) -> None:
    low, high = bounds
    numbers = [int(v) for v in set(values) if v]  # few distinct values: times, durations
    if not numbers or low <= min(numbers) and max(numbers) <= high:
        return
    clock = (table, col.name) in CLOCKS
    for index, value in enumerate(values):
        if value and not low <= int(value) <= high:
            problems.add(
                "import_problem.out_of_day" if clock else "import_problem.out_of_range",
                file=source.path.name,
                line=source.line(index),
                column_no=column_no,
                column=name,
                value=value,
                low=clock_text(low) if clock else low,
                high=clock_text(high) if clock else high,
            )
