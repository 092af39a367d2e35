"""The evening board's inbox, driven by keys: the meeting writes, the evening carer marks read
and answers from the evening board, and the next morning's meeting reads it out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import Profession, ShiftKind
from kaffefoerst.model import Message, Shift
from kaffefoerst.store.inbox import reply_to
from kaffefoerst.store.shift_messages import write_message
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.inbox import InboxScreen
from kaffefoerst.ui.screens.meeting import MeetingScreen
from tests.builders import DAY, TeamBuilder
from tests.screen import screen_text

SIZE = (200, 50)
MEETING = datetime(2026, 3, 2, 6, 10, tzinfo=UTC)


def _evening(store, ids) -> None:  # noqa: ANN001
    with store.session() as session:
        b = TeamBuilder(session)
        ids["KL"] = b.carer("KL", ids["nord"], Profession.SSA, on_shift=None)
        session.add(
            Shift(carer_id=ids["KL"], day=DAY, kind=ShiftKind.EVENING, start_min=900, end_min=1380)
        )
        b.carer("AB2", ids["nord"], on_shift=DAY + timedelta(days=1))  # tomorrow exists
        session.commit()
        ids["msg"] = write_message(
            session,
            day=DAY,
            recipient="EVENING",
            text="væskeskema, tilbyd saft",
            citizen_id=ids["jensen"],
            actor="AB",
            now=MEETING,
        )


async def test_the_evening_carer_reads_and_answers_from_the_evening_board(team) -> None:  # noqa: ANN001
    store, ids = team
    _evening(store, ids)
    evening = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)
    app = make_app(store, today=DAY, clock=lambda: evening, actor="KL", role=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert "Beskeder til aftenvagten: 1, heraf ulæste: 1" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert "[ ] Fru Jensen: væskeskema, tilbyd saft — AB · ikke læst" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "[✓] Fru Jensen" in screen_text(app) and "læst af KL" in screen_text(app)
        await pilot.press("a")
        await pilot.press(*"drak 3 glas")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Beskeder til aftenvagten: 1, heraf ulæste: 0" in screen_text(app)
    with store.session() as session:
        msg = session.get(Message, ids["msg"])
        [reply] = session.scalars(select(Message).where(Message.reply_to_id == ids["msg"])).all()
    assert msg.read_by == "KL" and (reply.author, reply.text) == ("KL", "drak 3 glas")


async def test_the_day_shift_cannot_mark_the_evening_inbox_read(team) -> None:  # noqa: ANN001
    store, ids = team
    _evening(store, ids)
    app = make_app(store, today=DAY, clock=lambda: MEETING, actor="AB")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "ikke læst" in screen_text(app)
    with store.session() as session:
        assert session.get(Message, ids["msg"]).read_by == ""


async def test_the_next_morning_shows_what_the_evening_shift_read_and_answered(team) -> None:  # noqa: ANN001
    store, ids = team
    _evening(store, ids)
    with store.session() as session:
        kl = User("KL", Role.MEMBER, ids["KL"])
        evening = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
        reply_to(session, message_id=ids["msg"], text="drak godt", actor="KL", now=evening, user=kl)
    tomorrow = DAY + timedelta(days=1)
    morning = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)
    app = make_app(store, today=tomorrow, clock=lambda: morning, actor="AB")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("2")  # Ændringer siden i går
        await pilot.pause()
        shot = screen_text(app)
        assert "Beskeder til aftenvagten i går" in shot
        assert "[✓] Fru Jensen: væskeskema, tilbyd saft — AB · læst af KL" in shot
        assert "svar fra KL: drak godt" in shot
