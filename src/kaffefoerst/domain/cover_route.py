"""The cover proposal for a whole absent route at once, keeping faces few.

Order of preference (000, issue 14): the citizen's contact persons (1st before 2nd), colleagues
who know the citizen (visit them today, or did in the last 14 days), the team's standby colleague
(beredskab) for a block of the route, a tilkaldevikar for a block, a colleague with room, and
last a *request* to the partner team's planner: another team's carers are never booked here.

- A citizen keeps one carer: each citizen's visits are handed out together where at all possible,
  and split visit by visit only when no one can take them all.
- Whole blocks: the standby colleague and the substitute take every citizen they can.
- A contact person may move a visit within its window (never a fixed time, never a visit for
  two) when that lets them take it; so may anyone in the team, as the last thing tried before
  asking the partner team. The line says so.
- Competence is a hard rule: nobody is proposed for a service they lack.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from kaffefoerst.domain.candidates import free_window
from kaffefoerst.domain.cover import (
    Bookings,
    Reason,
    Suggestion,
    on_shift,
    suggest,
    suggestion_for,
    team_of_absent,
)
from kaffefoerst.domain.plan import CarerInfo, DayPlan, PlanVisit
from kaffefoerst.domain.warnings import missing_competence
from kaffefoerst.enums import CoverSource

MOVE_STEP = 5  # minutes: a moved visit starts on a five-minute mark

Placement = tuple[PlanVisit, int]  # a visit and the start it gets


@dataclass(slots=True)
class ProposalLine:
    visit_id: int
    version: int
    absent_carer_id: int
    choice: Suggestion | None  # None: asked of the partner team, or left uncovered
    option_list: Callable[[], list[Suggestion]]  # asked only when someone changes the line
    inside_team: bool  # the absent carer's own team (or its standby colleague) takes it
    planned_min: int = 0
    start_min: int | None = None  # a new start inside the window, so that the choice fits
    request: bool = False  # to the partner team's planner: nothing is booked
    warnings: list[Reason] = field(default_factory=list)  # where a hand-over does not fit
    _options: list[Suggestion] | None = None

    @property
    def options(self) -> list[Suggestion]:
        """Everyone who may take the visit, best first, beside the rest of the proposal."""
        if self._options is None:
            self._options = self.option_list()
        return self._options

    @property
    def source(self) -> CoverSource:
        if self.choice is not None:
            return self.choice.source
        return CoverSource.REQUEST if self.request else CoverSource.UNCOVERED

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings) or (self.choice is not None and self.choice.needs_confirmation)

    def reasons(self) -> list[Reason]:
        found = list(self.choice.reasons()) if self.choice else []
        if any(w.key == "cover_route.warn_no_room" for w in self.warnings):
            found = [r for r in found if r.key != "reason.busy"]  # the warning says it better
        if self.start_min is not None:
            found.append(Reason("reason.moved", {"start": self.planned_min, "end": self.start_min}))
        return found + self.warnings

    def choose(self, choice: Suggestion | None) -> None:
        """A hand-picked line: at the planned time, and nothing asked of the partner team."""
        self.choice, self.start_min, self.request, self.warnings = choice, None, False, []


class _Planner:
    def __init__(self, plan: DayPlan, recent: dict[int, dict[int, int]], standby: Collection[int]):
        self.plan = plan
        self.recent = recent
        self.standby = frozenset(standby)
        self.bookings = Bookings(plan)
        self.placed: dict[int, tuple[int, int]] = {}  # visit -> (carer, start)
        self.faces: dict[int, set[int]] = {}  # citizen -> carers who visit them today
        for visit in plan.visits.values():
            for carer_id in visit.carer_ids():
                if carer_id not in plan.absences:
                    self.faces.setdefault(visit.citizen_id, set()).add(carer_id)

    def callable_in(self, carer: CarerInfo) -> bool:
        return carer.shift_start is not None or carer.substitute or carer.id in self.standby

    def start_for(
        self, carer: CarerInfo, visit: PlanVisit, slots: list[tuple[int, int]], move: bool
    ) -> int | None:
        """The planned start if it fits, else (for a movable visit) the nearest in its window."""
        shift, gap = self.bookings.shift_of(carer), self.plan.gap_for(carer.id)
        if free_window(slots, shift, (visit.start_min, visit.end_min), gap):
            return visit.start_min
        if not (move and movable(self.plan, visit)):
            return None
        assert visit.window_from_min is not None and visit.window_to_min is not None
        starts = range(visit.window_from_min, visit.window_to_min + 1, MOVE_STEP)
        for start in sorted(starts, key=lambda s: (abs(s - visit.start_min), s)):
            if free_window(slots, shift, (start, start + visit.duration_min), gap):
                return start
        return None

    def take(
        self, carer: CarerInfo, visits: list[PlanVisit], move: bool = False
    ) -> list[Placement] | None:
        """Where each visit would go on the carer's route, or None unless all of them fit."""
        if carer.id in self.plan.absences or not self.callable_in(carer):
            return None
        slots = list(self.bookings.slots.get(carer.id, []))
        found = []
        for visit in visits:
            citizen = self.plan.citizens[visit.citizen_id]
            if carer.id in citizen.declined or carer.id in visit.carer_ids():
                return None
            if missing_competence(visit, carer):
                return None
            start = self.start_for(carer, visit, slots, move)
            if start is None:
                return None
            slots.append((start, start + visit.duration_min))
            slots.sort()
            found.append((visit, start))
        return found

    def book(self, carer: CarerInfo, placements: list[Placement]) -> None:
        for visit, start in placements:
            self.bookings.book(carer.id, start, start + visit.duration_min)
            self.placed[visit.id] = (carer.id, start)
            self.faces.setdefault(visit.citizen_id, set()).add(carer.id)

    def first_to_take(
        self, carers: Iterable[CarerInfo], visits: list[PlanVisit], move: bool = False
    ) -> bool:
        for carer in carers:
            placements = self.take(carer, visits, move)
            if placements is not None:
                self.book(carer, placements)
                return True
        return False

    # --- who, in the order of preference ----------------------------------------------------
    def team(self, team_id: int) -> list[CarerInfo]:
        return [
            c
            for c in self.plan.carers.values()
            if c.team_id == team_id and not c.substitute and c.id not in self.plan.absences
        ]

    def contacts(self, citizen_id: int, team_id: int) -> list[CarerInfo]:
        citizen = self.plan.citizens[citizen_id]
        carers = (self.plan.carers.get(i) for i in citizen.contact_ids)
        return [c for c in carers if c is not None and c.team_id == team_id]

    def knowers(self, citizen_id: int, team_id: int) -> list[CarerInfo]:
        """Colleagues who visit the citizen today or did lately, today's faces first."""
        known = self.recent.get(citizen_id, {})
        today = self.faces.get(citizen_id, set())
        contacts = set(self.plan.citizens[citizen_id].contact_ids)
        found = [
            c
            for c in self.team(team_id)
            if c.id not in contacts and (c.id in today or known.get(c.id, 0) > 0)
        ]
        return sorted(found, key=lambda c: (c.id not in today, -known.get(c.id, 0), c.initials))

    def partner_could(self, visit: PlanVisit) -> bool:
        """Someone in the partner team at work has the competence: worth asking their planner."""
        team = self.plan.teams.get(team_of_absent(self.plan, visit))
        partner = team.partner_id if team else None
        return partner is not None and any(
            c.team_id == partner
            and not c.substitute
            and c.id not in self.plan.absences
            and on_shift(c, visit)
            and not missing_competence(visit, c)
            for c in self.plan.carers.values()
        )

    def standbys(self, team_id: int) -> list[CarerInfo]:
        return [c for c in self.team(team_id) if c.id in self.standby]

    def substitutes(self, team_id: int) -> list[CarerInfo]:
        subs = [c for c in self.plan.carers.values() if c.substitute]
        return sorted(subs, key=lambda c: (c.team_id != team_id, c.initials))

    def by_room(self, team_id: int) -> list[CarerInfo]:
        """Colleagues on duty, least booked first."""
        on_duty = [c for c in self.team(team_id) if c.shift_start is not None]
        return sorted(on_duty, key=lambda c: (self.bookings.minutes(c.id), c.initials))


