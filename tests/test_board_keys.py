"""Every board key, driven as a person would, asserting on the screen and on the database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kaffefoerst.model import AuditEvent, Visit
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.screens.move_to import MoveToScreen
from tests.builders import DAY, hm
from tests.screen import screen_text

SIZE = (200, 50)


def app_for(store, actor: str = "MH"):  # noqa: ANN001, ANN201
    return make_app(
        store, today=DAY, clock=lambda: datetime(2026, 3, 2, 7, 3, tzinfo=UTC), actor=actor
    )


def visit_row(store, visit_id):  # noqa: ANN001, ANN201
    with store.session() as session:
        v = session.get(Visit, visit_id)
        return v.carer_id, v.start_min, v.version


def audit(store):  # noqa: ANN001, ANN201
    with store.session() as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


async def test_board_shows_every_carer_on_duty_and_unassigned(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE):
        shot = screen_text(app)
        for text in ("Ikke fordelt", "Team Nord", "Team Syd", "AB", "CD", "EF", "Du er MH"):
            assert text in shot
        assert isinstance(app.screen, BoardScreen)


async def test_arrows_walk_rows_and_routes(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen
        assert board.view.selected == ids["v4"]  # the unassigned row comes first
        await pilot.press("down")
        assert board.view.selected == ids["v2"]  # nearest in time on AB's route
        await pilot.press("left")
        assert board.view.selected == ids["v1"]
        await pilot.press("left")
        assert board.view.selected == ids["v1"]  # the route's first visit stays selected
        await pilot.press("down")
        assert board.view.selected == ids["v3"]
        await pilot.press("down")
        assert board.view.selected == ids["v3"]  # EF's row is empty, nothing below
        await pilot.press("up", "right")
        assert board.view.selected == ids["v2"]


async def test_pick_move_and_drop_stores_with_actor(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "space", "down", "right", "right")
        assert "Flyttes til CD" in screen_text(app)
        assert visit_row(store, ids["v2"]) == (ids["AB"], hm("09:00"), 1)  # nothing yet
        await pilot.press("enter")
        await pilot.pause()
        assert visit_row(store, ids["v2"]) == (ids["CD"], hm("09:10"), 2)
        assert app.screen.view.plan.visits[ids["v2"]].carer_id == ids["CD"]
    [event] = audit(store)
    assert (event.actor, event.action, event.entity_id) == ("MH", "move", ids["v2"])


async def test_escape_restores_and_writes_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "space", "down", "down", "left", "escape")
        assert app.screen.view.pending is None
        assert "Flyttes til" not in screen_text(app)
    assert visit_row(store, ids["v2"]) == (ids["AB"], hm("09:00"), 1)
    assert audit(store) == []


async def test_ctrl_z_undoes_own_last_move(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "space", "down", "enter")
        await pilot.pause()
        assert visit_row(store, ids["v2"])[0] == ids["CD"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert visit_row(store, ids["v2"]) == (ids["AB"], hm("09:00"), 3)
        assert app.screen.view.plan.visits[ids["v2"]].carer_id == ids["AB"]
    assert [e.action for e in audit(store)] == ["move", "undo"]


async def test_move_to_list_asks_before_a_competence_warning(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "left")  # v1: insulin at AB
        await pilot.press("m")
        assert isinstance(app.screen, MoveToScreen)
        assert "mangler kompetence: insulin" in screen_text(app)
        await pilot.press("enter")  # first choice: EF, who has room then, but lacks insulin
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert visit_row(store, ids["v1"])[0] == ids["AB"]
        await pilot.press("m", "enter", "j")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert visit_row(store, ids["v1"])[0] == ids["EF"]
        panel = screen_text(app)
        assert "mangler kompetence: insulin" in panel


async def test_picked_up_competence_move_asks_too(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "left", "space", "down", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert visit_row(store, ids["v1"]) == (ids["AB"], hm("08:00"), 1)
        assert audit(store) == []


async def test_brackets_change_day(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")  # the history holds the day before
        await pilot.pause()
        assert app.screen.day.isoformat() == "2026-03-01"
        assert "1. marts 2026" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "2. marts 2026" in screen_text(app)
        assert ids["v1"] in app.screen.view.plan.visits


async def test_f1_and_question_mark_open_help(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            assert isinstance(app.screen, HelpScreen)
            assert "Tag besøg" in screen_text(app)
            await pilot.press("escape")
            assert isinstance(app.screen, BoardScreen)


async def test_palette_lists_board_actions(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Tag besøg", "Flyt til…", "Fortryd", "Forrige dag", "Næste dag", "Hjælp"):
            assert title in titles
        assert "Placér" not in titles  # only while a visit is picked up
        await pilot.press("down", "space")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Placér" in titles and "Tag besøg" not in titles


async def test_footer_hides_keys_that_do_not_apply(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        assert "Placér" not in screen_text(app)
        await pilot.press("down", "space")
        await pilot.pause()
        shot = screen_text(app)
        assert "Placér" in shot and "Annullér" in shot


async def test_narrow_terminal_folds_the_panel_but_keeps_every_row(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(120, 40)):
        shot = screen_text(app)
        assert not app.screen.query_one("#panel").display
        for text in ("Ikke fordelt", "AB", "CD", "EF"):
            assert text in shot


async def test_empty_database_shows_welcome(tmp_path) -> None:  # noqa: ANN001
    from kaffefoerst.store import Store

    store = Store.open_sqlite(tmp_path / "empty.db")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shot = screen_text(app)
        assert "Velkommen til kaffefoerst" in shot
        assert "kaffefoerst sample" in shot


async def test_i_shows_details_on_a_narrow_screen_and_hides_them_on_a_wide_one(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one("#panel")
        assert not panel.display
        await pilot.press("i")
        assert panel.display
        assert "Fru Jensen Hansen" in screen_text(app)
        await pilot.press("i")
        assert not panel.display
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one("#panel")
        assert panel.display
        await pilot.press("i")
        assert not panel.display
