"""Triage capture, the triage list, the discussion board and the meeting, driven by keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from textual.widgets import Input

from kaffefoerst.enums import TriageColour
from kaffefoerst.model import BoardItem, Meeting, Message, TriageDraft, TriageNote
from kaffefoerst.store.triage import NoteInput, save_draft, save_note
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.meeting import MeetingScreen
from kaffefoerst.ui.screens.minutes import MinutesScreen
from kaffefoerst.ui.screens.triage_list import TriageListScreen
from kaffefoerst.ui.screens.triage_note import TriageNoteScreen
from tests.builders import DAY
from tests.screen import screen_text

SIZE = (200, 50)
NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


def app_for(store, clock=lambda: NOW):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=clock, actor="MH", theme="kaffe")


def rows(store, table):  # noqa: ANN001, ANN201
    with store.session() as session:
        return session.scalars(select(table)).all()


def note(store, citizen, colour, observation="", follow=1, responsible="AB"):  # noqa: ANN001, ANN201
    with store.session() as session:
        return save_note(
            session,
            NoteInput(
                citizen,
                colour,
                ("pain",),
                observation,
                "ring",
                responsible,
                DAY + timedelta(days=follow),
            ),
            actor="CD",
            now=NOW,
            today=DAY,
        )


async def test_t_opens_a_note_that_is_drafted_on_every_change(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")  # Fru Jensen's unassigned visit is selected first
        await pilot.pause()
        assert isinstance(app.screen, TriageNoteScreen)
        assert "Triagenotat: Fru Jensen Hansen" in screen_text(app)
        app.screen.query_one("#observation", Input).focus()
        await pilot.press(*"spiser mindre")
        await pilot.pause()
        [draft] = rows(store, TriageDraft)
        assert json.loads(draft.data)["observation"] == "spiser mindre"
        await pilot.press("escape")  # closing keeps the draft
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert len(rows(store, TriageDraft)) == 1
    assert rows(store, TriageNote) == []


async def test_a_draft_comes_back_on_the_next_start(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        save_draft(
            session,
            citizen_id=ids["olsen"],
            author="MH",
            now=NOW,
            data={
                "colour": "YELLOW",
                "points": ["confusion"],
                "tell": [],
                "observation": "forvirret i nat",
                "action": "",
                "responsible": "",
                "follow_up": "",
                "reason": "",
            },
        )
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TriageNoteScreen)
        shot = screen_text(app)
        assert "Kladde gendannet" in shot and "forvirret i nat" in shot


async def test_bad_note_shows_every_problem_and_stores_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#colour").query("RadioButton")[2].value = True  # red
        screen.query_one("#responsible", Input).value = "XY"
        screen.query_one("#follow_up", Input).value = "32-13"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'32-13' er ikke en dato" in screen_text(app)
        screen.query_one("#follow_up", Input).value = "01-03-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        shot = screen_text(app)
        assert "kræver en observation" in shot
        assert "ansvarlige kendes ikke" in shot
        assert "før i dag" in shot
        assert isinstance(app.screen, TriageNoteScreen)
    assert rows(store, TriageNote) == []


async def test_a_yellow_note_is_stored_and_shows_on_the_board(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#colour").query("RadioButton")[1].value = True  # yellow
        for field, value in (
            ("observation", "spiser mindre"),
            ("action", "vej hende"),
            ("responsible", "ab"),
            ("follow_up", "03-03"),
        ):
            screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.view.plan.colours[ids["jensen"]] is TriageColour.YELLOW
        assert "△" in screen_text(app)
    [stored] = rows(store, TriageNote)
    assert (stored.colour, stored.observation, stored.author) == (
        TriageColour.YELLOW,
        "spiser mindre",
        "MH",
    )
    assert stored.follow_up == DAY + timedelta(days=1)
    assert rows(store, TriageDraft) == []


async def test_triage_list_red_first_with_history(team) -> None:  # noqa: ANN001
    store, ids = team
    note(store, ids["olsen"], TriageColour.YELLOW, "smerter i knæ", follow=0)
    note(store, ids["jensen"], TriageColour.YELLOW, "træt")
    note(store, ids["jensen"], TriageColour.RED, "faldet i nat")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TriageListScreen)
        shot = screen_text(app)
        assert shot.index("Fru Jensen") < shot.index("Hr. Olsen")  # red before yellow
        assert "i dag" in shot  # Olsen's follow-up is due today
        await pilot.press("enter")
        await pilot.pause()
        history = screen_text(app)
        assert history.index("faldet i nat") < history.index("træt")  # newest first


def test_triage_list_snapshot(team, snap_compare) -> None:  # noqa: ANN001
    store, ids = team
    note(store, ids["olsen"], TriageColour.YELLOW, "smerter i knæ", follow=0)
    note(store, ids["jensen"], TriageColour.RED, "faldet i nat")
    assert snap_compare(app_for(store), terminal_size=(160, 30), press=["l"])


async def test_p_puts_a_citizen_on_the_board_with_a_reason(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # no reason: refused
        await pilot.pause()
        assert "Skriv hvorfor" in screen_text(app)
        await pilot.press(*"uro om aftenen", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    [item] = rows(store, BoardItem)
    assert (item.citizen_id, item.reason, item.for_day) == (
        ids["jensen"],
        "uro om aftenen",
        DAY + timedelta(days=1),
    )


async def test_meeting_agenda_message_end_and_minutes(team, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    store, ids = team
    monkeypatch.chdir(tmp_path)
    clock = {"now": NOW}
    app = app_for(store, clock=lambda: clock["now"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "Møde 00:00 / 15:00" in screen_text(app)
        await pilot.press("2")
        assert "Ændringer siden i går" in screen_text(app)
        await pilot.press("3")  # distribution is the board; the meeting goes on
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("t")  # a yellow note during the meeting
        await pilot.pause()
        screen = app.screen
        screen.query_one("#colour").query("RadioButton")[1].value = True
        for field, value in (
            ("observation", "spiser mindre"),
            ("responsible", "AB"),
            ("follow_up", "03-03"),
        ):
            screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        clock["now"] = NOW + timedelta(minutes=16)  # over time: the clock warns, nothing blocks
        await pilot.press("M")
        await pilot.pause()
        assert "tiden er gået" in screen_text(app)
        await pilot.press("5")
        await pilot.press(*"ekstra drikke til Fru Jensen", "enter")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("j")  # Fru Jensen's visit is still unassigned: end anyway
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        shot = screen_text(app)
        assert "ekstra drikke til Fru Jensen" in shot
        assert "spiser mindre" in shot
        await pilot.press("x")
        await pilot.pause()
    [meeting] = rows(store, Meeting)
    minutes = json.loads(meeting.minutes)
    assert minutes["duration_min"] == 16.0
    assert [n["citizen"] for n in minutes["triage"]] == ["Fru Jensen"]
    assert [m.text for m in rows(store, Message)] == ["ekstra drikke til Fru Jensen"]
    [exported] = list(tmp_path.glob("referat-*.md"))
    assert exported.stat().st_mode & 0o777 == 0o600
    assert "ekstra drikke til Fru Jensen" in exported.read_text()
