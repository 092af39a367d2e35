"""A changed base plan: stored, and the generated days from today on brought in line with it,
saying which visits changed, which went, and which the team had touched and so were kept.

Touched by the team = the visit has an audit event of its own (moved, covered, given back,
cancelled, its duration changed) or is no longer planned. One transaction: all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from kaffefoerst.domain.audit_actions import FROM_SOURCE, AuditAction
from kaffefoerst.domain.base_plan import DEFAULT_DAYS, BaseEntry, check_entry
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.store.base_plan import (
    BASE_COLUMNS,
    SERVICE_COLUMNS,
    Generated,
    base_entries,
    generate_days,
    service_ids,
    visit_rows,
)
from kaffefoerst.store.plan_sql import audit_plan, commit, exec_sql, insert_many, rollback
from kaffefoerst.store.sql import rows


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
        "fixed_time": bool(entry.fixed_time),
        "two_carers": bool(entry.two_carers),
        "carer_id": entry.carer_id,
        "second_carer_id": entry.second_carer_id,
        "services": ",".join(sorted(set(entry.services))),
    }


def _same(a: BaseEntry, b: BaseEntry) -> bool:
    return _base_params(a) == _base_params(b)


def _touched(source: object, visit_ids: Iterable[int]) -> set[int]:
    """The visits with an audit event of the team's own: moved, covered, cancelled, re-timed
    (generation is logged on the plan, and what an import brought is the source's, not the
    team's: ``FROM_SOURCE``)."""
    ids = set(visit_ids)
    if not ids:
        return set()
    source_actions = ", ".join(f"'{a.value}'" for a in sorted(FROM_SOURCE))  # fixed names
    found = rows(
        source,
        "SELECT DISTINCT entity_id FROM auditevent WHERE entity = 'visit'"
        f" AND action NOT IN ({source_actions})",
    )
    return {r.entity_id for r in found} & ids


def _check_references(source: object, entries: list[BaseEntry]) -> None:
    citizens = {r.id for r in rows(source, "SELECT id FROM citizen")}
    carers = {r.id for r in rows(source, "SELECT id FROM carer")}
    services = set(service_ids(source))
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
    commit_at_end: bool = True,
) -> BasePlanChange:
    """Store a base plan and bring the generated days from ``today`` on in line with it.

    Entries are matched by ``source_id`` (else by ``id``). ``complete``: the entries are the
    whole plan, so an entry not among them ends yesterday (kept, for the history).
    ``generate`` False stores it only (the next open of the board generates); ``audit`` False
    for a first load that, like the rest of an import, writes no audit event.
    ``commit_at_end`` False leaves the commit to a caller whose transaction this joins (an
    import storing all of its files or none); a refusal still rolls back. All or nothing."""
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
                new = rows(
                    source,
                    f"INSERT INTO basevisit ({BASE_COLUMNS}) VALUES (:source_id, :citizen_id,"
                    " :weekdays, :every_weeks, :first_day, :last_day, :start_min, :duration_min,"
                    " :window_from_min, :window_to_min, :fixed_time, :two_carers, :carer_id,"
                    " :second_carer_id, :services) RETURNING id",  # the id the database gave it
                    _base_params(entry),
                )
                change.added.append(new[0].id)
            elif not _same(old, entry):
                assert old.id is not None
                params = _base_params(entry) | {"id": old.id}
                sets = ", ".join(f"{c.strip()} = :{c.strip()}" for c in BASE_COLUMNS.split(","))
                exec_sql(source, f"UPDATE basevisit SET {sets} WHERE id = :id", params)
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
                exec_sql(
                    source,
                    "UPDATE basevisit SET last_day = :d WHERE id = :id",
                    {"d": end.isoformat(), "id": old.id},
                )
                change.ended.append(old.id)
                dirty[old.id] = replace(old, last_day=end)
        _follow(source, dirty, today, change)
        if audit and not change.nothing:
            audit_plan(
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
        if commit_at_end:
            commit(source)
    except Exception:
        rollback(source)
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
        " v.carer_id, v.second_carer_id"
        " FROM generatedvisit g"
        f" JOIN visit v ON v.id = g.visit_id WHERE g.base_visit_id IN ({marks})"
        " AND g.day >= :today ORDER BY g.day, v.start_min, g.visit_id",
        {"today": today.isoformat()},
        {"day": "date"},
    )
    touched = _touched(source, (r.visit_id for r in generated))
    touched |= {r.visit_id for r in generated if r.status != "PLANNED"}
    services = service_ids(source)
    codes: dict[int, list[str]] = {}  # each visit's service codes (no string aggregation: portable)
    for r in rows(
        source,
        "SELECT vs.visit_id, s.code FROM visitservice vs JOIN service s ON s.id = vs.service_id"
        " JOIN generatedvisit g ON g.visit_id = vs.visit_id"
        f" WHERE g.base_visit_id IN ({marks}) AND g.day >= :today",
        {"today": today.isoformat()},
    ):
        codes.setdefault(r.visit_id, []).append(r.code)
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
            tuple(sorted(codes.get(r.visit_id, ()))),
        )
        wanted = replace(entry, services=tuple(c for c in entry.services if c in services))
        if entry.occurs_on(r.day) and now_fields == wanted.plan_fields():
            continue  # this visit already is what the entry now says
        if entry.occurs_on(r.day):
            visit, links = visit_rows(entry, r.day, r.visit_id, services)
            exec_sql(
                source,
                "UPDATE visit SET start_min = :start_min, duration_min = :duration_min,"
                " window_from_min = :window_from_min, window_to_min = :window_to_min,"
                " fixed_time = :fixed_time, two_carers = :two_carers, carer_id = :carer_id,"
                " second_carer_id = :second_carer_id, version = version + 1 WHERE id = :id",
                {k: v for k, v in visit.items() if k not in ("citizen_id", "day")},
            )
            exec_sql(source, "DELETE FROM visitservice WHERE visit_id = :id", {"id": r.visit_id})
            insert_many(source, "visitservice", SERVICE_COLUMNS, links)
            change.updated.append(ref)
        else:
            _remove(source, r.visit_id)
            change.removed.append(ref)


