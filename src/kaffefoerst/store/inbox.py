"""The evening shift's inbox: messages to it, marked read by its carers, and their replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.inbox import DAY, EVENING, require_evening_carer
from kaffefoerst.domain.roles import User
from kaffefoerst.enums import ShiftKind
from kaffefoerst.model import Citizen, Message, Shift
from kaffefoerst.store.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class Reply:
    id: int
    text: str
    author: str
    created_at: datetime  # UTC


@dataclass(frozen=True, slots=True)
class InboxMessage:
    id: int
    day: date
    citizen: str
    text: str
    author: str
    created_at: datetime  # UTC
    read_by: str  # empty: not read yet
    read_at: datetime | None  # UTC
    replies: tuple[Reply, ...]

    def as_row(self) -> dict[str, object]:
        """As the minutes keep it (JSON): the next morning's account of the evening's inbox."""
        return {
            "citizen": self.citizen,
            "text": self.text,
            "author": self.author,
            "read_by": self.read_by,
            "read_at": self.read_at.isoformat() if self.read_at else None,
            "replies": [{"author": r.author, "text": r.text} for r in self.replies],
        }


def _utc(at: datetime | None) -> datetime | None:
    return None if at is None else at.replace(tzinfo=UTC) if at.tzinfo is None else at


def evening_inbox(session: Session, first: date, last: date | None = None) -> list[InboxMessage]:
    """Messages to the evening shift written for ``first`` … ``last``, with their replies."""
    last = last or first
    found = session.execute(
        select(Message, Citizen.short_name)
        .outerjoin(Citizen, Citizen.id == Message.citizen_id)
        .where(Message.recipient == EVENING, Message.day >= first, Message.day <= last)
        .order_by(Message.day, Message.id)
    ).all()
    ids = [m.id for m, _ in found]
    replies: dict[int, list[Reply]] = {}
    for r in session.scalars(
        select(Message).where(Message.reply_to_id.in_(ids)).order_by(Message.id)
    ):
        assert r.id is not None and r.reply_to_id is not None
        replies.setdefault(r.reply_to_id, []).append(
            Reply(r.id, r.text, r.author, _utc(r.created_at))  # type: ignore[arg-type]
        )
    return [
        InboxMessage(
            m.id,
            m.day,
            name or "",
            m.text,
            m.author,
            _utc(m.created_at),  # type: ignore[arg-type]
            m.read_by,
            _utc(m.read_at),
            tuple(replies.get(m.id, ())),
        )
        for m, name in found
    ]


def evening_carers(session: Session, day: date) -> set[int]:
    return set(
        session.scalars(
            select(Shift.carer_id).where(Shift.day == day, Shift.kind == ShiftKind.EVENING)
        )
    )


def _message_to_evening(session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id)
    if message is None or message.recipient != EVENING:
        raise DomainError("inbox.unknown")
    return message


def mark_read(session: Session, *, message_id: int, actor: str, now: datetime, user: User) -> bool:
    """The evening carer has read it. False when it was read already (the first read counts)."""
    with unit_of_work(session, actor=actor, now=now) as work:
        message = _message_to_evening(session, message_id)
        require_evening_carer(user, evening_carers(session, message.day))
        if message.read_by:
            return False
        message.read_by = user.initials
        message.read_at = now.astimezone(UTC)
        session.add(message)
        work.audit(
            AuditAction.MESSAGE_READ, "message", message_id, after={"read_by": user.initials}
        )
    return True


def reply_to(
    session: Session, *, message_id: int, text: str, actor: str, now: datetime, user: User
) -> int:
    """The evening shift answers the day shift; answering says it was read, too."""
    with unit_of_work(session, actor=actor, now=now) as work:
        message = _message_to_evening(session, message_id)
        require_evening_carer(user, evening_carers(session, message.day))
        if not text.strip():
            raise DomainError("message.empty")
        answer = Message(
            day=message.day,
            recipient=DAY,
            citizen_id=message.citizen_id,
            text=text.strip(),
            author=user.initials,
            created_at=now.astimezone(UTC),
            reply_to_id=message_id,
        )
        session.add(answer)
        if not message.read_by:
            message.read_by = user.initials
            message.read_at = now.astimezone(UTC)
            session.add(message)
        session.flush()
        assert answer.id is not None
        work.audit(
            AuditAction.MESSAGE, "message", answer.id, after={"to": DAY, "reply_to": message_id}
        )
    return answer.id
