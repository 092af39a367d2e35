"""One unit of work does every write: the right, the change (with the version check where a
writer has one), the audit event, and the commit, or the rollback of all of it.

    with unit_of_work(session, actor=actor, now=now, user=user, right="message") as work:
        session.add(message)
        session.flush()
        work.audit(AuditAction.MESSAGE, "message", message.id, after={"to": recipient})

Leaving the block commits; any exception (a refusal, a stale visit, a database error) rolls
back everything the block did, audit included, and propagates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.roles import User
from kaffefoerst.model import AuditEvent
from kaffefoerst.store import placement
from kaffefoerst.store.placement import Placement
from kaffefoerst.store.write_lock import take_write_lock


def _as_json(value: str | dict[str, object] | None) -> str:
    if value is None:
        return "{}"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Work:
    session: Session
    actor: str
    now: datetime | None  # None: a write that is not audited (a draft being typed)

    def audit(
        self,
        action: AuditAction,
        entity: str,
        entity_id: int,
        *,
        before: str | dict[str, object] | None = None,
        after: str | dict[str, object] | None = None,
        reason: str = "",
        undoes_id: int | None = None,
    ) -> AuditEvent:
        """Who changed what, when (UTC) and why, in this unit's transaction: committed with
        the change it describes. Undo reads it back."""
        assert self.now is not None, "an audited write is stamped with its time"
        event = AuditEvent(
            actor=self.actor,
            at=self.now.astimezone(UTC),
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=_as_json(before),
            after=_as_json(after),
            reason=reason,
            undoes_id=undoes_id,
        )
        self.session.add(event)
        return event

    def place(
        self, visit_id: int, expected_version: int, target: Placement
    ) -> tuple[Placement, int]:
        """Move a visit if its version is still ``expected_version`` (else StaleVisit)."""
        return placement.place(self.session, visit_id, expected_version, target)

    def place_second(self, visit_id: int, expected_version: int, carer_id: int) -> None:
        placement.place_second(self.session, visit_id, expected_version, carer_id)


@contextmanager
def unit_of_work(
    session: Session,
    *,
    actor: str,
    now: datetime | None = None,
    user: User | None = None,
    right: str | None = None,
    locked: bool = False,
) -> Iterator[Work]:
    """``user`` None is the system itself (import, benchmarks); the UI always passes one, and
    ``right`` names what it must be allowed. ``locked`` takes the write lock before the block
    reads anything (counts that must not change before the write, as for log-in tries)."""
    if user is not None and right is not None:
        user.require(right)
    try:
        if locked:
            take_write_lock(session)
        yield Work(session, actor, now)
        session.commit()
    except BaseException:
        session.rollback()
        raise
