"""The base plan (grundplan) in the database, and the days ahead generated from it.

Plain SQL on a Session or a bare sqlite3 connection (``store.sql``, ``store.plan_sql``): the
first board's child makes today before it reads it, without any database library.

- Generating is idempotent: a (base entry, day) pair is made once (``GeneratedVisit`` is unique
  on it), also when two processes generate at the same moment.
- A day that holds visits neither generated nor added on the board came from an import of
  single days: generation leaves that day to the import.
- A paused citizen (``CitizenPause``) gets no visits on their paused days.

A changed base plan: ``store.base_plan_change``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.base_plan import DEFAULT_DAYS, BaseEntry, days_ahead
from kaffefoerst.store import plan_sql
from kaffefoerst.store.assigned_ids import insert_assigned
from kaffefoerst.store.plan_sql import audit_plan, insert_many, rollback
from kaffefoerst.store.problems import is_unique_clash
from kaffefoerst.store.sql import rows

SYSTEM = "system"  # the actor of generation that nobody asked for by name
BASE_COLUMNS = (
    "source_id, citizen_id, weekdays, every_weeks, first_day, last_day, start_min, duration_min,"
    " window_from_min, window_to_min, fixed_time, two_carers, carer_id, second_carer_id, services"
)


@dataclass(frozen=True, slots=True)
class Generated:
    visits: int
    days: tuple[date, ...]  # the days that got visits
    skipped_days: tuple[date, ...] = ()  # days an import brought as single days


# --- reading the base plan ----------------------------------------------------------------------


def _entry(r: Any) -> BaseEntry:
    return BaseEntry(
        citizen_id=r.citizen_id,
        weekdays=frozenset(int(d) for d in str(r.weekdays).split(",") if d.strip()),
        first_day=r.first_day,
        start_min=r.start_min,
        duration_min=r.duration_min,
        every_weeks=r.every_weeks,
        last_day=r.last_day,
        window_from_min=r.window_from_min,
        window_to_min=r.window_to_min,
        fixed_time=bool(r.fixed_time),
        two_carers=bool(r.two_carers),
        carer_id=r.carer_id,
        second_carer_id=r.second_carer_id,
        services=tuple(c for c in str(r.services).split(",") if c),
        source_id=r.source_id,
        id=r.id,
    )


def base_entries(source: object, first: date | None = None) -> list[BaseEntry]:
    """The base plan; with ``first``, only entries that still run on or after it."""
    sql = f"SELECT id, {BASE_COLUMNS} FROM basevisit"
    params: dict[str, object] = {}
    if first is not None:
        sql += " WHERE last_day IS NULL OR last_day >= :first"
        params["first"] = first.isoformat()
    return [
        _entry(r)
        for r in rows(
            source, sql + " ORDER BY id", params, {"first_day": "date", "last_day": "date"}
        )
    ]


def has_base_plan(source: object) -> bool:
    return bool(rows(source, "SELECT 1 AS found FROM basevisit LIMIT 1"))


# --- generating the days ahead ------------------------------------------------------------------


def _paused(source: object, first: date, last: date) -> dict[int, set[date]]:
    found: dict[int, set[date]] = defaultdict(set)
    for r in rows(
        source,
        "SELECT citizen_id, from_day, to_day FROM citizenpause"
        " WHERE from_day <= :last AND to_day >= :first",
        {"first": first.isoformat(), "last": last.isoformat()},
        {"from_day": "date", "to_day": "date"},
    ):
        start, end = max(r.from_day, first), min(r.to_day, last)
        found[r.citizen_id].update(start + timedelta(days=k) for k in range((end - start).days + 1))
    return found


def _imported_days(source: object, first: date, last: date) -> set[str]:
    """Days (ISO) holding a visit neither generated nor added on the board: an import's day."""
    added = {
        r.entity_id
        for r in rows(
            source,
            "SELECT entity_id FROM auditevent WHERE entity = 'visit' AND action = :action",
            {"action": AuditAction.VISIT_ADD.value},
        )
    }
    return {
        str(r.day)  # ISO text: SQLite's own form, and a PostgreSQL date's
        for r in rows(
            source,
            "SELECT v.id, v.day FROM visit v LEFT JOIN generatedvisit g ON g.visit_id = v.id"
            " WHERE v.day >= :first AND v.day <= :last AND g.visit_id IS NULL",
            {"first": first.isoformat(), "last": last.isoformat()},
        )
        if r.id not in added
    }


def service_ids(source: object) -> dict[str, int]:
    return {r.code: r.id for r in rows(source, "SELECT id, code FROM service")}


def visit_rows(
    entry: BaseEntry, day: date, visit_id: int, services: dict[str, int]
) -> tuple[dict[str, object], list[tuple[object, ...]]]:
    visit = {
        "id": visit_id,
        "citizen_id": entry.citizen_id,
        "day": day.isoformat(),
        "start_min": entry.start_min,
        "duration_min": entry.duration_min,
        "window_from_min": entry.window_from_min,
        "window_to_min": entry.window_to_min,
        "fixed_time": bool(entry.fixed_time),
        "two_carers": bool(entry.two_carers),
        "carer_id": entry.carer_id,
        "second_carer_id": entry.second_carer_id,
    }
    links = [(visit_id, services[code]) for code in sorted(set(entry.services)) if code in services]
    return visit, links


