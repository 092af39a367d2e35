"""The Rute screen (issues 12.6 and 13.3): a member at 80x24 starts on their own route list,
every visit's name reads in full, and the planner opens any carer's route from the board."""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.geometry import Region, Size

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.ui.app import KaffeApp, make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.route import RouteScreen, StopView
from kaffefoerst.ui.small_screen import route_first
from tests.screen import screen_text

try:
    from kaffefoerst.domain.short_code import identifying_name  # the board's rule (issue 13)
except ImportError:  # until the board's branch is merged: the same rule, written out

    def identifying_name(short_name: str) -> str:
        words = short_name.split()
        titled = len(words) > 1 and words[0].casefold() in ("fru", "frk.", "frk", "hr.", "hr")
        return " ".join(words[1:]) if titled else short_name.strip()


DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 6, 55, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("route_ui") / "team.db"
    store = Store.open_sqlite(path)
    load_sample(store, DAY)
    store.close()
    return path


def app_for(path: Path, actor: str, role: Role | None) -> KaffeApp:
    return make_app(Store.open_sqlite(path), today=DAY, clock=lambda: NOW, actor=actor, role=role)


async def settle(app: KaffeApp, pilot) -> None:  # noqa: ANN001
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def shown(widget: StopView) -> str:
    """What the widget draws, every line of it (a list taller than the screen included), with
    its border and padding."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def test_route_first_only_for_a_member_on_a_small_screen() -> None:
    member, planner = User("BS", Role.MEMBER, 5), User("MH", Role.PLANNER, 1)
    assert route_first(member, Size(80, 24))
    assert route_first(member, Size(60, 20))
    assert not route_first(member, Size(200, 50))
    assert not route_first(planner, Size(80, 24))
    assert not route_first(User("SV", Role.COACH, None), Size(80, 24))


async def test_a_member_at_80x24_starts_on_their_own_route_and_esc_shows_the_board(
    sample_db: Path,
) -> None:
    app = app_for(sample_db, "BS", None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RouteScreen)
        text = screen_text(app)
        assert "Rute · BS Birthe Schmidt (SSH)" in text
        assert "Planlægger: MH Mette Holm, tlf. 2750 9233" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("r")  # back again, on the member's own row
        await settle(app, pilot)
        assert isinstance(app.screen, RouteScreen) and app.screen.carer_id == app.user.carer_id


async def test_a_member_on_a_large_screen_starts_on_the_board(sample_db: Path) -> None:
    app = app_for(sample_db, "BS", None)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)


WORD = re.compile(r"[^\W\d_]+")


def wanted(short_name: str) -> str:
    """The letters a reader must see, counted as the board's legibility bench counts them: the
    first word of the identifying name, at most 4 letters ("Lund" of "Fru Lund", "Elle" of
    "Ellen K.", "Kaj" of "Kaj J.")."""
    words = WORD.findall(identifying_name(short_name))
    return words[0][:4] if words else short_name[:4]


def shows(text: str, prefix: str) -> bool:
    return any(word.startswith(prefix) for word in WORD.findall(text))


async def test_at_80x24_every_visit_of_the_day_shows_its_identifying_name(
    sample_db: Path,
) -> None:
    """Issue 13's measure: in the route list at 80x24, the share of the sample day's visits
    whose stop shows at least 4 letters of the citizen's identifying name (the surname or the
    chosen short name, without "Fru"/"Hr."). Every stop is also checked for the full name, the
    surname and the address: wrapped, never cut."""
    store = Store.open_sqlite(sample_db)
    with store.session() as session:
        day_visits = set(load_day_plan(session, DAY).visits)
    store.close()
    app = app_for(sample_db, "BS", None)
    seen: dict[int, bool] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RouteScreen)
        for _ in screen.sheets:
            for view in screen.query(StopView):
                stop, text = view.stop, shown(view)
                flat = " ".join(text.split())
                assert max(len(line) for line in text.splitlines()) <= 80
                found = shows(text, wanted(stop.short_name))
                seen[stop.visit_id] = seen.get(stop.visit_id, False) or found
                assert stop.citizen_name in flat and stop.address in flat
                assert stop.citizen_name.split()[-1] in text  # the surname, unbroken
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert screen.carer_id == app.user.carer_id  # round the whole day, back home
    assert set(seen) == day_visits and len(day_visits) == 195
    share = sum(seen.values()) / len(day_visits)
    print(f"route list at 80x24: {share:.0%} of {len(day_visits)} visits show 4+ name letters")
    assert share == 1.0


async def test_the_planner_opens_the_selected_carers_route_and_steps_through(
    sample_db: Path,
) -> None:
    app = app_for(sample_db, "MH", Role.PLANNER)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.view.select_carer(board.view.plan.on_duty[3].id)
        await pilot.press("r")
        await settle(app, pilot)
        route = app.screen
        assert isinstance(route, RouteScreen)
        carer = board.view.plan.on_duty[3]
        assert route.carer_id == carer.id
        assert f"Rute · {carer.initials} {carer.name}" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert route.carer_id == board.view.plan.on_duty[4].id
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert route.carer_id == board.view.plan.on_duty[2].id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board


async def test_a_name_with_markup_is_shown_as_text(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    shutil.copy(sample_db, path)
    with sqlite3.connect(path) as db:
        bs = db.execute("SELECT id FROM carer WHERE initials = 'BS'").fetchone()[0]
        citizen = db.execute(
            "SELECT citizen_id FROM visit WHERE day = ? AND carer_id = ? LIMIT 1",
            (DAY.isoformat(), bs),
        ).fetchone()[0]
        db.execute(
            "UPDATE citizen SET name = '[bold]Åse[/] [/x] Ærø', address = ? WHERE id = ?",
            ("Vej" + "ø" * 200, citizen),
        )
    app = app_for(path, "BS", None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        texts = [shown(view) for view in app.screen.query(StopView)]
        assert any("[bold]Åse[/] [/x] Ærø" in text for text in texts)
        # A word longer than the screen is folded onto the next lines, not cut.
        inside = ["".join(line[2:-1].rstrip() for line in text.splitlines()) for text in texts]
        assert any("Vej" + "ø" * 200 in text for text in inside)


async def test_the_choice_is_made_again_on_resize(sample_db: Path) -> None:
    app = app_for(sample_db, "BS", None)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert isinstance(app.screen, RouteScreen) and app.screen.auto
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("r")  # opened by a key: stays whatever the size
        await settle(app, pilot)
        await pilot.resize_terminal(210, 50)
        await pilot.pause()
        assert isinstance(app.screen, RouteScreen) and not app.screen.auto


async def test_the_first_board_child_reads_a_members_routes_for_the_first_frame(
    sample_db: Path, tmp_path: Path
) -> None:
    """The start's child reads a member's route sheets with the plan (on sqlite3), so at 80x24
    the route list is drawn from them before the store is even open."""
    from kaffefoerst.first_board import read
    from kaffefoerst.store.route_sheets import load_route_sheets

    path = tmp_path / "first.db"
    shutil.copy(sample_db, path)
    board = read(path, DAY, "BS", None)
    planner = read(path, DAY, "MH", None)
    assert planner.sheets is None
    store = Store.open_sqlite(path)
    with store.session() as session:
        assert board.sheets == load_route_sheets(session, DAY)
    store.close()
    opened: list[bool] = []
    release = threading.Event()

    def open_store() -> Store:
        opened.append(True)
        release.wait(10)  # the store stays closed until the test has looked
        return Store.open_sqlite(path)

    app = make_app(
        open_store,
        today=DAY,
        clock=lambda: NOW,
        user=board.user,
        initial_plan=board.plan,
        initial_sheets=board.sheets,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RouteScreen) and not app.store_ready
        assert "1. 07:20–07:50  Bodil Wind" in screen_text(app)
        release.set()
        await settle(app, pilot)
        assert app.store_ready and opened == [True]  # opened once, after the first frame


async def test_a_member_started_small_gets_the_board_when_the_screen_grows(
    sample_db: Path,
) -> None:
    app = app_for(sample_db, "BS", None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RouteScreen) and len(app.screen_stack) == 2  # alone
        await pilot.resize_terminal(200, 50)
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen) and len(app.screen_stack) == 2
        assert "Team Syd" in screen_text(app)


async def test_a_member_off_duty_sees_her_own_empty_route_not_a_colleagues(
    sample_db: Path,
) -> None:
    """LB (an on-call substitute) has no shift on the sample day: her own sheet, empty."""
    app = app_for(sample_db, "LB", None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RouteScreen)
        text = screen_text(app)
        assert "Rute · LB Lise Brodersen" in text and "Ingen besøg denne dag." in text
        assert not list(app.screen.query(StopView))


async def test_others_changes_show_on_the_route_list_and_the_reader_keeps_her_place(
    sample_db: Path, tmp_path: Path
) -> None:
    from kaffefoerst.store.moves import Placement, move_visit

    path = tmp_path / "live.db"
    shutil.copy(sample_db, path)
    app = app_for(path, "BS", None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        route = app.screen
        assert isinstance(route, RouteScreen)
        last = route.sheet().stops[-1]  # type: ignore[union-attr]
        await pilot.press("end")
        await pilot.pause()
        place = route.query_one("#stops").scroll_y
        assert place > 0
        other = Store.open_sqlite(path)  # another screen: the planner moves BS's last visit
        with other.session() as session:
            visit = load_day_plan(session, DAY).visits[last.visit_id]
            move_visit(
                session,
                visit_id=visit.id,
                target=Placement(visit.carer_id, visit.start_min + 10),
                expected_version=visit.version,
                actor="MH",
                now=NOW,
            )
        other.close()
        route._poll()
        await settle(app, pilot)
        moved = [s for s in route.sheet().stops if s.visit_id == last.visit_id]  # type: ignore[union-attr]
        assert moved[0].start_min == last.start_min + 10
        assert route.query_one("#stops").scroll_y == place
