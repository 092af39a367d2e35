"""Continuity-first cover for an absent colleague's visits: ranked suggestions, a whole proposal.

Order (DESIGN.md): contact persons, then who visited recently, then the same team, then free
room at the visit's time, then lower load. Hard filters: absent, off shift, declined. A missing
competence never filters: it ranks last and needs confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaffefoerst.domain.candidates import continuity_rank, free_window
from kaffefoerst.domain.plan import CarerInfo, DayPlan, PlanVisit
from kaffefoerst.domain.warnings import missing_competence
from kaffefoerst.enums import CoverSource


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason in words: a locale key and its fields."""

    key: str
    fields: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Suggestion:
    carer_id: int
    source: CoverSource
    contact: bool
    recent: int
    same_team: bool
    free: tuple[int, int] | None  # the free stretch around the visit, if it fits
    load: float
    missing: tuple[str, ...]

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.missing)

    def reasons(self) -> list[Reason]:
        found = []
        if self.contact:
            found.append(Reason("reason.contact"))
        if self.recent:
            found.append(Reason("reason.recent", {"n": self.recent}))
        if self.free:
            found.append(Reason("reason.free", {"start": self.free[0], "end": self.free[1]}))
        else:
            found.append(Reason("reason.busy"))
        if self.same_team:
            found.append(Reason("reason.same_team"))
        elif self.source is CoverSource.PARTNER_TEAM:
            found.append(Reason("reason.partner_team"))
        elif self.source is CoverSource.SUBSTITUTE:
            found.append(Reason("reason.substitute"))
        if self.missing:
            found.append(Reason("reason.missing", {"missing": ", ".join(self.missing)}))
        return found

    def rank(self, initials: str) -> tuple[object, ...]:
        return continuity_rank(
            needs_confirmation=self.needs_confirmation,
            contact=self.contact,
            recent=self.recent,
            same_team=self.same_team,
            free=self.free is not None,
            load=self.load,
            initials=initials,
        )


class Bookings:
    """Each carer's booked time this shift, updated as a proposal hands out visits."""

    def __init__(self, plan: DayPlan) -> None:
        self.plan = plan
        self.slots: dict[int, list[tuple[int, int]]] = {
            c.id: sorted((v.start_min, v.end_min) for v in plan.route(c.id))
            for c in plan.carers.values()
        }

    def book(self, carer_id: int, visit: PlanVisit) -> None:
        self.slots.setdefault(carer_id, []).append((visit.start_min, visit.end_min))
        self.slots[carer_id].sort()

    def minutes(self, carer_id: int) -> int:
        return sum(end - start for start, end in self.slots.get(carer_id, []))

    def free_around(self, carer: CarerInfo, visit: PlanVisit, gap: int) -> tuple[int, int] | None:
        """The free stretch (driving gaps kept) that holds the visit, or None if it won't fit."""
        start = carer.shift_start if carer.shift_start is not None else self.plan.shift_start
        end = carer.shift_end if carer.shift_end is not None else self.plan.shift_end
        booked = self.slots.get(carer.id, [])
        return free_window(booked, (start, end), (visit.start_min, visit.end_min), gap)


def _source(plan: DayPlan, carer: CarerInfo, team_id: int) -> CoverSource | None:
    """A tilkaldevikar is a substitute whatever team they are attached to."""
    if carer.substitute:
        return CoverSource.SUBSTITUTE
    if carer.team_id == team_id:
        return CoverSource.OWN_TEAM
    partner = plan.teams[team_id].partner_id if team_id in plan.teams else None
    return CoverSource.PARTNER_TEAM if carer.team_id == partner else None


def _on_shift(carer: CarerInfo, visit: PlanVisit) -> bool:
    if carer.substitute and carer.shift_start is None:
        return True  # an on-call substitute is called in for the shift
    if carer.shift_start is None or carer.shift_end is None:
        return False
    return carer.shift_start <= visit.start_min and visit.end_min <= carer.shift_end


def suggest(
    plan: DayPlan, visit: PlanVisit, recent: dict[int, int], bookings: Bookings | None = None
) -> list[Suggestion]:
    """Every carer who may take the visit, best first, each with its reasons."""
    bookings = bookings or Bookings(plan)
    citizen = plan.citizens[visit.citizen_id]
    found: list[Suggestion] = []
    for carer in plan.carers.values():
        if carer.id in plan.absences or carer.id in citizen.declined:
            continue
        if carer.id in visit.carer_ids():  # the absent one, or the second carer already there
            continue
        source = _source(plan, carer, citizen.team_id)
        if source is None or not _on_shift(carer, visit):
            continue
        shift = carer.shift_minutes or (plan.shift_end - plan.shift_start)
        found.append(
            Suggestion(
                carer_id=carer.id,
                source=source,
                contact=carer.id in citizen.contact_ids,
                recent=recent.get(carer.id, 0),
                same_team=source is CoverSource.OWN_TEAM,
                free=bookings.free_around(carer, visit, plan.gap_for(carer.id)),
                load=bookings.minutes(carer.id) / shift,
                missing=tuple(missing_competence(visit, carer)),
            )
        )
    found.sort(key=lambda s: s.rank(plan.carers[s.carer_id].initials))
    return found


@dataclass(slots=True)
class ProposalLine:
    visit_id: int
    version: int
    absent_carer_id: int
    choice: Suggestion | None  # None: leave uncovered, with a visible flag
    options: list[Suggestion]
    inside_team: bool  # False: nobody in the citizen's own team had room

    @property
    def source(self) -> CoverSource:
        return self.choice.source if self.choice else CoverSource.UNCOVERED


def _fits(s: Suggestion) -> bool:
    return s.free is not None and not s.missing


def propose(
    plan: DayPlan, recent: dict[int, dict[int, int]], visits: list[PlanVisit] | None = None
) -> list[ProposalLine]:
    """Greedy, in time order: the best suggestion that fits, booking as it goes, so nobody is
    double-booked. Own team first; otherwise partner team, then substitute, else uncovered."""
    bookings = Bookings(plan)
    lines: list[ProposalLine] = []
    for visit in sorted(
        visits if visits is not None else plan.uncovered(), key=lambda v: (v.start_min, v.id)
    ):
        options = suggest(plan, visit, recent.get(visit.citizen_id, {}), bookings)
        own = next((s for s in options if s.same_team and _fits(s)), None)
        choice = own
        if choice is None:
            for source in (CoverSource.PARTNER_TEAM, CoverSource.SUBSTITUTE):
                choice = next((s for s in options if s.source is source and _fits(s)), None)
                if choice:
                    break
        if choice is not None:
            bookings.book(choice.carer_id, visit)
        absent = plan.absent_on(visit)
        assert absent is not None
        lines.append(
            ProposalLine(
                visit.id,
                visit.version,
                absent,
                choice,
                options,
                inside_team=own is not None,
            )
        )
    return lines
