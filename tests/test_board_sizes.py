"""The board at every size: rows re-laid on resize, a status line when the panel folds, a
header and footer that keep what matters at 80x24, a now-line on today's board only, and a
district's teams filtered and folded."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import SelectionList

from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.team_filter import TeamFilterScreen
from tests.builders import DAY, TeamBuilder
from tests.screen import screen_text, text_when

CLOCK = datetime(2026, 3, 2, 8, 40, tzinfo=UTC)


def app_for(store):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=lambda: CLOCK, actor="MH")


def board(app) -> BoardScreen:  # noqa: ANN001
    assert isinstance(app.screen, BoardScreen)
    return app.screen


async def test_lines_per_row_are_chosen_again_when_the_terminal_changes(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(200, 50)) as pilot:
        assert board(app).view.lines == 3  # four rows: room for three lines each
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        assert board(app).view.lines == 1


async def test_with_the_panel_folded_the_status_line_names_the_warning(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        clash = TeamBuilder(session).visit(ids["olsen"], "08:10", 20, ids["AB"])
        session.commit()
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = board(app)
        screen.view.select(clash)
        screen._show_selection()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        status = lines[-2]
        assert "Olsen Hansen" in status and "08:10–08:30" in status
        assert "! " in status and "verlap" in status  # the overlap, said in words
        await pilot.press("i")  # the panel shown: the line explains the symbols again
        await pilot.pause()
        assert "advarsel" in screen_text(app).splitlines()[-2]


async def test_at_80x24_header_and_footer_keep_role_clock_and_meeting(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = await text_when(pilot, app, lambda text: "M Morgenmøde" in text)
        lines = shown.splitlines()
        assert "MH (planlægger)" in lines[0] and "08:40" in lines[0]
        assert "M Morgenmøde" in lines[-1]
        assert "s Fravær/syg" in lines[-1]


async def test_the_now_line_shows_on_todays_board_only(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = board(app)
        assert screen.view.now_min == 8 * 60 + 40
        assert "│" in screen_text(app)
        await pilot.press("left_square_bracket")  # the day before (the history holds it)
        await pilot.pause()
        assert screen.day != DAY
        screen._tick_now()
        await pilot.pause()
        assert screen.view.now_min is None
        assert "│" not in screen_text(app)


async def test_f_filters_teams_and_z_folds_one_team_remembered_for_the_screen(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, TeamFilterScreen)
        choices = app.screen.query_one(SelectionList)
        choices.deselect(ids["syd"])
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Team Nord" in text and "Team Syd" not in text and "EF " not in text
        assert app.team_choices["board"] == ({ids["syd"]}, set())
        await pilot.press("left_square_bracket", "right_square_bracket")  # the day read again
        await pilot.pause()
        assert board(app).day == DAY
        await pilot.pause()
        assert "Team Syd" not in screen_text(app)
        await pilot.press("f")
        app.screen.query_one(SelectionList).select_all()
        await pilot.press("enter")
        await pilot.pause()
        screen = board(app)
        screen.jump_to("carer", ids["EF"])
        await pilot.press("z")  # fold EF's team only
        await pilot.pause()
        text = screen_text(app)
        assert "▸ Team Syd · 1 hjælpere · 0 besøg" in text and "EF " not in text
        assert "▾ Team Nord" in text and "AB " in text
        assert app.team_choices["board"] == (set(), {ids["syd"]})
        assert screen.view.rows[screen.view.current_row()].carer_id != ids["EF"]
        await pilot.press("z")  # again before moving: Syd unfolds
        await pilot.pause()
        assert "EF " in screen_text(app) and app.team_choices["board"] == (set(), set())
        screen.jump_to("carer", ids["AB"])
        await pilot.press("z")  # Nord folds; Syd stays open
        await pilot.pause()
        text = screen_text(app)
        assert "▸ Team Nord" in text and "AB " not in text and "EF " in text
        assert app.team_choices["board"] == (set(), {ids["nord"]})
        await pilot.press("Z")  # every team unfolds
        await pilot.pause()
        text = screen_text(app)
        assert "AB " in text and "EF " in text and app.team_choices["board"] == (set(), set())


async def test_at_laptop_widths_the_footer_ends_whole_with_q(team) -> None:  # noqa: ANN001
    """The day keys and `/` used to push `q Afslut` off the footer's end at 120 and 150."""
    store, _ = team
    for size in ((120, 40), (150, 40), (200, 50)):
        app = app_for(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            assert "q Afslut" in footer and "M Morgenmøde" in footer, (size, footer)
