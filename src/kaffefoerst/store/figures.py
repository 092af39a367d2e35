"""Team figures for the coach (Nøgletal): continuity, sick leave, cover, outside changes, load.

Counting is done in SQL (GROUP BY, COUNT(DISTINCT …)) and only aggregates come back to Python:
at municipality scale a quarter holds ~45,000 visits. Where a figure is one of the board's
rules (open visits, short gaps, outside), the rule itself runs on plain rows of a few days.

Team level only. DOMAIN.md: "der måles ikke på den enkelte medarbejders indsats" – no figure
here is keyed by a carer, and a profession with fewer than ``MIN_GROUP`` carers is pooled or
withheld so that a team-level share can never be one person's sick days. The one per-person
view is the citizen's own card (``citizen_continuity``): who came to *this citizen*, which the
team needs to act on a citizen who sees too many faces.

Definitions (each measured "on" a day D; D's own visits are not yet delivered, so a window
ends the day before D, as in ``store.knowledge``):

- Unique carers of a citizen in a window: distinct carers on delivered visits, both carers of
  a two-carer visit counting. Delivered is the days-close rule (``domain.days_close``, in SQL
  ``store.delivered``): a closed day's visit unless cancelled or imported as otherwise; a day
  not yet closed counts only what an import marked delivered. A window holding days not yet
  closed, or days the data does not reach, is not ``complete`` and says so. A citizen with
  no delivered visit in the window is left out of the average and median (not counted as 0).
  Team = the citizen's team; a partner-team carer who came still counts as a face.
- Windows: ``14d`` = the 14 days before D (Haderslev); ``month`` and ``quarter`` = the last
  *complete* calendar month / quarter before D (VIVE's monthly and quarterly figures), so a
  figure measured on the 1st of a month covers whole periods.
- Trend: Haderslev's rule, the 14-day figure measured on the 1st of each of the last 12 months.
- Contact share: delivered visits where either carer is one of the citizen's two contact
  persons, over all delivered visits of the team's citizens in the window.
- Sick leave per profession per month: shift days (one Shift row = one shift day) on which a
  SICK absence covers that carer, over all shift days, for the 12 calendar months up to D
  (days after D are plans, not facts).
- Covers per month by source: Cover rows not given back (``returned``), by the visit's day and
  the citizen's team.
- Moved from outside: distinct visits with a ``move`` or ``cover`` audit event that changed
  the placement, by an actor who is "outside" as the board's ¤ means it
  (``domain.outside.is_outside``): neither a planner on the visit's day nor the carer the
  visit was moved from or to.
- Load per route and day (``store/day_load.py``): planned (not cancelled) visit minutes ÷
  shift minutes; a route is a carer with a shift that day who is not absent. "Short gaps":
  routes where some visit starts less than the team's driving gap after the visits before it
  have ended, by the board's own rule (``domain.warnings.route_warnings``, the overlap /
  no-gap warning). Uncovered: what the board shows as 'Ikke fordelt' (no carer) plus
  'Mangler dækning' (a first or second carer away), counted by the board's own rule
  ``domain.plan.is_open`` (``DayPlan.open_visits``), for the whole day rather than one shift.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Subquery,
    and_,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.days_close import open_days
from kaffefoerst.domain.outside import is_outside, route_of
from kaffefoerst.enums import AbsenceKind, CoverSource
from kaffefoerst.model import Absence, AuditEvent, Carer, Citizen, Cover, Shift, Team, Visit
from kaffefoerst.store.day_load import LoadDay, day_load
from kaffefoerst.store.delivered import delivered
from kaffefoerst.store.users import planners_by_day
from kaffefoerst.store.visit_carers import came

WINDOWS = ("14d", "month", "quarter")
TREND_MONTHS = 12
CARD_DAYS = (14, 30, 90)  # the citizen card's rolling windows (DESIGN.md "Borger")
# Haderslev Apr-Oct 2022, average unique carers per citizen per 14 days (001, Table 4.2).
REFERENCES = (("kaffe_foerst", 7.1), ("district", 8.2))
# Sickness absence, Haderslev Jan-Aug 2022 (001, Table 4.1): (Kaffe først teams, district).
SICK_REFERENCES = {"SPL": (0.02, 0.07), "SSA": (0.11, 0.05), "SSH": (0.06, 0.06)}
# Fewer carers than this in a profession group and the share would describe one or two
# people: the group is pooled with the other small ones, or withheld.
MIN_GROUP = 3
MAIN_PROFESSIONS = ("SPL", "SSA", "SSH")  # Haderslev's columns, in its order
OTHER = "OTHER"
DISTRIBUTION = ((1, 3), (4, 6), (7, 9), (10, 12), (13, None))  # unique carers, citizens per band
MOVE_ACTIONS = (AuditAction.MOVE, AuditAction.COVER)


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """Days ``start`` up to, not including, ``end``."""

    start: date
    end: date

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)


def add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def window_period(day: date, window: str) -> Period:
    if window == "14d":
        return Period(day - timedelta(days=14), day)
    if window == "month":
        this = month_start(day)
        return Period(add_months(this, -1), this)
    if window == "quarter":
        this = quarter_start(day)
        return Period(add_months(this, -3), this)
    raise ValueError(window)


def trend_months(day: date, months: int = TREND_MONTHS) -> list[date]:
    """The first day of each of the last ``months`` months, oldest first, D's month last."""
    this = month_start(day)
    return [add_months(this, k - months + 1) for k in range(months)]


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spread:
    """Unique carers per citizen over one window, for the citizens of the chosen teams."""

    citizens: int  # citizens of the teams
    measured: int  # of them, with at least one delivered visit in the window
    average: float | None
    median: float | None
    histogram: tuple[tuple[int, int], ...]  # (unique carers, citizens), ascending

    def distribution(self) -> list[tuple[int, int | None, int]]:
        """Citizens per band of unique carers: (from, to or None for "and more", citizens)."""
        return [
            (
                low,
                high,
                sum(n for k, n in self.histogram if k >= low and (high is None or k <= high)),
            )
            for low, high in DISTRIBUTION
        ]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: date  # the 1st of the month: the day the 14-day figure is measured
    measured: int
    average: float | None  # None: no delivered visits, or the window predates the data
    median: float | None


