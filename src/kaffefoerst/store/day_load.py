"""The coach's load table: routes, mean load, short gaps and open visits of the last 14 days.

Definitions (``store/figures.py`` lists them with the other figures): a route is a carer with
a shift that day who is not away; its load is its planned (not cancelled) visit minutes ÷ its
shift minutes, both carers of a two-carer visit counting. "Short gaps" are routes the board's
driving-gap rule warns about (``domain.warnings.short_gaps``); "uncovered" is the board's
own ``domain.plan.is_open``, for the whole day rather than one shift.

The rules run in Python over plain rows, so the figure and the board agree by construction.
What makes that cheap (bench/continuity.py, no slower than the SQL window function it
replaced): the days' visits, shifts and absences are read once each, as Core rows (the ORM's
row handling cost more than the rules), and the visits feed the load, the gaps and the open
visits in one pass; a route's visits are kept only if the route counts.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Row, or_, select
from sqlmodel import Session

from kaffefoerst.domain.plan import is_open
from kaffefoerst.domain.warnings import Span, short_gaps
from kaffefoerst.enums import VisitStatus
from kaffefoerst.model import Absence, Carer, Citizen, Shift, Team, Visit

LOAD_DAYS = 14
NOBODY: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class LoadDay:
    day: date
    routes: int
    mean_load: float | None
    short_gaps: int  # routes with an overlap or less than the team's driving gap
    uncovered: int


def _absent(conn: Connection, start: date, end: date) -> dict[date, frozenset[int]]:
    """Who is away (any kind of absence) on each day of [start, end)."""
    away: dict[date, set[int]] = defaultdict(set)
    for carer, first, last in conn.execute(
        select(Absence.carer_id, Absence.from_day, Absence.to_day).where(
            Absence.from_day < end, Absence.to_day >= start
        )
    ):
        first, last = max(first, start), min(last, end - timedelta(days=1))
        for k in range((last - first).days + 1):
            away[first + timedelta(days=k)].add(carer)
    return {d: frozenset(ids) for d, ids in away.items()}


def _gaps(conn: Connection, team_ids: list[int] | None) -> dict[int, int]:
    """The driving gap of each carer of the teams (None: every carer), by the carer's team."""
    query = select(Carer.id, Team.gap_min).join(Team, Team.id == Carer.team_id)
    if team_ids is not None:
        query = query.where(Carer.team_id.in_(team_ids))
    return {carer: gap for carer, gap in conn.execute(query)}


def _routes(
    conn: Connection,
    start: date,
    end: date,
    team_ids: list[int] | None,
    absent: dict[date, frozenset[int]],
) -> dict[tuple[int, date], int]:
    """Shift minutes of each route that counts: the teams' carers on shift, not away."""
    query = select(Shift.carer_id, Shift.day, Shift.start_min, Shift.end_min).where(
        Shift.day >= start, Shift.day < end
    )
    if team_ids is not None:
        query = query.where(Shift.carer_id.in_(select(Carer.id).where(Carer.team_id.in_(team_ids))))
    minutes: dict[tuple[int, date], int] = defaultdict(int)
    for carer, on, begins, ends in conn.execute(query).all():
        if carer not in absent.get(on, NOBODY):
            minutes[carer, on] += ends - begins
    return {route: n for route, n in minutes.items() if n > 0}


def _visits(
    conn: Connection, start: date, end: date, team_ids: list[int] | None
) -> Sequence[Row[Any]]:
    """The days' planned visits: every visit for every team; for some teams, their citizens'
    visits (open visits) and every visit on their carers' routes (load and gaps)."""
    query = select(
        Visit.id,
        Visit.day,
        Visit.carer_id,
        Visit.second_carer_id,
        Visit.start_min,
        Visit.duration_min,
        Visit.citizen_id,
    ).where(Visit.status != VisitStatus.CANCELLED, Visit.day >= start, Visit.day < end)
    if team_ids is not None:
        carers = select(Carer.id).where(Carer.team_id.in_(team_ids))
        query = query.where(
            or_(
                Visit.citizen_id.in_(select(Citizen.id).where(Citizen.team_id.in_(team_ids))),
                Visit.carer_id.in_(carers),
                Visit.second_carer_id.in_(carers),
            )
        )
    return conn.execute(query).all()


def _citizens(conn: Connection, team_ids: list[int]) -> set[int]:
    return set(conn.scalars(select(Citizen.id).where(Citizen.team_id.in_(team_ids))))


def day_load(session: Session, day: date, team_ids: list[int] | None = None) -> tuple[LoadDay, ...]:
    """The load table of the ``LOAD_DAYS`` days up to ``day`` (``day`` last) for the teams
    (None: every team)."""
    start, end = day - timedelta(days=LOAD_DAYS - 1), day + timedelta(days=1)
    conn = session.connection()
    absent = _absent(conn, start, end)
    shift_min = _routes(conn, start, end, team_ids, absent)
    gap_min = _gaps(conn, team_ids)
    citizens = None if team_ids is None else _citizens(conn, team_ids)
    spans: dict[tuple[int, date], list[Span]] = {route: [] for route in shift_min}
    # Whether a visit is open depends on its two carers and the day's absences only: the
    # rule runs once per pair and day, not once per visit (14 days hold ~10,000 visits).
    opens: dict[tuple[date, int | None, int | None], bool] = {}
    uncovered: Counter[date] = Counter()
    for visit, on, first, second, begins, minutes, citizen in _visits(conn, start, end, team_ids):
        if citizens is None or citizen in citizens:
            pair = (on, first, second)
            found = opens.get(pair)
            if found is None:
                found = opens[pair] = is_open(first, second, absent.get(on, NOBODY))
            if found:
                uncovered[on] += 1
        span = (begins, visit, begins + minutes)
        if (route := spans.get((first, on))) is not None:
            route.append(span)
        if second is not None and (route := spans.get((second, on))) is not None:
            route.append(span)
    loads: dict[date, list[float]] = defaultdict(list)
    short: Counter[date] = Counter()
    for (carer, on), route in spans.items():
        loads[on].append(sum(ends - begins for begins, _, ends in route) / shift_min[carer, on])
        route.sort()  # the board's route order: by start, then visit id
        if any(short_gaps(route, gap_min[carer])):
            short[on] += 1
    days = [start + timedelta(days=k) for k in range(LOAD_DAYS)]
    return tuple(
        LoadDay(
            d,
            len(loads.get(d, ())),
            statistics.fmean(loads[d]) if d in loads else None,
            short[d],
            uncovered[d],
        )
        for d in days
    )
