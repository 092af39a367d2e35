"""The sample team: sizes, contacts, history, continuity, dates moved to today, the warnings."""

from __future__ import annotations

import importlib.util
import re
import statistics
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from kaffefoerst.domain.cover_route import propose
from kaffefoerst.domain.triage import POINTS, RECIPIENTS
from kaffefoerst.domain.warnings import RouteWarning, plan_warnings
from kaffefoerst.enums import AbsenceKind, CoverSource, ShiftKind, TriageColour
from kaffefoerst.io.csv_schema import TABLES
from kaffefoerst.io.sample import anchor_day, load_sample, sample_dir
from kaffefoerst.model import Absence, BoardItem, TriageNote
from kaffefoerst.store import Store
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.discussion_board import board_items
from kaffefoerst.store.knowledge import recent_by_citizen
from kaffefoerst.store.model_schema import expected_header
from kaffefoerst.store.triage import history, triage_list
from kaffefoerst.store.triage_colour import current_colours

TODAY = date(2026, 3, 2)  # not the anchor (2026-01-05), so every date has to move
W = RouteWarning
# sample_data/README.md, "The board warnings on the plan day" (visit ids do not move)
DOCUMENTED_WARNINGS = {
    10281: {W.OVERLAP},
    10262: {W.OVERLAP},
    10285: {W.NO_GAP},
    10266: {W.NO_GAP},
    10288: {W.OUTSIDE_WINDOW},
    10272: {W.COMPETENCE},
    10273: {W.DECLINED},
}
DOCUMENTED_UNASSIGNED = [10269, 10271, 10315, 10338, 10355, 10356, 10369, 10387]
# sample_data/README.md, "Today's sick call"
SICK, BUDDY = "TJ", "KR"
SICK_VISITS = [10263, 10283, 10293, 10308, 10331, 10352, 10361, 10385, 10403, 10426, 10437]
STANDBY = "HN"  # in beredskab on the plan day: no shift, can be called in


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, int]]]:
    store = Store.open_sqlite(tmp_path_factory.mktemp("sample") / "t.db")
    counts = load_sample(store, TODAY)
    yield store, counts
    store.close()


@pytest.fixture(scope="module")
def store(sample: tuple[Store, dict[str, int]]) -> Store:
    return sample[0]


def rows(store: Store, sql: str, **params: object) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def one(store: Store, sql: str, **params: object) -> object:
    return rows(store, sql, **params)[0][0]


def test_every_csv_row_is_loaded(sample: tuple[Store, dict[str, int]]) -> None:
    store, counts = sample
    for table in TABLES:
        lines = (sample_dir() / f"{table}.csv").read_text("utf-8").splitlines()
        assert lines[0].split(",") == expected_header(table), table
        assert counts[table] == len(lines) - 1 == one(store, f"SELECT count(*) FROM {table}")


def test_two_partner_teams() -> None:
    lines = (sample_dir() / "team.csv").read_text("utf-8").splitlines()
    assert lines[1:] == ["1,Nord,2,5,15", "2,Syd,1,5,15"]


def test_about_18_carers_on_the_day_shift_today(store: Store) -> None:
    day = rows(store, "SELECT kind, count(*) FROM shift WHERE day = :d GROUP BY kind", d=TODAY)
    assert dict(day) == {"DAY": 19, "EVENING": 2}  # HN in beredskab; AM and JB 13:00-15:00
    per_team = rows(
        store,
        "SELECT c.team_id, c.profession, count(*) FROM shift s JOIN carer c ON c.id = s.carer_id "
        "WHERE s.day = :d AND s.kind = 'DAY' GROUP BY 1, 2",
        d=TODAY,
    )
    assert {team: n for team, prof, n in per_team if prof == "SPL"} == {1: 2, 2: 2}
    professions: dict[str, int] = {}
    for _, prof, n in per_team:
        professions[prof] = professions.get(prof, 0) + n
    assert professions == {"SSH": 9, "SSA": 4, "SPL": 4, "ERGO": 1, "UFAG": 1}  # HN is off


