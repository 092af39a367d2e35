"""Decisions in the meeting, by keys: ⏎ on a board item opens the decision, which needs a
named responsible; the next meeting shows the follow-up due and closes it only with an outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.model import Decision
from kaffefoerst.store.decisions import decide
from kaffefoerst.store.discussion_board import put_on_board
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.decision import DecisionScreen, OutcomeScreen
from kaffefoerst.ui.screens.meeting import MeetingScreen
from tests.builders import DAY
from tests.screen import screen_text

SIZE = (200, 50)
NOW = datetime(2026, 3, 2, 6, 3, tzinfo=UTC)


def _item(store, ids) -> int:  # noqa: ANN001
    with store.session() as session:
        return put_on_board(
            session, citizen_id=ids["olsen"], reason="uro om aftenen", for_day=DAY,
            actor="CD", now=NOW - timedelta(hours=9),
        )  # fmt: skip


async def _to_discussion(app, pilot) -> None:  # noqa: ANN001
    await pilot.press("M")
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)
    await pilot.press("4")
    await pilot.pause()
    assert app.focused is not None and app.focused.id == "discussion"


async def test_a_board_item_is_closed_with_a_named_responsible(team) -> None:  # noqa: ANN001
    store, ids = team
    _item(store, ids)
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="AB")
    async with app.run_test(size=SIZE) as pilot:
        await _to_discussion(app, pilot)
        assert "På tavlen: Hr. Olsen – uro om aftenen (CD)" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press(*"CD ringer til datteren")
        await pilot.press("ctrl+s")  # no responsible yet: refused, nothing stored
        await pilot.pause()
        assert "vælg en navngiven ansvarlig" in screen_text(app)
        app.screen.query_one("#responsible").value = ids["CD"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "Hr. Olsen" not in screen_text(app)  # decided: off the board
    with store.session() as session:
        [d] = session.scalars(select(Decision)).all()
    assert (d.decision, d.responsible_id, d.follow_up) == (
        "CD ringer til datteren",
        ids["CD"],
        DAY + timedelta(days=2),
    )


async def test_the_follow_up_due_shows_and_closes_only_with_an_outcome(team) -> None:  # noqa: ANN001
    store, ids = team
    item = _item(store, ids)
    with store.session() as session:
        decide(
            session, board_item_id=item, decision="CD ringer til datteren",
            responsible_id=ids["CD"], follow_up=DAY + timedelta(days=2), today=DAY,
            meeting_id=None, actor="AB", now=NOW, user=User("AB", Role.PLANNER, ids["AB"]),
        )  # fmt: skip
    later = DAY + timedelta(days=2)
    app = make_app(store, today=later, clock=lambda: NOW + timedelta(days=2), actor="AB")
    async with app.run_test(size=SIZE) as pilot:
        await _to_discussion(app, pilot)
        assert "Opfølgning: Hr. Olsen – CD ringer til datteren · ansvarlig CD Carer CD" in (
            screen_text(app)
        )
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "lukkes kun med hvad der kom ud af den" in screen_text(app)
        await pilot.press(*"datteren kommer hver aften", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "Opfølgning: Hr. Olsen" not in screen_text(app)
    with store.session() as session:
        [d] = session.scalars(select(Decision)).all()
    assert (d.outcome, d.outcome_by) == ("datteren kommer hver aften", "AB")
