"""Moving a visit and undoing one's own last change: one transaction each, with its audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.domain.roles import User
from kaffefoerst.model import AuditEvent, Visit
from kaffefoerst.store.covers import record_if_absent
from kaffefoerst.store.placement import Placement, last_actor
from kaffefoerst.store.unit_of_work import unit_of_work

UNDOABLE = (AuditAction.MOVE,)


@dataclass(frozen=True, slots=True)
class MoveDone:
    visit_id: int
    before: Placement
    after: Placement
    version: int
    audit_id: int


def move_visit(
    session: Session,
    *,
    visit_id: int,
    target: Placement,
    expected_version: int,
    actor: str,
    now: datetime,
    reason: str = "",
    user: User | None = None,
) -> MoveDone:
    """``user`` None is the system itself (import, benchmarks); the UI always passes one."""
    if not 0 <= target.start_min < 24 * 60:
        raise DomainError("move.bad_time")
    with unit_of_work(session, actor=actor, now=now, user=user, right="move") as work:
        if user is not None:
            current = session.scalar(select(Visit.carer_id).where(Visit.id == visit_id))
            user.require_move(current, target.carer_id)
        before, version = work.place(visit_id, expected_version, target)
        record_if_absent(session, visit_id, before, target, actor, now)
        event = work.audit(
            AuditAction.MOVE,
            "visit",
            visit_id,
            before=before.as_json(),
            after=target.as_json(),
            reason=reason,
        )
    assert event.id is not None
    return MoveDone(visit_id, before, target, version, event.id)


def last_undoable(session: Session, actor: str) -> AuditEvent | None:
    """The actor's newest change that nobody has undone yet."""
    undone = select(AuditEvent.undoes_id).where(AuditEvent.undoes_id.is_not(None))
    return session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.actor == actor,
            AuditEvent.action.in_(UNDOABLE),
            AuditEvent.id.not_in(undone),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def undo_last(session: Session, *, actor: str, now: datetime, user: User | None = None) -> MoveDone:
    """Put back the actor's own last change, unless someone changed the visit since."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="undo") as work:
        event = last_undoable(session, actor)
        if event is None:
            raise DomainError("undo.nothing")
        after = Placement.from_json(event.after)
        back = Placement.from_json(event.before)
        current = session.execute(
            select(Visit.carer_id, Visit.start_min, Visit.version).where(
                Visit.id == event.entity_id
            )
        ).first()
        if current is None:
            raise DomainError("move.unknown_visit", visit=event.entity_id)
        if Placement(current.carer_id, current.start_min) != after:
            raise StaleVisit(event.entity_id, last_actor(session, event.entity_id))
        _, new_version = work.place(event.entity_id, current.version, back)
        undo = work.audit(
            AuditAction.UNDO,
            "visit",
            event.entity_id,
            before=after.as_json(),
            after=back.as_json(),
            undoes_id=event.id,
        )
    assert undo.id is not None
    return MoveDone(event.entity_id, after, back, new_version, undo.id)
