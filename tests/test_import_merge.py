"""The daily import merges by the care system's ids: new, changed, cancelled, conflicts with
the team's changes; nothing changes when nothing changed; all or nothing."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.io.csv_schema import TABLES
from kaffefoerst.io.import_errors import ImportFailed
from kaffefoerst.io.import_run import import_path
from kaffefoerst.io.sample import sample_dir
from kaffefoerst.store import Store, import_merge
from kaffefoerst.store.import_conflicts import KEEP, TAKE, open_conflicts, resolve
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.store.sqlite_bulk_load import load_csv_dir

DAY = date(2026, 1, 5)  # the sample's plan day (no shift: the files' own dates)
NOW = datetime(2026, 1, 5, 6, 30, tzinfo=UTC)
PLANNER = User("MH", Role.PLANNER, 1)
MOVED = 10283  # a plan-day visit (BS, Ellen K.)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "csv"
    shutil.copytree(sample_dir(), target, ignore=shutil.ignore_patterns("*.py", "*.md"))
    return target


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open_sqlite(tmp_path / "t.db")
    yield store
    store.close()


def contents(store: Store, tables: tuple[str, ...] = (*TABLES, "importconflict")) -> dict:
    with store.engine.connect() as conn:
        return {
            t: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {t}").all())) for t in tables
        }


def audit_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM auditevent").scalar_one()


def edit(folder: Path, table: str, change) -> None:  # noqa: ANN001
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    rows = [r for r in (change(dict(r)) for r in rows) if r is not None]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def visit(store: Store, visit_id: int) -> tuple:
    with store.engine.connect() as conn:
        return tuple(
            conn.exec_driver_sql(
                "SELECT carer_id, start_min, duration_min, status FROM visit WHERE id = ?",
                (visit_id,),
            ).one()
        )


def rows_in(name: str) -> int:
    with (sample_dir() / name).open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def run(store: Store, path: Path) -> import_merge.MergeReport:
    return import_path(store, path, actor="MH", now=NOW)


def test_the_first_import_is_the_demo_and_the_second_changes_nothing(
    folder: Path, store: Store, tmp_path: Path
) -> None:
    first = run(store, folder)
    assert first.visits_new == rows_in("visit.csv") and first.new["carer"] == rows_in("carer.csv")
    demo = Store.open_sqlite(tmp_path / "demo.db")
    load_csv_dir(demo, sample_dir())
    assert contents(store) == contents(demo)
    demo.close()
    before, audits = contents(store), audit_count(store)
    again = run(store, folder)
    assert again.nothing
    assert contents(store) == before and audit_count(store) == audits


def test_a_changed_start_is_applied_and_a_missing_visit_is_cancelled(
    folder: Path, store: Store
) -> None:
    run(store, folder)
    edit(folder, "visit", lambda r: {**r, "start_min": "500"} if r["id"] == "10300" else r)
    edit(folder, "visit", lambda r: None if r["id"] == "10301" else r)
    edit(folder, "visitservice", lambda r: None if r["visit_id"] == "10301" else r)
    report = run(store, folder)
    assert [v.source_id for v in report.visits_changed] == ["10300"]
    assert report.visits_changed[0].fields == ["start_min"]
    assert [v.source_id for v in report.visits_cancelled] == ["10301"]
    assert visit(store, 10300)[1] == 500
    assert visit(store, 10301)[3] == "CANCELLED"  # kept, not deleted
    assert run(store, folder).nothing


def test_a_visit_the_team_moved_keeps_the_move_when_the_source_did_not_change(
    folder: Path, store: Store
) -> None:
    run(store, folder)
    with store.session() as session:
        move_visit(
            session,
            visit_id=MOVED,
            target=Placement(4, 480),
            expected_version=1,
            actor="MH",
            now=NOW,
            user=PLANNER,
        )
    assert run(store, folder).nothing
    assert visit(store, MOVED)[:2] == (4, 480)


def test_a_visit_both_changed_is_a_conflict_until_the_planner_chooses(
    folder: Path, store: Store
) -> None:
    run(store, folder)
    with store.session() as session:
        move_visit(
            session,
            visit_id=MOVED,
            target=Placement(4, 480),
            expected_version=1,
            actor="MH",
            now=NOW,
            user=PLANNER,
        )
    edit(folder, "visit", lambda r: {**r, "duration_min": "45"} if r["id"] == str(MOVED) else r)
    report = run(store, folder)
    assert [c.source_id for c in report.conflicts] == [str(MOVED)]
    assert visit(store, MOVED)[:3] == (4, 480, visit(store, MOVED)[2])
    assert visit(store, MOVED)[2] != 45  # the team's version stands
    again = run(store, folder)  # the same import again: still the one conflict, no duplicate
    assert [c.source_id for c in again.conflicts] == [str(MOVED)]
    with store.session() as session:
        [conflict] = open_conflicts(session)
        assert set(conflict.differs) == {"carer_id", "start_min", "duration_min"}
        resolve(session, conflict.id, TAKE, user=PLANNER, now=NOW)
    carer, start, duration, _ = visit(store, MOVED)
    assert (start, duration) == (int(conflict.theirs["start_min"]), 45)
    assert run(store, folder).nothing
    with store.session() as session:
        assert open_conflicts(session) == []


def test_keeping_ours_answers_the_conflict_for_the_same_import(folder: Path, store: Store) -> None:
    run(store, folder)
    with store.session() as session:
        move_visit(
            session,
            visit_id=MOVED,
            target=Placement(4, 480),
            expected_version=1,
            actor="MH",
            now=NOW,
            user=PLANNER,
        )
    edit(folder, "visit", lambda r: {**r, "duration_min": "45"} if r["id"] == str(MOVED) else r)
    run(store, folder)
    with store.session() as session:
        [conflict] = open_conflicts(session)
        resolve(session, conflict.id, KEEP, user=PLANNER, now=NOW)
    assert visit(store, MOVED)[:2] == (4, 480)
    assert run(store, folder).nothing


def test_a_member_may_not_answer_a_conflict(folder: Path, store: Store) -> None:
    from kaffefoerst.domain.errors import DomainError

    run(store, folder)
    with store.session() as session:
        move_visit(
            session,
            visit_id=MOVED,
            target=Placement(4, 480),
            expected_version=1,
            actor="MH",
            now=NOW,
            user=PLANNER,
        )
    edit(folder, "visit", lambda r: {**r, "duration_min": "45"} if r["id"] == str(MOVED) else r)
    run(store, folder)
    with store.session() as session:
        [conflict] = open_conflicts(session)
        with pytest.raises(DomainError):
            resolve(session, conflict.id, TAKE, user=User("BS", Role.MEMBER, 5), now=NOW)
        assert len(open_conflicts(session)) == 1


def test_a_new_day_alone_merges_in(folder: Path, store: Store, tmp_path: Path) -> None:
    run(store, folder)
    day = tmp_path / "day"
    day.mkdir()
    with (folder / "visit.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["day"] == "2026-01-05"]
    with (day / "visit.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "id": str(int(r["id"]) + 90000), "day": "2026-01-06"})
    report = run(store, day)
    assert report.visits_new == len(rows) and not report.visits_cancelled
    with store.engine.connect() as conn:
        count = conn.exec_driver_sql(
            "SELECT count(*) FROM visit "
            "WHERE day = '2026-01-06' AND CAST(source_id AS INTEGER) > 90000"
        ).scalar_one()
    assert count == len(rows)
    assert run(store, day).nothing


def test_a_fault_half_way_leaves_the_database_as_it_was(
    folder: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(store, folder)
    edit(folder, "visit", lambda r: {**r, "start_min": "600"} if r["day"] == "2026-01-05" else r)
    before, audits = contents(store), audit_count(store)
    real = import_merge._VisitMerge._cancel

    def broken(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        real(self, *args, **kwargs)
        assert self.report.visits_changed  # half the work is done: the changes are written
        raise OSError("disk gone")

    monkeypatch.setattr(import_merge._VisitMerge, "_cancel", broken)
    with pytest.raises(OSError):
        run(store, folder)
    assert contents(store) == before and audit_count(store) == audits


def test_three_bad_rows_are_all_reported_and_nothing_is_stored(folder: Path, store: Store) -> None:
    run(store, folder)
    before = contents(store)
    bad = {
        "10300": ("start_min", "25:10"),
        "10310": ("duration_min", "0"),
        "10320": ("day", "32-01-2026"),
    }
    edit(
        folder, "visit", lambda r: {**r, bad[r["id"]][0]: bad[r["id"]][1]} if r["id"] in bad else r
    )
    with pytest.raises(ImportFailed) as caught:
        run(store, folder)
    found = [(p.key, p.fields["column"], p.fields["value"]) for p in caught.value.problems]
    assert sorted(found) == sorted(
        [
            ("import_problem.not_time", "start_min", "25:10"),
            ("import_problem.out_of_range", "duration_min", "0"),
            ("import_problem.not_date", "day", "32-01-2026"),
        ]
    )
    lines = [p.fields["line"] for p in caught.value.problems]
    assert lines == sorted(lines) and len(set(lines)) == 3
    assert contents(store) == before


KILLED_MID_WAY = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from kaffefoerst.io.import_run import import_path
from kaffefoerst.store import Store, import_merge

real = import_merge._VisitMerge._cancel

def stall(self, *args, **kwargs):
    real(self, *args, **kwargs)  # the changes are written, not committed
    Path(sys.argv[3]).write_text(str(len(self.report.visits_changed)))
    time.sleep(600)

import_merge._VisitMerge._cancel = stall
store = Store.open_sqlite(Path(sys.argv[1]))
import_path(store, Path(sys.argv[2]), actor="MH", now=datetime.now(UTC))
"""


