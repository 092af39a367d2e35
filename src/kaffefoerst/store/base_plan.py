"""The base plan (grundplan) in the database: keep the days ahead generated from it, and apply
a changed base plan to the generated days the team has not touched, saying which.

Plain SQL on a Session or a bare sqlite3 connection (``store.sql``): the first board's child
generates the day before it reads it, without any database library.

- Generating is idempotent: a (base entry, day) pair is made once (``GeneratedVisit`` is unique
  on it), also when two processes generate at the same moment.
- A day that holds visits neither generated nor added on the board came from an import of
  single days: generation leaves that day to the import.
- A paused citizen (``CitizenPause``) gets no visits on their paused days.
- Touched by the team = the visit has an audit event of its own (moved, covered, given back,
  cancelled, its duration changed) or is cancelled. A changed base plan changes the untouched
  generated visits from today on and keeps the touched ones, and says which.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.base_plan import DEFAULT_DAYS, BaseEntry, check_entry, days_ahead
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.store.logins import stamp
from kaffefoerst.store.sql import rows

SYSTEM = "system"  # the actor of generation that nobody asked for by name
_BASE_COLUMNS = (
    "source_id, citizen_id, weekdays, every_weeks, first_day, last_day, start_min, duration_min,"
    " window_from_min, window_to_min, fixed_time, two_carers, carer_id, second_carer_id, services"
)


@dataclass(frozen=True, slots=True)
class Generated:
    visits: int
    days: tuple[date, ...]  # the days that got visits
    skipped_days: tuple[date, ...] = ()  # days an import brought as single days


@dataclass(frozen=True, slots=True)
class VisitRef:
    visit_id: int
    day: date
    citizen_id: int
    start_min: int


@dataclass(slots=True)
class BasePlanChange:
    """What applying a base plan did: entries and generated visits, each by name."""

    added: list[int] = field(default_factory=list)  # base entries new
    changed: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)  # no longer in the plan: ended yesterday
    updated: list[VisitRef] = field(default_factory=list)  # untouched visits changed
    removed: list[VisitRef] = field(default_factory=list)  # untouched visits no longer planned
    kept: list[VisitRef] = field(default_factory=list)  # touched by the team: left as they are
    generated: Generated | None = None

    @property
    def nothing(self) -> bool:
        return not (self.added or self.changed or self.ended or self.updated or self.removed)


# --- plain SQL on either kind of connection -----------------------------------------------------


def _exec(source: object, sql: str, params: dict[str, object] | None = None) -> None:
    if isinstance(source, sqlite3.Connection):
        source.execute(sql, params or {})
    else:
        from sqlalchemy import text

        source.execute(text(sql), params or {})  # type: ignore[attr-defined]


def _many(source: object, sql: str, params: Sequence[tuple[object, ...]]) -> None:
    """``executemany`` with positional (``?``) parameters: the bulk path, thousands of rows."""
    if not params:
        return
    if isinstance(source, sqlite3.Connection):
        source.executemany(sql, params)
    else:
        source.connection().exec_driver_sql(sql, list(params))  # type: ignore[attr-defined]


def _commit(source: object) -> None:
    source.commit()  # type: ignore[attr-defined]


def _rollback(source: object) -> None:
    source.rollback()  # type: ignore[attr-defined]


def _audit(
    source: object,
    action: AuditAction,
    actor: str,
    now: datetime,
    after: dict[str, object],
    entity: str = "plan",
) -> None:
    _exec(
        source,
        "INSERT INTO auditevent (actor, at, action, entity, entity_id, before, after, reason)"
        " VALUES (:actor, :at, :action, :entity, 0, '{}', :after, '')",
        {
            "actor": actor,
            "at": stamp(now),
            "action": action.value,
            "entity": entity,
            "after": json.dumps(after, ensure_ascii=False),
        },
    )


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
    sql = f"SELECT id, {_BASE_COLUMNS} FROM basevisit"
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
        r.day
        for r in rows(
            source,
            "SELECT v.id, v.day FROM visit v LEFT JOIN generatedvisit g ON g.visit_id = v.id"
            " WHERE v.day >= :first AND v.day <= :last AND g.visit_id IS NULL",
            {"first": first.isoformat(), "last": last.isoformat()},
        )
        if r.id not in added
    }


def _service_ids(source: object) -> dict[str, int]:
    return {r.code: r.id for r in rows(source, "SELECT id, code FROM service")}


def _visit_rows(
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
        "fixed_time": int(entry.fixed_time),
        "two_carers": int(entry.two_carers),
        "carer_id": entry.carer_id,
        "second_carer_id": entry.second_carer_id,
    }
    links = [(visit_id, services[code]) for code in sorted(set(entry.services)) if code in services]
    return visit, links


_INSERT_VISIT = (
    "INSERT INTO visit (id, citizen_id, day, start_min, duration_min, window_from_min,"
    " window_to_min, fixed_time, two_carers, carer_id, second_carer_id, status, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', 1)"
)
_INSERT_SERVICE = "INSERT INTO visitservice (visit_id, service_id) VALUES (?, ?)"
_INSERT_LINK = "INSERT INTO generatedvisit (visit_id, base_visit_id, day) VALUES (?, ?, ?)"


def _missing(
    source: object, entries: list[BaseEntry], days: list[date]
) -> tuple[list[tuple[BaseEntry, date]], set[date]]:
    """The (entry, day) pairs still to make, and the days an import brought as single days.
    Days stay ISO text here: at Vojens scale this runs for ~10,000 pairs on every open."""
    first, last = days[0], days[-1]
    made = {
        (r.base_visit_id, r.day)
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
    """Insert in the caller's transaction, which must already hold the write lock."""
    services = _service_ids(source)
    top = rows(source, "SELECT coalesce(max(id), 0) AS top FROM visit")[0].top
    visits: list[tuple[object, ...]] = []
    links: list[tuple[object, ...]] = []
    generated: list[tuple[object, ...]] = []
    iso = {day: day.isoformat() for day in {d for _, d in todo}}
    codes: dict[int | None, list[int]] = {}
    for n, (entry, day) in enumerate(todo, start=top + 1):
        visits.append(
            (
                n,
                entry.citizen_id,
                iso[day],
                entry.start_min,
                entry.duration_min,
                entry.window_from_min,
                entry.window_to_min,
                int(entry.fixed_time),
                int(entry.two_carers),
                entry.carer_id,
                entry.second_carer_id,
            )
        )
        if entry.id not in codes:
            codes[entry.id] = [services[c] for c in sorted(set(entry.services)) if c in services]
        links += [(n, s) for s in codes[entry.id]]
        generated.append((n, entry.id, iso[day]))
    _many(source, _INSERT_VISIT, visits)
    _many(source, _INSERT_SERVICE, links)
    _many(source, _INSERT_LINK, generated)


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
            # The audit row first: it takes the write lock, so the ids below are ours.
            _audit(
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
                _commit(source)
        except Exception as exc:
            _rollback(source)
            if commit and attempt == 0 and _is_unique_clash(exc):
                continue  # another process generated the same days first: look again
            raise
        return Generated(len(todo), made_days, tuple(sorted(imported)))
    raise AssertionError("unreachable")


def _is_unique_clash(exc: Exception) -> bool:
    return "UNIQUE constraint failed" in str(exc)


# --- changing the base plan ---------------------------------------------------------------------


def _base_params(entry: BaseEntry) -> dict[str, object]:
    return {
        "source_id": entry.source_id,
        "citizen_id": entry.citizen_id,
        "weekdays": ",".join(str(d) for d in sorted(entry.weekdays)),
        "every_weeks": entry.every_weeks,
        "first_day": entry.first_day.isoformat(),
        "last_day": entry.last_day.isoformat() if entry.last_day else None,
        "start_min": entry.start_min,
        "duration_min": entry.duration_min,
        "window_from_min": entry.window_from_min,
        "window_to_min": entry.window_to_min,
        "fixed_time": int(entry.fixed_time),
        "two_carers": int(entry.two_carers),
        "carer_id": entry.carer_id,
        "second_carer_id": entry.second_carer_id,
        "services": ",".join(sorted(set(entry.services))),
    }


def _same(a: BaseEntry, b: BaseEntry) -> bool:
    return _base_params(a) == _base_params(b)


def _touched(source: object, visit_ids: Iterable[int]) -> set[int]:
    """The visits with an audit event of their own: the team moved, covered, cancelled or
    re-timed them (generation itself is logged on the plan, not on a visit)."""
    ids = set(visit_ids)
    if not ids:
        return set()
    found = rows(source, "SELECT DISTINCT entity_id FROM auditevent WHERE entity = 'visit'")
    return {r.entity_id for r in found} & ids


def _check_references(source: object, entries: list[BaseEntry]) -> None:
    citizens = {r.id for r in rows(source, "SELECT id FROM citizen")}
    carers = {r.id for r in rows(source, "SELECT id FROM carer")}
    services = set(_service_ids(source))
    for entry in entries:
        check_entry(entry)
        if entry.citizen_id not in citizens:
            raise DomainError("plan_edit.unknown_citizen", citizen=entry.citizen_id)
        for carer in (entry.carer_id, entry.second_carer_id):
            if carer is not None and carer not in carers:
                raise DomainError("absence.unknown_carer", carer=carer)
        unknown = sorted(set(entry.services) - services)
        if unknown:
            raise DomainError("base_plan.unknown_service", code=unknown[0])


def apply_base_plan(
    source: object,
    entries: list[BaseEntry],
    *,
    today: date,
    now: datetime,
    actor: str,
    days: int = DEFAULT_DAYS,
    complete: bool = True,
    generate: bool = True,
    audit: bool = True,
) -> BasePlanChange:
    """Store a base plan and bring the generated days from ``today`` on in line with it.

    Entries are matched by ``source_id`` (else by ``id``). ``complete``: the entries are the
    whole plan, so an entry not among them ends yesterday (kept, for the history).
    ``generate`` False stores it only (the next open of the board generates); ``audit`` False
    for a first load that, like the rest of an import, writes no audit event. One
    transaction: all of it or none of it."""
    _check_references(source, entries)
    keys = [e.source_id or f"#{e.id}" for e in entries]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise DomainError("base_plan.duplicate", key=dup)
    current = base_entries(source)
    by_key = {(e.source_id or f"#{e.id}"): e for e in current}
    change = BasePlanChange()
    dirty: dict[int, BaseEntry] = {}  # base id -> the entry as it is now
    try:
        for entry, key in zip(entries, keys, strict=True):
            old = by_key.get(key)
            if old is None:
                _exec(
                    source,
                    f"INSERT INTO basevisit ({_BASE_COLUMNS}) VALUES (:source_id, :citizen_id,"
                    " :weekdays, :every_weeks, :first_day, :last_day, :start_min, :duration_min,"
                    " :window_from_min, :window_to_min, :fixed_time, :two_carers, :carer_id,"
                    " :second_carer_id, :services)",
                    _base_params(entry),
                )
                new_id = rows(source, "SELECT max(id) AS id FROM basevisit")[0].id
                change.added.append(new_id)
            elif not _same(old, entry):
                assert old.id is not None
                params = _base_params(entry) | {"id": old.id}
                sets = ", ".join(f"{c.strip()} = :{c.strip()}" for c in _BASE_COLUMNS.split(","))
                _exec(source, f"UPDATE basevisit SET {sets} WHERE id = :id", params)
                change.changed.append(old.id)
                dirty[old.id] = replace(entry, id=old.id)
        if complete:
            wanted = set(keys)
            yesterday = today - timedelta(days=1)
            for key, old in by_key.items():
                if key in wanted or (old.last_day is not None and old.last_day < today):
                    continue
                assert old.id is not None
                end = max(yesterday, old.first_day - timedelta(days=1))
                _exec(
                    source,
                    "UPDATE basevisit SET last_day = :d WHERE id = :id",
                    {"d": end.isoformat(), "id": old.id},
                )
                change.ended.append(old.id)
                dirty[old.id] = replace(old, last_day=end)
        _follow(source, dirty, today, change)
        if audit and not change.nothing:
            _audit(
                source,
                AuditAction.BASE_PLAN,
                actor,
                now,
                {
                    "added": len(change.added),
                    "changed": len(change.changed),
                    "ended": len(change.ended),
                    "updated_visits": len(change.updated),
                    "removed_visits": len(change.removed),
                    "kept_visits": len(change.kept),
                },
            )
        if generate:
            change.generated = generate_days(
                source, today, days, now=now, actor=actor, commit=False
            )
        _commit(source)
    except Exception:
        _rollback(source)
        raise
    return change


def _follow(
    source: object, dirty: dict[int, BaseEntry], today: date, change: BasePlanChange
) -> None:
    """Bring the generated visits (from today on) of the changed entries in line."""
    if not dirty:
        return
    marks = ",".join(str(i) for i in sorted(dirty))
    generated = rows(
        source,
        "SELECT g.visit_id, g.base_visit_id, g.day, v.citizen_id, v.start_min, v.status,"
        " v.duration_min, v.window_from_min, v.window_to_min, v.fixed_time, v.two_carers,"
        " v.carer_id, v.second_carer_id,"
        " (SELECT group_concat(s.code) FROM visitservice vs JOIN service s"
        " ON s.id = vs.service_id WHERE vs.visit_id = v.id) AS codes"
        " FROM generatedvisit g"
        f" JOIN visit v ON v.id = g.visit_id WHERE g.base_visit_id IN ({marks})"
        " AND g.day >= :today ORDER BY g.day, v.start_min, g.visit_id",
        {"today": today.isoformat()},
        {"day": "date"},
    )
    touched = _touched(source, (r.visit_id for r in generated))
    touched |= {r.visit_id for r in generated if r.status != "PLANNED"}
    services = _service_ids(source)
    for r in generated:
        ref = VisitRef(r.visit_id, r.day, r.citizen_id, r.start_min)
        if r.visit_id in touched:
            change.kept.append(ref)
            continue
        entry = dirty[r.base_visit_id]
        now_fields = (
            r.start_min,
            r.duration_min,
            r.window_from_min,
            r.window_to_min,
            bool(r.fixed_time),
            bool(r.two_carers),
            r.carer_id,
            r.second_carer_id,
            tuple(sorted(c for c in (r.codes or "").split(",") if c)),
        )
        wanted = replace(entry, services=tuple(c for c in entry.services if c in services))
        if entry.occurs_on(r.day) and now_fields == wanted.plan_fields():
            continue  # this visit already is what the entry now says
        if entry.occurs_on(r.day):
            visit, links = _visit_rows(entry, r.day, r.visit_id, services)
            _exec(
                source,
                "UPDATE visit SET start_min = :start_min, duration_min = :duration_min,"
                " window_from_min = :window_from_min, window_to_min = :window_to_min,"
                " fixed_time = :fixed_time, two_carers = :two_carers, carer_id = :carer_id,"
                " second_carer_id = :second_carer_id, version = version + 1 WHERE id = :id",
                {k: v for k, v in visit.items() if k not in ("citizen_id", "day")},
            )
            _exec(source, "DELETE FROM visitservice WHERE visit_id = :id", {"id": r.visit_id})
            _many(source, _INSERT_SERVICE, links)
            change.updated.append(ref)
        else:
            for table, column in (
                ("generatedvisit", "visit_id"),
                ("visitservice", "visit_id"),
                ("visit", "id"),
            ):
                _exec(source, f"DELETE FROM {table} WHERE {column} = :id", {"id": r.visit_id})
            change.removed.append(ref)
