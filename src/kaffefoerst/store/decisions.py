"""The meeting's decisions on discussion items and their follow-ups (domain/decisions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.decisions import check_decision, check_outcome
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.model import BoardItem, Carer, Citizen, Decision
from kaffefoerst.store.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: int
    citizen: str
    reason: str  # why the citizen was on the board
    decision: str
    responsible: str  # initials
    responsible_name: str
    follow_up: date
    decided_by: str
    outcome: str
    outcome_by: str

    def as_row(self) -> dict[str, object]:
        """As the minutes keep it (JSON)."""
        return {
            "citizen": self.citizen,
            "reason": self.reason,
            "decision": self.decision,
            "responsible": self.responsible,
            "responsible_name": self.responsible_name,
            "follow_up": self.follow_up.isoformat(),
            "by": self.decided_by,
            "outcome": self.outcome,
            "outcome_by": self.outcome_by,
        }


def decide(
    session: Session,
    *,
    board_item_id: int,
    decision: str,
    responsible_id: int | None,
    follow_up: date | None,
    today: date,
    meeting_id: int | None,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> int:
    """Close a discussion item with a decision; the item leaves the board."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="meeting") as work:
        item = session.get(BoardItem, board_item_id)
        if item is None:
            raise DomainError("decisions.unknown_item")
        if session.scalar(select(Decision.id).where(Decision.board_item_id == board_item_id)):
            raise DomainError("decisions.already_decided")
        carers = set(session.scalars(select(Carer.id)))
        check_decision(decision, responsible_id, carers, follow_up, today)
        assert responsible_id is not None and follow_up is not None
        row = Decision(
            board_item_id=board_item_id,
            meeting_id=meeting_id,
            decision=decision.strip(),
            responsible_id=responsible_id,
            follow_up=follow_up,
            decided_by=actor,
            decided_at=now.astimezone(UTC),
        )
        session.add(row)
        if meeting_id is not None:
            item.discussed_in = meeting_id
            session.add(item)
        session.flush()
        assert row.id is not None
        work.audit(
            AuditAction.DECISION,
            "citizen",
            item.citizen_id,
            after={
                "decision": row.id,
                "responsible_id": responsible_id,
                "follow_up": follow_up.isoformat(),
            },
        )
    return row.id


def close_follow_up(
    session: Session,
    *,
    decision_id: int,
    outcome: str,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> None:
    """An open follow-up is closed only with what came of it."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="meeting") as work:
        row = session.get(Decision, decision_id)
        if row is None:
            raise DomainError("decisions.unknown_item")
        if row.outcome:
            raise DomainError("decisions.already_closed")
        check_outcome(outcome)
        row.outcome, row.outcome_by, row.outcome_at = outcome.strip(), actor, now.astimezone(UTC)
        session.add(row)
        item = session.get(BoardItem, row.board_item_id)
        citizen = item.citizen_id if item is not None else 0
        work.audit(AuditAction.FOLLOW_UP, "citizen", citizen, after={"decision": decision_id})


def _views(session: Session, *where: object) -> list[DecisionView]:
    found = session.execute(
        select(Decision, Citizen.short_name, BoardItem.reason, Carer.initials, Carer.name)
        .join(BoardItem, BoardItem.id == Decision.board_item_id)
        .join(Citizen, Citizen.id == BoardItem.citizen_id)
        .join(Carer, Carer.id == Decision.responsible_id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(Decision.follow_up, Decision.id)
    ).all()
    return [
        DecisionView(
            d.id,
            name,
            reason,
            d.decision,
            ini,
            carer,
            d.follow_up,
            d.decided_by,  # type: ignore[arg-type]
            d.outcome,
            d.outcome_by,
        )  # fmt: skip
        for d, name, reason, ini, carer in found
    ]


def follow_ups_due(session: Session, day: date) -> list[DecisionView]:
    """Open follow-ups whose day has come (domain.decisions.is_due, in SQL)."""
    return _views(session, Decision.outcome == "", Decision.follow_up <= day)


def decided_in(session: Session, meeting_id: int) -> list[DecisionView]:
    return _views(session, Decision.meeting_id == meeting_id)


def closed_since(session: Session, since: datetime) -> list[DecisionView]:
    """Follow-ups closed with their outcome since ``since`` (the meeting's start)."""
    return _views(session, Decision.outcome != "", Decision.outcome_at >= since)
