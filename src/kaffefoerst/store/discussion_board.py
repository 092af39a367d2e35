"""The discussion board: citizens to talk about at the next morning meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.model import BoardItem, Citizen
from kaffefoerst.store.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class BoardItemView:
    id: int
    citizen_id: int
    short_name: str
    reason: str
    added_by: str
    for_day: date


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