def movable(plan: DayPlan, visit: PlanVisit) -> bool:
    """A visit may move within its window: not a fixed time, not one for two carers (the other
    carer's route would move too), and only when the absent carer is its first carer."""
    return (
        not visit.fixed_time
        and not visit.two_carers
        and visit.window_from_min is not None
        and visit.window_to_min is not None
        and visit.carer_id is not None
        and visit.carer_id in plan.absences
    )


def propose(
    plan: DayPlan,
    recent: dict[int, dict[int, int]],
    visits: list[PlanVisit] | None = None,
    standby: Collection[int] = (),
) -> list[ProposalLine]:
    """Plan the absent route(s) at once; one line per visit, in time order. Stores nothing."""
    todo = sorted(visits if visits is not None else plan.uncovered(), key=_by_time)
    p = _Planner(plan, recent, standby)
    groups: dict[int, list[PlanVisit]] = {}
    for visit in todo:
        groups.setdefault(visit.citizen_id, []).append(visit)

    def left() -> list[tuple[int, list[PlanVisit]]]:
        found = [(c, [v for v in vs if v.id not in p.placed]) for c, vs in groups.items()]
        return [(c, vs) for c, vs in found if vs]

    def team(vs: list[PlanVisit]) -> int:
        return team_of_absent(plan, vs[0])

    # 1-2: the citizen's contact persons (a move in the window allowed), then who knows them.
    for citizen_id, vs in left():
        if not p.first_to_take(p.contacts(citizen_id, team(vs)), vs, move=True):
            p.first_to_take(p.knowers(citizen_id, team(vs)), vs)
    # 3-4: the standby colleague, then a substitute, each taking every citizen they can: blocks.
    for pick in (p.standbys, p.substitutes):
        for _citizen_id, vs in left():
            p.first_to_take(pick(team(vs)), vs)
    # 5: a colleague with room, still one carer per citizen.
    for _citizen_id, vs in left():
        p.first_to_take(p.by_room(team(vs)), vs)
    # 6: split a citizen only now: visit by visit, today's faces first.
    for citizen_id, vs in left():
        t = team(vs)
        for visit in vs:
            faces = [
                plan.carers[c] for c in sorted(p.faces.get(citizen_id, ())) if c in plan.carers
            ]
            tiers = [
                c
                for c in (*faces, *p.contacts(citizen_id, t), *p.knowers(citizen_id, t))
                if c.team_id == t or c.substitute
            ]
            if not p.first_to_take(tiers, [visit], move=True):
                # Last before asking the partner team: anyone here, moved within the window.
                others = [*p.standbys(t), *p.substitutes(t), *p.by_room(t)]
                if not p.first_to_take(others, [visit]):
                    p.first_to_take(others, [visit], move=True)
    return [_line(p, visit) for visit in todo]


