"""Files as Danish office programs save them: semicolons, Windows-1252, CRLF, dd-mm-yyyy,
7.30 and decimal commas read to the same database; every problem at once; no CPR numbers;
a column map reads another layout."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kaffefoerst.io.column_map import load_map
from kaffefoerst.io.csv_import import read_import
from kaffefoerst.io.csv_schema import TABLES
from kaffefoerst.io.import_errors import SHOWN, ImportFailed, lines
from kaffefoerst.io.import_rules import CLOCKS
from kaffefoerst.io.import_run import import_path
from kaffefoerst.io.sample import sample_dir
from kaffefoerst.locale import t
from kaffefoerst.store import Store
from kaffefoerst.store.model_schema import model_schema
from kaffefoerst.store.sqlite_bulk_load import load_csv_dir
from tests.test_import_merge import contents, edit

NOW = datetime(2026, 1, 5, 6, 30, tzinfo=UTC)
DURATIONS = {("visit", "duration_min"), ("team", "gap_min"), ("team", "meeting_min")}


def danish(value: str, table: str, column: str, kind: str) -> str:
    """One cell as Danish Excel shows and saves it."""
    if not value:
        return value
    if kind == "date":
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    if kind == "datetime":
        return datetime.fromisoformat(value).strftime("%d.%m.%Y %H.%M.%S")
    if (table, column) in CLOCKS:
        minutes = int(value)
        return f"{minutes // 60}.{minutes % 60:02d}"
    if (table, column) in DURATIONS:
        return f"{value},0"
    return value


def rewrite_as_excel(source: Path, target: Path) -> None:
    target.mkdir()
    schema = model_schema()
    for table in TABLES:
        with (source / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        kinds = [schema[table].columns[c].kind for c in header]
        out = [header] + [
            [danish(v, table, c, k) for v, c, k in zip(row, header, kinds, strict=True)]
            for row in body
        ]
        with (target / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(out)


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a, b = Store.open_sqlite(tmp_path / "a.db"), Store.open_sqlite(tmp_path / "b.db")
    yield a, b
    a.close()
    b.close()


def test_the_sample_as_danish_excel_saves_it_imports_to_the_same_database(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    excel = tmp_path / "excel"
    rewrite_as_excel(sample_dir(), excel)
    raw = (excel / "visit.csv").read_bytes()
    assert b"\r\n" in raw and b";" in raw.split(b"\r\n")[0]
    assert "Lærkevej".encode("cp1252") in (excel / "citizen.csv").read_bytes()
    assert b"-01-2026" in raw and b"7.20" in raw and b",0;" in raw  # really rewritten
    original, office = stores
    load_csv_dir(original, sample_dir())
    import_path(office, excel, actor="MH", now=NOW)
    assert contents(office) == contents(original)
    # and again as a merge: the same plan in another dress changes nothing
    assert import_path(office, excel, actor="MH", now=NOW).nothing


def test_tab_separated_utf8_with_bom_reads_too(tmp_path: Path) -> None:
    folder = tmp_path / "tab"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    with (folder / "team.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with (folder / "team.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(rows)
    parsed = read_import(folder, model_schema(), complete=True)
    assert parsed["team"].columns["name"] == ("Nord", "Syd")


@pytest.mark.parametrize(
    ("table", "column", "value", "key"),
    [
        ("visit", "start_min", "1510", "import_problem.out_of_day"),
        ("visit", "start_min", "999999999999999999", "import_problem.out_of_day"),
        ("visit", "start_min", "25:10", "import_problem.not_time"),
        ("visit", "duration_min", "0", "import_problem.out_of_range"),
        ("visit", "duration_min", "7,5", "import_problem.not_whole"),
        ("team", "meeting_min", "100000", "import_problem.out_of_range"),
        ("citizen", "name", "x" * 3000, "import_problem.too_long"),
    ],
)
def test_values_outside_sane_bounds_are_refused(
    tmp_path: Path, table: str, column: str, value: str, key: str
) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    edit(folder, table, lambda r: {**r, column: value} if r["id"] == "2" else r)
    with pytest.raises(ImportFailed) as caught:
        read_import(folder, model_schema(), complete=True)
    [problem] = caught.value.problems
    assert (problem.key, problem.fields["column"], problem.fields["line"]) == (key, column, 3)


def test_a_window_and_a_shift_out_of_order_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    edit(
        folder,
        "visit",
        lambda r: {**r, "window_from_min": "1400", "window_to_min": "5"} if r["id"] == "3" else r,
    )
    edit(
        folder,
        "shift",
        lambda r: {**r, "start_min": "900", "end_min": "420"} if r["id"] == "4" else r,
    )
    with pytest.raises(ImportFailed) as caught:
        read_import(folder, model_schema(), complete=True)
    found = {(p.key, p.fields["file"], p.fields["line"]) for p in caught.value.problems}
    assert found == {
        ("import_problem.window_order", "visit.csv", 4),
        ("import_problem.shift_order", "shift.csv", 5),
    }
    text = [t(p.key, **p.fields) for p in caught.value.problems]
    assert "visit.csv linje 4: tidsvinduet 23:20–00:05 slutter før det begynder" in text


def test_many_problems_are_listed_up_to_a_cap_with_a_count_of_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    edit(folder, "visit", lambda r: {**r, "start_min": "25:10"} if int(r["id"]) <= 80 else r)
    with pytest.raises(ImportFailed) as caught:
        read_import(folder, model_schema(), complete=True)
    assert len(caught.value.problems) == 80
    shown = lines(caught.value, t)
    assert len(shown) == SHOWN + 2
    assert shown[0] == (
        "visit.csv linje 2, kolonne 'start_min': '25:10' er ikke et klokkeslæt "
        "(fx 7:30, 07.30 eller 450 minutter efter midnat)"
    )
    assert shown[-2] == "… og 30 fejl mere"
    assert shown[-1] == "80 fejl i alt; intet er indlæst."


@pytest.mark.parametrize("header", ["CPR", "cpr-nr.", "Personnummer"])
def test_a_cpr_column_is_refused_by_its_header(tmp_path: Path, header: str) -> None:
    folder = tmp_path / "cpr"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    path = folder / "citizen.csv"
    text = path.read_text("utf-8").splitlines()
    text = [f"{line},{header if i == 0 else ''}" for i, line in enumerate(text)]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        read_import(folder, model_schema(), complete=True)
    [problem] = caught.value.problems
    assert (problem.key, problem.fields["column"]) == ("import_problem.cpr_header", header)


def test_a_cpr_number_in_a_text_column_is_refused_and_never_echoed(tmp_path: Path) -> None:
    folder = tmp_path / "cpr"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    edit(
        folder,
        "citizen",
        lambda r: {**r, "preferred_time": "cpr 010170-1234"} if r["id"] == "7" else r,
    )
    with pytest.raises(ImportFailed) as caught:
        read_import(folder, model_schema(), complete=True)
    [problem] = caught.value.problems
    assert (problem.key, problem.fields["line"]) == ("import_problem.cpr_value", 8)
    assert "1234" not in " ".join(lines(caught.value, t))


def test_a_column_map_reads_a_danish_layout(tmp_path: Path) -> None:
    """sample_data/kolonnekort.toml reads a care-system export with Danish headers: carers by
    initials, services by code in one cell, times as 7.30."""
    db = Store.open_sqlite(tmp_path / "m.db")
    load_csv_dir(db, sample_dir())
    folder = tmp_path / "nexus"
    folder.mkdir()
    rows = [
        ["BesøgsID", "Borger", "Dato", "Starttid", "Varighed", "Medarbejder", "Ydelse"],
        ["777001", "5", "06-01-2026", "7.30", "25", "MH", "PP-M, BAD"],
        ["777002", "6", "06-01-2026", "9.15", "15", "", "TOI"],
    ]
    with (folder / "besoeg.csv").open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    mapping = sample_dir() / "kolonnekort.toml"
    assert load_map(mapping).tables["visit"].file == "besoeg.csv"
    report = import_path(db, folder, actor="MH", now=NOW, map_file=mapping)
    assert report.visits_new == 2
    with db.engine.connect() as conn:
        got = conn.exec_driver_sql(
            "SELECT v.start_min, v.duration_min, c.initials, v.status, "
            "(SELECT group_concat(s.code) FROM visitservice x "
            " JOIN service s ON s.id = x.service_id"
            " WHERE x.visit_id = v.id) FROM visit v LEFT JOIN carer c ON c.id = v.carer_id "
            "WHERE v.source_id IN ('777001', '777002') ORDER BY v.source_id"
        ).all()
    assert [tuple(r[:4]) for r in got] == [(450, 25, "MH", "PLANNED"), (555, 15, None, "PLANNED")]
    assert sorted(got[0][4].split(",")) == ["BAD", "PP-M"]
    assert import_path(db, folder, actor="MH", now=NOW, map_file=mapping).nothing
    db.close()


def test_a_column_map_that_does_not_fit_the_file_says_where(tmp_path: Path) -> None:
    from kaffefoerst.domain.errors import DomainError

    folder = tmp_path / "nexus"
    folder.mkdir()
    (folder / "besoeg.csv").write_text("BesøgsID;Borger;Dato\n1;5;06-01-2026\n", "utf-8")
    with pytest.raises(ImportFailed) as caught:
        read_import(
            folder, model_schema(), load_map(sample_dir() / "kolonnekort.toml"), complete=False
        )
    found = {(p.key, p.fields.get("column")) for p in caught.value.problems}
    assert ("import_file.map_missing", "Starttid") in found
    assert ("import_file.map_missing", "Medarbejder") in found
    broken = tmp_path / "broken.toml"
    broken.write_text("[visit\nfile = 1\n", "utf-8")
    with pytest.raises(DomainError) as bad:
        load_map(broken)
    assert bad.value.key == "import_file.bad_map"
    broken.write_text('[visits]\nfile = "x.csv"\n', "utf-8")
    with pytest.raises(DomainError) as bad:
        load_map(broken)
    assert (bad.value.key, bad.value.fields["table"]) == ("import_file.map_table", "visits")
