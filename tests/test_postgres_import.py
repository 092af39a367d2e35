"""The daily import's merge on PostgreSQL (issue 11: its SQL names its parameters, so the same
statements run there): the sample team in, the same files again (nothing changed), then a
changed start, a visit the team moved that the care system changed too (a conflict), and a
visit the care system dropped (cancelled).

The PostgreSQL part runs only where ``KAFFEFOERST_PG_URL`` names a database the test may empty
and fill, with psycopg installed (as tests/test_postgres_ids.py). The merge runs in a unit of
work holding the write lock (store/write_lock.py: an advisory lock on PostgreSQL), as the
import does; tests/test_postgres_ids.py shows a second writer waits for it.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from kaffefoerst import model
from kaffefoerst.io.column_map import NATIVE
from kaffefoerst.io.csv_import import read_import
from kaffefoerst.io.sample import sample_dir
from kaffefoerst.store import import_merge
from kaffefoerst.store.model_schema import model_schema
from kaffefoerst.store.unit_of_work import unit_of_work
from tests.test_import_merge import edit

URL = os.environ.get("KAFFEFOERST_PG_URL", "")
NOW = datetime(2026, 1, 5, 6, 40, tzinfo=UTC)


def test_stored_values_read_back_as_the_files_write_them() -> None:
    """PostgreSQL's driver returns booleans and date-times where SQLite returns 0/1 and text;
    both must compare equal to the file's values, or every carer would look changed."""
    assert import_merge._text(False) == "0" and import_merge._text(True) == "1"
    cet = timezone(timedelta(hours=1))
    assert import_merge._text(datetime(2026, 1, 5, 6, 52, tzinfo=cet)) == "2026-01-05 05:52:00"
    assert import_merge._text(datetime(2026, 1, 5, 5, 52)) == "2026-01-05 05:52:00"
    assert import_merge._text(None) == "" and import_merge._text(7) == "7"


@pytest.fixture
def engine() -> Iterator[Engine]:
    if not URL:
        pytest.skip("no PostgreSQL in KAFFEFOERST_PG_URL")
    pytest.importorskip("psycopg")
    engine = create_engine(URL)
    model.SQLModel.metadata.drop_all(engine)
    model.SQLModel.metadata.create_all(engine)
    yield engine
    model.SQLModel.metadata.drop_all(engine)
    engine.dispose()


def merge(engine: Engine, folder: Path) -> import_merge.MergeReport:
    schema = model_schema()
    with (
        Session(engine) as session,
        unit_of_work(session, actor="MH", now=NOW, locked=True) as work,
    ):
        known = import_merge.known_in(session)
        parsed = read_import(folder, schema, NATIVE, complete=False, known=known)
        return import_merge.merge(work, schema, parsed)


def one(engine: Engine, sql: str, **params: object) -> tuple:
    with engine.connect() as c:
        return tuple(c.execute(text(sql), params).one())


def test_the_merge_runs_on_postgresql(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    first = merge(engine, folder)
    # The files' own ids were kept: the database's next ids come after them (no clash).
    with engine.begin() as c:
        top = c.execute(text("SELECT max(id) FROM team")).scalar_one()
        team = c.execute(
            text("INSERT INTO team (name, gap_min, meeting_min) VALUES ('Ny', 5, 15) RETURNING id")
        ).scalar_one()
        assert team > top
        c.execute(text("DELETE FROM team WHERE id = :id"), {"id": team})
    with (folder / "visit.csv").open(encoding="utf-8", newline="") as f:
        assert first.visits_new == sum(1 for _ in csv.DictReader(f)) > 10_000
    assert one(engine, "SELECT count(*) FROM visitservice")[0] > first.visits_new
    assert merge(engine, folder).nothing  # stored values read back as the files say them

    with engine.begin() as c:  # the team moves visit 10283 (as a move does: version + 1)
        c.execute(text("UPDATE visit SET start_min = 480, version = version + 1 WHERE id = 10283"))
    edit(folder, "visit", lambda r: {**r, "start_min": "500"} if r["id"] == "10300" else r)
    edit(folder, "visit", lambda r: {**r, "duration_min": "45"} if r["id"] == "10283" else r)
    edit(folder, "visit", lambda r: None if r["id"] == "10301" else r)
    edit(folder, "visitservice", lambda r: None if r["visit_id"] == "10301" else r)
    report = merge(engine, folder)
    assert [(v.source_id, v.fields) for v in report.visits_changed] == [("10300", ["start_min"])]
    assert [v.source_id for v in report.conflicts] == ["10283"]
    assert [v.source_id for v in report.visits_cancelled] == ["10301"]
    assert one(engine, "SELECT start_min FROM visit WHERE id = 10300") == (500,)
    assert one(engine, "SELECT start_min, duration_min FROM visit WHERE id = 10283")[0] == 480
    assert one(engine, "SELECT status FROM visit WHERE id = 10301") == ("CANCELLED",)
    again = merge(engine, folder)  # the open conflict is listed again, and noted once
    assert [v.source_id for v in again.conflicts] == ["10283"]
    assert not (again.visits_changed or again.visits_cancelled or again.visits_new)
    assert one(engine, "SELECT count(*) FROM importconflict WHERE visit_id = 10283") == (1,)
