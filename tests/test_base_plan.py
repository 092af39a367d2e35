"""The base plan (issue 12, point 2): the days ahead are generated from it, once; a changed base
plan changes the generated visits the team has not touched and says which."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kaffefoerst.domain.base_plan import BaseEntry, parse_weekdays
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.base_plan_csv import read_base_plan
from kaffefoerst.io.sample import load_sample, sample_dir, sample_shift
from kaffefoerst.model import BaseVisit, GeneratedVisit, Visit
from kaffefoerst.store import Store
from kaffefoerst.store.base_plan import base_entries, generate_days
from kaffefoerst.store.base_plan_change import apply_base_plan
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.store.plan_edit import pause_citizen
from tests.builders import DAY, TeamBuilder, hm

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)  # a Monday: the sample's plan day moved here


def test_weekdays_read_as_a_team_writes_them() -> None:
    assert parse_weekdays("1,3,5") == {1, 3, 5}
    assert parse_weekdays("man, ons, fre") == {1, 3, 5}
    assert parse_weekdays("man-fre") == {1, 2, 3, 4, 5}
    with pytest.raises(DomainError):
        parse_weekdays("8")


def test_every_second_week_counts_from_the_first_week() -> None:
    entry = BaseEntry(1, frozenset({2}), DAY, 600, 30, every_weeks=2)  # DAY is a Monday
    tuesdays = [DAY + timedelta(days=1 + 7 * k) for k in range(4)]
    assert [entry.occurs_on(d) for d in tuesdays] == [True, False, True, False]
    assert not entry.occurs_on(DAY - timedelta(days=6))  # before the first day


@pytest.fixture
def sample(tmp_path: Path) -> Store:
    store = Store.open_sqlite(tmp_path / "s.db")
    load_sample(store, TODAY)
    return store


def _per_day(session, first: date, last: date) -> Counter[date]:  # noqa: ANN001
    return Counter(
        session.scalars(
            select(Visit.day).where(Visit.day >= first, Visit.day <= last, Visit.status != "X")
        )
    )


def test_the_days_ahead_are_generated_once_as_the_grundplan_says(sample: Store) -> None:
    folder, shift = sample_shift(TODAY)
    rows = read_base_plan(folder / "grundplan.csv", shift_days=shift)
    tomorrow, last = TODAY + timedelta(days=1), TODAY + timedelta(days=13)
    # Counted independently from the file: how many entries fall on each day.
    expected = Counter(
        tomorrow + timedelta(days=k)
        for k in range(13)
        for r in rows
        if r.occurs_on(tomorrow + timedelta(days=k))
    )
    with sample.session() as session:
        today_before = len(load_day_plan(session, TODAY).visits)
        made = generate_days(session, TODAY, now=NOW)
        again = generate_days(session, TODAY, now=NOW)
        counts = _per_day(session, tomorrow, last)
        today_after = len(load_day_plan(session, TODAY).visits)
        tomorrow_plan = load_day_plan(session, tomorrow)
    sample.close()
    assert made.visits == sum(expected.values()) > 13 * 100
    assert counts == expected
    assert again.visits == 0  # idempotent
    assert made.skipped_days == (TODAY,)  # today came from the import: left alone
    assert today_after == today_before
    assert tomorrow_plan.visits and all(v.services for v in tomorrow_plan.visits.values())


def test_a_paused_citizen_gets_no_visits_in_the_pause_and_comes_back_after(sample: Store) -> None:
    with sample.session() as session:
        citizen = session.scalar(select(BaseVisit.citizen_id).limit(1))
        assert citizen is not None
        pause_citizen(
            session,
            citizen_id=citizen,
            from_day=TODAY + timedelta(days=2),
            to_day=TODAY + timedelta(days=4),
            actor="MH",
            now=NOW,
        )
        generate_days(session, TODAY, now=NOW)
        days = set(
            session.scalars(
                select(Visit.day).where(Visit.citizen_id == citizen, Visit.status == "PLANNED")
            )
        )
    sample.close()
    paused = {TODAY + timedelta(days=k) for k in (2, 3, 4)}
    assert not days & paused
    assert TODAY + timedelta(days=1) in days and TODAY + timedelta(days=5) in days


def _small_plan(tmp_path: Path) -> tuple[Store, dict[str, int]]:
    store = Store.open_sqlite(tmp_path / "p.db")
    with store.session() as session:
        b = TeamBuilder(session)
        ids = {"nord": b.team()}
        ids["AB"] = b.carer("AB", ids["nord"], on_shift=None)
        ids["CD"] = b.carer("CD", ids["nord"], on_shift=None)
        ids["lund"] = b.citizen("Fru Lund", ids["nord"])
        ids["holm"] = b.citizen("Hr. Holm", ids["nord"])
        b.service("PP-M")
        b.service("BAD")
        session.commit()
    return store, ids


def _entries(ids: dict[str, int], lund_minutes: int = 30, holm_days: str = "1,2,3,4,5,6,7"):  # noqa: ANN202
    return [
        BaseEntry(ids["lund"], parse_weekdays("1-7"), DAY, hm("08:00"), lund_minutes,
                  carer_id=ids["AB"], services=("PP-M",), source_id="N1"),
        BaseEntry(ids["holm"], parse_weekdays(holm_days), DAY, hm("09:00"), 20,
                  carer_id=ids["CD"], services=("BAD",), source_id="N2"),
    ]  # fmt: skip


def test_a_changed_base_plan_changes_untouched_days_keeps_touched_ones_and_says_which(
    tmp_path: Path,
) -> None:
    store, ids = _small_plan(tmp_path)
    with store.session() as session:
        first = apply_base_plan(session, _entries(ids), today=DAY, now=NOW, actor="MH", days=7)
        assert first.generated is not None and first.generated.visits == 14
        # The team moves Fru Lund's visit on day 2 to CD: touched.
        moved_id = session.scalar(
            select(Visit.id).where(
                Visit.citizen_id == ids["lund"], Visit.day == DAY + timedelta(days=2)
            )
        )
        assert moved_id is not None
        move_visit(
            session,
            visit_id=moved_id,
            target=Placement(ids["CD"], hm("08:30")),
            expected_version=1,
            actor="MH",
            now=NOW,
        )
        # Fru Lund's visits get longer; Hr. Holm now only on weekdays.
        change = apply_base_plan(
            session, _entries(ids, 45, "1-5"), today=DAY, now=NOW, actor="MH", days=7
        )
        lund = dict(
            session.execute(
                select(Visit.day, Visit.duration_min).where(Visit.citizen_id == ids["lund"])
            ).all()
        )
        holm_days = set(session.scalars(select(Visit.day).where(Visit.citizen_id == ids["holm"])))
        same = apply_base_plan(
            session, _entries(ids, 45, "1-5"), today=DAY, now=NOW, actor="MH", days=7
        )
    store.close()
    assert change.changed and not change.added and not change.ended
    assert {r.day for r in change.kept} == {DAY + timedelta(days=2)}
    assert len(change.updated) == 6  # Fru Lund's six other days
    assert {r.day for r in change.removed} == {DAY + timedelta(days=5), DAY + timedelta(days=6)}
    assert lund[DAY + timedelta(days=2)] == 30  # the team's visit as the team left it
    assert {d for d, m in lund.items() if m == 45} == {
        DAY + timedelta(days=k) for k in (0, 1, 3, 4, 5, 6)
    }
    assert holm_days == {DAY + timedelta(days=k) for k in range(5)}
    assert same.nothing and same.generated is not None and same.generated.visits == 0


def test_an_entry_left_out_of_a_complete_plan_ends_and_its_untouched_days_go(
    tmp_path: Path,
) -> None:
    store, ids = _small_plan(tmp_path)
    with store.session() as session:
        apply_base_plan(session, _entries(ids), today=DAY, now=NOW, actor="MH", days=7)
        later = DAY + timedelta(days=3)
        change = apply_base_plan(
            session, _entries(ids)[:1], today=later, now=NOW, actor="MH", days=4
        )
        ended = session.scalar(select(BaseVisit.last_day).where(BaseVisit.source_id == "N2"))
        holm = sorted(session.scalars(select(Visit.day).where(Visit.citizen_id == ids["holm"])))
    store.close()
    assert ended == later - timedelta(days=1)
    assert holm == [DAY + timedelta(days=k) for k in range(3)]  # the past is kept
    assert len(change.removed) == 4


def test_a_bad_base_plan_changes_nothing(tmp_path: Path) -> None:
    store, ids = _small_plan(tmp_path)
    bad = [*_entries(ids), BaseEntry(999, frozenset({1}), DAY, 600, 30, source_id="N3")]
    with store.session() as session:
        with pytest.raises(DomainError) as caught:
            apply_base_plan(session, bad, today=DAY, now=NOW, actor="MH")
        counts = (
            session.scalar(select(func.count()).select_from(BaseVisit)),
            session.scalar(select(func.count()).select_from(Visit)),
            session.scalar(select(func.count()).select_from(GeneratedVisit)),
        )
    store.close()
    assert caught.value.key == "plan_edit.unknown_citizen"
    assert counts == (0, 0, 0)


def test_every_bad_row_of_a_grundplan_file_is_reported_at_once(tmp_path: Path) -> None:
    header = (sample_dir() / "grundplan.csv").read_text("utf-8").splitlines()[0]
    lines = [
        header,
        "G1,1,1,1,2026-01-05,,450,30,,,0,0,1,,PP-M",
        "G2,1,9,1,2026-01-05,,450,30,,,0,0,1,,PP-M",  # weekday 9
        "G3,1,1,1,2026-01-05,,25:10,30,,,0,0,1,,PP-M",  # no time
        "G4,1,1,1,2026-01-05,,450,0,,,0,0,1,,PP-M",  # duration 0
    ]
    path = tmp_path / "grundplan.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(DomainError) as caught:
        read_base_plan(path)
    problems = str(caught.value.fields["problems"])
    assert caught.value.fields["n"] == 3
    assert "linje 3, kolonne 'weekdays': '9'" in problems
    assert "linje 4, kolonne 'start_min': '25:10'" in problems
    assert "linje 5" in problems


def test_the_sample_stores_its_base_plan(sample: Store) -> None:
    with sample.session() as session:
        entries = base_entries(session)
    sample.close()
    assert len(entries) == 351 and all(e.services for e in entries)


def test_the_day_s_first_open_makes_today_without_a_database_library(tmp_path: Path) -> None:
    """The first board's child makes today from the base plan on sqlite3 alone (the sample's
    today came from its files: left alone); a coach's open writes nothing."""
    import sqlite3
    import subprocess
    import sys

    db = tmp_path / "demo.db"
    code = (
        "import sys; from pathlib import Path; from datetime import date, datetime, UTC;"
        "from kaffefoerst.first_board import read;"
        f"read(Path({str(db)!r}), date(2026, 11, 30), 'MH', None, sample=True,"
        " now=datetime(2026, 11, 30, 6, tzinfo=UTC));"
        f"b = read(Path({str(db)!r}), date(2026, 12, 1), 'MH', None,"
        " now=datetime(2026, 12, 1, 6, tzinfo=UTC));"
        "assert b.plan is not None and len(b.plan.visits) > 100;"
        "heavy = ('sqlalchemy', 'sqlmodel', 'kaffefoerst.model', 'textual');"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    count = "SELECT count(DISTINCT day), count(*) FROM generatedvisit"
    with sqlite3.connect(db) as conn:
        days, visits = conn.execute(count).fetchone()
    assert days == 1  # 1 December only: the days after it come once the board is drawn
    from kaffefoerst.first_board import read

    read(db, date(2026, 12, 2), "KC", None, readonly=True, now=NOW)
    with sqlite3.connect(db) as conn:
        assert conn.execute(count).fetchone() == (1, visits)


async def test_the_board_makes_the_days_ahead_after_its_first_paint(sample: Store) -> None:
    from kaffefoerst.domain.roles import Role
    from kaffefoerst.ui.app import make_app

    app = make_app(sample, today=TODAY, clock=lambda: NOW, actor="MH", role=Role.PLANNER)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
    with sample.session() as session:
        days = session.scalar(select(func.count(func.distinct(GeneratedVisit.day))))
    sample.close()
    assert days == 13  # tomorrow and the twelve days after; today came from the sample


def test_an_imported_day_replaces_the_untouched_generated_visits(tmp_path: Path) -> None:
    from kaffefoerst.store.base_plan_change import give_day_to_import

    store, ids = _small_plan(tmp_path)
    with store.session() as session:
        apply_base_plan(session, _entries(ids), today=DAY, now=NOW, actor="MH", days=3)
        day = DAY + timedelta(days=1)
        lund = session.scalar(
            select(Visit.id).where(Visit.citizen_id == ids["lund"], Visit.day == day)
        )
        assert lund is not None
        move_visit(
            session, visit_id=lund, target=Placement(ids["CD"], hm("08:15")),
            expected_version=1, actor="MH", now=NOW,
        )  # fmt: skip
        removed, kept = give_day_to_import(session, day)
        session.commit()
        left = set(session.scalars(select(Visit.id).where(Visit.day == day)))
    store.close()
    assert [r.visit_id for r in kept] == [lund] and left == {lund}
    assert [r.citizen_id for r in removed] == [ids["holm"]]


def _write_plan(path: Path, entries: list[BaseEntry]) -> None:
    import csv

    def cell(value: object) -> object:
        return "" if value is None else int(value) if isinstance(value, bool) else value

    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "id",
                "citizen_id",
                "weekdays",
                "every_weeks",
                "first_day",
                "last_day",
                "start_min",
                "duration_min",
                "window_from_min",
                "window_to_min",
                "fixed_time",
                "two_carers",
                "carer_id",
                "second_carer_id",
                "services",
            ]
        )
        for e in entries:
            out.writerow([cell(v) for v in (
                e.source_id, e.citizen_id, ",".join(map(str, sorted(e.weekdays))), e.every_weeks,
                e.first_day.isoformat(), e.last_day, e.start_min, e.duration_min,
                e.window_from_min, e.window_to_min, e.fixed_time, e.two_carers, e.carer_id,
                e.second_carer_id, ",".join(e.services),
            )])  # fmt: skip


