"""The benchmark data generator (bench/scale_data.py), tiny size: shape, realism, determinism."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from bench.scale_data import build_scale_db

from kaffefoerst.domain.warnings import plan_warnings
from kaffefoerst.enums import ShiftKind
from kaffefoerst.io.sample_services import SERVICES
from kaffefoerst.store import Store
from kaffefoerst.store.day_plan import load_day_plan

TODAY = date(2026, 3, 2)  # a Monday
TINY = {"teams": 2, "staff": 12, "citizens": 30, "visits_per_day": 60, "history_days": 14}


def build(path: Path, seed: int = 1) -> dict[str, int]:
    store = Store.open_sqlite(path)
    try:
        return build_scale_db(store, TODAY, seed=seed, **TINY)
    finally:
        store.close()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "tiny.db"
    build(path)
    return path


@pytest.fixture
def db(tiny: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{tiny}?mode=ro", uri=True)
    yield conn
    conn.close()


def plan_day(db: sqlite3.Connection) -> list[tuple[int, int, int, int, int | None, int | None]]:
    """id, citizen, start, duration, carer, second carer of every visit on the plan day."""
    return db.execute(
        "SELECT id, citizen_id, start_min, duration_min, carer_id, second_carer_id FROM visit "
        "WHERE day = ? ORDER BY id",
        (TODAY.isoformat(),),
    ).fetchall()


def test_counts_are_as_asked(tiny: Path, db: sqlite3.Connection) -> None:
    def count(table: str) -> int:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    assert (count("team"), count("carer"), count("citizen")) == (2, 12, 30)
    assert count("service") == len(SERVICES)  # the whole catalogue, as the sample has it
    plan = plan_day(db)
    assert 0.85 * 60 <= len(plan) <= 1.15 * 60
    unassigned = sum(v[4] is None for v in plan)
    assert 1 <= unassigned <= 0.1 * len(plan)
    days = db.execute("SELECT count(DISTINCT day), min(day), max(day) FROM visit").fetchone()
    assert days == (15, (TODAY - timedelta(days=14)).isoformat(), TODAY.isoformat())
    history, cancelled = db.execute(
        "SELECT count(*), sum(status = 'CANCELLED') FROM visit WHERE day < ?",
        (TODAY.isoformat(),),
    ).fetchone()
    assert 0.6 * 60 * 14 <= history <= 1.15 * 60 * 14  # weekends are lighter
    assert 0 < cancelled <= 0.06 * history
    statuses = db.execute("SELECT DISTINCT day = ?, status FROM visit", (TODAY.isoformat(),))
    assert set(statuses) == {(1, "PLANNED"), (0, "DELIVERED"), (0, "CANCELLED")}
    assert db.execute(
        "SELECT count(*) FROM visit v WHERE NOT EXISTS "
        "(SELECT 1 FROM visitservice s WHERE s.visit_id = v.id)"
    ).fetchone() == (0,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_assigned_visit_is_inside_a_shift_of_its_carer(db: sqlite3.Connection) -> None:
    shifts = {
        carer: (start, end)
        for carer, start, end in db.execute(
            "SELECT carer_id, start_min, end_min FROM shift WHERE day = ?", (TODAY.isoformat(),)
        )
    }
    assigned = [v for v in plan_day(db) if v[4] is not None]
    assert assigned
    for _, _, start, duration, *carers in assigned:
        for carer in filter(None, carers):
            assert carer in shifts
            assert shifts[carer][0] <= start and start + duration <= shifts[carer][1]


def test_routes_never_overlap_and_leave_a_drive(db: sqlite3.Connection) -> None:
    routes: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for _, _, start, duration, *carers in plan_day(db):
        for carer in filter(None, carers):
            routes[carer].append((start, start + duration))
    for route in routes.values():
        route.sort()
        for (_, end), (start, _) in zip(route, route[1:], strict=False):
            assert start - end >= 5


def test_the_plan_day_has_no_board_warnings(tiny: Path) -> None:
    store = Store.open_sqlite(tiny, readonly=True)
    try:
        with store.session() as session:
            for shift in (ShiftKind.DAY, ShiftKind.EVENING):
                plan = load_day_plan(session, TODAY, shift)
                assert plan.visits and plan.on_duty
                assert plan_warnings(plan) == {}
    finally:
        store.close()


def test_visits_go_to_the_citizens_team(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT count(*), sum(c.team_id = k.team_id) FROM visit v "
        "JOIN citizen c ON c.id = v.citizen_id JOIN carer k ON k.id = v.carer_id WHERE v.day = ?",
        (TODAY.isoformat(),),
    ).fetchone()
    assert rows[0] > 0 and rows[0] == rows[1]


def test_contact_persons_belong_to_the_citizens_team(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT c.team_id, a.team_id, b.team_id, a.profession, b.profession, a.id = b.id "
        "FROM citizen c JOIN carer a ON a.id = c.contact1_id JOIN carer b ON b.id = c.contact2_id"
    ).fetchall()
    assert len(rows) == 30
    for team, team1, team2, profession1, profession2, same in rows:
        assert team == team1 == team2
        assert {profession1, profession2} <= {"SSH", "SSA"}
        assert not same


def test_partner_teams_are_mutual(db: sqlite3.Connection) -> None:
    partner = dict(db.execute("SELECT id, partner_team_id FROM team"))
    assert partner == {1: 2, 2: 1}


def test_staff_mix_and_substitutes(db: sqlite3.Connection) -> None:
    professions = dict(db.execute("SELECT profession, count(*) FROM carer GROUP BY profession"))
    assert professions["SSH"] >= professions["SSA"] and professions["SPL"] >= 2
    nurses = {c for (c,) in db.execute("SELECT competences FROM carer WHERE profession = 'SPL'")}
    assert nurses == {"insulin,sår,medicin,kateter,kompression"}
    substitutes = db.execute(
        "SELECT count(*), count(s.id) FROM carer c LEFT JOIN shift s ON s.carer_id = c.id "
        "WHERE c.on_call_substitute"
    ).fetchone()
    assert substitutes[0] >= 1 and substitutes[1] == 0
    kinds = dict(db.execute("SELECT kind, count(DISTINCT carer_id) FROM shift GROUP BY kind"))
    assert kinds["DAY"] > kinds["EVENING"] >= 1
    assert db.execute("SELECT count(DISTINCT day) FROM shift GROUP BY carer_id").fetchall() == [
        (15,)
    ] * (12 - substitutes[0])


def test_windows_fixed_times_and_two_carers(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT window_from_min, window_to_min, start_min, fixed_time, two_carers, carer_id, "
        "second_carer_id FROM visit"
    ).fetchall()
    assert any(r[0] is not None for r in rows) and any(r[0] is None for r in rows)
    fixed = [r for r in rows if r[3]]
    assert fixed and all(r[1] - r[0] <= 30 for r in fixed)
    two = [r for r in rows if r[4]]
    assert 0.01 * len(rows) <= len(two) <= 0.08 * len(rows)
    for *_, carer, second in two:
        assert carer is None or (second is not None and second != carer)
    assert all(r[6] is None for r in rows if not r[4])


def test_same_seed_same_rows(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    other = tmp_path / "other.db"
    counts = build(again)
    build(other, seed=2)

    def first_rows(path: Path) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(path)
        try:
            return [
                *conn.execute("SELECT * FROM carer ORDER BY id LIMIT 20"),
                *conn.execute("SELECT * FROM citizen ORDER BY id LIMIT 20"),
                *conn.execute("SELECT * FROM visit ORDER BY id LIMIT 50"),
                *conn.execute("SELECT * FROM visit ORDER BY id DESC LIMIT 50"),
            ]
        finally:
            conn.close()

    conn = sqlite3.connect(tiny)
    try:
        tables = ["carer", "citizen", "visit", "visitservice", "shift", "declinedcarer"]
        tiny_counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()
    assert {t: counts[t] for t in tables} == tiny_counts
    assert first_rows(again) == first_rows(tiny)
    assert first_rows(other) != first_rows(tiny)


def indexes(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def test_indexes_are_rebuilt_and_a_filled_database_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    Store.open_sqlite(empty).close()
    path = tmp_path / "twice.db"
    counts = build(path)
    assert indexes(path) == indexes(empty)
    with pytest.raises(ValueError, match="not empty"):
        build(path)
    assert indexes(path) == indexes(empty)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM visit").fetchone()[0] == counts["visit"]
    finally:
        conn.close()
