"""CSV import: clear refusals that name file, line and column, and all or nothing."""

from __future__ import annotations

import csv
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.enums import AbsenceKind, VisitStatus
from kaffefoerst.io.csv_schema import TABLES, Table
from kaffefoerst.io.import_errors import ImportFailed
from kaffefoerst.io.sample import load_sample, sample_dir
from kaffefoerst.model import Absence, Visit
from kaffefoerst.store import Store
from kaffefoerst.store import sqlite_bulk_load as bulk_load
from kaffefoerst.store.sqlite_bulk_load import load_csv_dir

ANCHOR = date(2026, 1, 5)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of the sample CSV files to spoil."""
    target = tmp_path / "csv"
    target.mkdir()
    for name in [*(f"{t}.csv" for t in TABLES), "anchor.txt"]:
        shutil.copy(sample_dir() / name, target / name)
    return target


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open_sqlite(tmp_path / "t.db")
    yield store
    store.close()


def read(folder: Path, table: str) -> list[list[str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(folder: Path, table: str, rows: list[list[str]]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, table: str, line: int, column: str, value: str) -> None:
    """Line numbers as an editor shows them: the header is line 1."""
    rows = read(folder, table)
    rows[line - 1][rows[0].index(column)] = value
    write(folder, table, rows)


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def schema(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT name, sql FROM sqlite_master")]


def rename_header(folder: Path) -> None:
    rows = read(folder, "carer")
    rows[0][rows[0].index("initials")] = "initialer"
    write(folder, "carer", rows)


def extra_field(folder: Path) -> None:
    rows = read(folder, "visit")
    rows[6].append("x")
    write(folder, "visit", rows)


def duplicate_initials(folder: Path) -> None:
    set_cell(folder, "carer", 4, "initials", "MH")


def mixed_encodings(folder: Path) -> None:
    """UTF-8 text with one Windows-1252 line pasted in: neither reading holds."""
    path = folder / "citizen.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].decode("utf-8").encode("cp1252")
    path.write_bytes(b"\n".join(lines))


Spoil = Callable[[Path], None]
CASES: list[tuple[str, Spoil, str, dict[str, object]]] = [
    (
        "missing file",
        lambda f: (f / "shift.csv").unlink(),
        "import.missing_file",
        {"file": "shift.csv"},
    ),
    (
        "bad header",
        rename_header,
        "import.bad_header",
        {"file": "carer.csv", "missing": "initials", "extra": "initialer"},
    ),
    (
        "bad int",
        lambda f: set_cell(f, "visit", 3, "start_min", "7:3x"),
        "import_problem.not_time",
        {"file": "visit.csv", "line": 3, "column": "start_min", "value": "7:3x"},
    ),
    (
        "missing required int",
        lambda f: set_cell(f, "visit", 40, "duration_min", ""),
        "import_problem.empty",
        {"file": "visit.csv", "line": 40, "column": "duration_min", "value": ""},
    ),
    (
        "unknown enum",
        lambda f: set_cell(f, "carer", 5, "profession", "SOSU"),
        "import.bad_value",
        {
            "file": "carer.csv",
            "line": 5,
            "column": "profession",
            "value": "SOSU",
            "expected": "SSH|SSA|SPL|ERGO|FYS|UFAG",
        },
    ),
    (
        "unknown status",
        lambda f: set_cell(f, "visit", 9000, "status", "delivered"),
        "import.bad_value",
        {"file": "visit.csv", "line": 9000, "column": "status", "value": "delivered"},
    ),
    (
        "bad date",
        lambda f: set_cell(f, "shift", 7, "day", "2026-02-30"),
        "import_problem.not_date",
        {"file": "shift.csv", "line": 7, "column": "day", "value": "2026-02-30"},
    ),
    (
        "bad boolean",
        lambda f: set_cell(f, "visit", 12, "fixed_time", "måske"),
        "import_problem.not_yes_no",
        {"file": "visit.csv", "line": 12, "column": "fixed_time", "value": "måske"},
    ),
    (
        "dangling carer",
        lambda f: set_cell(f, "visit", 10, "carer_id", "99"),
        "import.foreign_key",
        {"file": "visit.csv", "line": 10, "column": "carer_id", "value": "99"},
    ),
    (
        "dangling service far down a big file",
        lambda f: set_cell(f, "visitservice", 13000, "service_id", "999"),
        "import.foreign_key",
        {"file": "visitservice.csv", "line": 13000, "target": "service.csv"},
    ),
    (
        "duplicate initials",
        duplicate_initials,
        "import.duplicate",
        {"file": "carer.csv", "line": 4, "column": "initials", "value": "MH", "first_line": 2},
    ),
    (
        "a row with an extra field",
        extra_field,
        "import.bad_row",
        {"file": "visit.csv", "line": 7, "found": 14, "expected": 13},
    ),
    (
        "a service twice in one visit",
        lambda f: set_cell(f, "visitservice", 3, "service_id", read(f, "visitservice")[1][1]),
        "import.duplicate",
        {"file": "visitservice.csv", "line": 3, "column": "visit_id,service_id", "value": "1,1"},
    ),
    ("mixed encodings", mixed_encodings, "import.unreadable", {"file": "citizen.csv", "line": 3}),
    (
        "an impossible time",
        lambda f: set_cell(f, "absence", 2, "reported_at", "2026-01-05 24:52:00"),
        "import_problem.not_moment",
        {"file": "absence.csv", "line": 2, "column": "reported_at"},
    ),
    (
        "unknown absence kind",
        lambda f: set_cell(f, "absence", 2, "kind", "syg"),
        "import.bad_value",
        {"file": "absence.csv", "column": "kind", "expected": "SICK|VACATION|COURSE|OTHER"},
    ),
    (
        "a buddy who is not in carer.csv",
        lambda f: set_cell(f, "absence", 2, "buddy_id", "77"),
        "import.foreign_key",
        {"file": "absence.csv", "line": 2, "column": "buddy_id", "target": "carer.csv"},
    ),
    (
        "missing absence file",
        lambda f: (f / "absence.csv").unlink(),
        "import.missing_file",
        {"file": "absence.csv"},
    ),
    (
        "a triage colour by its Danish name",
        lambda f: set_cell(f, "triagenote", 5, "colour", "gul"),
        "import.bad_value",
        {
            "file": "triagenote.csv",
            "line": 5,
            "column": "colour",
            "value": "gul",
            "expected": "GREEN|YELLOW|RED",
        },
    ),
    (
        "a follow-up date that is not a date",
        lambda f: set_cell(f, "triagenote", 3, "follow_up", "i morgen"),
        "import_problem.not_date",
        {"file": "triagenote.csv", "line": 3, "column": "follow_up", "value": "i morgen"},
    ),
    (
        "a responsible carer who is not in carer.csv",
        lambda f: set_cell(f, "triagenote", 4, "responsible_id", "88"),
        "import.foreign_key",
        {"file": "triagenote.csv", "line": 4, "column": "responsible_id", "target": "carer.csv"},
    ),
    (
        "a board item already discussed in a meeting (meetings are not imported)",
        lambda f: set_cell(f, "boarditem", 2, "discussed_in", "1"),
        "import.foreign_key",
        {"file": "boarditem.csv", "line": 2, "column": "discussed_in", "target": "meeting.csv"},
    ),
    (
        "missing board file",
        lambda f: (f / "boarditem.csv").unlink(),
        "import.missing_file",
        {"file": "boarditem.csv"},
    ),
]


@pytest.mark.parametrize(
    ("spoil", "key", "fields"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_malformed_folder_is_refused_and_nothing_is_loaded(
    folder: Path, store: Store, spoil: Spoil, key: str, fields: dict[str, object]
) -> None:
    before = schema(store)
    spoil(folder)
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder, shift_days=3)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.key == key
    assert {k: problem.fields.get(k) for k in fields} == fields
    assert counts(store) == dict.fromkeys(TABLES, 0)
    assert schema(store) == before  # the indexes dropped for the bulk load are back
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_sqlite_refusing_the_last_table_rolls_back_everything(
    folder: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bulk_load.insert_sql

    def broken(table: Table, header: list[str], shift_days: int) -> str:
        sql = real(table, header, shift_days)
        return sql.replace("INSERT INTO boarditem", "INSERT INTO no_such_table")

    monkeypatch.setattr(bulk_load, "insert_sql", broken)
    before = schema(store)
    with pytest.raises(DomainError) as caught:
        load_csv_dir(store, folder)
    assert caught.value.key == "import.rejected"
    assert caught.value.fields["file"] == "boarditem.csv"
    assert counts(store) == dict.fromkeys(TABLES, 0)
    assert schema(store) == before


def test_loading_into_a_database_with_data_is_refused(folder: Path, store: Store) -> None:
    loaded = load_csv_dir(store, folder)
    assert counts(store) == loaded
    with pytest.raises(DomainError) as caught:
        load_csv_dir(store, folder)
    assert caught.value.key == "import.not_empty"
    assert caught.value.fields["table"] == "team"
    assert counts(store) == loaded


def test_a_single_row_is_enough_to_refuse(folder: Path, store: Store) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO service (code, name, law, professions, competence) "
            "VALUES ('X', 'X', '', '', '')"
        )
    with pytest.raises(DomainError) as caught:
        load_csv_dir(store, folder)
    assert (caught.value.key, caught.value.fields["table"]) == ("import.not_empty", "service")
    assert counts(store)["service"] == 1 and counts(store)["visit"] == 0


def test_values_arrive_typed_and_dates_unshifted_by_default(folder: Path, store: Store) -> None:
    load_csv_dir(store, folder)
    with store.engine.connect() as conn:
        types = conn.exec_driver_sql(
            "SELECT DISTINCT typeof(id), typeof(start_min), typeof(fixed_time), "
            "typeof(window_from_min), typeof(carer_id) FROM visit"
        ).all()
        span = conn.exec_driver_sql("SELECT min(day), max(day) FROM visit").one()
    assert {t[:3] for t in types} == {("integer", "integer", "integer")}
    assert {t[3] for t in types} == {"integer", "null"}
    assert {t[4] for t in types} == {"integer", "null"}
    assert tuple(span) == ("2025-11-06", "2026-01-05")
    with store.session() as session:
        visit = session.get(Visit, 1)
    assert visit is not None
    assert visit.day == date(2025, 11, 6)
    assert isinstance(visit.status, VisitStatus)
    assert isinstance(visit.fixed_time, bool)


def utc_text(local: str) -> str:
    """A local wall-clock time as the UTC text SQLite stores for it on this machine."""
    return datetime.fromisoformat(local).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def test_load_sample_moves_the_plan_day_to_today(store: Store) -> None:
    load_sample(store, date(2027, 6, 1))
    with store.engine.connect() as conn:
        planned = conn.exec_driver_sql(
            "SELECT DISTINCT day FROM visit WHERE status = 'PLANNED'"
        ).all()
        first = conn.exec_driver_sql("SELECT min(day) FROM shift").scalar_one()
        sick = conn.exec_driver_sql("SELECT from_day, to_day, reported_at FROM absence").one()
    assert planned == [("2027-06-01",)]
    assert first == "2027-04-02"  # 60 days before
    # The file says 06:52 local time; the database holds that moment in UTC.
    assert tuple(sick) == ("2027-06-01", "2027-06-01", utc_text("2027-06-01 06:52:00"))


def test_date_times_arrive_unshifted_by_default_and_read_back_in_utc(
    folder: Path, store: Store
) -> None:
    set_cell(folder, "absence", 2, "reported_at", "2025-12-31 23:59:59")
    loaded = load_csv_dir(store, folder)
    assert loaded["absence"] == 1
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT reported_at, from_day FROM absence").one()
    assert tuple(stored) == (utc_text("2025-12-31 23:59:59"), "2026-01-05")
    with store.session() as session:
        absence = session.get(Absence, 1)
    assert absence is not None
    assert absence.reported_at == datetime(2025, 12, 31, 23, 59, 59).astimezone(UTC)
    assert absence.kind is AbsenceKind.SICK


def test_a_date_time_shift_crosses_month_and_year(folder: Path, store: Store) -> None:
    set_cell(folder, "absence", 2, "reported_at", "2025-12-31 23:59:59")
    load_csv_dir(store, folder, shift_days=1)
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT reported_at FROM absence").scalar_one()
    assert stored == utc_text("2026-01-01 23:59:59")


@pytest.mark.parametrize(
    ("day", "utc"), [(date(2027, 1, 12), "05:52:00"), (date(2027, 6, 1), "04:52:00")]
)
def test_the_sick_call_is_06_52_on_a_copenhagen_clock_winter_and_summer(
    store: Store, monkeypatch: pytest.MonkeyPatch, day: date, utc: str
) -> None:
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    time.tzset()
    try:
        load_sample(store, day)
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT reported_at FROM absence").scalar_one()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert stored == f"{day.isoformat()} {utc}"


@pytest.mark.parametrize("shift_days", [0, 3])
def test_empty_nullable_dates_and_keys_arrive_as_null(
    folder: Path, store: Store, shift_days: int
) -> None:
    """A green note has no follow-up or responsible; a board item no meeting yet."""
    load_csv_dir(store, folder, shift_days=shift_days)
    with store.engine.connect() as conn:
        green = conn.exec_driver_sql(
            "SELECT typeof(follow_up), typeof(responsible_id), typeof(day), typeof(created_at) "
            "FROM triagenote WHERE colour = 'GREEN'"
        ).all()
        dates = conn.exec_driver_sql(
            "SELECT DISTINCT julianday(follow_up) - julianday(day) FROM triagenote "
            "WHERE follow_up IS NOT NULL"
        ).all()
        board = conn.exec_driver_sql("SELECT for_day, discussed_in FROM boarditem").one()
    assert green and set(green) == {("null", "null", "text", "text")}
    assert {d for (d,) in dates} <= {1.0, 2.0}  # 24 and 48 hours, kept by the shift
    assert tuple(board) == ((ANCHOR + timedelta(days=shift_days)).isoformat(), None)


def test_column_order_bom_blank_lines_and_leading_zeros_are_accepted(
    folder: Path, store: Store
) -> None:
    rows = [list(reversed(r)) for r in read(folder, "team")]
    text_ = "\ufeff" + "\n".join(",".join(r) for r in rows) + "\n\n"
    (folder / "team.csv").write_text(text_, encoding="utf-8")
    set_cell(folder, "declinedcarer", 2, "carer_id", "005")
    loaded = load_csv_dir(store, folder)
    assert loaded["team"] == 2
    with store.engine.connect() as conn:
        teams = conn.exec_driver_sql("SELECT id, name, partner_team_id FROM team").all()
        declined = conn.exec_driver_sql("SELECT carer_id FROM declinedcarer LIMIT 1").scalar_one()
    assert [tuple(t) for t in teams] == [(1, "Nord", 2), (2, "Syd", 1)]
    assert declined == 5


def test_a_zero_padded_id_still_has_to_exist(folder: Path, store: Store) -> None:
    set_cell(folder, "declinedcarer", 2, "carer_id", "0099")
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder)
    assert caught.value.problems[0].key == "import.foreign_key"
    assert caught.value.problems[0].fields["value"] == "99"


def test_line_numbers_count_quoted_line_breaks(folder: Path, store: Store) -> None:
    set_cell(folder, "citizen", 2, "preferred_time", "gerne før 8,\nikke weekend")
    set_cell(folder, "citizen", 5, "team_id", "tre")
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder)
    assert (
        caught.value.problems[0].fields["line"] == 6
    )  # row 4 of data, one quoted line break above it


def test_missing_anchor_is_a_missing_file(folder: Path, store: Store) -> None:
    (folder / "anchor.txt").unlink()
    with pytest.raises(DomainError) as caught:
        load_sample(store, ANCHOR, folder)
    assert (caught.value.key, caught.value.fields["file"]) == ("import.missing_file", "anchor.txt")
    assert counts(store) == dict.fromkeys(TABLES, 0)


def test_the_connection_is_left_as_it_was(folder: Path, store: Store) -> None:
    """After a refusal the pooled connection has foreign keys on and no open transaction."""
    set_cell(folder, "visit", 3, "start_min", "x")
    with pytest.raises(DomainError):
        load_csv_dir(store, folder)
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO team (id, name, gap_min, meeting_min) VALUES (1, 'A', 5, 15)"
        )
        with pytest.raises(IntegrityError):
            conn.exec_driver_sql(
                "INSERT INTO carer (initials, name, profession, competences, phone, team_id, "
                "on_call_substitute) VALUES ('ZZ', 'Z', 'SSH', '', '', 42, 0)"
            )


def test_schema_read_from_the_database_equals_the_models(store: Store) -> None:
    """The loader reads the layout from PRAGMAs (no model import on the demo's fast path);
    it must say exactly what the SQLModel metadata says, enum names included."""
    from kaffefoerst.store.model_schema import model_schema
    from kaffefoerst.store.sqlite_bulk_load import schema_from

    raw = store.engine.raw_connection()
    try:
        assert schema_from(raw.cursor()) == model_schema()
    finally:
        raw.close()
