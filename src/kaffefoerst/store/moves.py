"""Moving a visit and undoing one's own last change: one transaction each, with its audit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.domain.roles import User
from kaffefoerst.model import AuditEvent, Visit
from kaffefoerst.store.audit import record

UNDOABLE = (AuditAction.MOVE,)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where and when a visit is: the part of a visit a move changes."""

    carer_id: int | None
    start_min: int

    def as_json(self) -> str:
        return json.dumps({"carer_id": self.carer_id, "start_min": self.start_min})

    @classmethod
    def from_json(cls, text: str) -> Placement:
        data = json.loads(text)
        return cls(data["carer_id"], data["start_min"])


@dataclass(frozen=True, slots=True)
class MoveDone:
    visit_id: int
    before: Placement
    after: Placement
    version: int
    audit_id: int


def last_actor(session: Session, visit_id: int) -> str:
    actor = session.scalar(
        select(AuditEvent.actor)
        .where(AuditEvent.entity == "visit", AuditEvent.entity_id == visit_id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return actor or "?"


def place(
    session: Session, visit_id: int, expected_version: int, target: Placement
) -> tuple[Placement, int]:
    """Compare-and-set on the version; returns the placement before and the new version."""
    row = session.execute(
        select(Visit.carer_id, Visit.start_min, Visit.version).where(Visit.id == visit_id)
    ).first()
    if row is None:
        raise DomainError("move.unknown_visit", visit=visit_id)
    if row.version != expected_version:
        raise StaleVisit(visit_id, last_actor(session, visit_id))
    changed = session.execute(
        update(Visit)
        .where(Visit.id == visit_id, Visit.version == expected_version)
        .values(carer_id=target.carer_id, start_min=target.start_min, version=Visit.version + 1)
    )
    if changed.rowcount != 1:  # lost a race between the read and the write
        raise StaleVisit(visit_id, last_actor(session, visit_id))
    return Placement(row.carer_id, row.start_min), expected_version + 1


def place_second(session: Session, visit_id: int, expected_version: int, carer_id: int) -> None:
    """Compare-and-set the second carer of a two-carer visit (cover for them)."""
    changed = session.execute(
        update(Visit)
        .where(Visit.id == visit_id, Visit.version == expected_version)
        .values(second_carer_id=carer_id, version=Visit.version + 1)
    )
    if changed.rowcount != 1:
        raise StaleVisit(visit_id, last_actor(session, visit_id))


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
    if user is not None:
        user.require("move")
        current = session.scalar(select(Visit.carer_id).where(Visit.id == visit_id))
        user.require_move(current, target.carer_id)
    try:
        before, version = place(session, visit_id, expected_version, target)
        from kaffefoerst.store.covers import record_if_absent

        record_if_absent(session, visit_id, before, target, actor, now)
        event = record(
            session,
            actor=actor,
            now=now,
            action=AuditAction.MOVE,
            entity="visit",
            entity_id=visit_id,
            before=before.as_json(),
            after=target.as_json(),
            reason=reason,
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
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
    if user is not None:
        user.require("undo")
    event = last_undoable(session, actor)
    if event is None:
        raise DomainError("undo.nothing")
    after = Placement.from_json(event.after)
    back = Placement.from_json(event.before)
    version = session.scalar(select(Visit.version).where(Visit.id == event.entity_id))
    current = session.execute(
        select(Visit.carer_id, Visit.start_min).where(Visit.id == event.entity_id)
    ).first()
    if version is None or current is None:
        raise DomainError("move.unknown_visit", visit=event.entity_id)
    if Placement(current.carer_id, current.start_min) != after:
        raise StaleVisit(event.entity_id, last_actor(session, event.entity_id))
    try:
        _, new_version = place(session, event.entity_id, version, back)
        undo = record(
            session,
            actor=actor,
            now=now,
            action=AuditAction.UNDO,
            entity="visit",
            entity_id=event.entity_id,
            before=after.as_json(),
            after=back.as_json(),
            undoes_id=event.id,
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    assert undo.id is not None
    return MoveDone(event.entity_id, after, back, new_version, undo.id)
