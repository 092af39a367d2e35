"""The day's plan as plain objects: carers on duty, their routes, the unassigned visits.

No database imports here, so the board can be drawn from a plan before the store is open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from kaffefoerst.enums import ShiftKind, TeamRole, TriageColour

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
    roles: dict[TeamRole, tuple[int, ...]] = field(default_factory=dict)  # the day's team roles
    # Cancelled visits: shown apart from the routes, never open, never on a route.
    cancelled: dict[int, PlanVisit] = field(default_factory=dict)
    cancel_reasons: dict[int, str] = field(default_factory=dict)  # by visit: CancelReason or ""
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

    def standby(self) -> frozenset[int]:
        """Who is in beredskab today: the day's holders of the standby role, as the day plan
        read them (``store.role_turns.roles_on``, the one lookup)."""
        return frozenset(self.roles.get(TeamRole.STANDBY, ()))

    def uncovered(self) -> list[PlanVisit]:
        """Visits still with a carer who is away today, first or second: 'Mangler dækning'."""
        found = [v for v in self.visits.values() if self.absent_on(v) is not None]
        return sorted(found, key=lambda v: (v.start_min, v.id))

    def absent_on(self, visit: PlanVisit) -> int | None:
        """The carer on this visit who is away today (the first one if both are)."""
        return absent_carer(visit.carer_id, visit.second_carer_id, self.absences)

    def open_visits(self) -> list[PlanVisit]:
        """'Ikke fordelt' and 'Mangler dækning' together: the coach's "uncovered" figure."""
        found = [
            v for v in self.visits.values() if is_open(v.carer_id, v.second_carer_id, self.absences)
        ]
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


def absent_carer(
    carer_id: int | None, second_carer_id: int | None, absent: Container[int]
) -> int | None:
    """The carer on a visit who is away (the first one if both are): 'Mangler dækning'.

    Over plain ids, so the board (one day's DayPlan) and the coach's figures (rows of many
    days, store/figures.py) apply the very same rule and cannot count differently."""
    return next((c for c in (carer_id, second_carer_id) if c is not None and c in absent), None)


def is_open(carer_id: int | None, second_carer_id: int | None, absent: Container[int]) -> bool:
    """A visit nobody can go to yet: no carer ('Ikke fordelt', the board's unassigned row,
    which goes by the first carer) or a first or second carer away ('Mangler dækning')."""
    return carer_id is None or absent_carer(carer_id, second_carer_id, absent) is not None


def moved(visit: PlanVisit, carer_id: int | None, start_min: int, version: int) -> PlanVisit:
    return replace(visit, carer_id=carer_id, start_min=start_min, version=version)
