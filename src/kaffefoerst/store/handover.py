"""The discussion board (citizens to talk about) and written messages to the next shift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.model import BoardItem, Citizen, Message
from kaffefoerst.store.unit_of_work import unit_of_work

RECIPIENTS = ("EVENING", "NURSE", "VISITATION", "RELATIVES")


@dataclass(frozen=True, slots=True)
class BoardItemView:
    id: int
    citizen_id: int
    short_name: str
    reason: str
    added_by: str
    for_day: date


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    recipient: str
    citizen: str
    text: str
    author: str
    created_at: datetime


def put_on_board(
    session: Session,
    *,
    citizen_id: int,
    reason: str,
    for_day: date,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> int:
    """Anyone may put a citizen on the board for the next meeting; a reason is required."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="board_item") as work:
        if not reason.strip():
            raise DomainError("board_item.reason_missing")
        if session.get(Citizen, citizen_id) is None:
            raise DomainError("triage.unknown_citizen")
        item = BoardItem(
            citizen_id=citizen_id,
            reason=reason.strip(),
            added_by=actor,
            added_at=now.astimezone(UTC),
            for_day=for_day,
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        work.audit(
            AuditAction.BOARD_ITEM,
            "citizen",
            citizen_id,
            after={"item": item.id, "reason": item.reason},
        )
    return item.id


def board_items(session: Session, day: date) -> list[BoardItemView]:
    """Items for this day's meeting or earlier, not yet discussed."""
    rows = session.execute(
        select(
            BoardItem.id,
            BoardItem.citizen_id,
            Citizen.short_name,
            BoardItem.reason,
            BoardItem.added_by,
            BoardItem.for_day,
        )
        .join(Citizen, Citizen.id == BoardItem.citizen_id)
        .where(BoardItem.for_day <= day, BoardItem.discussed_in.is_(None))
        .order_by(BoardItem.for_day, BoardItem.id)
    )
    return [BoardItemView(*r) for r in rows]


def write_message(
    session: Session,
    *,
    day: date,
    recipient: str,
    text: str,
    actor: str,
    now: datetime,
    citizen_id: int | None = None,
    user: User | None = None,
) -> int:
    with unit_of_work(session, actor=actor, now=now, user=user, right="message") as work:
        if recipient not in RECIPIENTS:
            raise DomainError("message.unknown_recipient")
        if not text.strip():
            raise DomainError("message.empty")
        message = Message(
            day=day,
            recipient=recipient,
            citizen_id=citizen_id,
            text=text.strip(),
            author=actor,
            created_at=now.astimezone(UTC),
        )
        session.add(message)
        session.flush()
        assert message.id is not None
        work.audit(AuditAction.MESSAGE, "message", message.id, after={"to": recipient})
    return message.id


def messages(session: Session, day: date) -> list[MessageView]:
    rows = session.execute(
        select(
            Message.id,
            Message.recipient,
            Citizen.short_name,
            Message.text,
            Message.author,
            Message.created_at,
        )
        .outerjoin(Citizen, Citizen.id == Message.citizen_id)
        .where(Message.day == day)
        .order_by(Message.id)
    )
    return [
        MessageView(r.id, r.recipient, r.short_name or "", r.text, r.author, r.created_at)
        for r in rows
    ]
