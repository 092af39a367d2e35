"""Storing covers: who covers for whom, from where, who decided and when. All or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.domain.roles import User
from kaffefoerst.enums import CoverSource, TeamRole
from kaffefoerst.model import Absence, Carer, Cover, Visit
from kaffefoerst.store.placement import Placement, last_actor
from kaffefoerst.store.role_turns import roles_on
from kaffefoerst.store.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class CoverDecision:
    visit_id: int
    version: int  # as the planner saw it; a colleague's change since refuses the whole accept
    carer_id: int | None  # None: leave uncovered, or (source REQUEST) ask the partner team
    source: CoverSource
    start_min: int | None = None  # a new start inside the visit's window, else as planned


def absence_for(session: Session, carer_id: int | None, visit: Visit) -> Absence | None:
    if carer_id is None:
        return None
    return session.scalar(
        select(Absence).where(
            Absence.carer_id == carer_id,
            Absence.from_day <= visit.day,
            Absence.to_day >= visit.day,
        )
    )


def source_of(session: Session, absence: Absence, carer_id: int, day: date) -> CoverSource:
    """Measured against the absent carer's team: theirs is the puzzle being solved."""
    carer = session.get(Carer, carer_id)
    absent = session.get(Carer, absence.carer_id)
    if carer is None or absent is None:
        raise DomainError("move.unknown_visit", visit=absence.id)
    if carer.on_call_substitute:
        return CoverSource.SUBSTITUTE
    if carer.team_id == absent.team_id:
        standby = roles_on(session, day).get(TeamRole.STANDBY, ())
        return CoverSource.STANDBY if carer_id in standby else CoverSource.OWN_TEAM
    # Any other team helping out counts as partner-team help (the reports name no other source).
    return CoverSource.PARTNER_TEAM


def _record(
    session: Session,
    visit: Visit,
    absence: Absence,
    carer_id: int | None,
    source: CoverSource,
    actor: str,
    now: datetime,
) -> None:
    assert visit.id is not None and absence.id is not None
    session.add(
        Cover(
            visit_id=visit.id,
            absence_id=absence.id,
            absent_carer_id=absence.carer_id,
            carer_id=carer_id,
            source=source,
            decided_by=actor,
            decided_at=now.astimezone(UTC),
        )
    )


def record_if_absent(
    session: Session,
    visit_id: int,
    before: Placement,
    after: Placement,
    actor: str,
    now: datetime,
) -> None:
    """A plain move away from an absent carer is a cover too, so it is recorded as one."""
    visit = session.get(Visit, visit_id)
    if visit is None or after.carer_id is None or after.carer_id == before.carer_id:
        return  # unassigned, or only a new time on the absent carer's route: no cover
    absence = absence_for(session, before.carer_id, visit)
    if absence is not None:
        _record(
            session,
            visit,
            absence,
            after.carer_id,
            source_of(session, absence, after.carer_id, visit.day),
            actor,
            now,
        )


def accept_cover(
    session: Session,
    decisions: list[CoverDecision],
    *,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> int:
    """Store every decision or none: a stale visit or a carer no longer away refuses all."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="cover") as work:
        for d in decisions:
            visit = session.get(Visit, d.visit_id)
            if visit is None:
                raise DomainError("move.unknown_visit", visit=d.visit_id)
            if visit.version != d.version:
                raise StaleVisit(d.visit_id, last_actor(session, d.visit_id))
            absence = absence_for(session, visit.carer_id, visit)
            second = absence is None  # the one away may be the second carer of two
            if second:
                absence = absence_for(session, visit.second_carer_id, visit)
            if absence is None:
                raise DomainError("cover.not_absent", visit=d.visit_id)
            absent_slot = visit.second_carer_id if second else visit.carer_id
            before = Placement(absent_slot, visit.start_min)
            after = before
            if d.carer_id is not None:
                start = visit.start_min if d.start_min is None or second else d.start_min
                after = Placement(d.carer_id, start)
                if second:
                    work.place_second(d.visit_id, d.version, d.carer_id)
                else:
                    work.place(d.visit_id, d.version, after)
            _record(session, visit, absence, d.carer_id, d.source, actor, now)
            work.audit(
                AuditAction.COVER,
                "visit",
                d.visit_id,
                before=before.as_json(),
                after=after.as_json(),
                reason=json.dumps({"source": d.source.value, "for": absence.carer_id}),
            )
    return len(decisions)