def test_shifts_as_worked_helpers_off_at_13_an_afternoon_and_an_evening_shift(
    store: Store,
) -> None:
    """001: many care helpers go home at 13:00, others take 13:00-15:00; evening 15:00-23:00."""
    found = rows(
        store,
        "SELECT s.kind, s.start_min, s.end_min, group_concat(c.initials) FROM shift s"
        " JOIN carer c ON c.id = s.carer_id WHERE s.day = :d"
        " AND NOT (s.kind = 'DAY' AND s.start_min = 420 AND s.end_min = 900)"
        " GROUP BY 1, 2, 3 ORDER BY 2",
        d=TODAY,
    )
    hours = {(kind, a, b): set(who.split(",")) for kind, a, b, who in found}
    assert set(hours) == {("DAY", 420, 780), ("DAY", 780, 900), ("EVENING", 900, 1380)}
    off_at_13 = hours["DAY", 420, 780]
    assert len(off_at_13) >= 2 and off_at_13 <= {"HN", "KR", "GL", "MJ", "SF", "NK"}  # OFF_AT_13
    assert hours["DAY", 780, 900] == {"AM", "JB"}
    assert hours["EVENING", 900, 1380] == {"CM", "EW"}
    with store.session() as session:
        day = load_day_plan(session, TODAY)
        evening = load_day_plan(session, TODAY, ShiftKind.EVENING)
    for initials in ("AM", "JB"):  # the afternoon helpers take the visits after 13:00
        [carer] = [c for c in day.on_duty if c.initials == initials]
        assert 2 <= len(day.route(carer.id)) <= 5
        assert all(v.start_min >= 780 for v in day.route(carer.id))
    assert sorted(c.initials for c in evening.on_duty) == ["CM", "EW"]
    for carer in evening.on_duty:
        assert 4 <= len(evening.route(carer.id)) <= 10
    assert plan_warnings(evening) == {}


def test_the_planner_and_the_substitute(store: Store) -> None:
    assert rows(store, "SELECT name, profession, team_id FROM carer WHERE initials = 'MH'") == [
        ("Mette Holm", "SSA", 1)
    ]
    subs = rows(store, "SELECT id FROM carer WHERE on_call_substitute = 1")
    assert len(subs) == 1
    today = "SELECT count(*) FROM shift WHERE carer_id = :c AND day = :d"
    assert one(store, today, c=subs[0][0], d=TODAY) == 0


def test_about_200_visits_today_some_unassigned(store: Store) -> None:
    planned = rows(store, "SELECT day, count(*) FROM visit WHERE status = 'PLANNED' GROUP BY day")
    assert len(planned) == 1 and planned[0][0] == TODAY.isoformat()
    assert 180 <= planned[0][1] <= 220
    unassigned = rows(store, "SELECT id FROM visit WHERE carer_id IS NULL ORDER BY id")
    assert [v for (v,) in unassigned] == DOCUMENTED_UNASSIGNED
    two = one(store, "SELECT avg(two_carers) FROM visit WHERE day = :d", d=TODAY)
    assert 0.02 <= two <= 0.08
    # a two-carer visit on a route has two different carers
    assert (
        one(
            store,
            "SELECT count(*) FROM visit WHERE carer_id IS NOT NULL AND "
            "(two_carers = 1) != (second_carer_id IS NOT NULL AND second_carer_id != carer_id)",
        )
        == 0
    )
    services = rows(store, "SELECT count(*) FROM visitservice GROUP BY visit_id")
    assert {n for (n,) in services} <= {1, 2, 3}
    assert len(services) == one(store, "SELECT count(*) FROM visit")


def test_sixty_days_of_delivered_history_before_today(store: Store) -> None:
    days = rows(
        store,
        "SELECT day, count(*), sum(status = 'CANCELLED'), sum(carer_id IS NULL) FROM visit "
        "WHERE day < :d GROUP BY day ORDER BY day",
        d=TODAY,
    )
    assert [d for d, *_ in days] == [
        (TODAY - timedelta(days=n)).isoformat() for n in range(60, 0, -1)
    ]
    assert all(100 <= n <= 230 for _, n, _, _ in days)
    assert sum(unassigned for *_, unassigned in days) == 0
    cancelled = sum(c for _, _, c, _ in days) / sum(n for _, n, _, _ in days)
    assert 0.01 <= cancelled <= 0.04
    assert (
        one(store, "SELECT count(*) FROM visit WHERE day < :d AND status = 'PLANNED'", d=TODAY) == 0
    )
    assert one(store, "SELECT max(day) FROM visit") == TODAY.isoformat()
    assert one(store, "SELECT max(day) FROM shift") == TODAY.isoformat()
    assert one(store, "SELECT min(day) FROM shift") == (TODAY - timedelta(days=60)).isoformat()


