"""Nøgletal on screen and from `kaffefoerst report`: same figures, team level only, read-only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kaffefoerst.cli import main
from kaffefoerst.io.report import number, percent
from kaffefoerst.io.sample import load_sample
from kaffefoerst.model import Carer
from kaffefoerst.store import Store
from kaffefoerst.store.figures import absence_json, continuity_json
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.figures import CitizenCardScreen, FiguresScreen
from tests.builders import DAY
from tests.screen import screen_text

SAMPLE_DAY = date(2026, 1, 5)  # the sample's own plan day: 60 days of history before it


def app_for(store: Store, today: date = DAY):  # noqa: ANN201
    return make_app(
        store, today=today, clock=lambda: datetime(2026, 3, 2, 7, 3, tzinfo=UTC), actor="MH"
    )


async def open_figures(app, pilot, day: date) -> FiguresScreen:  # noqa: ANN001
    await app.push_screen(FiguresScreen(day))
    await settle(app, pilot)
    assert isinstance(app.screen, FiguresScreen)
    return app.screen


async def settle(app, pilot) -> None:  # noqa: ANN001
    """The figures are computed in a worker: wait for it, then for the repaint."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    store = Store.open_sqlite(path)
    load_sample(store, SAMPLE_DAY)
    store.close()
    yield path


def report_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


# --- the screen -------------------------------------------------------------------------------


async def test_figures_screen_opens_switches_and_goes_back(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_figures(app, pilot, DAY)
        shot = screen_text(app)
        for text in ("Nøgletal", "Alle teams", "Kontinuitet", "14 dage (16.2.2026–1.3.2026)"):
            assert text in shot
        # Fru Jensen saw CD and EF; Hr. Olsen had no visits and is left out of the average.
        assert "Gennemsnit 2,0" in shot
        assert "1 af 2 borgere" in shot
        # issue 14: the lines say what they are, a reference, not a target
        legend = next(line for line in shot.splitlines() if "Kaffe først 7,1" in line)
        assert "Haderslev 2022 (reference):" in legend and "distrikt Vojens 8,2" in legend
        assert "er en reference, ikke et mål" in shot
        await pilot.press("w")
        await settle(app, pilot)
        assert screen.window == "month"
        assert "Kalendermåned (1.2.2026–28.2.2026)" in screen_text(app)
        await pilot.press("t")
        await settle(app, pilot)
        assert screen.continuity is not None and screen.continuity.teams == ("Nord",)
        assert "Nøgletal · Nord" in screen_text(app)
        await pilot.press("t", "t")
        await settle(app, pilot)
        assert screen.continuity.teams == ("Nord", "Syd")  # round again to every team
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_figures_screen_on_a_read_only_database(tmp_path: Path, team) -> None:  # noqa: ANN001
    store, _ = team
    path = store.path
    store.close()
    coach = Store.open_sqlite(path, readonly=True)
    try:
        app = app_for(coach)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_figures(app, pilot, DAY)
            assert "Gennemsnit 2,0" in screen_text(app)
    finally:
        coach.close()


async def test_citizen_card_lists_who_came(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(200, 50)) as pilot:
        await open_figures(app, pilot, DAY)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CitizenCardScreen)
        await pilot.press(*"jensen")
        await pilot.pause()
        card = app.screen.card
        assert card is not None and card.unique == (2, 2, 2)
        shot = screen_text(app)
        assert "Unikke medarbejdere: 2 (14 dage)" in shot
        assert "CD  Carer CD" in shot and "EF  Carer EF" in shot
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FiguresScreen)


# --- team level only --------------------------------------------------------------------------


def carers_on(text: str, initials: set[str], names: set[str]) -> set[str]:
    """Carer initials standing as a word, or carer names, anywhere in a screen's text."""
    words = set(re.findall(r"[^\W\d_]+", text))
    return (words & initials) | {name for name in names if name in text}


async def test_no_carer_appears_on_the_figures_screen(sample_db: Path) -> None:
    """Not next to a figure, not anywhere: no window, no team choice shows a person.

    The citizen card is the one place carers are listed (who came to *this* citizen); the
    same detector finds them there, which shows it would find them on the team screen.
    """
    store = Store.open_sqlite(sample_db, readonly=True)
    try:
        with store.session() as session:
            rows = session.execute(select(Carer.initials, Carer.name)).all()
        initials, names = {r.initials for r in rows}, {r.name for r in rows}
        app = app_for(store, SAMPLE_DAY)
        async with app.run_test(size=(200, 50)) as pilot:
            screen = await open_figures(app, pilot, SAMPLE_DAY)
            seen, views = [], set()
            for key in ("", "w", "w", "t", "w", "t"):  # every window, each team and all
                if key:
                    await pilot.press(key)
                    await settle(app, pilot)
                views.add((screen.window, screen.team_index))
                for _ in range(3):  # the whole page, scrolled
                    seen.append(screen_text(app))
                    await pilot.press("pagedown")
                    await pilot.pause()
                await pilot.press("home")
            assert {w for w, _ in views} == {"14d", "month", "quarter"}
            assert {i for _, i in views} == {0, 1, 2}
            for shot in seen:
                assert carers_on(shot, initials, names) == set()
            await pilot.press("b")
            await pilot.pause()
            assert carers_on(screen_text(app), initials, names)  # the detector does detect
    finally:
        store.close()


