"""Ids come from the database (issue 11: ready for PostgreSQL, whose ids are a sequence's): the
store never makes one up, and two generators racing on one file neither clash nor duplicate."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.base_plan import BaseEntry
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store, assigned_ids
from kaffefoerst.store.assigned_ids import insert_assigned
from kaffefoerst.store.base_plan import VISIT_COLUMNS, base_entries, generate_days
from kaffefoerst.store.base_plan_change import apply_base_plan
from kaffefoerst.store.database import open_database

TODAY = date(2026, 11, 30)  # a Monday: the sample's plan day moved here
NOW = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    store = Store.open_sqlite(tmp_path / "s.db")
    load_sample(store, TODAY)
    store.close()
    return tmp_path / "s.db"


def _no_made_up_ids(statements: list[str]) -> None:
    visits = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO VISIT ")]
    entries = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO BASEVISIT ")]
    assert visits and entries, "nothing was inserted: the check below would prove nothing"
    inserts = visits + entries
    for sql in inserts:
        columns = sql[sql.index("(") + 1 : sql.index(")")]
        assert "id" not in [c.strip().strip('"') for c in columns.split(",")], sql
    assert not [s for s in statements if "max(id)" in s.replace(" ", "").lower()]


def test_the_first_boards_path_sends_no_ids_and_keeps_the_ones_the_database_gave(
    sample_db: Path,
) -> None:
    """On the bare sqlite3 connection of the first board's child: visits and entries are
    inserted without an id, and every link points at the visit the database numbered."""
    conn, _, _ = open_database(sample_db)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    made = generate_days(conn, TODAY, 3, now=NOW)
    first = base_entries(conn)[0]
    extra = BaseEntry(first.citizen_id, frozenset({2}), TODAY, 900, 25, services=first.services)
    change = apply_base_plan(
        conn, [*base_entries(conn), extra], today=TODAY, now=NOW, actor="MH", days=3
    )
    conn.set_trace_callback(None)
    _no_made_up_ids(statements)
    assert made.visits > 100
    [new_entry] = change.added
    linked = conn.execute(
        "SELECT v.citizen_id, v.start_min, v.duration_min FROM generatedvisit g"
        " JOIN visit v ON v.id = g.visit_id WHERE g.base_visit_id = ?",
        (new_entry,),
    ).fetchall()
    conn.close()
    assert linked == [(first.citizen_id, 900, 25)]  # Tuesday only, from the new entry


def test_the_boards_path_sends_no_ids_either(sample_db: Path) -> None:
    """The same on a Session (the board after its first paint, ``kaffefoerst plan generate``)."""
    store = Store.open_sqlite(sample_db)
    statements: list[str] = []
    # What reaches the database, also past SQLAlchemy (SQLite's sessions insert many rows
    # through the driver): the driver's own trace.
    event.listen(
        store.engine, "connect", lambda conn, _: conn.set_trace_callback(statements.append)
    )
    with store.session() as session:
        made = generate_days(session, TODAY, 3, now=NOW)
        entries = base_entries(session)
        extra = BaseEntry(entries[0].citizen_id, frozenset({3}), TODAY, 1000, 15)
        change = apply_base_plan(session, [*entries, extra], today=TODAY, now=NOW, actor="MH")
    store.close()
    _no_made_up_ids(statements)
    assert made.visits > 100 and len(change.added) == 1


def _check_generated(db: Path, days: int) -> tuple[int, int]:
    """Each (entry, day) made once, each visit as its entry says, and the audit's counts add
    up to the visits made; returns (visits made, plan-generate audit rows)."""
    with sqlite3.connect(db) as conn:
        pairs = Counter(conn.execute("SELECT base_visit_id, day FROM generatedvisit").fetchall())
        per_visit = Counter(r[0] for r in conn.execute("SELECT visit_id FROM generatedvisit"))
        mismatched = conn.execute(
            "SELECT count(*) FROM generatedvisit g JOIN visit v ON v.id = g.visit_id"
            " JOIN basevisit b ON b.id = g.base_visit_id"
            " WHERE v.citizen_id != b.citizen_id OR v.start_min != b.start_min"
            " OR v.duration_min != b.duration_min OR v.day != g.day"
        ).fetchone()[0]
        services = conn.execute(
            "SELECT b.services, group_concat(s.code) FROM generatedvisit g"
            " JOIN basevisit b ON b.id = g.base_visit_id"
            " LEFT JOIN visitservice vs ON vs.visit_id = g.visit_id"
            " LEFT JOIN service s ON s.id = vs.service_id GROUP BY g.visit_id"
        ).fetchall()
        audits = [
            json.loads(r[0])
            for r in conn.execute(
                "SELECT after FROM auditevent WHERE action = ?", (AuditAction.PLAN_GENERATE.value,)
            )
        ]
        orphans = conn.execute(
            "SELECT count(*) FROM visit v LEFT JOIN generatedvisit g ON g.visit_id = v.id"
            " WHERE g.visit_id IS NULL AND v.day > ?",
            (TODAY.isoformat(),),
        ).fetchone()[0]
    store = Store.open_sqlite(db)
    with store.session() as session:
        expected = {
            (e.id, d.isoformat())
            for e in base_entries(session)
            for d in (TODAY + timedelta(days=k) for k in range(1, days))
            if e.occurs_on(d)
        }
    store.close()
    made_ahead = {p for p in pairs if p[1] > TODAY.isoformat()}
    assert made_ahead == expected and set(pairs.values()) == {1}
    assert set(per_visit.values()) == {1} and mismatched == 0 and orphans == 0
    assert all(sorted(b.split(",")) == sorted((s or "").split(",")) for b, s in services)
    assert sum(a["visits"] for a in audits) == sum(pairs.values())
    return sum(pairs.values()), len(audits)


RACER = """
import os, sys, time
from datetime import UTC, date, datetime
from pathlib import Path