def test_kill_9_in_the_middle_of_an_import_leaves_the_database_as_it_was(
    folder: Path, store: Store, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    run(store, folder)
    edit(folder, "visit", lambda r: {**r, "start_min": "600"} if r["day"] == "2026-01-05" else r)
    before, audits = contents(store), audit_count(store)
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_WAY, str(store.path), str(folder), str(ready)],
        env={**os.environ},
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists() and int(ready.read_text()) > 100  # killed with the work done
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert contents(store) == before and audit_count(store) == audits
    assert run(store, folder).visits_changed  # and the import still runs afterwards


def test_the_care_systems_ids_may_be_text_in_a_merge(
    folder: Path, store: Store, tmp_path: Path
) -> None:
    run(store, folder)
    day = tmp_path / "text_ids"
    day.mkdir()
    (day / "visit.csv").write_text(
        "id,citizen_id,day,start_min,duration_min,window_from_min,window_to_min,fixed_time,"
        "two_carers,carer_id,second_carer_id,status,version\n"
        "NX-1,5,2026-01-07,7:30,20,,,0,0,1,,PLANNED,1\n"
        "NX-2,6,2026-01-07,8.15,15,,,0,0,,,PLANNED,1\n",
        encoding="utf-8",
    )
    (day / "visitservice.csv").write_text("visit_id,service_id\nNX-1,1\nNX-2,4\n", "utf-8")
    report = run(store, day)
    assert report.visits_new == 2
    with store.engine.connect() as conn:
        got = conn.exec_driver_sql(
            "SELECT v.source_id, v.start_min, v.carer_id, count(s.service_id) FROM visit v "
            "JOIN visitservice s ON s.visit_id = v.id WHERE v.day = '2026-01-07' "
            "GROUP BY v.id ORDER BY v.source_id"
        ).all()
    assert [tuple(r) for r in got] == [("NX-1", 450, 1, 1), ("NX-2", 495, None, 1)]
    assert run(store, day).nothing
    (day / "visitservice.csv").write_text("visit_id,service_id\nNX-1,1\nNX-3,4\n", "utf-8")
    with pytest.raises(ImportFailed) as caught:
        run(store, day)
    [problem] = caught.value.problems
    assert (problem.key, problem.fields["value"], problem.fields["line"]) == (
        "import.foreign_key",
        "NX-3",
        3,
    )


