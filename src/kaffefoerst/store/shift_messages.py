"""Written messages to the next shift (the evening has no overlap with the day), to the nurse,
the visitation or relatives, left at the morning meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.model import Citizen, Message
from kaffefoerst.store.unit_of_work import unit_of_work

RECIPIENTS = ("EVENING", "NURSE", "VISITATION", "RELATIVES")


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    recipient: str
    citizen: str
    text: str
    author: str
    created_at: datetime


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
