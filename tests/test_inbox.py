"""The evening shift's inbox: its carers mark messages read (audited) and answer them; nobody
else may; the next morning sees what was read and answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import Profession, ShiftKind
from kaffefoerst.io.minutes import minutes_markdown
from kaffefoerst.locale import t
from kaffefoerst.model import AuditEvent, Message, Shift
from kaffefoerst.store.inbox import evening_inbox, mark_read, reply_to
from kaffefoerst.store.meetings import end_meeting, start_meeting
from kaffefoerst.store.shift_messages import write_message
from tests.builders import DAY, TeamBuilder

MEETING = datetime(2026, 3, 2, 6, 10, tzinfo=UTC)
EVENING = datetime(2026, 3, 2, 15, 5, tzinfo=UTC)


def _evening_team(store, ids):  # noqa: ANN001, ANN202
    """KL works the evening; AB (planner) writes to the evening shift at the meeting."""
    with store.session() as session:
        b = TeamBuilder(session)
        ids["KL"] = b.carer("KL", ids["nord"], Profession.SSA, on_shift=None)
        session.add(
            Shift(carer_id=ids["KL"], day=DAY, kind=ShiftKind.EVENING, start_min=900, end_min=1380)
        )
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
    return User("KL", Role.MEMBER, ids["KL"]), User("AB", Role.PLANNER, ids["AB"])


def test_an_evening_carer_marks_a_message_read_once_and_it_is_audited(team) -> None:  # noqa: ANN001
    store, ids = team
    kl, _ = _evening_team(store, ids)
    with store.session() as session:
        assert mark_read(session, message_id=ids["msg"], actor="KL", now=EVENING, user=kl)
        later = EVENING + timedelta(hours=1)
        assert not mark_read(session, message_id=ids["msg"], actor="KL", now=later, user=kl)
        [inbox] = evening_inbox(session, DAY)
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.MESSAGE_READ)
        ).all()
    assert (inbox.read_by, inbox.read_at) == ("KL", EVENING)
    assert [(e.actor, e.entity_id) for e in reads] == [("KL", ids["msg"])]


@pytest.mark.parametrize("who", ["AB", "CD", "coach"])
def test_only_the_evening_shift_marks_its_messages_read(team, who) -> None:  # noqa: ANN001
    store, ids = team
    _evening_team(store, ids)
    user = User("KC", Role.COACH) if who == "coach" else User(who, Role.PLANNER, ids[who])
    with store.session() as session, pytest.raises(DomainError):
        mark_read(session, message_id=ids["msg"], actor=user.initials, now=EVENING, user=user)
    with store.session() as session:
        assert session.get(Message, ids["msg"]).read_by == ""


def test_a_reply_reaches_the_next_morning_and_says_it_was_read(team) -> None:  # noqa: ANN001
    store, ids = team
    kl, _ = _evening_team(store, ids)
    with store.session() as session:
        with pytest.raises(DomainError):
            reply_to(session, message_id=ids["msg"], text="  ", actor="KL", now=EVENING, user=kl)
        reply_to(
            session,
            message_id=ids["msg"],
            text="Drak 3 glas saft, skema udfyldt",
            actor="KL",
            now=EVENING,
            user=kl,
        )
        # The next morning reads yesterday's messages to the evening shift.
        [seen] = evening_inbox(session, DAY)
    assert seen.read_by == "KL"
    assert [(r.author, r.text) for r in seen.replies] == [("KL", "Drak 3 glas saft, skema udfyldt")]
    assert seen.citizen == "Fru Jensen"


def test_the_next_mornings_minutes_say_what_the_evening_shift_read_and_answered(team) -> None:  # noqa: ANN001
    store, ids = team
    kl, _ = _evening_team(store, ids)
    with store.session() as session:
        write_message(
            session, day=DAY, recipient="EVENING", text="ring til lægen", actor="AB", now=MEETING
        )
        reply_to(session, message_id=ids["msg"], text="drak godt", actor="KL", now=EVENING, user=kl)
        tomorrow = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
        meeting_id = start_meeting(session, day=DAY + timedelta(days=1), actor="AB", now=tomorrow)
        minutes = end_meeting(session, meeting_id=meeting_id, now=tomorrow + timedelta(minutes=12))
    section = minutes_markdown(minutes, t).split("## Beskeder til aftenvagten i går\n")[1]
    lines = section.split("\n\n")[0].splitlines()
    assert lines[0].startswith("- [✓] Fru Jensen: væskeskema, tilbyd saft — AB · læst af KL kl. ")
    assert lines[1] == "  - svar fra KL: drak godt"
    assert lines[2] == "- [ ] ring til lægen — AB · ikke læst"