def test_the_command_line_makes_the_days_and_says_what_a_changed_plan_did(
    sample: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from kaffefoerst.cli import main

    with sample.session() as session:
        entries = base_entries(session)
    path = str(sample.path)
    sample.close()
    base = ["--db", path, "--date", TODAY.isoformat(), "--as", "MH", "plan"]
    assert main([*base, "generate", "--days", "3"]) == 0
    out = capsys.readouterr().out
    assert "lavet for 2 dage" in out  # tomorrow and the day after; today came from the sample
    assert main([*base, "generate", "--days", "3"]) == 0
    assert "er allerede lavet; intet ændret" in capsys.readouterr().out
    # The whole plan again, with the first entry ten minutes longer.
    first = entries[0]
    changed = tmp_path / "grundplan.csv"
    _write_plan(changed, [replace(first, duration_min=first.duration_min + 10), *entries[1:]])
    assert main([*base, "load", str(changed), "--days", "3"]) == 0
    out = capsys.readouterr().out
    assert "0 nye, 1 ændrede, 0 afsluttede" in out
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert f"Ændret (ikke rørt af teamet): {tomorrow}" in out
    assert main([*base, "load", str(tmp_path / "missing.csv")]) == 2
    assert "kan ikke læses" in capsys.readouterr().err


def test_plan_generate_in_a_fresh_process(sample: Store) -> None:
    """The command alone (no model imported by a test before it) makes the days."""
    import subprocess
    import sys

    path = str(sample.path)
    sample.close()
    args = ["-m", "kaffefoerst", "--db", path, "--date", TODAY.isoformat(), "--as", "MH"]
    out = subprocess.run(
        [sys.executable, *args, "plan", "generate", "--days", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "Grundplan: " in out.stdout and "Traceback" not in out.stderr
