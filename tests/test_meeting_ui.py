"""The meeting screen, driven by keys: attendance kept through leaving and coming back, one key
to tick, digits that switch steps after a message, and F10 asking first about loose ends."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from textual.widgets import ContentSwitcher, Input

from kaffefoerst.enums import AbsenceKind
from kaffefoerst.model import Absence, Meeting, MeetingAttendance, Message
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.meeting import MeetingScreen
from kaffefoerst.ui.screens.minutes import MinutesScreen
from tests.builders import DAY
from tests.screen import screen_text
from tests.test_meeting_acceptance import local, morning_team

SIZE = (200, 50)
NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


def app_for(store, clock=lambda: NOW, actor="MH"):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=clock, actor=actor, theme="kaffe")


def rows(store, table):  # noqa: ANN001, ANN201
    with store.session() as session:
        return session.scalars(select(table)).all()


def line_of(app, initials: str) -> str:  # noqa: ANN001
    """The attendance line of one person, as on the screen."""
    [line] = [x for x in screen_text(app).splitlines() if f"] {initials} " in x]
    return line


async def open_meeting(app, pilot) -> None:  # noqa: ANN001
    await pilot.press("M")
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)


async def test_unticked_stays_unticked_after_esc_and_m_and_is_stored(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(app, pilot)
        assert app.focused is not None and app.focused.id == "present"  # no Tab needed
        assert "[✓] AB" in line_of(app, "AB") and "til stede" in line_of(app, "AB")
        await pilot.press("down", "space")  # one key: CD did not come
        assert "[ ] CD" in line_of(app, "CD") and "ikke til stede" in line_of(app, "CD")
        assert "[✓] AB" in line_of(app, "AB")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await open_meeting(app, pilot)
        assert "[ ] CD" in line_of(app, "CD")
        await pilot.press("4", "1")  # through another step and back
        assert app.screen.query_one(ContentSwitcher).current == "attendance"
        assert "[ ] CD" in line_of(app, "CD")
        assert "[✓] EF" in line_of(app, "EF")
    [row] = rows(store, MeetingAttendance)
    assert (row.carer_id, row.present, row.changed_by) == (ids["CD"], False, "MH")


async def test_enter_ticks_again_and_the_minutes_use_what_is_stored(team, tmp_path) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(app, pilot)
        await pilot.press("space", "down", "space", "up", "enter")  # AB off, CD off, AB on
        assert "[✓] AB" in line_of(app, "AB") and "[ ] CD" in line_of(app, "CD")
        app.screen.action_end()
        await pilot.pause()
        await pilot.press("j")  # the unassigned visit is a loose end: end anyway
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    [meeting] = rows(store, Meeting)
    minutes = json.loads(meeting.minutes)
    assert minutes["attendance"] == ["AB", "EF"]
    assert [p["carer"] for p in minutes["not_present"]] == ["CD"]


async def test_a_called_in_substitute_is_not_ticked_and_the_sick_call_is_a_change(
    tmp_path: Path,
) -> None:
    store, _ = morning_team(tmp_path / "morning.db")
    app = app_for(store, clock=lambda: local("07:03"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_meeting(app, pilot)
            vk = line_of(app, "VK")
            assert "[ ] VK" in vk and "tilkaldt fra 11:07" in vk
            assert "[✓] LP" in line_of(app, "LP")
            assert "] TJ " not in screen_text(app)  # sick: not on the list
            assert "TJ er syg" in screen_text(app)
            await pilot.press("2")
            assert "meldte fravær for TJ (syg)" in screen_text(app)
    finally:
        store.close()


async def test_after_a_message_digits_switch_steps_again(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(app, pilot)
        await pilot.press("5")
        field = app.screen.query_one("#message", Input)
        assert app.focused is field
        await pilot.press(*"Husk 2 glas vand", "enter")
        await pilot.pause()
        assert app.focused is not field
        await pilot.press("2")
        assert app.screen.query_one(ContentSwitcher).current == "changes"
        assert field.value == ""
        await pilot.press("5")  # a new message starts with the same key
        assert app.focused is field
    assert [m.text for m in rows(store, Message)] == ["Husk 2 glas vand"]


async def test_f10_names_the_loose_ends_and_still_lets_the_meeting_end(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        session.add(
            Absence(
                carer_id=ids["CD"],
                from_day=DAY,
                to_day=DAY,
                kind=AbsenceKind.SICK,
                reported_at=NOW,
                reported_by="MH",
            )
        )
        session.commit()
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(app, pilot)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shot = screen_text(app)
        assert "1 besøg er stadig Ikke fordelt og 1 Mangler dækning." in shot
        assert "Ja, afslut (j)" in shot
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert rows(store, Meeting)[0].ended_at is None
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        assert "0,0 min" in screen_text(app)  # the list, with a Danish decimal comma
    assert rows(store, Meeting)[0].ended_at is not None


async def test_f10_without_loose_ends_ends_at_once(team) -> None:  # noqa: ANN001
    from kaffefoerst.store.moves import Placement, move_visit

    store, ids = team
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v4"],
            target=Placement(ids["CD"], 600),
            expected_version=1,
            actor="MH",
            now=NOW,
        )
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_meeting(app, pilot)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert rows(store, Meeting)[0].ended_at is not None