def _by_time(visit: PlanVisit) -> tuple[int, int]:
    return (visit.start_min, visit.id)


def _choice(p: _Planner, visit: PlanVisit, carer_id: int, start: int) -> Suggestion | None:
    """The chosen carer's suggestion where the visit now stands: its free stretch is measured
    against everything else booked, but not the visit itself."""
    p.bookings.unbook(carer_id, start, start + visit.duration_min)
    try:
        at = replace(visit, start_min=start)
        recent = p.recent.get(visit.citizen_id, {})
        return suggestion_for(p.plan, at, p.plan.carers[carer_id], recent, p.bookings, p.standby)
    finally:
        p.bookings.book(carer_id, start, start + visit.duration_min)


def _line(p: _Planner, visit: PlanVisit) -> ProposalLine:
    plan = p.plan
    absent = plan.absent_on(visit)
    assert absent is not None
    recent = p.recent.get(visit.citizen_id, {})
    placed = p.placed.get(visit.id)
    choice, start = None, None
    if placed is not None:
        choice = _choice(p, visit, *placed)
        start = placed[1]

    def options() -> list[Suggestion]:
        """Against the whole proposal's bookings, but for this line's own."""
        if placed is not None:
            p.bookings.unbook(placed[0], placed[1], placed[1] + visit.duration_min)
        try:
            return suggest(plan, visit, recent, p.bookings, p.standby)
        finally:
            if placed is not None:
                p.bookings.book(placed[0], placed[1], placed[1] + visit.duration_min)

    return ProposalLine(
        visit.id,
        visit.version,
        absent,
        choice,
        options,
        inside_team=choice is not None
        and choice.source in (CoverSource.OWN_TEAM, CoverSource.STANDBY),
        planned_min=visit.start_min,
        start_min=start if start is not None and start != visit.start_min else None,
        request=choice is None and p.partner_could(visit),
    )