VISIT_COLUMNS = (  # no id: the database assigns it (store.assigned_ids)
    "citizen_id",
    "day",
    "start_min",
    "duration_min",
    "window_from_min",
    "window_to_min",
    "fixed_time",
    "two_carers",
    "carer_id",
    "second_carer_id",
    "status",
    "version",
)
SERVICE_COLUMNS = ("visit_id", "service_id")
LINK_COLUMNS = ("visit_id", "base_visit_id", "day")


def _missing(
    source: object, entries: list[BaseEntry], days: list[date]
) -> tuple[list[tuple[BaseEntry, date]], set[date]]:
    """The (entry, day) pairs still to make, and the days an import brought as single days.
    Days stay ISO text here: at Vojens scale this runs for ~10,000 pairs on every open (``str``
    of a PostgreSQL date is the same text)."""
    first, last = days[0], days[-1]
    made = {
        (r.base_visit_id, str(r.day))
        for r in rows(
            source,
            "SELECT base_visit_id, day FROM generatedvisit WHERE day >= :first AND day <= :last",
            {"first": first.isoformat(), "last": last.isoformat()},
        )
    }
    imported = _imported_days(source, first, last)
    paused = _paused(source, first, last)
    by_weekday: dict[int, list[BaseEntry]] = defaultdict(list)
    for entry in entries:
        for weekday in entry.weekdays:
            by_weekday[weekday].append(entry)
    todo = []
    for day in days:
        iso = day.isoformat()
        if iso in imported:
            continue
        for entry in by_weekday.get(day.isoweekday(), ()):
            if (
                (entry.id, iso) not in made
                and entry.occurs_on(day)
                and day not in paused.get(entry.citizen_id, ())
            ):
                todo.append((entry, day))
    return todo, {date.fromisoformat(d) for d in imported}


def _insert(source: object, todo: list[tuple[BaseEntry, date]]) -> None:
    """Insert in the caller's transaction; the database assigns the visits' ids."""
    services = service_ids(source)
    iso = {day: day.isoformat() for day in {d for _, d in todo}}
    # Booleans as bools: PostgreSQL's boolean column takes no 0/1 (SQLite stores 1/0 alike).
    visits = [
        (
            entry.citizen_id,
            iso[day],
            entry.start_min,
            entry.duration_min,
            entry.window_from_min,
            entry.window_to_min,
            bool(entry.fixed_time),
            bool(entry.two_carers),
            entry.carer_id,
            entry.second_carer_id,
            "PLANNED",
            1,
        )
        for entry, day in todo
    ]
    visit_ids = insert_assigned(source, "visit", VISIT_COLUMNS, visits)
    links: list[tuple[object, ...]] = []
    generated: list[tuple[object, ...]] = []
    codes: dict[int | None, list[int]] = {}
    for visit_id, (entry, day) in zip(visit_ids, todo, strict=True):
        if entry.id not in codes:
            codes[entry.id] = [services[c] for c in sorted(set(entry.services)) if c in services]
        links += [(visit_id, s) for s in codes[entry.id]]
        generated.append((visit_id, entry.id, iso[day]))
    insert_many(source, "visitservice", SERVICE_COLUMNS, links)
    insert_many(source, "generatedvisit", LINK_COLUMNS, generated)


def generate_days(
    source: object,
    today: date,
    days: int = DEFAULT_DAYS,
    *,
    now: datetime,
    actor: str = SYSTEM,
    commit: bool = True,
) -> Generated:
    """Make the visits of the base plan for ``today`` and the days after it that are missing.
    Nothing missing: nothing written (no audit event either)."""
    wanted = days_ahead(today, days)
    entries = [e for e in base_entries(source, today) if e.first_day <= wanted[-1]]
    if not entries:
        return Generated(0, ())
    for attempt in range(2):
        todo, imported = _missing(source, entries, wanted)
        if not todo:
            return Generated(0, (), tuple(sorted(imported)))
        made_days = tuple(sorted({day for _, day in todo}))
        try:
            # The audit row first: on SQLite it takes the write lock, so a second generator
            # waits here, then clashes on GeneratedVisit's unique (entry, day) and looks again.
            audit_plan(
                source,
                AuditAction.PLAN_GENERATE,
                actor,
                now,
                {
                    "from": wanted[0].isoformat(),
                    "to": wanted[-1].isoformat(),
                    "visits": len(todo),
                    "days": [d.isoformat() for d in made_days],
                },
            )
            _insert(source, todo)
            if commit:
                plan_sql.commit(source)
        except Exception as exc:
            rollback(source)
            if commit and attempt == 0 and is_unique_clash(exc):
                continue  # another process generated the same days first: look again
            raise
        return Generated(len(todo), made_days, tuple(sorted(imported)))
    raise AssertionError("unreachable")