def test_history_routes_keep_a_driving_gap_and_the_citizens_wishes(store: Store) -> None:
    tight = one(
        store,
        """
        WITH stops AS (
            SELECT carer_id AS c, day, start_min, duration_min FROM visit WHERE day < :d
            UNION ALL
            SELECT second_carer_id, day, start_min, duration_min FROM visit
            WHERE day < :d AND second_carer_id IS NOT NULL
        )
        SELECT count(*) FROM (
            SELECT start_min - lag(start_min + duration_min)
                OVER (PARTITION BY c, day ORDER BY start_min) AS gap FROM stops
        ) WHERE gap < 5
        """,
        d=TODAY,
    )
    assert tight == 0
    declined = one(
        store,
        "SELECT count(*) FROM visit v JOIN declinedcarer d ON d.citizen_id = v.citizen_id "
        "AND d.carer_id IN (v.carer_id, v.second_carer_id) WHERE v.day < :d",
        d=TODAY,
    )
    assert declined == 0


def test_contact_persons_are_two_carers_of_the_citizens_team(store: Store) -> None:
    bad = rows(
        store,
        """
        SELECT z.id FROM citizen z
        LEFT JOIN carer a ON a.id = z.contact1_id
        LEFT JOIN carer b ON b.id = z.contact2_id
        WHERE a.id IS NULL OR b.id IS NULL OR a.id = b.id
           OR a.team_id != z.team_id OR b.team_id != z.team_id
           OR a.on_call_substitute OR b.on_call_substitute
           OR z.contact1_id IN (SELECT carer_id FROM declinedcarer WHERE citizen_id = z.id)
           OR z.contact2_id IN (SELECT carer_id FROM declinedcarer WHERE citizen_id = z.id)
        """,
    )
    assert bad == []
    assert 70 <= one(store, "SELECT count(*) FROM citizen") <= 90


def test_names_are_short_unique_and_there_is_no_cpr_number(store: Store) -> None:
    shorts = [s for (s,) in rows(store, "SELECT short_name FROM citizen")]
    assert len(set(shorts)) == len(shorts)
    assert max(map(len, shorts)) <= 12
    initials = [s for (s,) in rows(store, "SELECT initials FROM carer")]
    assert all(re.fullmatch(r"[A-ZÆØÅ]{2,3}", s) for s in initials)
    assert all(a.endswith("6500 Vojens") for (a,) in rows(store, "SELECT address FROM citizen"))
    cpr = re.compile(r"\b[0-3][0-9][01][0-9]{3}-?[0-9]{4}\b")
    for path in sample_dir().glob("*.csv"):
        assert not cpr.search(path.read_text("utf-8")), path.name


def test_median_unique_carers_per_citizen_over_14_days_is_4_to_9(store: Store) -> None:
    """Haderslev's continuity measure: unique carers in the home, last 14 days, DELIVERED."""
    per_citizen = rows(
        store,
        """
        WITH seen AS (
            SELECT citizen_id, carer_id AS c FROM visit
            WHERE status = 'DELIVERED' AND day >= :since AND day < :today
            UNION
            SELECT citizen_id, second_carer_id FROM visit
            WHERE status = 'DELIVERED' AND day >= :since AND day < :today
              AND second_carer_id IS NOT NULL
        )
        SELECT citizen_id, count(DISTINCT c) FROM seen GROUP BY citizen_id
        """,
        since=TODAY - timedelta(days=14),
        today=TODAY,
    )
    counts = [n for _, n in per_citizen]
    assert len(counts) >= 75
    assert 4 <= statistics.median(counts) <= 9
    assert sum(4 <= n <= 9 for n in counts) / len(counts) > 0.5  # most citizens


def test_the_plan_day_carries_exactly_the_documented_warnings(store: Store) -> None:
    with store.session() as session:
        plan = load_day_plan(session, TODAY)
    assert len(plan.on_duty) == 18  # 19 on the day shift, one of them sick
    found = {visit_id: set(kinds) for visit_id, kinds in plan_warnings(plan).items()}
    assert found == DOCUMENTED_WARNINGS
    assert [v.id for v in plan.route(None)] == DOCUMENTED_UNASSIGNED