@dataclass(frozen=True, slots=True)
class ContinuityFigures:
    day: date
    teams: tuple[str, ...]
    window: str
    period: Period
    data_from: date | None  # the first day with any visit; before it nothing is known
    spread: Spread
    visits: int  # delivered visits in the window
    by_contact: int  # of them, done by one of the citizen's contact persons
    trend: tuple[TrendPoint, ...]
    data_to: date | None = None  # the last day with any visit; after it nothing is known
    empty_days: int = 0  # days of the window (from the data's first day) without any visit
    today: date | None = None  # days before it have closed (None: the day measured on)

    @property
    def open_days(self) -> int:
        """Days of the window not yet closed: their visits may still change."""
        return open_days(self.period.start, self.period.end, self.today or self.day)

    @property
    def data_missing(self) -> bool:
        """The data does not span the whole window (it starts late or stops early)."""
        return (
            self.data_from is None
            or self.data_to is None
            or self.data_from > self.period.start
            or self.data_to < self.period.last
            or self.empty_days > 0
        )

    @property
    def complete(self) -> bool:
        return not self.data_missing and self.open_days == 0

    @property
    def contact_share(self) -> float | None:
        return self.by_contact / self.visits if self.visits else None


@dataclass(frozen=True, slots=True)
class SickCell:
    staff: int
    planned: int | None  # None when withheld (fewer than MIN_GROUP carers)
    sick: int | None

    @property
    def withheld(self) -> bool:
        return self.planned is None

    @property
    def share(self) -> float | None:
        return self.sick / self.planned if self.planned and self.sick is not None else None


@dataclass(frozen=True, slots=True)
class SickGroup:
    key: str  # a profession, or OTHER for the small ones pooled
    professions: tuple[str, ...]
    total: SickCell
    months: tuple[SickCell, ...]  # one per AbsenceFigures.months


@dataclass(frozen=True, slots=True)
class MonthCounts:
    month: date
    covers: dict[str, int]  # CoverSource name -> covers
    moved: int  # visits moved or covered by anyone
    outside: int  # of them, by someone not in the citizen's team


