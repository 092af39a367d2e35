"""Route sheets (Rute) for one day: the day plan, the latest triage notes and today's role
holders, assembled by domain/route.py. Plain SQL, so it runs on a Session or on a bare sqlite3
connection like the rest of the day's reading."""

from __future__ import annotations

from datetime import date

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.route import RouteSheet, TriageInfo, route_sheet, sheet_order
from kaffefoerst.domain.warnings import plan_warnings
from kaffefoerst.enums import ShiftKind, TeamRole, TriageColour
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.sql import rows
from kaffefoerst.store.triage_colour import LATEST_NOTE_IDS

# The latest note per citizen ("latest" defined once, in triage_colour.py).
_LATEST_NOTES = (
    "SELECT t.citizen_id, t.colour, t.action, t.follow_up FROM triagenote t"
    f" JOIN ({LATEST_NOTE_IDS}) latest ON latest.id = t.id"
)
# Nøgle og adgang: only citizens with a note (about half; the rest need no line).
_ACCESS_NOTES = (
    "SELECT id, access_note FROM citizen WHERE access_note IS NOT NULL AND access_note <> ''"
)
_ROLE_HOLDERS = (
    "SELECT carer_id, role FROM roleassignment WHERE from_day <= :day AND to_day >= :day"
)


def latest_triage(source: object) -> dict[int, TriageInfo]:
    found = rows(source, _LATEST_NOTES, types={"follow_up": "date"})
    return {
        r.citizen_id: TriageInfo(TriageColour(r.colour), r.action or "", r.follow_up) for r in found
    }


def access_notes(source: object) -> dict[int, str]:
    return {r.id: r.access_note for r in rows(source, _ACCESS_NOTES)}


def role_holders(source: object, day: date) -> dict[TeamRole, set[int]]:
    holders: dict[TeamRole, set[int]] = {role: set() for role in TeamRole}
    for r in rows(source, _ROLE_HOLDERS, {"day": day.isoformat()}):
        holders[TeamRole(r.role)].add(r.carer_id)
    return holders


def load_route_sheets(
    source: object,
    day: date,
    initials: str | None = None,
    shift: ShiftKind = ShiftKind.DAY,
    plan: DayPlan | None = None,
    also: int | None = None,
) -> list[RouteSheet]:
    """Every route sheet of the day in board order, or the one carer's (by initials; a carer
    with nothing that day still gets an empty sheet). Unknown initials: DomainError. ``plan``:
    the day already read (the first board's child reads it once for both). ``also``: a carer
    whose sheet is wanted even without a shift that day (a member's own, last)."""
    plan = plan if plan is not None else load_day_plan(source, day, shift)
    triage = latest_triage(source)
    holders = role_holders(source, day)
    planners, phone = holders[TeamRole.PLANNER], holders[TeamRole.PHONE]
    if initials is None:
        order = sheet_order(plan)
        if also is not None and also in plan.carers and also not in order:
            order.append(also)
    else:
        wanted = initials.strip().upper()
        found = [c.id for c in plan.carers.values() if c.initials.upper() == wanted]
        if not found:
            known = ", ".join(sorted(c.initials for c in plan.carers.values()))
            raise DomainError("route.unknown_carer", initials=initials, known=known)
        order = found  # type: ignore[assignment]
    warnings = {visit: {w.value for w in found} for visit, found in plan_warnings(plan).items()}
    access = access_notes(source)
    return [
        route_sheet(plan, carer_id, triage, planners, phone, warnings, access) for carer_id in order
    ]
