"""kaffefoerst export changes: every change the team made to one day, for the care system;
CSV that Danish Excel opens (semicolon, UTF-8 with BOM) and JSON; owner-only files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kaffefoerst.domain.cover_route import propose
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import AbsenceKind
from kaffefoerst.io.changes_export import FIELDS, as_csv, change_rows
from kaffefoerst.io.import_run import import_path
from kaffefoerst.io.sample import sample_dir
from kaffefoerst.locale import t
from kaffefoerst.store import Store
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.changes_out import day_changes, people, visits
from kaffefoerst.store.covers import CoverDecision, accept_cover
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import recent_by_citizen
from kaffefoerst.store.moves import Placement, move_visit

DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 5, 6, 55, tzinfo=UTC)
PLANNER = User("MH", Role.PLANNER, 1)
MOVES = {10283: (4, 500), 10286: (None, 600)}  # one visit to LP, another to nobody


@pytest.fixture
def morning(tmp_path: Path) -> Iterator[Store]:
    """The demo morning: TJ's sick call covered by the proposal, two moves, another carer
    called in sick for tomorrow (not today), and a move on yesterday's plan."""
    store = Store.open_sqlite(tmp_path / "team.db")
    import_path(store, sample_dir(), actor="MH", now=NOW)
    with store.session() as session:
        plan = load_day_plan(session, DAY)
        todo = plan.uncovered()
        recent = recent_by_citizen(session, sorted({v.citizen_id for v in todo}), DAY)
        lines = propose(plan, recent, None)
        accept_cover(
            session,
            [
                CoverDecision(
                    x.visit_id,
                    x.version,
                    x.choice.carer_id if x.choice else None,
                    x.source,
                    x.start_min,
                )
                for x in lines
            ],
            actor="MH",
            now=NOW,
            user=PLANNER,
        )
        for n, (visit_id, (carer, start)) in enumerate(MOVES.items()):
            version = load_day_plan(session, DAY).visits[visit_id].version
            move_visit(
                session,
                visit_id=visit_id,
                target=Placement(carer, start),
                expected_version=version,
                actor="MH",
                now=NOW + timedelta(minutes=5 + n),
                reason="aftalt på morgenmødet",
                user=PLANNER,
            )
        mark_absent(
            session,
            carer_id=5,
            from_day=DAY + timedelta(days=1),
            to_day=DAY + timedelta(days=2),
            kind=AbsenceKind.SICK,
            actor="MH",
            now=NOW,
            user=PLANNER,
        )
    yield store
    store.close()


def rows_for(store: Store, day: date) -> list[dict[str, str]]:
    with store.session() as session:
        events = day_changes(session, day)
        who = people(session)
        who.visits.update(visits(session, [e.entity_id for e in events if e.entity == "visit"]))
    return change_rows(events, who, day)


def sample_carer_of(visit_id: int) -> str:
    """The initials the sample files give a visit's carer, read straight from the CSVs."""
    with (sample_dir() / "visit.csv").open(encoding="utf-8", newline="") as f:
        carer = next(r["carer_id"] for r in csv.DictReader(f) if r["id"] == str(visit_id))
    with (sample_dir() / "carer.csv").open(encoding="utf-8", newline="") as f:
        return next(r["initials"] for r in csv.DictReader(f) if r["id"] == carer)


def test_the_export_lists_exactly_the_mornings_changes(morning: Store) -> None:
    found = rows_for(morning, DAY)
    codes = [r["action_code"] for r in found]
    assert codes == ["cover"] * 11 + ["move", "move"]
    moves = [r for r in found if r["action_code"] == "move"]
    assert [r["visit_source_id"] for r in moves] == ["10283", "10286"]
    # 10283 was TJ's: the cover placed it first, and the move starts where the cover put it.
    assert sample_carer_of(10283) == "TJ"
    [covered] = [
        r for r in found if r["action_code"] == "cover" and r["visit_source_id"] == "10283"
    ]
    assert (moves[0]["carer_before"], moves[0]["carer_after"]) == (covered["carer_after"], "LP")
    assert (moves[0]["start_after"], moves[0]["carer_after_source_id"]) == ("08:20", "4")
    assert moves[1]["carer_after"] == "" and moves[1]["start_after"] == "10:00"
    assert {r["decided_by"] for r in found} == {"MH"}
    assert moves[0]["reason"] == "aftalt på morgenmødet"
    covers = [r for r in found if r["action_code"] == "cover"]
    assert {r["carer_before"] for r in covers} == {"TJ"}
    assert all(r["reason"].startswith("dækker for TJ") for r in covers)
    assert all(r["visit_source_id"] and r["citizen_source_id"] for r in found)
    tomorrow = rows_for(morning, DAY + timedelta(days=1))
    assert [r["action_code"] for r in tomorrow] == ["absence"]  # the sick call covers that day
    assert rows_for(morning, DAY - timedelta(days=1)) == []


def test_an_action_without_a_label_is_exported_by_its_code(morning: Store) -> None:
    """A new audit action from another feature appears without a change here."""
    with morning.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO auditevent (actor, at, action, entity, entity_id, before, after, reason)"
            " VALUES ('MH', '2026-01-05 07:30:00', 'visit_lengthened', 'visit', 10300,"
            " '{\"duration_min\": 20}', '{\"duration_min\": 35}', 'mere tid til bad')"
        )
    found = rows_for(morning, DAY)
    last = found[-1]
    assert (last["action"], last["duration_before"], last["duration_after"]) == (
        "visit_lengthened",
        "20",
        "35",
    )


def test_csv_for_danish_excel_reads_back_by_column(morning: Store) -> None:
    data = as_csv(rows_for(morning, DAY))
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [t(f"changes_out.col.{f}") for f in FIELDS]
    by_name = [dict(zip(FIELDS, row, strict=True)) for row in table[1:]]
    assert [r["visit_source_id"] for r in by_name if r["action_code"] == "move"] == [
        "10283",
        "10286",
    ]
    assert by_name[-2]["action"] == "flytning" and by_name[-2]["carer_after"] == "LP"


def test_a_reason_that_looks_like_a_formula_stays_text(morning: Store) -> None:
    found = rows_for(morning, DAY)
    found[-1]["reason"] = '=HYPERLINK("http://x","klik")'
    table = list(csv.reader(io.StringIO(as_csv(found).decode("utf-8-sig")), delimiter=";"))
    assert table[-1][FIELDS.index("reason")] == '\'=HYPERLINK("http://x","klik")'
    assert table[-2][FIELDS.index("reason")] == "aftalt på morgenmødet"


def test_the_command_writes_owner_only_csv_and_json(morning: Store, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        out = tmp_path / f"changes.{fmt}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kaffefoerst",
                "--db",
                str(morning.path),
                "--date",
                "2026-01-05",
                "export",
                "changes",
                "--format",
                fmt,
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ},
        )
        assert done.returncode == 0, done.stderr
        assert "13 ændringer for 2026-01-05" in done.stdout
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads((tmp_path / "changes.json").read_text("utf-8"))
    assert data["day"] == "2026-01-05" and len(data["changes"]) == 13
    assert data["changes"][-1]["visit_source_id"] == "10286"
