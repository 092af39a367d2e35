"""The board's flow as a planner meets it: natural first keys, a cursor that keeps its place,
moves that know the day, finding people fast, and forms a role may not open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from textual.widgets import OptionList, Select

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import AbsenceKind
from kaffefoerst.locale import set_language
from kaffefoerst.model import TriageDraft, Visit
from kaffefoerst.store import Store
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.triage import save_draft
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.absence import AbsenceScreen
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.find import FindScreen
from kaffefoerst.ui.screens.move_to import MoveToScreen
from kaffefoerst.ui.screens.triage_list import TriageListScreen
from kaffefoerst.ui.widgets.board_header import long_date
from tests.builders import DAY, TeamBuilder, hm
from tests.screen import screen_text

SIZE = (200, 50)
NOW = datetime(2026, 3, 2, 6, 58, tzinfo=UTC)


def app_for(store, actor="MH", role=Role.PLANNER):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=lambda: NOW, actor=actor, role=role)


def sick(store, carer_id) -> None:  # noqa: ANN001
    with store.session() as session:
        mark_absent(
            session,
            carer_id=carer_id,
            from_day=DAY,
            to_day=DAY,
            kind=AbsenceKind.SICK,
            actor="MH",
            now=NOW,
        )


def placement(store, visit_id):  # noqa: ANN001, ANN201
    with store.session() as session:
        v = session.get(Visit, visit_id)
        return v.carer_id, v.start_min


def board(app) -> BoardScreen:  # noqa: ANN001
    assert isinstance(app.screen, BoardScreen)
    return app.screen


async def test_s_first_thing_on_an_uncovered_row_asks_which_carer(team) -> None:  # noqa: ANN001
    store, ids = team
    sick(store, ids["CD"])  # CD's visit is now the top row, 'Mangler dækning: CD'
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert board(app).view.selected == ids["v3"]
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AbsenceScreen)
        assert app.screen.query_one("#carer", Select).value is Select.NULL
        assert "Vælg medarbejder" in screen_text(app)
        await pilot.press("ctrl+s")  # saving without a carer says so and stores nothing
        await pilot.pause()
        assert isinstance(app.screen, AbsenceScreen)
        await pilot.press("escape", "down", "s")  # unassigned row: same question
        await pilot.pause()
        assert app.screen.query_one("#carer", Select).value is Select.NULL
        await pilot.press("escape", "down", "s")  # AB's row: AB is filled in
        await pilot.pause()
        assert app.screen.query_one("#carer", Select).value == ids["AB"]


async def test_re_timing_an_uncovered_visit_keeps_it_with_the_absent_carer(team) -> None:  # noqa: ANN001
    store, ids = team
    sick(store, ids["CD"])
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "right", "enter")
        await pilot.pause()
    assert placement(store, ids["v3"]) == (ids["CD"], hm("08:05"))


async def test_the_cursor_keeps_its_visit_and_row_through_a_reload(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right")  # AB's 09:00 visit
        screen = board(app)
        assert screen.view.selected == ids["v2"]
        await screen.reload()  # what saving a triage note or a cover does
        await pilot.pause()
        assert screen.view.selected == ids["v2"]
        assert screen.view.rows[screen.view.current_row()].carer_id == ids["AB"]


async def test_a_two_carer_visit_stays_on_the_row_it_was_reached_from(tmp_path) -> None:  # noqa: ANN001
    store = Store.open_sqlite(tmp_path / "two.db")
    with store.session() as session:
        b = TeamBuilder(session)
        nord = b.team("Nord")
        aa, bb, cc = (b.carer(i, nord) for i in ("AA", "BB", "CC"))
        citizen = b.citizen("Fru Dahl", nord)
        b.visit(citizen, "09:00", 30, aa)
        two = b.visit(citizen, "10:00", 30, aa, second_carer_id=cc)
        b.visit(citizen, "11:00", 30, bb)
        below = b.visit(citizen, "10:00", 30, None)  # unassigned lane on top
        session.commit()
    app = app_for(store, actor="AA")
    async with app.run_test(size=SIZE) as pilot:
        screen = board(app)
        assert screen.view.selected == below
        await pilot.press("down", "down", "down")  # AA's row, BB's row, then CC's row
        assert screen.view.selected == two
        assert screen.view.rows[screen.view.current_row()].carer_id == cc
        await pilot.press("up")  # back up to BB, not to AA (where the visit also is)
        assert screen.view.rows[screen.view.current_row()].carer_id == bb
    store.close()


async def test_a_member_starts_on_their_own_route(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store, actor="CD", role=Role.MEMBER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert board(app).view.selected == ids["v3"]


async def test_move_to_lists_room_first_and_says_what_is_in_the_way(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "left", "m")  # AB's 08:00 insulin visit
        await pilot.pause()
        assert isinstance(app.screen, MoveToScreen)
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert lines[0].startswith("EF  Carer EF") and "ledig 07:00–15:00" in lines[0]
        assert lines[1].startswith("CD  Carer CD")
        assert "optaget: overlapper Hr. Olsen 08:00–08:45" in lines[1]
        assert "ledig 07:00–15:00" in screen_text(app)


async def test_dropping_onto_an_overlap_asks_first(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right", "space", "down")  # AB's 09:00 visit onto CD's row
        await pilot.pause()
        assert "Overlapper et andet besøg" not in screen_text(app)  # 09:00 is free on CD
        await pilot.press(*["left"] * 10, "enter")  # 08:10: over CD's 08:00-08:45
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Overlapper Hr. Olsen 08:00–08:45 hos CD" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
    assert placement(store, ids["v2"]) == (ids["AB"], hm("09:00"))


async def test_a_picked_up_visit_shows_the_warnings_it_would_get(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "right", "space", "down", *["left"] * 10)
        await pilot.pause()
        assert "Overlapper et andet besøg på ruten" in screen_text(app)


async def test_find_jumps_to_a_carer_and_to_a_citizen(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)
        await pilot.press("E", "F", "enter")  # EF has no visits: the row itself is selected
        await pilot.pause()
        screen = board(app)
        assert screen.view.selected is None
        assert screen.view.rows[screen.view.current_row()].carer_id == ids["EF"]
        assert "Ingen besøg på ruten i dag" in screen_text(app)
        await pilot.press("s")  # and the sick call is for EF
        await pilot.pause()
        assert app.screen.query_one("#carer", Select).value == ids["EF"]
        await pilot.press("escape", "slash", *"olsen", "enter")
        await pilot.pause()
        assert screen.view.selected == ids["v3"]  # Hr. Olsen's first visit, 08:00 with CD
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert "Intet fundet for 'zzz'" in screen_text(app)


async def test_the_coach_never_opens_a_form_that_writes(team) -> None:  # noqa: ANN001
    store, ids = team
    path = store.path
    store.close()
    before = path.read_bytes()
    coach = Store.open_sqlite(path, readonly=True)
    app = app_for(coach, actor="KC", role=Role.COACH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TriageListScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Nyt notat" not in footer and "tavlen" not in footer
        await pilot.press("t", "p", "space", "down")
        await pilot.pause()
        assert isinstance(app.screen, TriageListScreen)
    coach.close()
    assert path.read_bytes() == before


def test_a_draft_needs_the_right_to_write_notes(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session, pytest.raises(DomainError):
        save_draft(
            session,
            citizen_id=ids["jensen"],
            author="KC",
            data={"colour": "RED"},
            now=NOW,
            user=User("KC", Role.COACH),
        )
    with store.session() as session:
        assert session.scalars(select(TriageDraft)).all() == []


async def test_the_palette_speaks_danish(team) -> None:  # noqa: ANN001
    store, _ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Tema" in titles and "Afslut" in titles
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Søg efter kommandoer" in screen_text(app)


def test_dates_read_naturally_in_each_language() -> None:
    assert long_date(DAY) == "mandag 2. marts 2026"
    set_language("en")
    assert long_date(DAY) == "Monday 2 March 2026"


async def test_a_colleagues_change_during_a_rebuild_is_shown_after_it(team) -> None:  # noqa: ANN001
    """The poll used to query the side panel while the board was being recomposed."""
    import asyncio

    from kaffefoerst.store.moves import Placement, move_visit

    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = board(app)
        await pilot.pause()
        rebuild = asyncio.create_task(screen.reload())
        for _ in range(1000):  # until the old rows and panel are gone, the new not yet there
            await asyncio.sleep(0)
            if not screen.query("#panel"):
                break
        assert not screen.query("#panel")
        with store.session() as session:
            move_visit(
                session,
                visit_id=ids["v4"],
                target=Placement(ids["CD"], hm("10:00")),
                expected_version=1,
                actor="LP",
                now=NOW,
            )
        screen.poll_changes()  # mid-rebuild: waits for the next tick instead of crashing
        await rebuild
        screen.poll_changes()
        await pilot.pause()
        assert screen.view.plan.visits[ids["v4"]].carer_id == ids["CD"]
        assert screen.query_one("#panel")  # the board is whole


async def test_names_with_markup_characters_are_shown_as_they_are(tmp_path) -> None:  # noqa: ANN001
    """A '[' in a name is data: every screen shows it and none reads it as markup."""
    from kaffefoerst.model import Citizen

    store = Store.open_sqlite(tmp_path / "odd.db")
    with store.session() as session:
        b = TeamBuilder(session)
        nord = b.team("Nord")
        aa = b.carer("AA", nord)
        citizen = b.citizen("[/]Sø[b]", nord, contacts=(aa,))
        session.get(Citizen, citizen).name = "Fru [bold]Søren[/] [/x]"
        b.visit(citizen, "09:00", 30, aa)
        session.commit()
    app = app_for(store, actor="AA")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "Fru [bold]Søren[/] [/x]" in screen_text(app)  # the side panel
        for keys, shown in (
            (("t",), "Søren[/]"),
            (("m",), "[/]Sø[b]"),
            (("p",), "[/]Sø[b]"),
            (("slash", "S", "ø"), "Søren[/]"),
            (("l",), ""),
            (("M",), ""),
        ):
            await pilot.press(*keys)
            await pilot.pause()
            assert shown in screen_text(app), keys
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen), keys
    store.close()


async def test_the_planner_sees_a_log_in_lock_as_it_happens(team) -> None:  # noqa: ANN001
    """Five wrong PINs in a browser tab lock those initials; the planner's board says so (and
    a log-in try alone does not reload the day)."""
    from datetime import timedelta

    from kaffefoerst.store.login import log_in
    from tests.test_login_lock import Checker

    store, _ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = board(app)
        await pilot.pause()
        plan_before = screen.view.plan
        for i in range(5):
            log_in(store, "cd", "10.0.0.7", NOW + timedelta(seconds=i), Checker(False))
        screen.poll_changes()
        await pilot.pause()
        assert "Log-in for CD er spærret i 15 minutter" in screen_text(app)
        assert screen.view.plan is plan_before
