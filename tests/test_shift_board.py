"""Shifts on the board: each row shows its own hours, `[`/`]` stop at the database's edges,
and `v` shows the evening shift's board."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kaffefoerst.enums import Profession, ShiftKind
from kaffefoerst.model import Shift, Visit
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.widgets.board_body import BoardBody
from kaffefoerst.ui.widgets.route_row import RouteRow
from tests.builders import DAY, TeamBuilder, hm
from tests.screen import screen_text

SIZE = (200, 50)


def app_for(store, actor: str = "AB"):  # noqa: ANN001, ANN201
    return make_app(
        store, today=DAY, clock=lambda: datetime(2026, 3, 2, 6, 50, tzinfo=UTC), actor=actor
    )


def notices(app) -> str:  # noqa: ANN001
    """The toasts shown so far (a long one wraps on the screen)."""
    return "\n".join(n.message for n in app._notifications)


def _evening(store, ids):  # noqa: ANN001, ANN202
    """KL on the evening shift with a 19:00 visit; GH off at 13:00."""
    with store.session() as session:
        b = TeamBuilder(session)
        ids["KL"] = b.carer("KL", ids["nord"], Profession.SSA, on_shift=None)
        session.add(
            Shift(carer_id=ids["KL"], day=DAY, kind=ShiftKind.EVENING, start_min=900, end_min=1380)
        )
        ids["GH"] = b.carer("GH", ids["nord"], on_shift=None)
        b.shift(ids["GH"], "07:00", "13:00")
        ids["ev"] = b.visit(ids["jensen"], "19:00", 20, ids["KL"])
        session.commit()


async def test_rows_show_the_shift_and_grey_the_hours_outside_it(team) -> None:  # noqa: ANN001
    store, ids = team
    _evening(store, ids)
    app = app_for(store)
    async with app.run_test(size=SIZE):
        shot = screen_text(app)
        gh_line = next(line for line in shot.splitlines() if line.startswith("GH "))
        assert "07–13" in gh_line
        view = app.screen.view
        width = app.screen.query_one(BoardBody).size.width

        def first_line(carer_id: int):  # noqa: ANN202 - the row's first line, as the body draws it
            index = next(i for i, r in enumerate(view.rows) if r.carer_id == carer_id)
            return RouteRow(view, index).draw(width, view.lines)[0]

        line = first_line(ids["GH"])
        off = view.palette.off_shift
        greyed = [s for s in line.spans if s.style == off]
        assert len(greyed) == 1  # 13:00-15:00, nothing before 07:00 on the day board
        scale_cols = line.cell_len
        assert greyed[0].end == scale_cols  # runs to the end of the row
        assert not [s for s in first_line(ids["AB"]).spans if s.style == off]  # 07-15: none


async def test_brackets_stop_at_the_days_the_database_holds(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")  # nothing after DAY in the small team
        await pilot.pause()
        assert app.screen.day == DAY
        assert "ingen senere dage" in notices(app)
        for _ in range(4):  # the history goes back four days
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.day == DAY - timedelta(days=4)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.day == DAY - timedelta(days=4)
        assert "ingen tidligere dage" in notices(app)


async def test_v_shows_the_evening_board_and_back(team) -> None:  # noqa: ANN001
    store, ids = team
    _evening(store, ids)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        assert ids["KL"] not in {c.id for c in app.screen.view.plan.on_duty}
        await pilot.press("v")
        await pilot.pause()
        plan = app.screen.view.plan
        assert plan.shift is ShiftKind.EVENING
        assert [c.initials for c in plan.on_duty] == ["KL"]
        assert set(plan.visits) == {ids["ev"]}
        shot = screen_text(app)
        assert "Aftenvagt 15–23" in shot
        assert "15–23" in next(line for line in shot.splitlines() if line.startswith("KL "))
        assert plan.visits[ids["ev"]].start_min == hm("19:00")
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.view.plan.shift is ShiftKind.DAY


async def test_moving_a_visit_outside_the_carers_shift_asks_first(team) -> None:  # noqa: ANN001
    store, ids = team
    _evening(store, ids)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.place(ids["v4"], ids["GH"], hm("13:10"))  # GH went home at 13:00
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "GH har vagt 07–13; besøget kl. 13:10 ligger uden for vagten." in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
    with store.session() as session:
        assert session.get(Visit, ids["v4"]).carer_id is None  # nothing stored
