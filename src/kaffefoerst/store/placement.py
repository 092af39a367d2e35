"""Where and when a visit is, and setting it by compare-and-set on the visit's version: a
colleague's change since the screen was drawn refuses the write instead of being overwritten."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlmodel import Session

from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.model import AuditEvent, Visit


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