def hand_over(
    plan: DayPlan,
    lines: list[ProposalLine],
    carer_id: int,
    recent: dict[int, dict[int, int]],
    standby: Collection[int] = (),
    others: Iterable[ProposalLine] = (),
) -> list[ProposalLine]:
    """The whole route to one colleague or substitute (``w``), with a warning on each line that
    doesn't fit: a missing competence or a declined carer leaves the line uncovered (a hard
    rule); no room keeps it with them, to be confirmed (the team may move things about).
    ``others``: the rest of the proposal (another absent carer's route), whose choices stand."""
    p = _Planner(plan, recent, standby)
    for other in others:
        if other.choice is not None:
            visit = plan.visits[other.visit_id]
            start = visit.start_min if other.start_min is None else other.start_min
            p.book(plan.carers[other.choice.carer_id], [(visit, start)])
    carer = plan.carers[carer_id]
    given: list[tuple[ProposalLine, int | None, list[Reason]]] = []
    for line in sorted(lines, key=lambda ln: _by_time(plan.visits[ln.visit_id])):
        visit = plan.visits[line.visit_id]
        citizen = plan.citizens[visit.citizen_id]
        warnings: list[Reason] = []
        start = None
        if carer.id in citizen.declined:
            warnings.append(Reason("reason.declined"))
        elif missing := missing_competence(visit, carer):
            warnings.append(Reason("reason.missing", {"missing": ", ".join(missing)}))
        elif carer.id in visit.carer_ids():  # the second carer of a two-carer visit
            warnings.append(Reason("cover_route.warn_already_on"))
        elif not p.callable_in(carer):
            warnings.append(Reason("cover_route.warn_off_shift"))
        else:
            slots = p.bookings.slots.get(carer.id, [])
            start = p.start_for(carer, visit, slots, move=True)
            if start is None:  # theirs all the same, to be confirmed
                warnings.append(Reason("cover_route.warn_no_room"))
                start = visit.start_min
        if start is not None:
            p.book(carer, [(visit, start)])
        given.append((line, start, warnings))
    found = []
    for line, start, warnings in given:  # once all is booked, so free stretches are true
        visit = plan.visits[line.visit_id]
        choice = None if start is None else _choice(p, visit, carer.id, start)
        found.append(
            ProposalLine(
                line.visit_id,
                line.version,
                line.absent_carer_id,
                choice,
                line.option_list,
                inside_team=choice is not None
                and choice.source in (CoverSource.OWN_TEAM, CoverSource.STANDBY),
                planned_min=visit.start_min,
                start_min=start if start is not None and start != visit.start_min else None,
                warnings=warnings,
            )
        )
    return found
