"""The morning meeting's rules over the day's plan: who is expected (and when they arrive), and
what the board still leaves open before the meeting ends."""

from __future__ import annotations

from dataclasses import dataclass

from kaffefoerst.domain.plan import DayPlan


@dataclass(frozen=True, slots=True)
class Attendee:
    carer_id: int
    initials: str
    name: str
    present: bool
    arrives_min: int | None  # starts after the meeting: a later shift, or called in for a visit
    substitute: bool  # a tilkaldevikar: 'tilkaldt fra 11:07' rather than a later shift
    stored: bool  # someone ticked or unticked them; else the default from the plan


def arrival(plan: DayPlan, carer_id: int) -> int:
    """When the carer's day starts. A called-in substitute's 'shift' is the whole day on the
    board, but they come for their first visit, so that is when they arrive."""
    carer = plan.carers[carer_id]
    route = plan.route(carer_id)
    if carer.substitute and route:
        return route[0].start_min
    return carer.shift_start if carer.shift_start is not None else plan.shift_start


def expected(plan: DayPlan) -> list[Attendee]:
    """The default list: everyone on duty and not away (the plan leaves the absent out); present
    if their day starts by the shift start, when the meeting is held."""
    found = []
    for carer in plan.on_duty:
        starts = arrival(plan, carer.id)
        late = starts > plan.shift_start
        found.append(
            Attendee(
                carer.id,
                carer.initials,
                carer.name,
                present=not late,
                arrives_min=starts if late else None,
                substitute=carer.substitute,
                stored=False,
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class LooseEnds:
    """What the board still leaves open; ending the meeting asks first if any."""

    unassigned: int  # 'Ikke fordelt'
    uncovered: int  # 'Mangler dækning', as DayPlan.uncovered() defines it

    def __bool__(self) -> bool:
        return bool(self.unassigned or self.uncovered)


def loose_ends(plan: DayPlan) -> LooseEnds:
    return LooseEnds(len(plan.route(None)), len(plan.uncovered()))
