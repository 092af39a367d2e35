"""Route lists (Rute, issue 12.6): what a sheet holds, and the txt/md/HTML/PDF exports."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kaffefoerst.cli import main
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.warnings import plan_warnings
from kaffefoerst.io.route_export import render_routes
from kaffefoerst.io.route_text import WIDTH, routes_markdown, routes_text
from kaffefoerst.io.sample import load_sample
from kaffefoerst.locale import t
from kaffefoerst.store import Store
from kaffefoerst.store.database import open_database
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.route_sheets import load_route_sheets
from kaffefoerst.ui.screens.route import stop_text

DAY = date(2026, 3, 2)
ODD_NAME = "Åse <b>Ærø</b> [/] Øster*gaard"  # markup in every format, and æøå


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("route") / "team.db"
    store = Store.open_sqlite(path)
    load_sample(store, DAY)
    store.close()
    return path


@pytest.fixture
def conn(sample_db: Path) -> Iterator[sqlite3.Connection]:
    connection, _, _ = open_database(sample_db, readonly=True)
    yield connection
    connection.close()


def test_every_visit_of_the_day_is_on_a_sheet_in_time_order(conn: sqlite3.Connection) -> None:
    plan = load_day_plan(conn, DAY)
    sheets = load_route_sheets(conn, DAY)
    on_sheets = {stop.visit_id for sheet in sheets for stop in sheet.stops}
    assert on_sheets == set(plan.visits)
    assert len(plan.visits) == 195
    warned = plan_warnings(plan)
    for sheet in sheets:
        starts = [stop.start_min for stop in sheet.stops]
        assert starts == sorted(starts)
        for stop in sheet.stops:  # the board's warnings, word for word
            assert set(stop.warnings) == {w.value for w in warned.get(stop.visit_id, ())}
    assert sum(1 for sheet in sheets for stop in sheet.stops if stop.warnings) >= 5
    # Board order: on duty first, then the absent carer's uncovered visits, then unassigned.
    assert [s.carer_id for s in sheets[: len(plan.on_duty)]] == [c.id for c in plan.on_duty]
    assert sheets[-1].carer_id is None and len(sheets[-1].stops) == len(plan.route(None))
    absent = [s for s in sheets if s.absent]
    assert [s.initials for s in absent] == ["TJ"]  # the sample's sick call


def test_a_sheet_names_partner_planner_nurse_and_triage(conn: sqlite3.Connection) -> None:
    plan = load_day_plan(conn, DAY)
    (sheet,) = load_route_sheets(conn, DAY, "al")  # initials in any case
    assert (sheet.initials, sheet.team, sheet.shift) == ("AL", "Nord", (420, 900))
    assert [(p.initials, p.phone) for p in sheet.planners] == [("MH", "2750 9233")]
    # Team Nord's nurses on duty; AL holds the team phone this week, so she comes first.
    assert [(n.initials, n.phone_duty) for n in sheet.nurses] == [("AL", True), ("JK", False)]
    for stop in sheet.stops:
        visit = plan.visits[stop.visit_id]
        other = [c for c in visit.carer_ids() if c != sheet.carer_id]
        assert stop.partner == (plan.carers[other[0]].initials if other else None)
        colour = plan.colours.get(visit.citizen_id)
        if colour is None or colour.value == "GREEN":
            assert stop.triage is None
        else:
            assert stop.triage is not None and stop.triage.colour == colour
    red = [s for s in sheet.stops if s.triage and s.triage.colour.value == "RED"]
    assert red and red[0].triage.action.startswith("sygeplejerske ser borgeren")  # type: ignore[union-attr]
    every = [stop for one in load_route_sheets(conn, DAY) for stop in one.stops]
    assert any(stop.two_carers and stop.partner for stop in every)


def test_syd_gets_its_own_nurses(conn: sqlite3.Connection) -> None:
    (sheet,) = load_route_sheets(conn, DAY, "GL")
    assert {n.initials for n in sheet.nurses} == {"IB", "PD"}
    assert sheet.planners[0].initials == "MH"  # the day's planner plans both teams


def test_a_covered_visit_says_whom_it_covers_for(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "cover.db"
    shutil.copy(sample_db, path)
    with sqlite3.connect(path) as db:
        tj, kr = (
            db.execute("SELECT id FROM carer WHERE initials = ?", (i,)).fetchone()[0]
            for i in ("TJ", "KR")
        )
        visit = db.execute(
            "SELECT id FROM visit WHERE day = ? AND carer_id = ? ORDER BY start_min LIMIT 1",
            (DAY.isoformat(), tj),
        ).fetchone()[0]
        db.execute("UPDATE visit SET carer_id = ? WHERE id = ?", (kr, visit))
        db.execute(
            "INSERT INTO cover (visit_id, absence_id, absent_carer_id, carer_id, source,"
            " decided_by, decided_at, returned) SELECT ?, id, ?, ?, 'OWN_TEAM', 'MH',"
            " '2026-03-02 06:10:00', 0 FROM absence WHERE carer_id = ?",
            (visit, tj, kr, tj),
        )
    conn, _, _ = open_database(path, readonly=True)
    try:
        (sheet,) = load_route_sheets(conn, DAY, "KR")
    finally:
        conn.close()
    covered = [stop for stop in sheet.stops if stop.visit_id == visit]
    assert [stop.covers_for for stop in covered] == ["TJ"]
    assert all(stop.covers_for is None for stop in sheet.stops if stop.visit_id != visit)
    assert "Dækker: for TJ, der er fraværende" in routes_text([sheet], t)


def test_unknown_initials_are_refused_with_the_known_ones(conn: sqlite3.Connection) -> None:
    with pytest.raises(DomainError) as caught:
        load_route_sheets(conn, DAY, "ZZ")
    assert caught.value.key == "route.unknown_carer"
    assert "MH" in str(caught.value.fields["known"])


@pytest.fixture
def odd_db(sample_db: Path, tmp_path: Path) -> Path:
    """The sample with one citizen whose name holds markup and æøå."""
    path = tmp_path / "odd.db"
    shutil.copy(sample_db, path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE citizen SET name = ? WHERE id = 34", (ODD_NAME,))  # red triage
    return path


def _al_sheets(path: Path) -> list:  # noqa: ANN401 - RouteSheet list
    conn, _, _ = open_database(path, readonly=True)
    try:
        return load_route_sheets(conn, DAY, "AL")
    finally:
        conn.close()


def test_text_wraps_to_78_columns_and_cuts_nothing(conn: sqlite3.Connection) -> None:
    sheets = load_route_sheets(conn, DAY)
    text = routes_text(sheets, t)
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    flat = " ".join(text.split())
    for sheet in sheets:
        for stop in sheet.stops:
            assert stop.citizen_name in flat and stop.address in flat
            if stop.triage and stop.triage.action:
                assert " ".join(stop.triage.action.split()) in flat
    assert text.count("\f") == len(sheets) - 1  # a printer starts each carer on a new page


def test_markdown_and_html_keep_data_as_text(odd_db: Path) -> None:
    sheets = _al_sheets(odd_db)
    assert any(stop.citizen_name == ODD_NAME for stop in sheets[0].stops)
    md = routes_markdown(sheets, t)
    assert "Åse \\<b\\>Ærø\\</b\\> \\[/\\] Øster\\*gaard" in md
    html = render_routes(sheets, "html", t, "da").decode("utf-8")
    assert "<b>Ærø" not in html and "Åse &lt;b&gt;Ærø&lt;/b&gt; [/] Øster*gaard" in html
    assert "@page { size: A4" in html and "page-break-after: always" in html
    assert "<script" not in html and "default-src 'none'" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_prints_danish_letters(odd_db: Path, tmp_path: Path) -> None:
    data = render_routes(_al_sheets(odd_db), "pdf", t, "da")
    assert data.startswith(b"%PDF-")
    pdf = tmp_path / "rute.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ODD_NAME in text
    assert "Rute · AL Anne Lauridsen (SPL)" in text and "RØD – sygeplejerske" in text


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "pdf"])
def test_cli_export_writes_an_owner_only_file(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, fmt: str
) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    args = ["export", "routes", "--date", DAY.isoformat(), "--carer", "AL", "--format", fmt]
    assert main([*args, "--db", str(sample_db)]) == 0
    written = tmp_path / f"rute-2026-03-02-AL.{fmt}"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert str(written) in capsys.readouterr().out
    assert written.read_bytes()[:5] in (b"%PDF-", b"<!DOC", b"# Rut", b"Rute ")


def test_cli_export_refuses_what_it_cannot_do(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(sample_db), "--date", DAY.isoformat()]
    assert main(["export", "routes", "--format", "docx", *db]) == 2
    assert "formatet 'docx' kendes ikke" in capsys.readouterr().err
    assert main(["export", "routes", "--carer", "QQ", *db]) == 2
    assert "ingen medarbejder med initialerne 'QQ'" in capsys.readouterr().err
    empty = ["--db", str(sample_db), "--date", "2031-01-01", "--out", str(tmp_path / "x.pdf")]
    assert main(["export", "routes", *empty]) == 2
    assert "ingen ruter den 2031-01-01" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    out = tmp_path / "all.html"
    assert main(["export", "routes", "--format", "html", "--out", str(out), *db]) == 0
    conn, _, _ = open_database(sample_db, readonly=True)
    expected = len(load_route_sheets(conn, DAY))
    conn.close()
    assert out.read_text("utf-8").count('<section class="sheet">') == expected > 15


KEY_NOTE = "Nøgleboks ved bagdøren <b>[kode hos planlægger]</b>"  # markup stays text


def test_a_key_note_shows_on_the_screen_and_in_the_txt_export(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.db"
    shutil.copy(sample_db, path)
    first = _al_sheets(path)[0].stops
    noted, plain = first[0], first[1]
    with sqlite3.connect(path) as db:
        db.execute("UPDATE citizen SET access_note = NULL")
        db.execute(
            "UPDATE citizen SET access_note = ? WHERE name = ?", (KEY_NOTE, noted.citizen_name)
        )
    stops = _al_sheets(path)[0].stops
    assert stops[0].access == KEY_NOTE and stops[1].access == ""
    label = t("route.access")
    assert stop_text(1, stops[0]).plain.count(f"{label}: {KEY_NOTE}") == 1
    assert label not in stop_text(2, stops[1]).plain  # no note, no empty line
    monkeypatch.chdir(tmp_path)
    args = ["export", "routes", "--date", DAY.isoformat(), "--carer", "AL", "--format", "txt"]
    assert main([*args, "--db", str(path)]) == 0
    text = (tmp_path / "rute-2026-03-02-AL.txt").read_text(encoding="utf-8")
    visits = sum(s.citizen_name == noted.citizen_name for s in stops)  # each of their visits
    assert " ".join(text.split()).count(f"{label}: {KEY_NOTE}") == visits
    assert text.count(label) == visits  # and no one else's stop
    assert plain.citizen_name in text
    html = render_routes(_al_sheets(path), "html", t, "da").decode("utf-8")
    assert "<b>[kode" not in html and "&lt;b&gt;[kode hos planlægger]&lt;/b&gt;" in html