# --- screen and report agree ------------------------------------------------------------------


async def test_screen_and_report_json_agree_on_the_sample(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--db", str(sample_db), "--date", SAMPLE_DAY.isoformat(), "report"]
    cont = report_json(capsys, *common, "continuity", "--json")
    absn = report_json(capsys, *common, "absence", "--json")
    store = Store.open_sqlite(sample_db, readonly=True)
    try:
        app = app_for(store, SAMPLE_DAY)
        async with app.run_test(size=(200, 50)) as pilot:
            screen = await open_figures(app, pilot, SAMPLE_DAY)
            assert screen.continuity is not None and screen.absence is not None
            assert continuity_json(screen.continuity) == cont
            assert absence_json(screen.absence) == absn
            shot = screen_text(app)
    finally:
        store.close()
    # ... and what the screen prints is those numbers.
    unique = cont["unique_carers"]
    assert f"Gennemsnit {number(unique['average'])}   Median {number(unique['median'])}" in shot
    assert f"{cont['citizens_measured']} af {cont['citizens']} borgere" in shot
    contact = cont["contact_persons"]
    assert (
        f"{percent(contact['share'])} ({contact['by_contact']} af {contact['visits']} besøg)"
        in shot
    )
    for band in cont["distribution"]:
        assert re.search(rf"{band['from']}\S*\s+\S*\s*{band['citizens']}\b", shot)
    trend = [number(p["average"]) for p in cont["trend"]]
    assert re.search(r"\s+".join(re.escape(v) for v in trend), shot)
    today = absn["load"][-1]
    assert re.search(
        rf"5\.1\.2026\s+{today['routes']}\s+{re.escape(percent(today['mean_load']))}"
        rf"\s+{today['routes_short_gaps']}\s+{today['uncovered_visits']}",
        shot,
    )
    for group in absn["sick_leave"]:
        share = group["total"]["share"]
        assert (percent(share) if share is not None else "–") in shot


# --- the command line -------------------------------------------------------------------------


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert captured.out == ""
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith("kaffefoerst: ")
    return err


def test_report_json_for_one_team(team, capsys) -> None:  # noqa: ANN001
    store, _ = team
    args = ["--db", str(store.path), "--date", "2026-03-02", "report", "continuity"]
    data = report_json(capsys, *args, "--team", "Nord", "--window", "14d", "--json")
    assert data["teams"] == ["Nord"]
    assert data["window"] == {
        "kind": "14d",
        "from": "2026-02-16",
        "to": "2026-03-01",
        "complete": False,  # the small team's history starts 4 days before
        "open_days": 0,
    }
    assert (data["citizens"], data["citizens_measured"]) == (2, 1)
    assert data["unique_carers"] == {"average": 2.0, "median": 2.0}
    absn = report_json(capsys, "--db", str(store.path), "report", "absence", "--json")
    assert {"sick_leave", "covers", "moved", "load"} <= set(absn)


def test_report_as_a_table(team, capsys) -> None:  # noqa: ANN001
    store, _ = team
    assert main(["--db", str(store.path), "--date", "2026-03-02", "report", "continuity"]) == 0
    out = capsys.readouterr().out
    assert "gennemsnit 2,0 · median 2,0" in out
    assert "1 af 2 borgere" in out
    assert main(["--lang", "en", "--db", str(store.path), "report", "absence"]) == 0
    assert "Sick leave" in capsys.readouterr().out


def test_report_never_writes(team, capsys) -> None:  # noqa: ANN001
    store, _ = team
    path = store.path
    store.close()
    before = path.read_bytes()
    for kind in ("continuity", "absence"):
        assert main(["--db", str(path), "report", kind, "--json"]) == 0
    capsys.readouterr()
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report", "continuity", "--window", "week"], "perioden 'week' kendes ikke"),
        (["report", "continuity", "--date", "2026-02-30"], "2026-02-30"),
        (["--date", "i går", "report", "absence"], "'i går' er ikke en dato"),
        (["report", "absence", "--team", "Vest"], "ukendt team 'Vest'; vælg et af: Nord, Syd"),
        (["report"], "vælg en rapport: continuity, absence"),
    ],
)
def test_report_bad_input_is_one_line(team, capsys, args, expected) -> None:  # noqa: ANN001
    store, _ = team
    assert main(["--db", str(store.path), *args]) == 2
    assert expected in _one_line_error(capsys)


def test_report_on_a_missing_database_is_one_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    missing = tmp_path / "none.db"
    assert main(["--db", str(missing), "report", "continuity"]) == 2
    assert "findes ikke" in _one_line_error(capsys)
    assert not missing.exists()  # read-only: a report never creates a database
