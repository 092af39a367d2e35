"""What other screens changed: the newest audit id is a cheap marker to poll, and the events
after it say who did what, so a notice can name them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import RESTORED
from kaffefoerst.model import AuditEvent


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    id: int
    actor: str
    action: str
    entity: str
    entity_id: int
    after: dict[str, object]


def went_back(newest: int, seen: int) -> ChangeEvent:
    """The audit log ends before what was seen: the file was restored from a backup (or
    replaced). Everything on screen is from another time: reload all of it."""
    return ChangeEvent(newest, "", RESTORED, "database", 0, {"seen": seen})


def latest_change(session: Session) -> int:
    """The newest audit id (0 for none): one index lookup, cheap enough to ask twice a second."""
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def changes_after(session: Session, audit_id: int, limit: int = 200) -> list[ChangeEvent]:
    rows = session.execute(
        select(
            AuditEvent.id,
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.entity,
            AuditEvent.entity_id,
            AuditEvent.after,
        )
        .where(AuditEvent.id > audit_id)
        .order_by(AuditEvent.id)
        .limit(limit)
    )
    return [
        ChangeEvent(r.id, r.actor, r.action, r.entity, r.entity_id, json.loads(r.after))
        for r in rows
    ]
