"""Rute: one carer's day as an ordered list with everything needed before driving out.

Pure: built from the day's plan plus the latest triage notes and the day's role holders, all
passed in. The screen, the text/Markdown/HTML/PDF exports and the tests read the same sheets.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from kaffefoerst.domain.plan import CarerInfo, DayPlan, PlanVisit
from kaffefoerst.enums import Profession, TriageColour


@dataclass(frozen=True, slots=True)
class TriageInfo:
    """A citizen's latest triage note: colour, what the team does about it, follow-up day."""

    colour: TriageColour
    action: str
    follow_up: date | None


@dataclass(frozen=True, slots=True)
class Contact:
    initials: str
    name: str
    phone: str
    phone_duty: bool = False  # holds the team phone (telefonvagt) today


@dataclass(frozen=True, slots=True)
class RouteStop:
    visit_id: int
    start_min: int
    end_min: int
    window: tuple[int, int] | None  # the citizen's time window, if the plan has one
    fixed_time: bool
    citizen_name: str
    short_name: str
    address: str
    area: str
    wishes: str  # the citizen's own words about time, e.g. "ikke før kl. 9"
    services: tuple[str, ...]
    partner: str | None  # the other carer's initials on a two-carer visit
    two_carers: bool
    covers_for: str | None  # initials of the absent colleague this visit is covered for
    triage: TriageInfo | None  # yellow or red only; green needs no word on a route list
    warnings: tuple[str, ...] = ()  # the board's warnings (RouteWarning values), sorted
    access: str = ""  # nøgle og adgang: where the key is (never a code), "" if none is noted


@dataclass(frozen=True, slots=True)
class RouteSheet:
    day: date
    carer_id: int | None  # None: the visits no carer has yet (Ikke fordelt)
    initials: str
    name: str
    profession: str
    phone: str
    team: str
    shift: tuple[int, int] | None
    absent: bool  # away today: these visits still need cover
    stops: tuple[RouteStop, ...]
    planners: tuple[Contact, ...]
    nurses: tuple[Contact, ...]


def sheet_order(plan: DayPlan) -> list[int | None]:
    """Carers with a route sheet in board order: on duty, then those away with visits still on
    their route, then the unassigned visits (None) when there are any."""
    order: list[int | None] = [c.id for c in plan.on_duty]
    order += sorted(
        (c for c in plan.absences if plan.route(c)), key=lambda c: plan.carers[c].initials
    )
    if plan.route(None):
        order.append(None)
    return order


def route_sheet(
    plan: DayPlan,
    carer_id: int | None,
    triage: Mapping[int, TriageInfo],
    planners: Collection[int],
    phone_duty: Collection[int],
    warnings: Mapping[int, Collection[str]] | None = None,
    access: Mapping[int, str] | None = None,
) -> RouteSheet:
    """One sheet; ``triage`` by citizen (latest notes), ``planners`` and ``phone_duty`` the
    carer ids holding those roles today, ``warnings`` by visit (domain.warnings.plan_warnings,
    the board's own), ``access`` the key notes by citizen."""
    carer = plan.carers.get(carer_id) if carer_id is not None else None
    team = plan.teams.get(carer.team_id) if carer else None
    found, keys = warnings or {}, access or {}
    stops = tuple(
        _stop(plan, v, carer_id, triage, tuple(sorted(found.get(v.id, ()))), keys.get(v.citizen_id))
        for v in plan.route(carer_id)
    )
    planner_contacts = tuple(
        _contact(plan.carers[c], phone_duty)
        for c in sorted(planners, key=lambda c: plan.carers[c].initials)
        if c in plan.carers
    )
    return RouteSheet(
        day=plan.day,
        carer_id=carer_id,
        initials=carer.initials if carer else "",
        name=carer.name if carer else "",
        profession=carer.profession if carer else "",
        phone=carer.phone if carer else "",
        team=team.name if team else "",
        shift=_shift(carer),
        absent=carer_id in plan.absences,
        stops=stops,
        planners=planner_contacts,
        nurses=tuple(_contact(n, phone_duty) for n in nurses_on_duty(plan, carer, phone_duty)),
    )


def nurses_on_duty(
    plan: DayPlan, carer: CarerInfo | None, phone_duty: Collection[int]
) -> list[CarerInfo]:
    """The nurses (SPL) on shift and not away in the carer's team, the one on the team phone
    first; a team without one today falls back to its partner team, then to every team."""
    nurses = [c for c in plan.on_duty if c.profession == Profession.SPL]
    if carer is not None:
        team = plan.teams.get(carer.team_id)
        own = [c for c in nurses if c.team_id == carer.team_id]
        partner = [c for c in nurses if team and c.team_id == team.partner_id]
        nurses = own or partner or nurses
    return sorted(nurses, key=lambda c: (c.id not in phone_duty, c.initials))


def _contact(carer: CarerInfo, phone_duty: Collection[int]) -> Contact:
    return Contact(carer.initials, carer.name, carer.phone, carer.id in phone_duty)


def _shift(carer: CarerInfo | None) -> tuple[int, int] | None:
    if carer is None or carer.shift_start is None or carer.shift_end is None:
        return None
    return carer.shift_start, carer.shift_end


def _stop(
    plan: DayPlan,
    visit: PlanVisit,
    carer_id: int | None,
    triage: Mapping[int, TriageInfo],
    warnings: tuple[str, ...],
    access: str | None,
) -> RouteStop:
    citizen = plan.citizens[visit.citizen_id]
    others = [c for c in visit.carer_ids() if c != carer_id]
    partner = plan.carers[others[0]].initials if others and others[0] in plan.carers else None
    cover = plan.covers.get(visit.id)
    covers_for = None
    if cover is not None and cover.carer_id == carer_id and cover.absent_carer_id in plan.carers:
        covers_for = plan.carers[cover.absent_carer_id].initials
    window = None
    if visit.window_from_min is not None and visit.window_to_min is not None:
        window = (visit.window_from_min, visit.window_to_min)
    note = triage.get(citizen.id)
    return RouteStop(
        visit_id=visit.id,
        start_min=visit.start_min,
        end_min=visit.end_min,
        window=window,
        fixed_time=visit.fixed_time,
        citizen_name=citizen.name,
        short_name=citizen.short_name,
        address=citizen.address,
        area=citizen.area,
        wishes=citizen.preferred_time,
        services=tuple(s.name for s in visit.services),
        partner=partner,
        two_carers=visit.two_carers,
        covers_for=covers_for,
        triage=note if note is not None and note.colour is not TriageColour.GREEN else None,
        warnings=warnings,
        access=(access or "").strip(),
    )
