"""The day's plan as plain objects: carers on duty, their routes, the unassigned visits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.model import (
    Absence,
    Carer,
    Citizen,
    Cover,
    DeclinedCarer,
    Service,
    Shift,
    ShiftKind,
    Team,
    TriageColour,
    Visit,
    VisitService,
    VisitStatus,
)

SHIFT_HOURS = {
    ShiftKind.DAY: (420, 900),
    ShiftKind.EVENING: (900, 1380),
    ShiftKind.NIGHT: (1380, 1860),
}


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    id: int
    code: str
    name: str
    professions: frozenset[str]
    competence: str


@dataclass(frozen=True, slots=True)
class TeamInfo:
    id: int
    name: str
    gap_min: int
    partner_id: int | None = None


@dataclass(frozen=True, slots=True)
class AbsenceInfo:
    id: int
    carer_id: int
    kind: str
    from_day: date
    to_day: date
    buddy_id: int | None
    reported_by: str
    reported_at: datetime | None = None  # UTC


@dataclass(frozen=True, slots=True)
class CoverInfo:
    visit_id: int
    absent_carer_id: int
    carer_id: int | None
    source: str
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CarerInfo:
    id: int
    initials: str
    name: str
    profession: str
    competences: frozenset[str]
    phone: str
    team_id: int
    shift_start: int | None = None
    shift_end: int | None = None
    substitute: bool = False

    @property
    def shift_minutes(self) -> int:
        if self.shift_start is None or self.shift_end is None:
            return 0
        return self.shift_end - self.shift_start


@dataclass(frozen=True, slots=True)
class CitizenInfo:
    id: int
    name: str
    short_name: str
    address: str
    area: str
    team_id: int
    contact_ids: tuple[int, ...]
    preferred_time: str
    declined: frozenset[int]


@dataclass(frozen=True, slots=True)
class PlanVisit:
    id: int
    citizen_id: int
    day: date
    start_min: int
    duration_min: int
    window_from_min: int | None
    window_to_min: int | None
    fixed_time: bool
    two_carers: bool
    carer_id: int | None
    second_carer_id: int | None
    version: int
    services: tuple[ServiceInfo, ...]

    @property
    def end_min(self) -> int:
        return self.start_min + self.duration_min

    def carer_ids(self) -> tuple[int, ...]:
        return tuple(c for c in (self.carer_id, self.second_carer_id) if c is not None)


@dataclass(slots=True)
class DayPlan:
    day: date
    shift: ShiftKind
    shift_start: int
    shift_end: int
    teams: dict[int, TeamInfo]
    on_duty: list[CarerInfo]  # board order: by team, then initials
    carers: dict[int, CarerInfo]  # everyone, for names of off-duty carers too
    citizens: dict[int, CitizenInfo]
    visits: dict[int, PlanVisit]
    absences: dict[int, AbsenceInfo] = field(default_factory=dict)  # by carer, this day
    covers: dict[int, CoverInfo] = field(default_factory=dict)  # by visit
    colours: dict[int, TriageColour] = field(default_factory=dict)  # by citizen; none = green
    outside: set[int] = field(default_factory=set)  # visits last changed from outside the team
    _routes: dict[int | None, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        routes: dict[int | None, list[int]] = defaultdict(list)
        for visit in sorted(self.visits.values(), key=lambda v: (v.start_min, v.id)):
            if visit.carer_id is None:
                routes[None].append(visit.id)
            for carer_id in visit.carer_ids():
                routes[carer_id].append(visit.id)
        self._routes = dict(routes)

    def route(self, carer_id: int | None) -> list[PlanVisit]:
        """A carer's visits in time order; ``None`` gives the unassigned visits."""
        return [self.visits[i] for i in self._routes.get(carer_id, [])]

    def uncovered(self) -> list[PlanVisit]:
        """Visits still with a carer who is away today: 'Mangler dækning'."""
        found = [v for v in self.visits.values() if v.carer_id in self.absences]
        return sorted(found, key=lambda v: (v.start_min, v.id))

    def replace_visit(self, visit: PlanVisit) -> None:
        self.visits[visit.id] = visit
        self._index()

    def gap_for(self, carer_id: int | None) -> int:
        carer = self.carers.get(carer_id) if carer_id is not None else None
        team = self.teams.get(carer.team_id) if carer else None
        return team.gap_min if team else 5

    def load(self, carer_id: int) -> float:
        """Planned visit minutes ÷ shift minutes."""
        carer = self.carers[carer_id]
        minutes = sum(v.duration_min for v in self.route(carer_id))
        return minutes / carer.shift_minutes if carer.shift_minutes else 0.0


def _split(value: str) -> frozenset[str]:
    return frozenset(p.strip() for p in value.split(",") if p.strip())