def test_today_has_one_sick_call_reported_at_06_52(store: Store) -> None:
    with store.session() as session:
        [absence] = session.scalars(select(Absence)).all()
        plan = load_day_plan(session, TODAY)
        yesterday = load_day_plan(session, TODAY - timedelta(days=1))
    initials = {c.initials: c.id for c in plan.carers.values()}
    assert (absence.carer_id, absence.from_day, absence.to_day, absence.kind) == (
        initials[SICK],
        TODAY,
        TODAY,
        AbsenceKind.SICK,
    )
    assert (absence.reported_by, absence.buddy_id) == ("MH", initials[BUDDY])
    reported = absence.reported_at
    assert reported.utcoffset() == timedelta(0)  # stored and read back in UTC
    local_call = datetime.combine(TODAY, datetime.min.time()).replace(hour=6, minute=52)
    assert reported == local_call.astimezone(UTC)  # 06:52 on this machine's clock
    assert reported.astimezone().strftime("%H:%M") == "06:52"
    sick = plan.carers[initials[SICK]]
    buddy = plan.carers[initials[BUDDY]]
    assert sick.team_id == buddy.team_id and sick.profession in ("SSH", "SSA")
    assert list(plan.absences) == [sick.id]
    assert sick.id not in {c.id for c in plan.on_duty}
    assert buddy.id in {c.id for c in plan.on_duty}
    assert yesterday.absences == {}


def test_the_sick_carers_visits_are_uncovered(store: Store) -> None:
    with store.session() as session:
        plan = load_day_plan(session, TODAY)
    sick = next(c.id for c in plan.carers.values() if c.initials == SICK)
    uncovered = plan.uncovered()
    assert [v.id for v in uncovered] == SICK_VISITS  # time order happens to be id order
    assert [v.id for v in plan.route(sick)] == SICK_VISITS  # none shared with a colleague
    assert all(v.carer_id == sick and v.second_carer_id is None for v in uncovered)
    assert 10 <= len(uncovered) <= 13
    assert not set(SICK_VISITS) & set(DOCUMENTED_WARNINGS)
    colleagues = [v for v in uncovered if set(plan.citizens[v.citizen_id].contact_ids) - {sick}]
    assert colleagues  # someone in the team knows these citizens


def test_the_proposal_keeps_each_citizen_with_one_carer_and_calls_in_the_standby(
    store: Store,
) -> None:
    """Nobody at work has room at TJ's times, so HN, in beredskab, is called in for the route."""
    with store.session() as session:
        plan = load_day_plan(session, TODAY)
        citizens = sorted({v.citizen_id for v in plan.uncovered()})
        recent = recent_by_citizen(session, citizens, TODAY)
        standby = plan.standby()
    assert [plan.carers[c].initials for c in standby] == [STANDBY]
    lines = propose(plan, recent, None, standby)
    assert [line.visit_id for line in lines] == SICK_VISITS
    assert all(line.inside_team and line.choice for line in lines)
    faces: dict[int, set[int]] = {}
    for line in lines:
        assert line.choice is not None
        faces.setdefault(plan.visits[line.visit_id].citizen_id, set()).add(line.choice.carer_id)
    assert all(len(carers) == 1 for carers in faces.values())
    assert {line.source for line in lines} == {CoverSource.STANDBY}
    by_carer: dict[int, list[tuple[int, int]]] = {}
    for line in lines:
        if line.choice is not None:
            visit = plan.visits[line.visit_id]
            by_carer.setdefault(line.choice.carer_id, []).append((visit.start_min, visit.end_min))
    for carer_id, new in by_carer.items():  # never double-booked, and the driving gap kept
        taken = new + [(v.start_min, v.end_min) for v in plan.route(carer_id)]
        for start, end in new:
            others = list(taken)
            others.remove((start, end))
            assert all(end + 5 <= s or e + 5 <= start for s, e in others), carer_id


def test_today_about_10_percent_are_yellow_and_3_percent_red(store: Store) -> None:
    with store.session() as session:
        colours = list(current_colours(session).values())
        plan = load_day_plan(session, TODAY)
        rows_ = triage_list(session, TODAY)
    assert 6 <= colours.count(TriageColour.YELLOW) <= 10
    assert 2 <= colours.count(TriageColour.RED) <= 3
    assert colours.count(TriageColour.GREEN) >= 1  # someone was moved back to green
    assert [r.colour for r in rows_] == sorted(
        (r.colour for r in rows_), key=[TriageColour.RED, TriageColour.YELLOW].index
    )
    assert rows_[0].colour is TriageColour.RED
    visited = {v.citizen_id for v in plan.visits.values()}
    assert {r.citizen_id for r in rows_} <= visited  # every mark shows on today's board
    sick_route = {v.citizen_id for v in plan.uncovered()}
    assert {r.citizen_id for r in rows_} & sick_route  # the cover for TJ meets a mark too