def test_a_new_visit_keeps_its_own_free_id_though_a_text_id_comes_before_it(
    folder: Path, store: Store, tmp_path: Path
) -> None:
    """The database picks ids for the care system's text ids only after the free numeric ids
    are stored, so it never picks one of those (the next free number here)."""
    run(store, folder)
    with store.engine.connect() as conn:
        free = conn.exec_driver_sql("SELECT max(id) + 1 FROM visit").scalar_one()
    day = tmp_path / "mixed_ids"
    day.mkdir()
    (day / "visit.csv").write_text(
        "id,citizen_id,day,start_min,duration_min,window_from_min,window_to_min,fixed_time,"
        "two_carers,carer_id,second_carer_id,status,version\n"
        "NX-1,5,2026-01-07,7:30,20,,,0,0,1,,PLANNED,1\n"
        f"{free},6,2026-01-07,8.15,15,,,0,0,,,PLANNED,1\n",
        encoding="utf-8",
    )
    (day / "visitservice.csv").write_text(f"visit_id,service_id\nNX-1,1\n{free},4\n", "utf-8")
    assert run(store, day).visits_new == 2
    with store.engine.connect() as conn:
        got = conn.exec_driver_sql(
            "SELECT v.source_id, v.id, s.service_id FROM visit v"
            " JOIN visitservice s ON s.visit_id = v.id WHERE v.day = '2026-01-07' ORDER BY v.id"
        ).all()
    assert [tuple(r) for r in got] == [(str(free), free, 4), ("NX-1", free + 1, 1)]