def _remove(source: object, visit_id: int) -> None:
    """An untouched generated visit: nothing of the team's hangs on it (no audit, no cover)."""
    for table, column in (
        ("generatedvisit", "visit_id"),
        ("visitservice", "visit_id"),
        ("visit", "id"),
    ):
        exec_sql(source, f"DELETE FROM {table} WHERE {column} = :id", {"id": visit_id})


def give_day_to_import(source: object, day: date) -> tuple[list[VisitRef], list[VisitRef]]:
    """An import brings ``day`` as single visits: the day's generated visits the team has not
    touched go, to make room for the import's; the touched ones stay (the import lists them as
    conflicts). Returns (removed, kept). In the caller's transaction: no commit here."""
    generated = rows(
        source,
        "SELECT g.visit_id, g.day, v.citizen_id, v.start_min, v.status FROM generatedvisit g"
        " JOIN visit v ON v.id = g.visit_id WHERE g.day = :day ORDER BY v.start_min, g.visit_id",
        {"day": day.isoformat()},
        {"day": "date"},
    )
    touched = _touched(source, (r.visit_id for r in generated))
    touched |= {r.visit_id for r in generated if r.status != "PLANNED"}
    removed, kept = [], []
    for r in generated:
        ref = VisitRef(r.visit_id, r.day, r.citizen_id, r.start_min)
        if r.visit_id in touched:
            kept.append(ref)
        else:
            _remove(source, r.visit_id)
            removed.append(ref)
    return removed, kept


def citizen_names(source: object) -> dict[int, str]:
    """Every citizen's board name by id, for printing a base-plan change."""
    return {r.id: r.short_name for r in rows(source, "SELECT id, short_name FROM citizen")}