from kaffefoerst.store.base_plan import generate_days

db, kind, days, go = sys.argv[1:]
today, now = date(2026, 11, 30), datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
if kind == "sqlite3":  # the first board's child
    from kaffefoerst.store.database import open_database

    source = open_database(Path(db))[0]
else:  # the board after its first paint, or `kaffefoerst plan generate`
    from kaffefoerst.store import Store

    store = Store.open_sqlite(Path(db))
    source = store.session().__enter__()
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.0005)
print(generate_days(source, today, int(days), now=now, actor=kind).visits, flush=True)
"""


@pytest.mark.parametrize(
    ("first", "second"),
    [(("sqlite3", 14), ("session", 14)), (("session", 14), ("session", 7))],
    ids=["child-and-board", "two-boards"],
)
def test_two_generators_racing_on_one_file_neither_clash_nor_duplicate(
    sample_db: Path, tmp_path: Path, first: tuple[str, int], second: tuple[str, int]
) -> None:
    """Two processes generate at the same moment (started together once both are loaded):
    both finish, every (entry, day) exists once, and the visits they made add up."""
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(sample_db), kind, str(days), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, days in (first, second)
    ]
    for racer in racers:
        assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
    go.touch()
    made = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        made.append(int(out.strip()))
    visits, audits = _check_generated(sample_db, max(first[1], second[1]))
    assert sum(made) == visits > 13 * 100
    assert audits == sum(1 for m in made if m)  # a racer that made nothing logged nothing


def test_ids_come_back_in_the_order_of_the_rows_also_for_equal_rows(sample_db: Path) -> None:
    """insert_assigned on both kinds of source: more rows than one statement holds, rows equal
    in every value among them, each id the one of its own row."""
    day = (TODAY + timedelta(days=20)).isoformat()
    rows = [
        (1 + k % 7, day, 400 + 5 * (k % 11), 30, None, None, 0, k % 2, None, None, "PLANNED", 1)
        for k in range(300)
    ]  # 77 different rows, most of them four times
    read = f"SELECT id, {', '.join(VISIT_COLUMNS)} FROM visit WHERE day = ?"
    conn, _, _ = open_database(sample_db)
    ids = insert_assigned(conn, "visit", VISIT_COLUMNS, rows)
    stored = {r[0]: tuple(r[1:]) for r in conn.execute(read, (day,))}
    conn.commit()
    conn.close()
    assert len(set(ids)) == len(rows) == len(stored)
    assert [stored[i] for i in ids] == rows
    with pytest.raises(ValueError):
        insert_assigned(sqlite3.connect(":memory:"), "visit", ("id", "day"), [(1, day)])
    store = Store.open_sqlite(sample_db)
    with store.session() as session:
        more = insert_assigned(session, "visit", VISIT_COLUMNS, rows[:150])
        # The Core path, which PostgreSQL takes (SQLite's sessions go to the driver), here too.
        core = assigned_ids._core(session, "visit", VISIT_COLUMNS, rows[150:])
        got = session.connection().exec_driver_sql(read + " AND id >= ?", (day, min(more)))
        stored = {r[0]: tuple(r[1:]) for r in got}
        session.commit()
    store.close()
    assert [stored[i] for i in more] == rows[:150] and [stored[i] for i in core] == rows[150:]
    assert len({*ids, *more, *core}) == len(rows) * 2


def test_a_failed_generation_leaves_no_half_made_day(sample_db: Path, monkeypatch) -> None:  # noqa: ANN001
    """Visits are inserted, then their links: a fault between them rolls the visits back."""
    from kaffefoerst.store import base_plan

    conn, _, _ = open_database(sample_db)
    before = conn.execute("SELECT count(*) FROM visit").fetchone()[0]
    real = base_plan.insert_many

    def broken(source: object, table: str, *args: object) -> None:
        if table == "generatedvisit":
            raise sqlite3.OperationalError("disk I/O error")
        real(source, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(base_plan, "insert_many", broken)
    with pytest.raises(sqlite3.OperationalError):
        generate_days(conn, TODAY, 3, now=NOW)
    assert conn.execute("SELECT count(*) FROM visit").fetchone()[0] == before
    monkeypatch.setattr(base_plan, "insert_many", real)
    assert generate_days(conn, TODAY, 3, now=NOW).visits > 100
    conn.close()


def test_a_generator_that_finds_its_days_made_meanwhile_looks_again(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race made certain: after one generator has worked out what is missing, a second
    makes the same days and commits. The first clashes on (entry, day), rolls back its
    visits, looks again and makes only what is still missing."""
    from kaffefoerst.store import base_plan

    first, _, _ = open_database(sample_db)
    second, _, _ = open_database(sample_db)
    real = base_plan._missing
    calls: list[int] = []

    def missing_then_overtaken(source: object, *args: object):  # noqa: ANN202
        found = real(source, *args)  # type: ignore[arg-type]
        calls.append(len(found[0]))
        if len(calls) == 1:
            made = generate_days(second, TODAY, 3, now=NOW, actor="second")
            assert made.visits > 100
        return found

    monkeypatch.setattr(base_plan, "_missing", missing_then_overtaken)
    made = generate_days(first, TODAY, 5, now=NOW, actor="first")
    second.close()
    first.close()
    assert len(calls) == 3  # first look, the second generator's own look, the look again
    assert 0 < made.visits < calls[0]
    # The second made days 1-2 (today is the sample's, imported): the first, days 3-4 only.
    assert made.days == (TODAY + timedelta(days=3), TODAY + timedelta(days=4))
    _check_generated(sample_db, 5)


def test_a_unique_clash_is_told_from_other_refusals() -> None:
    from sqlalchemy.exc import IntegrityError

    from kaffefoerst.store.problems import is_unique_clash

    class PgUniqueViolation(Exception):  # what psycopg raises: SQL state 23505
        sqlstate = "23505"

    clash = sqlite3.IntegrityError("UNIQUE constraint failed: generatedvisit.base_visit_id")
    assert is_unique_clash(clash)
    assert is_unique_clash(IntegrityError("INSERT ...", {}, clash))
    assert is_unique_clash(IntegrityError("INSERT ...", {}, PgUniqueViolation()))
    assert not is_unique_clash(sqlite3.IntegrityError("NOT NULL constraint failed: visit.day"))
    assert not is_unique_clash(sqlite3.OperationalError("database is locked"))
