"""A folded team's line on the board: the cursor stops on it, and ⏎ or z there opens the team
(issue 13: a folded team could not be opened from its own line)."""

from __future__ import annotations

from datetime import UTC, datetime

from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from tests.builders import DAY
from tests.screen import screen_text

CLOCK = datetime(2026, 3, 2, 8, 40, tzinfo=UTC)


def board(app) -> BoardScreen:  # noqa: ANN001
    assert isinstance(app.screen, BoardScreen)
    return app.screen


def on_team(screen: BoardScreen, team: int) -> bool:
    view = screen.view
    index = view.current_row()
    return view.on_team_line() and screen._body().team_of(index) == team  # type: ignore[union-attr,arg-type]


async def fold_nord(pilot, ids) -> BoardScreen:  # noqa: ANN001
    screen = board(pilot.app)
    screen.jump_to("carer", ids["AB"])
    await pilot.press("z")
    await pilot.pause()
    assert pilot.app.team_choices["board"] == (set(), {ids["nord"]})
    assert not screen.view.on_team_line()  # folding moves the cursor on, as before
    return screen


async def test_arrows_stop_on_a_folded_teams_line_and_enter_opens_it(team) -> None:  # noqa: ANN001
    store, ids = team
    app = make_app(store, today=DAY, clock=lambda: CLOCK, actor="MH")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await fold_nord(pilot, ids)
        await pilot.press("up")  # from Syd's EF up: Nord's one line, not past it
        await pilot.pause()
        assert on_team(screen, ids["nord"])
        assert screen.view.selected is None
        assert "⏎ åbner" in screen_text(app)  # the line under the cursor says what ⏎ does
        body = screen._body()
        assert body is not None
        number = next(i for i, line in enumerate(body.lines) if line.team == ids["nord"])
        lit = screen.view.palette.selected.bgcolor  # lit as a selected route's name
        assert any(s.style and s.style.bgcolor == lit for s in body.render_line(number))
        await pilot.press("left", "right")  # nothing to step along on a team's line
        assert on_team(screen, ids["nord"])
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert app.team_choices["board"] == (set(), set())
        assert "▾ Team Nord" in text and "AB " in text and "⏎ åbner" not in text
        row = screen.view.rows[screen.view.current_row()]  # type: ignore[index]
        assert screen._body().team_of(screen.view.current_row()) == ids["nord"]  # type: ignore[union-attr,arg-type]
        assert row.carer_id in (ids["AB"], ids["CD"])


async def test_z_on_a_folded_teams_line_opens_it_and_up_leaves_it(team) -> None:  # noqa: ANN001
    store, ids = team
    app = make_app(store, today=DAY, clock=lambda: CLOCK, actor="MH")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = board(app)
        screen.jump_to("carer", ids["EF"])
        await pilot.press("z")  # Syd folds; the cursor goes back up to Nord
        await pilot.pause()
        assert app.team_choices["board"] == (set(), {ids["syd"]})
        assert not screen.view.on_team_line()
        await pilot.press("down")  # Syd's one line is a stop
        await pilot.pause()
        assert on_team(screen, ids["syd"])
        await pilot.press("up")  # and the cursor leaves it again
        await pilot.pause()
        assert not screen.view.on_team_line()
        await pilot.press("down", "z")
        await pilot.pause()
        assert app.team_choices["board"] == (set(), set())
        assert "EF " in screen_text(app)
        assert screen.view.rows[screen.view.current_row()].carer_id == ids["EF"]  # type: ignore[index]


async def test_enter_is_no_team_key_on_a_route_or_with_a_visit_picked_up(team) -> None:  # noqa: ANN001
    store, ids = team
    app = make_app(store, today=DAY, clock=lambda: CLOCK, actor="MH")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = board(app)
        screen.jump_to("carer", ids["AB"])
        assert not screen.check_action("open_team", ())
        await pilot.press("enter")  # on a route with nothing picked up: nothing happens
        await pilot.pause()
        assert app.team_choices.get("board", (set(), set())) == (set(), set())
        await pilot.press("space")  # picked up: ⏎ drops, as before
        assert screen.check_action("drop", ()) and not screen.check_action("open_team", ())
