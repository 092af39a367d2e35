"""Board warnings. They are advice, never errors: the team decides."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from enum import StrEnum
from typing import Protocol

from kaffefoerst.domain.plan import CarerInfo, CitizenInfo, DayPlan, PlanVisit


class RouteWarning(StrEnum):
    OVERLAP = "overlap"
    NO_GAP = "no_gap"
    OUTSIDE_WINDOW = "outside_window"
    COMPETENCE = "competence"
    DECLINED = "declined"
    OUTSIDE_SHIFT = "outside_shift"


def missing_competence(visit: PlanVisit, carer: CarerInfo) -> list[str]:
    """What the carer lacks for the visit's services: a competence or an allowed profession.

    The catalogue rule lives in the service data: ``professions`` names who may deliver it, by
    profession or by a competence that stands in for one (personal care is "SSH,SSA,SPL,personlig
    pleje": a therapist only with that competence); ``competence`` is needed on top."""
    missing: list[str] = []
    for service in visit.services:
        if service.professions and not (
            carer.profession in service.professions or service.professions & carer.competences
        ):
            missing.append(service.competence or service.name)
        elif service.competence and service.competence not in carer.competences:
            missing.append(service.competence)
    return sorted(set(missing))


def outside_window(visit: PlanVisit, start_min: int | None = None) -> bool:
    """The start must fall inside the citizen's agreed window."""
    start = visit.start_min if start_min is None else start_min
    if visit.window_from_min is not None and start < visit.window_from_min:
        return True
    return visit.window_to_min is not None and start > visit.window_to_min


def outside_shift(visit: PlanVisit, carer: CarerInfo, start_min: int | None = None) -> bool:
    """The visit runs outside the carer's shift as worked (07-13, 13-15, 15-23 ...): a helper
    off at 13:00 cannot take the 13:10 visit. A carer without shift hours is not judged."""
    if carer.shift_start is None or carer.shift_end is None:
        return False
    start = visit.start_min if start_min is None else start_min
    return start < carer.shift_start or start + visit.duration_min > carer.shift_end


def carer_warnings(visit: PlanVisit, carer: CarerInfo, citizen: CitizenInfo) -> set[RouteWarning]:
    """Warnings that depend only on who goes: competence and the citizen's wishes."""
    found: set[RouteWarning] = set()
    if missing_competence(visit, carer):
        found.add(RouteWarning.COMPETENCE)
    if carer.id in citizen.declined:
        found.add(RouteWarning.DECLINED)
    if outside_shift(visit, carer):
        found.add(RouteWarning.OUTSIDE_SHIFT)
    return found


class Timed(Protocol):
    """A visit on a route as the driving-gap rule sees it (a PlanVisit, a visit being placed)."""

    @property
    def id(self) -> int: ...
    @property
    def start_min(self) -> int: ...
    @property
    def end_min(self) -> int: ...


Span = tuple[int, int, int]
"""A visit on a route as plain data: (start_min, visit id, end_min). Sorted, spans stand in
the board's route order (by start, then id), so rows of many days need no objects."""


def short_gaps(spans: Iterable[Span], gap_min: int) -> Iterator[tuple[int, int, RouteWarning]]:
    """The one driving-gap rule, along one route (spans in route order): each visit that starts
    before the visit ending last so far has ended (an overlap), or less than ``gap_min``
    minutes after it (no time to drive), as (that visit, the one before, the kind). The board's
    warnings (``route_warnings``) and the coach's "short gaps" (``store/day_load.py``, which
    stops at the first) both read it."""
    latest: tuple[int, int] | None = None  # (end, id) of the visit ending last so far
    for start, visit_id, end in spans:
        if latest is not None:
            gap = start - latest[0]
            if gap < 0:
                yield visit_id, latest[1], RouteWarning.OVERLAP
            elif gap < gap_min:
                yield visit_id, latest[1], RouteWarning.NO_GAP
        if latest is None or end > latest[0]:
            latest = (end, visit_id)


def route_warnings(route: Sequence[Timed], gap_min: int) -> dict[int, set[RouteWarning]]:
    """Overlaps and missing driving gaps along one route (visits in start order), on both
    visits of each pair."""
    found: dict[int, set[RouteWarning]] = {}
    spans = ((v.start_min, v.id, v.end_min) for v in route)
    for visit_id, before_id, kind in short_gaps(spans, gap_min):
        found.setdefault(visit_id, set()).add(kind)
        found.setdefault(before_id, set()).add(kind)
    return found


def plan_warnings(
    plan: DayPlan, carer_ids: Iterable[int | None] | None = None
) -> dict[int, frozenset[RouteWarning]]:
    """Every warning on the board, per visit. With ``carer_ids``, only the visits on those
    routes (None: the unassigned): all a move between two routes can change."""
    if carer_ids is None:
        visits = list(plan.visits.values())
        carers = [c.id for c in plan.on_duty]
    else:
        visits = list({v.id: v for c in carer_ids for v in plan.route(c)}.values())
        on_duty = {c.id for c in plan.on_duty}
        carers = sorted({c for v in visits for c in v.carer_ids() if c in on_duty})
    found: dict[int, set[RouteWarning]] = {v.id: set() for v in visits}
    for carer_id in carers:
        for visit_id, kinds in route_warnings(plan.route(carer_id), plan.gap_for(carer_id)).items():
            if visit_id in found:
                found[visit_id].update(kinds)
    for visit in visits:
        kinds = found[visit.id]
        if outside_window(visit):
            kinds.add(RouteWarning.OUTSIDE_WINDOW)
        citizen = plan.citizens[visit.citizen_id]
        for carer_id in visit.carer_ids():
            if carer_id in plan.absences:  # 'Mangler dækning' says it all
                continue
            kinds.update(carer_warnings(visit, plan.carers[carer_id], citizen))
    return {k: frozenset(v) for k, v in found.items() if v}


def _route_with(plan: DayPlan, visit: PlanVisit, carer_id: int) -> list[PlanVisit]:
    """The carer's route with ``visit`` placed on it (replacing where it stood)."""
    route = [v for v in plan.route(carer_id) if v.id != visit.id] + [visit]
    return sorted(route, key=lambda v: (v.start_min, v.id))


def warnings_if_placed(
    plan: DayPlan, visit_id: int, carer_id: int | None, start_min: int
) -> frozenset[RouteWarning]:
    """The warnings a visit would get if it stood here: shown while it is picked up."""
    visit = plan.visits[visit_id]
    ghost = replace(visit, carer_id=carer_id, start_min=start_min)
    found: set[RouteWarning] = set()
    if outside_window(ghost):
        found.add(RouteWarning.OUTSIDE_WINDOW)
    citizen = plan.citizens[visit.citizen_id]
    for carer in ghost.carer_ids():
        if carer in plan.absences or carer not in plan.carers:
            continue
        route = _route_with(plan, ghost, carer)
        found |= route_warnings(route, plan.gap_for(carer)).get(visit_id, set())
        found |= carer_warnings(ghost, plan.carers[carer], citizen)
    return frozenset(found)


def overlapping(plan: DayPlan, visit_id: int, carer_id: int, start_min: int) -> PlanVisit | None:
    """The first visit on the carer's route that this one would overlap, if any."""
    visit = plan.visits[visit_id]
    end_min = start_min + visit.duration_min
    for other in plan.route(carer_id):
        if other.id != visit_id and other.start_min < end_min and start_min < other.end_min:
            return other
    return None
