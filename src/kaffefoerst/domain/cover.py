"""Who may cover one of an absent colleague's visits: ranked suggestions, each with its reasons.

Sources are measured against the absent carer's team (the team whose puzzle it is): own team,
the team's standby colleague (beredskab), a tilkaldevikar, or another team's carer (offered for
a hand-picked line only; the proposal asks the partner team's planner instead). Hard filters:
absent, off shift, declined. A missing competence never filters here: it ranks last and needs
confirmation; the proposal (``domain/cover_route.py``) never chooses it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from kaffefoerst.domain.candidates import continuity_rank, free_window
from kaffefoerst.domain.plan import CarerInfo, DayPlan, PlanVisit
from kaffefoerst.domain.warnings import missing_competence, outside_shift
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
        if self.source is CoverSource.STANDBY:
            found.append(Reason("reason.standby"))
        elif self.same_team:
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

    def book(self, carer_id: int, start: int, end: int) -> None:
        self.slots.setdefault(carer_id, []).append((start, end))
        self.slots[carer_id].sort()

    def unbook(self, carer_id: int, start: int, end: int) -> None:
        self.slots[carer_id].remove((start, end))

    def minutes(self, carer_id: int) -> int:
        return sum(end - start for start, end in self.slots.get(carer_id, []))

    def shift_of(self, carer: CarerInfo) -> tuple[int, int]:
        start = carer.shift_start if carer.shift_start is not None else self.plan.shift_start
        end = carer.shift_end if carer.shift_end is not None else self.plan.shift_end
        return start, end

    def free_at(self, carer: CarerInfo, start: int, end: int) -> tuple[int, int] | None:
        """The free stretch (driving gaps kept) that holds start-end, or None if it won't fit."""
        booked = self.slots.get(carer.id, [])
        return free_window(booked, self.shift_of(carer), (start, end), self.plan.gap_for(carer.id))

    def free_around(self, carer: CarerInfo, visit: PlanVisit) -> tuple[int, int] | None:
        return self.free_at(carer, visit.start_min, visit.end_min)


def team_of_absent(plan: DayPlan, visit: PlanVisit) -> int:
    """The team whose puzzle the visit is: the absent carer's (the citizen's if none is away)."""
    absent = plan.absent_on(visit)
    if absent is not None and absent in plan.carers:
        return plan.carers[absent].team_id
    return plan.citizens[visit.citizen_id].team_id


def source_for(
    plan: DayPlan, carer: CarerInfo, team_id: int, standby: Collection[int] = ()
) -> CoverSource | None:
    """A tilkaldevikar is a substitute whatever team they are attached to; a carer of a team
    that is neither this one nor its partner is no source at all."""
    if carer.substitute:
        return CoverSource.SUBSTITUTE
    if carer.team_id == team_id:
        return CoverSource.STANDBY if carer.id in standby else CoverSource.OWN_TEAM
    partner = plan.teams[team_id].partner_id if team_id in plan.teams else None
    return CoverSource.PARTNER_TEAM if carer.team_id == partner else None


def on_shift(carer: CarerInfo, visit: PlanVisit, standby: Collection[int] = ()) -> bool:
    """May take the visit as to working hours: it fits the carer's own shift (the board's one
    rule, ``domain.warnings.outside_shift``); without a shift today only someone called in for
    it may (a tilkaldevikar, or the colleague in beredskab)."""
    if carer.shift_start is None or carer.shift_end is None:
        return carer.shift_start is None and (carer.substitute or carer.id in standby)
    return not outside_shift(visit, carer)


def suggestion_for(
    plan: DayPlan,
    visit: PlanVisit,
    carer: CarerInfo,
    recent: dict[int, int],
    bookings: Bookings,
    standby: Collection[int] = (),
    team_id: int | None = None,
) -> Suggestion | None:
    """One carer's suggestion for the visit, or None when they may not take it at all.
    ``team_id``: the absent carer's team, when the caller already knows it."""
    citizen = plan.citizens[visit.citizen_id]
    if carer.id in plan.absences or carer.id in citizen.declined:
        return None
    if carer.id in visit.carer_ids():  # the absent one, or the second carer already there
        return None
    if not on_shift(carer, visit, standby):
        return None
    team = team_of_absent(plan, visit) if team_id is None else team_id
    source = source_for(plan, carer, team, standby)
    if source is None:
        return None
    shift = carer.shift_minutes or (plan.shift_end - plan.shift_start)
    return Suggestion(
        carer_id=carer.id,
        source=source,
        contact=carer.id in citizen.contact_ids,
        recent=recent.get(carer.id, 0),
        same_team=source in (CoverSource.OWN_TEAM, CoverSource.STANDBY),
        free=bookings.free_around(carer, visit),
        load=bookings.minutes(carer.id) / shift,
        missing=tuple(missing_competence(visit, carer)),
    )


def suggest(
    plan: DayPlan,
    visit: PlanVisit,
    recent: dict[int, int],
    bookings: Bookings | None = None,
    standby: Collection[int] = (),
) -> list[Suggestion]:
    """Every carer who may take the visit, best first, each with its reasons."""
    bookings = bookings or Bookings(plan)
    team = team_of_absent(plan, visit)
    found = [
        s
        for carer in plan.carers.values()
        if (s := suggestion_for(plan, visit, carer, recent, bookings, standby, team)) is not None
    ]
    found.sort(key=lambda s: s.rank(plan.carers[s.carer_id].initials))
    return found
