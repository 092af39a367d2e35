"""Appending to the audit log: who, when (UTC), what, on which entity, before and after."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.model import AuditEvent


def _text(value: str | dict[str, object] | None) -> str:
    if value is None:
        return "{}"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def record(
    session: Session,
    *,
    actor: str,
    now: datetime,
    action: AuditAction,
    entity: str,
    entity_id: int,
    before: str | dict[str, object] | None = None,
    after: str | dict[str, object] | None = None,
    reason: str = "",
    undoes_id: int | None = None,
) -> AuditEvent:
    """Add the event to the caller's transaction (committed with the change it describes)."""
    event = AuditEvent(
        actor=actor,
        at=now.astimezone(UTC),
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_text(before),
        after=_text(after),
        reason=reason,
        undoes_id=undoes_id,
    )
    session.add(event)
    return event