def load_day_plan(session: Session, day: date, shift: ShiftKind = ShiftKind.DAY) -> DayPlan:
    """Read one shift of one day: a few indexed queries straight into plain tuples.

    Core selects rather than ORM objects: building ~500 model instances cost more than the
    queries themselves, and this runs at every start and day change.
    """
    shift_start, shift_end = SHIFT_HOURS[shift]
    teams = {
        r.id: TeamInfo(r.id, r.name, r.gap_min, r.partner_team_id)
        for r in session.execute(select(Team.id, Team.name, Team.gap_min, Team.partner_team_id))
    }
    team_order = {tid: i for i, tid in enumerate(sorted(teams, key=lambda i: teams[i].name))}
    shifts = {
        r.carer_id: (r.start_min, r.end_min)
        for r in session.execute(
            select(Shift.carer_id, Shift.start_min, Shift.end_min).where(
                Shift.day == day, Shift.kind == shift
            )
        )
    }
    carers: dict[int, CarerInfo] = {}
    for r in session.execute(
        select(
            Carer.id,
            Carer.initials,
            Carer.name,
            Carer.profession,
            Carer.competences,
            Carer.phone,
            Carer.team_id,
            Carer.on_call_substitute,
        )
    ):
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
            r.on_call_substitute,
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
        for r in session.execute(
            select(
                Absence.id,
                Absence.carer_id,
                Absence.kind,
                Absence.from_day,
                Absence.to_day,
                Absence.buddy_id,
                Absence.reported_by,
                Absence.reported_at,
            ).where(Absence.from_day <= day, Absence.to_day >= day)
        )
    }
    on_duty = sorted(
        (c for c in carers.values() if c.shift_start is not None and c.id not in absences),
        key=lambda c: (team_order.get(c.team_id, 99), c.initials),
    )
    declined: dict[int, set[int]] = defaultdict(set)
    for r in session.execute(select(DeclinedCarer.citizen_id, DeclinedCarer.carer_id)):
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
        for r in session.execute(
            select(
                Citizen.id,
                Citizen.name,
                Citizen.short_name,
                Citizen.address,
                Citizen.area,
                Citizen.team_id,
                Citizen.contact1_id,
                Citizen.contact2_id,
                Citizen.preferred_time,
            )
        )
    }
    services = {
        r.id: ServiceInfo(r.id, r.code, r.name, _split(r.professions), r.competence)
        for r in session.execute(
            select(Service.id, Service.code, Service.name, Service.professions, Service.competence)
        )
    }
    in_shift = (
        Visit.day == day,
        Visit.status != VisitStatus.CANCELLED,
        Visit.start_min >= shift_start,
        Visit.start_min < shift_end,
    )
    by_visit: dict[int, list[ServiceInfo]] = defaultdict(list)
    for r in session.execute(
        select(VisitService.visit_id, VisitService.service_id)
        .join(Visit, Visit.id == VisitService.visit_id)
        .where(*in_shift)
    ):
        by_visit[r.visit_id].append(services[r.service_id])
    visits = {
        r.id: PlanVisit(
            r.id,
            r.citizen_id,
            r.day,
            r.start_min,
            r.duration_min,
            r.window_from_min,
            r.window_to_min,
            r.fixed_time,
            r.two_carers,
            r.carer_id,
            r.second_carer_id,
            r.version,
            tuple(by_visit.get(r.id, ())),
        )
        for r in session.execute(
            select(
                Visit.id,
                Visit.citizen_id,
                Visit.day,
                Visit.start_min,
                Visit.duration_min,
                Visit.window_from_min,
                Visit.window_to_min,
                Visit.fixed_time,
                Visit.two_carers,
                Visit.carer_id,
                Visit.second_carer_id,
                Visit.version,
            ).where(*in_shift)
        )
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
        for r in session.execute(
            select(
                Cover.visit_id,
                Cover.absent_carer_id,
                Cover.carer_id,
                Cover.source,
                Cover.decided_by,
                Cover.decided_at,
            )
            .join(Visit, Visit.id == Cover.visit_id)
            .where(*in_shift, Cover.returned.is_(False))
            .order_by(Cover.id)
        )
    }
    from kaffefoerst.domain.changes import outside_changed_visits
    from kaffefoerst.domain.rights import planners_on
    from kaffefoerst.domain.triage import current_colours  # triage reads the plan's citizens

    initials = {c.id: c.initials.upper() for c in carers.values()}
    planners = {p.upper() for p in planners_on(session, day)}
    outside = outside_changed_visits(session, list(visits), planners, initials)

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
        current_colours(session),
        outside,
    )


def moved(visit: PlanVisit, carer_id: int | None, start_min: int, version: int) -> PlanVisit:
    return replace(visit, carer_id=carer_id, start_min=start_min, version=version)


def has_team(session: Session) -> bool:
    """False for a new, empty database: the app then shows how to get started."""
    return session.scalar(select(Team.id).limit(1)) is not None
