"""Reading a base plan (grundplan.csv): one recurring visit per row, every bad cell reported.

The import calls ``parse_base_rows`` with rows it has already decoded (separator, encoding,
Danish dates and times are the import's business), or ``read_base_plan`` reads a plain UTF-8
file. Either gives ``BaseEntry`` objects whose ``citizen_id`` and carers are the *file's* ids;
the import maps them to the database's before it calls ``store.base_plan.apply_base_plan``.

Columns (any order; ``source_id`` may stand for ``id``):
id, citizen_id, weekdays, every_weeks, first_day, last_day, start_min, duration_min,
window_from_min, window_to_min, fixed_time, two_carers, carer_id, second_carer_id, services
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kaffefoerst.domain.base_plan import BaseEntry, check_entry, parse_weekdays
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t

FILE = "grundplan.csv"
REQUIRED = ("id", "citizen_id", "weekdays", "first_day", "start_min", "duration_min")
OPTIONAL = (
    "every_weeks",
    "last_day",
    "window_from_min",
    "window_to_min",
    "fixed_time",
    "two_carers",
    "carer_id",
    "second_carer_id",
    "services",
)
MAX_REPORTED = 20  # bad cells listed; the rest are counted
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_DATE_DMY = re.compile(r"([0-9]{1,2})[-.]([0-9]{1,2})[-.]([0-9]{4})")


class _Bad(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _minutes(text: str) -> int:
    """'450', '7:30' or '07.30' as minutes after midnight."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = _TIME.fullmatch(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return int(match[1]) * 60 + int(match[2])
    raise _Bad(t("base_plan.not_time"))


def _int(text: str) -> int:
    if text.strip().isdigit() and len(text.strip()) <= 9:
        return int(text.strip())
    raise _Bad(t("base_plan.not_number"))


def _day(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DATE_DMY.fullmatch(text)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    raise _Bad(t("base_plan.not_date"))


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("0", "", "nej", "no", "false"):
        return False
    if value in ("1", "ja", "yes", "true"):
        return True
    raise _Bad(t("base_plan.not_bool"))


class _Row:
    """One row's cells, each parsed or reported (with file, line, column, value and why)."""

    def __init__(self, row: dict[str, str], line: int, file: str, problems: list[str]) -> None:
        self.row, self.line, self.file, self.problems = row, line, file, problems

    def cell(self, name: str, parse: Callable[[str], Any], default: Any = None) -> Any:
        text = self.row.get(name, "")
        if text == "":
            if name in REQUIRED:
                self._bad(name, text, t("base_plan.empty"))
            return default
        try:
            return parse(text)
        except _Bad as exc:
            self._bad(name, text, exc.reason)
        except DomainError as exc:
            self._bad(name, text, t(exc.key, **exc.fields))
        return default

    def _bad(self, name: str, text: str, reason: str) -> None:
        self.problems.append(_problem(self.file, self.line, name, text, reason))


def parse_base_rows(
    rows: Iterable[tuple[int, dict[str, str]]], file: str = FILE, shift_days: int = 0
) -> list[BaseEntry]:
    """(line number, {column: text}) → entries; every bad cell at once in one DomainError."""
    problems: list[str] = []
    entries: list[BaseEntry] = []
    for line, raw in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if "id" not in row and "source_id" in row:
            row["id"] = row["source_id"]
        bad_before = len(problems)

        cell = _Row(row, line, file, problems).cell
        source_id = row.get("id", "")
        if not source_id:
            problems.append(_problem(file, line, "id", "", t("base_plan.empty")))
        citizen = cell("citizen_id", _int)
        weekdays = cell("weekdays", parse_weekdays)
        first = cell("first_day", _day)
        last = cell("last_day", _day)
        start = cell("start_min", _minutes)
        duration = cell("duration_min", _int)
        every = cell("every_weeks", _int, 1)
        wf = cell("window_from_min", _minutes)
        wt = cell("window_to_min", _minutes)
        fixed = cell("fixed_time", _bool, False)
        two = cell("two_carers", _bool, False)
        carer = cell("carer_id", _int)
        second = cell("second_carer_id", _int)
        services = tuple(c.strip() for c in row.get("services", "").split(",") if c.strip())
        if len(problems) > bad_before:
            continue
        shift = timedelta(days=shift_days)
        entry = BaseEntry(
            citizen_id=citizen,
            weekdays=weekdays,
            first_day=first + shift,
            start_min=start,
            duration_min=duration,
            every_weeks=every,
            last_day=last + shift if last else None,
            window_from_min=wf,
            window_to_min=wt,
            fixed_time=fixed,
            two_carers=two,
            carer_id=carer,
            second_carer_id=second,
            services=services,
            source_id=source_id,
        )
        try:
            check_entry(entry)
        except DomainError as exc:
            problems.append(_problem(file, line, "-", source_id, t(exc.key, **exc.fields)))
            continue
        entries.append(entry)
    if problems:
        shown = problems[:MAX_REPORTED]
        rest = len(problems) - len(shown)
        text = "\n".join(shown) + ("\n" + t("base_plan.more", n=rest) if rest > 0 else "")
        raise DomainError("base_plan.bad_rows", file=file, n=len(problems), problems=text)
    return entries


def _problem(file: str, line: int, column: str, value: str, reason: str) -> str:
    return t("base_plan.bad_cell", file=file, line=line, column=column, value=value, reason=reason)


def read_base_plan(path: Path, shift_days: int = 0) -> list[BaseEntry]:
    """A plain UTF-8 (BOM accepted) comma-separated grundplan.csv."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [
                c for c in REQUIRED if c not in header and not (c == "id" and "source_id" in header)
            ]
            if missing:
                raise DomainError(
                    "base_plan.missing_columns", file=path.name, missing=", ".join(missing)
                )
            return parse_base_rows(
                ((n, r) for n, r in enumerate(reader, start=2)), path.name, shift_days
            )
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DomainError("base_plan.unreadable", file=str(path), reason=str(exc)) from exc
