"""Editing the plan at the keyboard: the forms store through the store's writers, refuse bad
input with a Danish line and store nothing, and the board shows cancelled visits apart."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from textual.widgets import Input, Select, SelectionList

from kaffefoerst.domain.roles import Role
from kaffefoerst.enums import VisitStatus
from kaffefoerst.model import Visit
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.plan_cancel import CancelVisitScreen
from kaffefoerst.ui.screens.plan_duration import DurationScreen
from kaffefoerst.ui.screens.plan_visit import AddVisitScreen
from tests.builders import DAY
from tests.screen import screen_text

SIZE = (200, 50)
NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


def app_for(store, actor="MH", role=Role.PLANNER):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=lambda: NOW, actor=actor, role=role)


def visit(store, visit_id):  # noqa: ANN001, ANN201
    with store.session() as session:
        v = session.get(Visit, visit_id)
        return v.status, v.duration_min, v.version


def visit_count(store) -> int:  # noqa: ANN001
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Visit))


async def test_a_planner_cancels_a_visit_and_it_shows_apart_not_as_open(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.view.select(ids["v2"])
        open_before = len(board.view.plan.open_visits())
        await pilot.press("x")
        assert isinstance(app.screen, CancelVisitScreen)
        app.screen.query_one("#reason", Select).value = "HOSPITAL"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert "Aflyst (1): 09:00 Hr. Olsen (indlagt)" in text
        assert ids["v2"] not in app.screen.view.plan.visits
        assert len(app.screen.view.plan.open_visits()) == open_before
    assert visit(store, ids["v2"])[0] is VisitStatus.CANCELLED


async def test_adding_a_visit_with_a_bad_time_says_why_and_stores_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    before = visit_count(store)
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.screen.view.select(ids["v2"])  # Hr. Olsen: the form starts on him
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddVisitScreen)
        form.query_one("#services", SelectionList).select(ids["care"])
        form.query_one("#start", Input).value = "25.10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'25.10' er ikke et klokkeslæt" in screen_text(app)
        assert visit_count(store) == before
        form.query_one("#start", Input).value = "11.15"
        form.query_one("#duration", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Varigheden skal være mellem 1 og" in screen_text(app)
        assert visit_count(store) == before
        form.query_one("#duration", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        added = [v for v in app.screen.view.plan.visits.values() if v.start_min == 675]
    assert visit_count(store) == before + 1
    assert len(added) == 1 and added[0].citizen_id == ids["olsen"]
    assert added[0].carer_id == ids["AB"]  # the row the cursor was on


async def test_a_member_lengthens_her_own_visit_but_not_a_colleague_s(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store, actor="CD", role=Role.MEMBER)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        board = app.screen
        board.view.select(ids["v2"])  # AB's
        await pilot.press("u")
        assert isinstance(app.screen, BoardScreen)
        assert "egen rute" in screen_text(app)
        for key in ("a", "x", "N", "H"):  # the planner's edits are not offered
            assert not board.check_action(
                {"a": "add_visit", "x": "cancel_visit", "N": "add_citizen", "H": "pause_citizen"}[
                    key
                ],
                (),
            )
        board.view.select(ids["v3"])  # her own
        await pilot.press("u")
        assert isinstance(app.screen, DurationScreen)
        app.screen.query_one("#duration", Input).value = "60"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert visit(store, ids["v2"])[1] == 30
    assert visit(store, ids["v3"])[1:] == (60, 2)
