"""An import of days already generated from the base plan: the untouched generated visits give
way to the imported ones, a visit the team touched is kept (and becomes a conflict for the
planner), no day ends with two of a visit, and the same file again changes nothing."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.io.import_report import report_lines
from kaffefoerst.io.import_run import import_path
from kaffefoerst.io.sample import sample_dir
from kaffefoerst.store import Store
from kaffefoerst.store.base_plan import generate_days
from kaffefoerst.store.import_conflicts import TAKE, open_conflicts, resolve
from kaffefoerst.store.moves import Placement, move_visit

FIRST = date(2026, 1, 6)  # the day after the sample's plan day: days 1-3 are generated
DAYS = (FIRST.isoformat(), (FIRST + timedelta(days=1)).isoformat())  # the file's days 1-2
NOW = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
PLANNER = User("MH", Role.PLANNER, 1)
OFFSET = 900000  # the care system's ids for the file's visits: none of the database's
VISIT_HEADER = ["id", "citizen_id", "day", "start_min", "duration_min", "window_from_min",
                "window_to_min", "fixed_time", "two_carers", "carer_id", "second_carer_id",
                "status", "version"]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    folder = tmp_path / "csv"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    store = Store.open_sqlite(tmp_path / "t.db")
    import_path(store, folder, actor="MH", now=NOW)  # the sample, with its base plan
    with store.session() as session:
        made = generate_days(session, FIRST, 3, now=NOW, actor="MH")
    assert len(made.days) == 3 and made.visits > 0
    yield store
    store.close()


def sql(store: Store, text: str, params: tuple = ()) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(text, params).all()]


def write_day_file(store: Store, target: Path) -> dict[int, str]:
    """The generated visits of days 1-2 as the care system would send them (its own ids);
    returns visit id -> the file's id for it."""
    target.mkdir()
    found = sql(
        store,
        "SELECT v.id, z.source_id, v.day, v.start_min, v.duration_min, v.window_from_min,"
        " v.window_to_min, v.fixed_time, v.two_carers, c.source_id, c2.source_id, v.status"
        " FROM visit v JOIN generatedvisit g ON g.visit_id = v.id"
        " JOIN citizen z ON z.id = v.citizen_id LEFT JOIN carer c ON c.id = v.carer_id"
        " LEFT JOIN carer c2 ON c2.id = v.second_carer_id"
        f" WHERE v.day IN ({', '.join('?' * len(DAYS))}) ORDER BY v.id",
        DAYS,
    )
    services = sql(
        store,
        "SELECT vs.visit_id, s.source_id FROM visitservice vs"
        " JOIN service s ON s.id = vs.service_id JOIN generatedvisit g ON g.visit_id = vs.visit_id"
        f" WHERE g.day IN ({', '.join('?' * len(DAYS))})",
        DAYS,
    )
    ids = {r[0]: str(OFFSET + r[0]) for r in found}
    with (target / "visit.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(VISIT_HEADER)
        for r in found:
            cells = ["" if v is None else int(v) if isinstance(v, bool) else v for v in r[1:]]
            out.writerow([ids[r[0]], *cells, 1])
    with (target / "visitservice.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["visit_id", "service_id"])
        out.writerows([ids[v], s] for v, s in services)
    return ids


def per_slot(store: Store) -> dict[tuple, int]:
    """How many visits each (citizen, day, start) of the generated days holds (the base plan
    itself has a few slots with two: a care visit and a different service at the same time)."""
    found = sql(
        store,
        "SELECT citizen_id, day, start_min, count(*) FROM visit WHERE day >= ?"
        " GROUP BY citizen_id, day, start_min",
        (FIRST.isoformat(),),
    )
    return {tuple(r[:3]): r[3] for r in found}


def test_an_import_of_generated_days_replaces_them_and_keeps_the_teams_move(
    store: Store, tmp_path: Path
) -> None:
    ids = write_day_file(store, tmp_path / "days")
    day2 = sql(
        store,
        "SELECT v.id, v.carer_id, v.start_min FROM visit v JOIN generatedvisit g"
        " ON g.visit_id = v.id WHERE v.day = ? AND v.carer_id IS NOT NULL ORDER BY v.id",
        (DAYS[1],),
    )
    moved, carer, start = day2[0]
    with store.session() as session:
        move_visit(
            session, visit_id=moved, target=Placement(carer, start + 30),
            expected_version=1, actor="MH", now=NOW, user=PLANNER,
        )  # fmt: skip
    generated_before = len(ids)
    slots = per_slot(store)
    third_day = sql(store, "SELECT count(*) FROM generatedvisit WHERE day > ?", (DAYS[1],))[0][0]

    report = import_path(store, tmp_path / "days", actor="MH", now=NOW)

    assert report.generated_replaced == generated_before - 1  # all but the moved one
    assert report.visits_new == generated_before - 1  # the moved one's counterpart is adopted
    assert [c.source_id for c in report.conflicts] == [ids[moved]]
    assert "start_min" in report.conflicts[0].fields
    assert any("erstattet" in line for line in report_lines(report, "t.db"))
    assert per_slot(store) == slots  # nothing doubled: each slot as the file (and move) has it
    assert max(slots.values()) > 1  # (the check would see a doubled slot: there are pairs)
    on_days = sql(
        store,
        f"SELECT id, source_id FROM visit WHERE day IN ({', '.join('?' * len(DAYS))})",
        DAYS,
    )
    assert sorted(s for _, s in on_days) == sorted(ids.values())  # one visit per file row
    assert {i for i, _ in on_days} & set(ids) == {moved}  # of the generated, only the move
    assert sql(store, "SELECT start_min FROM visit WHERE id = ?", (moved,)) == [(start + 30,)]
    left = sql(store, "SELECT count(*) FROM generatedvisit WHERE day > ?", (DAYS[1],))[0][0]
    assert left == third_day  # day 3 is not in the file: still the base plan's
    assert [c.visit_id for c in open_conflicts_of(store)] == [moved]

    before = everything(store)
    again = import_path(store, tmp_path / "days", actor="MH", now=NOW)
    assert again.nothing and everything(store) == before
    with store.session() as session:  # the board generating again leaves the imported days
        assert generate_days(session, FIRST, 3, now=NOW, actor="MH").visits == 0

    with store.session() as session:
        resolve(session, open_conflicts(session)[0].id, TAKE, user=PLANNER, now=NOW)
    assert sql(store, "SELECT start_min FROM visit WHERE id = ?", (moved,)) == [(start,)]
    assert import_path(store, tmp_path / "days", actor="MH", now=NOW).nothing


def test_a_touched_visit_the_file_does_not_have_is_a_conflict_to_cancel(
    store: Store, tmp_path: Path
) -> None:
    ids = write_day_file(store, tmp_path / "days")
    moved, carer, start, citizen = sql(
        store,
        "SELECT v.id, v.carer_id, v.start_min, v.citizen_id FROM visit v JOIN generatedvisit g"
        " ON g.visit_id = v.id WHERE v.day = ? AND v.carer_id IS NOT NULL ORDER BY v.id",
        (DAYS[0],),
    )[0]
    gone = [v for v, in sql(store, "SELECT id FROM visit WHERE day = ? AND citizen_id = ?",
                            (DAYS[0], citizen))]  # fmt: skip
    dropped = {ids[v] for v in gone}
    for name, key in (("visit", "id"), ("visitservice", "visit_id")):
        path = tmp_path / "days" / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or ())
            kept = [r for r in reader if r[key] not in dropped]
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.DictWriter(handle, header, lineterminator="\n")
            out.writeheader()
            out.writerows(kept)
    with store.session() as session:
        move_visit(
            session, visit_id=moved, target=Placement(carer, start + 15),
            expected_version=1, actor="MH", now=NOW, user=PLANNER,
        )  # fmt: skip
    slots = {k: n for k, n in per_slot(store).items() if k[:2] != (citizen, DAYS[0])}
    report = import_path(store, tmp_path / "days", actor="MH", now=NOW)
    assert len(report.conflicts) == 1 and report.conflicts[0].fields == ["status"]
    conflicts = open_conflicts_of(store)
    assert [(c.visit_id, c.cancel) for c in conflicts] == [(moved, True)]
    slots[(citizen, DAYS[0], start + 15)] = 1  # of the citizen's day, only the move is left
    assert per_slot(store) == slots
    before = everything(store)
    assert import_path(store, tmp_path / "days", actor="MH", now=NOW).nothing
    assert everything(store) == before


def open_conflicts_of(store: Store) -> list:
    with store.session() as session:
        return open_conflicts(session)


def everything(store: Store) -> dict[str, list[tuple]]:
    tables = ("visit", "visitservice", "generatedvisit", "importconflict", "auditevent")
    return {t: sorted(map(repr, sql(store, f"SELECT * FROM {t}"))) for t in tables}