def test_exactly_two_follow_ups_are_due_today_and_none_is_overdue(store: Store) -> None:
    with store.session() as session:
        rows_ = triage_list(session, TODAY)
        plan = load_day_plan(session, TODAY)
    due = [r for r in rows_ if r.due]
    assert len(due) == 2
    assert all(r.latest.follow_up == TODAY for r in due)  # due today, none overdue
    for row in rows_:
        if not row.due:
            assert row.latest.follow_up is not None and row.latest.follow_up > TODAY
    on_duty = {c.initials for c in plan.on_duty}
    assert SICK not in on_duty
    assert all(r.latest.responsible in on_duty for r in due)  # not TJ, who is sick


def test_triage_notes_read_like_the_change_form(store: Store) -> None:
    with store.session() as session:
        notes = session.scalars(select(TriageNote)).all()
        carers = load_day_plan(session, TODAY).carers
    citizens = dict(rows(store, "SELECT id, team_id FROM citizen"))
    concerns = [n for n in notes if n.colour is not TriageColour.GREEN]
    for n in concerns:
        assert n.observation and n.action
        assert n.points and set(n.points.split(",")) <= set(POINTS)
        assert n.tell and set(n.tell.split(",")) <= set(RECIPIENTS)
        assert n.responsible_id is not None and n.follow_up is not None
        responsible = carers[n.responsible_id]
        assert responsible.team_id == citizens[n.citizen_id]
        red = n.colour is TriageColour.RED
        assert responsible.profession == "SPL" or not red  # a nurse sees a red citizen
        assert (n.follow_up - n.day).days <= (1 if red else 2)  # within 24 h, or 48 h
    assert all(n.created_at.utcoffset() == timedelta(0) for n in notes)
    assert all(n.created_at.astimezone().date() == n.day for n in notes)  # local day, moved
    assert max(n.day for n in notes) == TODAY - timedelta(days=1)  # written in the days before
    ids = [n.id for n in sorted(notes, key=lambda n: n.created_at)]
    assert ids == sorted(ids)  # the latest note is the one with the highest id


def test_back_to_green_is_in_the_history_with_its_reason(store: Store) -> None:
    with store.session() as session:
        greens = session.scalars(
            select(TriageNote.citizen_id).where(TriageNote.colour == TriageColour.GREEN)
        ).all()
        histories = {cid: history(session, cid) for cid in greens}
    assert greens and all(len(h) >= 2 for h in histories.values())
    for notes in histories.values():  # newest first
        assert notes[0].colour is TriageColour.GREEN and notes[0].reason
        assert notes[1].colour is TriageColour.YELLOW and notes[1].observation
        assert notes[1].created_at < notes[0].created_at


def test_one_citizen_is_on_the_board_for_today(store: Store) -> None:
    with store.session() as session:
        items = board_items(session, TODAY)
        [item] = session.scalars(select(BoardItem)).all()
        colours = current_colours(session)
        plan = load_day_plan(session, TODAY)
    assert len(items) == 1
    assert (items[0].for_day, items[0].reason) == (TODAY, item.reason)
    assert "pårørende" in item.reason and item.discussed_in is None
    assert item.added_at.astimezone().date() == TODAY - timedelta(days=1)  # added yesterday
    assert item.citizen_id not in colours  # green: the meeting may make it yellow
    assert item.citizen_id in {v.citizen_id for v in plan.visits.values()}


def test_anchor_is_the_documented_plan_day() -> None:
    assert anchor_day(sample_dir()) == date(2026, 1, 5)


def test_make_sample_rewrites_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = importlib.util.spec_from_file_location("make_sample", sample_dir() / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_sample", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    module.main()
    assert "median unique carers per citizen, last 14 days" in capsys.readouterr().out
    for name in [*(f"{t}.csv" for t in TABLES), "anchor.txt"]:
        assert (tmp_path / name).read_bytes() == (sample_dir() / name).read_bytes(), name


def test_mh_is_planlaegger_today_from_the_role_assignment(store: Store) -> None:
    from kaffefoerst.domain.roles import Role
    from kaffefoerst.store.users import resolve_user

    with store.session() as session:
        assert resolve_user(session, "MH", TODAY).role is Role.PLANNER
        assert resolve_user(session, "KR", TODAY).role is Role.MEMBER
        assert resolve_user(session, "MH", TODAY + timedelta(days=7)).role is Role.MEMBER
