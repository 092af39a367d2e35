"""Who could take a visit, continuity first: contact persons, then who knows the citizen.

The one ranking of carers for a visit lives here (``continuity_rank``); the cover proposal
ranks its suggestions with it too, and both measure free room with ``free_window``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.domain.warnings import missing_competence


def continuity_rank(
    *,
    needs_confirmation: bool,
    contact: bool,
    recent: int,
    same_team: bool,
    free: bool,
    load: float,
    initials: str,
) -> tuple[object, ...]:
    """DESIGN.md's order: contact person, recent visits, same team, free room, lower load."""
    return (needs_confirmation, not contact, -recent, not same_team, not free, load, initials)


def free_window(
    booked: list[tuple[int, int]], shift: tuple[int, int], visit: tuple[int, int], gap: int
) -> tuple[int, int] | None:
    """The free stretch of a shift (driving gaps kept) that holds the visit, or None."""
    start, end = shift
    for booked_start, booked_end in sorted(booked):
        if booked_end + gap <= visit[0]:
            start = max(start, booked_end + gap)
        elif booked_start - gap >= visit[1]:
            end = min(end, booked_start - gap)
            break
        else:
            return None
    return (start, end) if start <= visit[0] and visit[1] <= end else None


@dataclass(frozen=True, slots=True)
class Candidate:
    carer_id: int
    contact: bool
    recent_visits: int
    same_team: bool
    load: float
    missing: tuple[str, ...]
    declined: bool
    free: tuple[int, int] | None = None  # the free stretch that holds the visit
    clash: PlanVisit | None = None  # the visit in the way when there is no room

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.missing) or self.declined


def _room(
    plan: DayPlan, visit: PlanVisit, carer_id: int
) -> tuple[tuple[int, int] | None, PlanVisit | None]:
    carer = plan.carers[carer_id]
    route = [v for v in plan.route(carer_id) if v.id != visit.id]
    shift = (
        carer.shift_start if carer.shift_start is not None else plan.shift_start,
        carer.shift_end if carer.shift_end is not None else plan.shift_end,
    )
    gap = plan.gap_for(carer_id)
    booked = [(v.start_min, v.end_min) for v in route]
    free = free_window(booked, shift, (visit.start_min, visit.end_min), gap)
    if free is not None:
        return free, None
    clash = next(
        (
            v
            for v in route
            if v.start_min < visit.end_min + gap and visit.start_min < v.end_min + gap
        ),
        None,
    )
    return None, clash


def rank_carers(plan: DayPlan, visit: PlanVisit, recent: dict[int, int]) -> list[Candidate]:
    """Every carer on duty but the current one. Those with room at the visit's time come
    first, each group in continuity order (as the cover proposal picks: the best that fits);
    those needing confirmation come last."""
    citizen = plan.citizens[visit.citizen_id]
    found = []
    for carer in plan.on_duty:
        if carer.id == visit.carer_id:
            continue
        free, clash = _room(plan, visit, carer.id)
        found.append(
            Candidate(
                carer_id=carer.id,
                contact=carer.id in citizen.contact_ids,
                recent_visits=recent.get(carer.id, 0),
                same_team=carer.team_id == citizen.team_id,
                load=plan.load(carer.id),
                missing=tuple(missing_competence(visit, carer)),
                declined=carer.id in citizen.declined,
                free=free,
                clash=clash,
            )
        )
    found.sort(
        key=lambda c: (
            c.needs_confirmation,
            c.free is None,
            continuity_rank(
                needs_confirmation=c.needs_confirmation,
                contact=c.contact,
                recent=c.recent_visits,
                same_team=c.same_team,
                free=c.free is not None,
                load=c.load,
                initials=plan.carers[c.carer_id].initials,
            ),
        )
    )
    return found
