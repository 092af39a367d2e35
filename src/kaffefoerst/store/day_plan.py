"""The day's plan as plain objects: carers on duty, their routes, the unassigned visits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.outside import is_outside, route_of
from kaffefoerst.domain.plan import (
    SHIFT_HOURS,
    AbsenceInfo,
    CarerInfo,
    CitizenInfo,
    CoverInfo,
    DayPlan,
    PlanVisit,
    ServiceInfo,
    TeamInfo,
)
from kaffefoerst.enums import ShiftKind
from kaffefoerst.store.role_turns import roles_on
from kaffefoerst.store.sql import rows
from kaffefoerst.store.triage_colour import current_colours
from kaffefoerst.store.users import planners_on

if TYPE_CHECKING:
    from sqlmodel import Session


def _split(value: str) -> frozenset[str]:
    return frozenset(p.strip() for p in value.split(",") if p.strip())


# The audit actions that put a visit where it is now: its latest such event says who placed it
# (the board's ¤). Inlined from the enum; the values are fixed identifiers, never user text.
_PLACING = (AuditAction.MOVE, AuditAction.COVER, AuditAction.UNDO, AuditAction.GIVE_BACK)
_PLACING_SQL = ", ".join(f"'{a.value}'" for a in _PLACING)

_PLAN_SQL = {
    "teams": "SELECT id, name, gap_min, partner_team_id FROM team",
    "shifts": "SELECT carer_id, start_min, end_min FROM shift WHERE day = :day AND kind = :kind",
    "carers": (
        "SELECT id, initials, name, profession, competences, phone, team_id, on_call_substitute"
        " FROM carer"
    ),
    "absences": (
        "SELECT id, carer_id, kind, from_day, to_day, buddy_id, reported_by, reported_at"
        " FROM absence WHERE from_day <= :day AND to_day >= :day"
    ),
    "declined": "SELECT citizen_id, carer_id FROM declinedcarer",
    "citizens": (
        "SELECT id, name, short_name, address, area, team_id, contact1_id, contact2_id,"
        " preferred_time FROM citizen"
    ),
    "services": "SELECT id, code, name, professions, competence FROM service",
    "visit_services": (
        "SELECT vs.visit_id, vs.service_id FROM visitservice vs JOIN visit v ON v.id = vs.visit_id"
        " WHERE v.day = :day AND v.status != 'CANCELLED' AND v.start_min >= :start"
        " AND v.start_min < :end"
    ),
    "visits": (
        "SELECT id, citizen_id, start_min, duration_min, window_from_min, window_to_min,"
        " fixed_time, two_carers, carer_id, second_carer_id, version FROM visit"
        " WHERE day = :day AND status != 'CANCELLED' AND start_min >= :start AND start_min < :end"
    ),
    "cancelled": (
        "SELECT v.id, v.citizen_id, v.start_min, v.duration_min, v.window_from_min,"
        " v.window_to_min, v.fixed_time, v.two_carers, v.carer_id, v.second_carer_id, v.version,"
        " coalesce(d.cancel_reason, '') AS reason FROM visit v"
        " LEFT JOIN visitdecision d ON d.visit_id = v.id"
        " WHERE v.day = :day AND v.status = 'CANCELLED' AND v.start_min >= :start"
        " AND v.start_min < :end ORDER BY v.start_min, v.id"
    ),
    "covers": (
        "SELECT c.visit_id, c.absent_carer_id, c.carer_id, c.source, c.decided_by, c.decided_at"
        " FROM cover c JOIN visit v ON v.id = c.visit_id WHERE v.day = :day"
        " AND v.status != 'CANCELLED' AND v.start_min >= :start AND v.start_min < :end"
        " AND NOT c.returned ORDER BY c.id"
    ),
    "last_changes": (
        "SELECT a.entity_id, a.actor, a.before, a.after FROM auditevent a"
        " JOIN visit v ON v.id = a.entity_id WHERE a.id IN (SELECT max(id) FROM auditevent"
        f" WHERE entity = 'visit' AND action IN ({_PLACING_SQL})"
        " GROUP BY entity_id) AND v.day = :day"
    ),
}
# Columns SQLite returns as text that the plan wants as dates or UTC date-times.
_TYPES = {
    "absences": {"from_day": "date", "to_day": "date", "reported_at": "datetime"},
    "covers": {"decided_at": "datetime"},
}


def _plan_visit(r: Any, day: date, services: tuple[ServiceInfo, ...]) -> PlanVisit:  # noqa: ANN401
    return PlanVisit(
        r.id,
        r.citizen_id,
        day,
        r.start_min,
        r.duration_min,
        r.window_from_min,
        r.window_to_min,
        bool(r.fixed_time),
        bool(r.two_carers),
        r.carer_id,
        r.second_carer_id,
        r.version,
        services,
    )


def _rows(source: object, name: str, **params: object) -> Sequence[Any]:
    """Plain SQL: cheap to compile on first use, and it also runs on a bare sqlite3 connection
    (the demo's child reads the first board that way, without any database library)."""
    return rows(source, _PLAN_SQL[name], params, _TYPES.get(name))


def load_day_plan(
    session: Session | object, day: date, shift: ShiftKind = ShiftKind.DAY
) -> DayPlan:
    """Read one shift of one day: a few indexed queries straight into plain tuples."""
    shift_start, shift_end = SHIFT_HOURS[shift]
    when = {"day": day.isoformat(), "start": shift_start, "end": shift_end}
    teams = {
        r.id: TeamInfo(r.id, r.name, r.gap_min, r.partner_team_id) for r in _rows(session, "teams")
    }
    team_order = {tid: i for i, tid in enumerate(sorted(teams, key=lambda i: teams[i].name))}
    shifts = {
        r.carer_id: (r.start_min, r.end_min)
        for r in _rows(session, "shifts", day=when["day"], kind=shift.value)
    }
    carers: dict[int, CarerInfo] = {}
    for r in _rows(session, "carers"):
        start, end = shifts.get(r.id, (None, None))
        carers[r.id] = CarerInfo(
            r.id,
            r.initials,
            r.name,
            str(r.profession),
            _split(r.competences),
            r.phone,
            r.team_id,
            start,
            end,
            bool(r.on_call_substitute),
        )
    absences = {
        r.carer_id: AbsenceInfo(
            r.id,
            r.carer_id,
            str(r.kind),
            r.from_day,
            r.to_day,
            r.buddy_id,
            r.reported_by,
            r.reported_at,
        )
        for r in _rows(session, "absences", day=when["day"])
    }
    on_duty = [c for c in carers.values() if c.shift_start is not None and c.id not in absences]
    declined: dict[int, set[int]] = defaultdict(set)
    for r in _rows(session, "declined"):
        declined[r.citizen_id].add(r.carer_id)
    citizens = {
        r.id: CitizenInfo(
            r.id,
            r.name,
            r.short_name,
            r.address,
            r.area,
            r.team_id,
            tuple(i for i in (r.contact1_id, r.contact2_id) if i is not None),
            r.preferred_time,
            frozenset(declined.get(r.id, ())),
        )
        for r in _rows(session, "citizens")
    }
    services = {
        r.id: ServiceInfo(r.id, r.code, r.name, _split(r.professions), r.competence)
        for r in _rows(session, "services")
    }
    by_visit: dict[int, list[ServiceInfo]] = defaultdict(list)
    for r in _rows(session, "visit_services", **when):
        by_visit[r.visit_id].append(services[r.service_id])
    visits = {
        r.id: _plan_visit(r, day, tuple(by_visit.get(r.id, ())))
        for r in _rows(session, "visits", **when)
    }
    # Someone called in without a shift record (a tilkaldevikar covering) still gets a row.
    called_in = {c for v in visits.values() for c in v.carer_ids()} - {c.id for c in on_duty}
    for carer_id in sorted(called_in - set(absences)):
        carers[carer_id] = replace(carers[carer_id], shift_start=shift_start, shift_end=shift_end)
        on_duty.append(carers[carer_id])
    on_duty.sort(key=lambda c: (team_order.get(c.team_id, 99), c.initials))
    covers = {
        r.visit_id: CoverInfo(
            r.visit_id, r.absent_carer_id, r.carer_id, str(r.source), r.decided_by, r.decided_at
        )
        for r in _rows(session, "covers", **when)
    }
    initials = {c.id: c.initials.upper() for c in carers.values()}
    planners = {p.upper() for p in planners_on(session, day)}
    outside = set()
    for r in _rows(session, "last_changes", day=when["day"]):
        route = {initials.get(c, "") for c in route_of(r.before, r.after)}
        if r.entity_id in visits and is_outside(r.actor, planners, route):
            outside.add(r.entity_id)
    colours = current_colours(session)
    cancelled_rows = _rows(session, "cancelled", **when)
    cancelled = {r.id: _plan_visit(r, day, ()) for r in cancelled_rows}
    return DayPlan(
        day,
        shift,
        shift_start,
        shift_end,
        teams,
        on_duty,
        carers,
        citizens,
        visits,
        absences,
        covers,
        colours,
        outside,
        roles_on(session, day),
        cancelled,
        {r.id: r.reason for r in cancelled_rows},
    )


def has_team(session: Session | object) -> bool:
    """False for a new, empty database: the app then shows how to get started."""
    return bool(rows(session, "SELECT 1 AS found FROM team LIMIT 1"))
