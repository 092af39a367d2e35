"""Who could take a visit, continuity first: contact persons, then who knows the citizen."""

from __future__ import annotations

from dataclasses import dataclass

from kaffefoerst.domain.plan_types import DayPlan, PlanVisit
from kaffefoerst.domain.warnings import missing_competence


@dataclass(frozen=True, slots=True)
class Candidate:
    carer_id: int
    contact: bool
    recent_visits: int
    same_team: bool
    load: float
    missing: tuple[str, ...]
    declined: bool

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.missing) or self.declined


def rank_carers(plan: DayPlan, visit: PlanVisit, recent: dict[int, int]) -> list[Candidate]:
    """Every carer on duty but the current one; those needing confirmation come last."""
    citizen = plan.citizens[visit.citizen_id]
    found = [
        Candidate(
            carer_id=carer.id,
            contact=carer.id in citizen.contact_ids,
            recent_visits=recent.get(carer.id, 0),
            same_team=carer.team_id == citizen.team_id,
            load=plan.load(carer.id),
            missing=tuple(missing_competence(visit, carer)),
            declined=carer.id in citizen.declined,
        )
        for carer in plan.on_duty
        if carer.id != visit.carer_id
    ]
    found.sort(
        key=lambda c: (
            c.needs_confirmation,
            not c.contact,
            -c.recent_visits,
            not c.same_team,
            c.load,
            plan.carers[c.carer_id].initials,
        )
    )
    return found