@dataclass(frozen=True, slots=True)
class AbsenceFigures:
    day: date
    teams: tuple[str, ...]
    months: tuple[date, ...]
    sick: tuple[SickGroup, ...]
    counts: tuple[MonthCounts, ...]
    load: tuple[LoadDay, ...]  # the last LOAD_DAYS days, D last


@dataclass(frozen=True, slots=True)
class CarerSeen:
    """One carer who came to one citizen: for the citizen card only, never a team figure."""

    carer_id: int
    initials: str
    name: str
    profession: str
    contact: bool
    visits: tuple[int, ...]  # delivered visits in each of CARD_DAYS
    last_day: date


@dataclass(frozen=True, slots=True)
class CitizenContinuity:
    citizen_id: int
    day: date
    unique: tuple[int, ...]  # unique carers in each of CARD_DAYS
    carers: tuple[CarerSeen, ...]  # most recent visit first


# --- shared SQL pieces ------------------------------------------------------------------------


def team_list(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every team, by name."""
    return [(r.id, r.name) for r in session.execute(select(Team.id, Team.name).order_by(Team.name))]


def _team_names(session: Session, team_ids: list[int] | None) -> tuple[str, ...]:
    names = team_list(session)
    return tuple(name for tid, name in names if team_ids is None or tid in team_ids)


def _citizen_in(team_ids: list[int] | None, column: Any = Visit.citizen_id) -> list[Any]:
    if team_ids is None:
        return []
    return [column.in_(select(Citizen.id).where(Citizen.team_id.in_(team_ids)))]


def _bucket(column: Any, edges: list[tuple[date, date]]) -> ColumnElement[Any]:
    """The index of the [start, end) range a day falls in, NULL outside them (portable SQL)."""
    return case(
        *(
            (and_(column >= start, column < end), literal(i))
            for i, (start, end) in enumerate(edges)
        ),
        else_=None,
    )


def _histogram_stats(histogram: list[tuple[int, int]]) -> tuple[int, float | None, float | None]:
    """(citizens measured, average, median) from (unique carers, citizens) pairs."""
    measured = sum(n for _, n in histogram)
    if not measured:
        return 0, None, None
    average = sum(k * n for k, n in histogram) / measured
    expanded = [k for k, n in sorted(histogram) for _ in range(n)]  # at most a few thousand
    return measured, average, float(statistics.median(expanded))


# --- continuity -------------------------------------------------------------------------------


def unique_carers_histogram(
    session: Session, period: Period, today: date, team_ids: list[int] | None = None
) -> list[tuple[int, int]]:
    """(unique carers, citizens with that many) over a period: the whole team in one query."""
    faces = came([Visit.day >= period.start, Visit.day < period.end, *_citizen_in(team_ids)], today)
    per_citizen = (
        select(faces.c.citizen_id, func.count(distinct(faces.c.carer_id)).label("n"))
        .group_by(faces.c.citizen_id)
        .subquery("per_citizen")
    )
    rows = session.execute(
        select(per_citizen.c.n, func.count().label("citizens"))
        .group_by(per_citizen.c.n)
        .order_by(per_citizen.c.n)
    )
    return [(r.n, r.citizens) for r in rows]


def _citizen_count(session: Session, team_ids: list[int] | None) -> int:
    query = select(func.count()).select_from(Citizen)
    if team_ids is not None:
        query = query.where(Citizen.team_id.in_(team_ids))
    return session.scalar(query) or 0


def _contact_visits(
    session: Session, period: Period, today: date, team_ids: list[int] | None
) -> tuple[int, int]:
    contacts = (Citizen.contact1_id, Citizen.contact2_id)
    by_contact = or_(Visit.carer_id.in_(contacts), Visit.second_carer_id.in_(contacts))
    query = (
        select(func.count(), func.coalesce(func.sum(case((by_contact, 1), else_=0)), 0))
        .select_from(Visit)
        .join(Citizen, Citizen.id == Visit.citizen_id)
        .where(
            delivered(today),
            Visit.day >= period.start,
            Visit.day < period.end,
        )
    )
    if team_ids is not None:
        query = query.where(Citizen.team_id.in_(team_ids))
    total, done = session.execute(query).one()
    return int(total), int(done)


def _trend(
    session: Session,
    day: date,
    today: date,
    team_ids: list[int] | None,
    data_from: date | None,
) -> tuple[TrendPoint, ...]:
    """Haderslev's monthly figure for 12 months in one query (the windows never overlap)."""
    firsts = trend_months(day)
    edges = [(first - timedelta(days=14), first) for first in firsts]
    # One index range per window (SQLite's multi-index OR): a single range over the whole
    # year read every visit of it, three times the rows for the same answer.
    in_windows = or_(*(and_(Visit.day >= start, Visit.day < end) for start, end in edges))
    faces = came([in_windows, *_citizen_in(team_ids)], today, _bucket(Visit.day, edges).label("b"))
    per_citizen = (
        select(faces.c.b, faces.c.citizen_id, func.count(distinct(faces.c.carer_id)).label("n"))
        .group_by(faces.c.b, faces.c.citizen_id)
        .subquery("per_citizen")
    )
    histograms: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in session.execute(
        select(per_citizen.c.b, per_citizen.c.n, func.count().label("citizens")).group_by(
            per_citizen.c.b, per_citizen.c.n
        )
    ):
        histograms[r.b].append((r.n, r.citizens))
    points = []
    for i, (first, (start, end)) in enumerate(zip(firsts, edges, strict=True)):
        measured, average, median = _histogram_stats(histograms.get(i, []))
        partial = data_from is None or start < data_from or open_days(start, end, today) > 0
        if partial:  # a partial window would flatter the team
            measured, average, median = 0, None, None
        points.append(TrendPoint(first, measured, average, median))
    return tuple(points)


def _empty_days(session: Session, period: Period, data_from: date | None) -> int:
    """Days of the window, from the data's first day on, that hold no visit at all: days
    nobody planned or imported (a board not opened for a week). Home care has visits every
    day, so such a day is missing data, not a quiet day."""
    first = max(period.start, data_from) if data_from else period.start
    if first >= period.end:
        return 0
    held = session.scalar(
        select(func.count(distinct(Visit.day))).where(Visit.day >= first, Visit.day < period.end)
    )
    return (period.end - first).days - int(held or 0)


def _data_span(session: Session) -> tuple[date | None, date | None]:
    """The first and the last day with any visit: outside them nothing is known."""
    # Two subqueries: SQLite reads a lone min() or max() off the index's ends, but both in one
    # SELECT scan the whole index (every visit ever; continuity for one team took 1.3x).
    first, last = session.execute(
        select(
            select(func.min(Visit.day)).scalar_subquery(),
            select(func.max(Visit.day)).scalar_subquery(),
        )
    ).one()
    return first, last


def continuity(
    session: Session,
    day: date,
    window: str = "14d",
    team_ids: list[int] | None = None,
    today: date | None = None,
) -> ContinuityFigures:
    """The continuity figures measured on ``day`` for the teams (None: every team).

    ``today`` (default ``day``) decides which days have closed (``domain.days_close``)."""
    today = day if today is None else today
    period = window_period(day, window)
    data_from, data_to = _data_span(session)
    histogram = unique_carers_histogram(session, period, today, team_ids)
    measured, average, median = _histogram_stats(histogram)
    visits, by_contact = _contact_visits(session, period, today, team_ids)
    return ContinuityFigures(
        day=day,
        teams=_team_names(session, team_ids),
        window=window,
        period=period,
        data_from=data_from,
        data_to=data_to,
        empty_days=_empty_days(session, period, data_from),
        today=today,
        spread=Spread(
            _citizen_count(session, team_ids), measured, average, median, tuple(histogram)
        ),
        visits=visits,
        by_contact=by_contact,
        trend=_trend(session, day, today, team_ids, data_from),
    )


def citizen_continuity(
    session: Session, citizen_id: int, day: date, today: date | None = None
) -> CitizenContinuity:
    """The citizen card: unique carers over 14/30/90 days and who came, most recent first."""
    longest = max(CARD_DAYS)
    faces = came(
        [
            Visit.citizen_id == citizen_id,
            Visit.day >= day - timedelta(days=longest),
            Visit.day < day,
        ],
        day if today is None else today,
        Visit.day.label("day"),
    )
    in_window = [
        func.sum(case((faces.c.day >= day - timedelta(days=n), 1), else_=0)).label(f"in{n}")
        for n in CARD_DAYS
    ]
    contacts = session.execute(
        select(Citizen.contact1_id, Citizen.contact2_id).where(Citizen.id == citizen_id)
    ).first()
    contact_ids = {c for c in (contacts or ()) if c is not None}
    rows = session.execute(
        select(
            faces.c.carer_id,
            Carer.initials,
            Carer.name,
            Carer.profession,
            func.max(faces.c.day).label("last_day"),
            *in_window,
        )
        .join(Carer, Carer.id == faces.c.carer_id)
        .group_by(faces.c.carer_id, Carer.initials, Carer.name, Carer.profession)
        .order_by(func.max(faces.c.day).desc(), Carer.initials)
    ).all()
    carers = tuple(
        CarerSeen(
            r.carer_id,
            r.initials,
            r.name,
            str(r.profession),
            r.carer_id in contact_ids,
            tuple(int(getattr(r, f"in{n}")) for n in CARD_DAYS),
            r.last_day,
        )
        for r in rows
    )
    unique = tuple(sum(1 for c in carers if c.visits[i]) for i in range(len(CARD_DAYS)))
    return CitizenContinuity(citizen_id, day, unique, carers)


def citizens_for_lookup(
    session: Session, team_ids: list[int] | None = None
) -> list[tuple[int, str, str]]:
    """(id, short name, name) of the teams' citizens, by short name: the card's picker."""
    query = select(Citizen.id, Citizen.short_name, Citizen.name).order_by(
        Citizen.short_name, Citizen.id
    )
    if team_ids is not None:
        query = query.where(Citizen.team_id.in_(team_ids))
    return [(r.id, r.short_name, r.name) for r in session.execute(query)]


# --- sick leave, cover, outside changes, load -------------------------------------------------


def _month_edges(day: date) -> list[tuple[date, date]]:
    firsts = trend_months(day)
    ends = [*firsts[1:], day + timedelta(days=1)]  # the current month only up to D
    return list(zip(firsts, ends, strict=True))


def _month_rows(edges: list[tuple[date, date]]) -> Subquery:
    """The months as rows (index ``b``, ``first`` day, ``end`` day after), to join on: a row
    is bucketed by one index range per month. A CASE over the 12 months, per shift row, took
    twice as long (bench/continuity.py, municipality scale)."""
    return union_all(
        *(
            select(literal(i).label("b"), literal(first).label("first"), literal(end).label("end"))
            for i, (first, end) in enumerate(edges)
        )
    ).subquery("months")


def _shift_days(
    session: Session, team_ids: list[int] | None, edges: list[tuple[date, date]]
) -> tuple[dict[tuple[int, str], tuple[int, int, int]], dict[str, int]]:
    """(staff, shift days, sick shift days) per month and profession, and staff per profession
    over all the months. Counted per carer and month in SQL (a few thousand rows a year at
    municipality scale), added up by profession here: so the year's distinct staff needs no
    second scan. Sick days are found from the sick absences, which are few, not by a
    subquery per shift (that was half the figure's time)."""
    months = _month_rows(edges)
    in_month = and_(Shift.day >= months.c.first, Shift.day < months.c.end)
    teams = [] if team_ids is None else [Carer.team_id.in_(team_ids)]
    profession = {
        r.id: str(r.profession)
        for r in session.execute(select(Carer.id, Carer.profession).where(*teams))
    }
    ours = [] if team_ids is None else [Shift.carer_id.in_(select(Carer.id).where(*teams))]
    planned = session.connection().execute(
        select(months.c.b, Shift.carer_id, func.count())
        .select_from(months)
        .join(Shift, in_month)
        .where(*ours)
        .group_by(months.c.b, Shift.carer_id)
    )
    start, end = edges[0][0], edges[-1][1]
    sick = dict(
        ((r[0], r[1]), r[2])
        for r in session.connection().execute(
            select(months.c.b, Shift.carer_id, func.count(distinct(Shift.id)))
            .select_from(Absence)
            .join(
                Shift,
                and_(
                    Shift.carer_id == Absence.carer_id,
                    Shift.day >= Absence.from_day,
                    Shift.day <= Absence.to_day,
                ),
            )
            .join(months, in_month)
            .where(
                Absence.kind == AbsenceKind.SICK,
                Absence.from_day < end,
                Absence.to_day >= start,
                *ours,
            )
            .group_by(months.c.b, Shift.carer_id)
        )
    )
    staff: dict[tuple[int, str], int] = Counter()
    days: dict[tuple[int, str], int] = Counter()
    sick_days: dict[tuple[int, str], int] = Counter()
    year: dict[str, set[int]] = defaultdict(set)
    for b, carer, n in planned:
        key = (b, profession[carer])
        staff[key] += 1
        days[key] += n
        sick_days[key] += sick.get((b, carer), 0)
        year[key[1]].add(carer)
    monthly = {key: (staff[key], days[key], sick_days[key]) for key in staff}
    return monthly, {p: len(carers) for p, carers in year.items()}


def _sick_groups(
    session: Session, day: date, team_ids: list[int] | None, edges: list[tuple[date, date]]
) -> tuple[SickGroup, ...]:
    monthly, staff = _shift_days(session, team_ids, edges)
    # Which professions stand alone is decided once for the year, so the rows do not change
    # from month to month; a month where even a standing group is too small is withheld.
    order = [p for p in MAIN_PROFESSIONS if p in staff] + sorted(
        p for p in staff if p not in MAIN_PROFESSIONS
    )
    alone = [p for p in order if staff[p] >= MIN_GROUP]
    pooled = tuple(p for p in order if p not in alone)
    groups = [(p, (p,)) for p in alone] + ([(OTHER, pooled)] if pooled else [])

    def cell(people: int, parts: list[tuple[int, int, int]]) -> SickCell:
        if 0 < people < MIN_GROUP:
            return SickCell(people, None, None)
        return SickCell(people, sum(p[1] for p in parts), sum(p[2] for p in parts))

    def month(i: int, members: tuple[str, ...]) -> SickCell:
        parts = [monthly[(i, p)] for p in members if (i, p) in monthly]
        # Each carer has one profession, so the groups' distinct counts add up exactly.
        return cell(sum(p[0] for p in parts), parts)

    found = []
    for key, members in groups:
        months = tuple(month(i, members) for i in range(len(edges)))
        # A withheld month stays out of the total too: the total minus the shown months
        # would otherwise give it back.
        shown = [(c.staff, c.planned or 0, c.sick or 0) for c in months if not c.withheld]
        found.append(SickGroup(key, members, cell(sum(staff[p] for p in members), shown), months))
    return tuple(found)


def _month_counts(
    session: Session, team_ids: list[int] | None, edges: list[tuple[date, date]]
) -> tuple[MonthCounts, ...]:
    start, end = edges[0][0], edges[-1][1]
    in_period = [Visit.day >= start, Visit.day < end, *_citizen_in(team_ids)]
    bucket = _bucket(Visit.day, edges).label("b")
    covers: dict[int, dict[str, int]] = defaultdict(dict)
    for r in session.execute(
        select(bucket, Cover.source, func.count().label("n"))
        .join(Visit, Visit.id == Cover.visit_id)
        .where(Cover.returned.is_(False), *in_period)
        .group_by(bucket, Cover.source)
    ):
        covers[r.b][str(r.source)] = r.n
    moved: dict[int, set[int]] = defaultdict(set)
    outside: dict[int, set[int]] = defaultdict(set)
    changes = session.execute(
        select(bucket, Visit.id, Visit.day, AuditEvent.actor, AuditEvent.before, AuditEvent.after)
        .select_from(AuditEvent)
        .join(Visit, and_(AuditEvent.entity == "visit", AuditEvent.entity_id == Visit.id))
        .where(
            AuditEvent.action.in_(MOVE_ACTIONS),
            AuditEvent.before != AuditEvent.after,  # "left uncovered" moves nothing
            *in_period,
        )
    ).all()
    planners = planners_by_day(session, start, end - timedelta(days=1))
    routes = [route_of(r.before, r.after) for r in changes]
    route_ids = set().union(*routes)
    initials = {
        r.id: r.initials.strip().upper()
        for r in session.execute(select(Carer.id, Carer.initials).where(Carer.id.in_(route_ids)))
    }
    for r, route in zip(changes, routes, strict=True):
        moved[r.b].add(r.id)
        # The board's ¤ rule, per change: neither that day's planner nor the route's carer.
        if is_outside(r.actor, planners.get(r.day, set()), {initials.get(c, "") for c in route}):
            outside[r.b].add(r.id)
    return tuple(
        MonthCounts(
            first,
            {s.value: covers.get(i, {}).get(s.value, 0) for s in CoverSource},
            len(moved.get(i, ())),
            len(outside.get(i, ())),
        )
        for i, (first, _end) in enumerate(edges)
    )


def absence(session: Session, day: date, team_ids: list[int] | None = None) -> AbsenceFigures:
    """Sick leave, covers, outside changes for the last 12 months, and the last 14 days' load."""
    edges = _month_edges(day)
    return AbsenceFigures(
        day=day,
        teams=_team_names(session, team_ids),
        months=tuple(first for first, _ in edges),
        sick=_sick_groups(session, day, team_ids, edges),
        counts=_month_counts(session, team_ids, edges),
        load=day_load(session, day, team_ids),
    )


# --- JSON: what `kaffefoerst report … --json` prints and the screen shows ---------------------


def _month_key(first: date) -> str:
    return first.strftime("%Y-%m")


def continuity_json(f: ContinuityFigures) -> dict[str, Any]:
    return {
        "report": "continuity",
        "date": f.day.isoformat(),
        "teams": list(f.teams),
        "window": {
            "kind": f.window,
            "from": f.period.start.isoformat(),
            "to": f.period.last.isoformat(),
            "complete": f.complete,
            "open_days": f.open_days,
        },
        "data_from": f.data_from.isoformat() if f.data_from else None,
        "data_to": f.data_to.isoformat() if f.data_to else None,
        "empty_days": f.empty_days,
        "citizens": f.spread.citizens,
        "citizens_measured": f.spread.measured,
        "unique_carers": {
            "average": f.spread.average,
            "median": f.spread.median,
        },
        "distribution": [
            {"from": low, "to": high, "citizens": n} for low, high, n in f.spread.distribution()
        ],
        "contact_persons": {
            "visits": f.visits,
            "by_contact": f.by_contact,
            "share": f.contact_share,
        },
        "trend": [
            {
                "month": _month_key(p.month),
                "measured_on": p.month.isoformat(),
                "citizens_measured": p.measured,
                "average": p.average,
                "median": p.median,
            }
            for p in f.trend
        ],
        "references": dict(REFERENCES),
    }


def _cell_json(cell: SickCell) -> dict[str, Any]:
    return {
        "staff": cell.staff,
        "shift_days": cell.planned,
        "sick_days": cell.sick,
        "share": cell.share,
        "withheld": cell.withheld,
    }


def absence_json(f: AbsenceFigures) -> dict[str, Any]:
    months = [_month_key(m) for m in f.months]
    return {
        "report": "absence",
        "date": f.day.isoformat(),
        "teams": list(f.teams),
        "months": months,
        "min_group": MIN_GROUP,
        "sick_leave": [
            {
                "group": g.key,
                "professions": list(g.professions),
                "total": _cell_json(g.total),
                "months": {m: _cell_json(c) for m, c in zip(months, g.months, strict=True)},
            }
            for g in f.sick
        ],
        "covers": {
            _month_key(c.month): {**c.covers, "total": sum(c.covers.values())} for c in f.counts
        },
        "moved": {
            _month_key(c.month): {"visits": c.moved, "from_outside": c.outside} for c in f.counts
        },
        "load": [
            {
                "day": d.day.isoformat(),
                "routes": d.routes,
                "mean_load": d.mean_load,
                "routes_short_gaps": d.short_gaps,
                "uncovered_visits": d.uncovered,
            }
            for d in f.load
        ],
        "references": {
            "sick_leave": {
                p: {"kaffe_foerst": a, "district": b} for p, (a, b) in SICK_REFERENCES.items()
            }
        },
    }
