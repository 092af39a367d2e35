"""Editing the plan on the board: add or cancel a visit, change its duration, add or pause a
citizen. One transaction each, with its audit event; a refused edit changes nothing.

The team's decisions about a visit (a duration set, a cancellation and why) are kept in
``VisitDecision`` so that a later import can see them and not silently undo them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.domain.plan_edit import (
    CancelReason,
    NewVisit,
    check_citizen,
    check_duration,
    check_pause,
    check_reason,
    check_visit,
)
from kaffefoerst.domain.roles import User
from kaffefoerst.enums import VisitStatus
from kaffefoerst.model import (
    Carer,
    Citizen,
    CitizenPause,
    Service,
    Team,
    Visit,
    VisitDecision,
    VisitService,
)
from kaffefoerst.store.audit import record
from kaffefoerst.store.moves import last_actor


def _commit_or_undo(session: Session) -> None:
    try:
        session.commit()
    except Exception:
        session.rollback()
        raise


def _decide(
    session: Session,
    visit_id: int,
    actor: str,
    now: datetime,
    *,
    duration_min: int | None = None,
    cancel_reason: str | None = None,
) -> None:
    """Keep what the team decided about the visit; later decisions add to earlier ones."""
    row = session.get(VisitDecision, visit_id)
    if row is None:
        row = VisitDecision(visit_id=visit_id, decided_by=actor, decided_at=now.astimezone(UTC))
    if duration_min is not None:
        row.duration_min = duration_min
    if cancel_reason is not None:
        row.cancel_reason = cancel_reason
    row.decided_by, row.decided_at = actor, now.astimezone(UTC)
    session.add(row)


def _current(session: Session, visit_id: int, expected_version: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise DomainError("move.unknown_visit", visit=visit_id)
    if visit.version != expected_version:
        raise StaleVisit(visit_id, last_actor(session, visit_id))
    return visit


def add_visit(
    session: Session, new: NewVisit, *, actor: str, now: datetime, user: User | None = None
) -> int:
    """A visit the team adds for a day (``user`` None: the system itself, as in tests)."""
    if user is not None:
        user.require("plan_edit")
    check_visit(new)
    if session.get(Citizen, new.citizen_id) is None:
        raise DomainError("plan_edit.unknown_citizen", citizen=new.citizen_id)
    if new.carer_id is not None and session.get(Carer, new.carer_id) is None:
        raise DomainError("absence.unknown_carer", carer=new.carer_id)
    known = set(session.scalars(select(Service.id).where(Service.id.in_(new.service_ids))))
    if known != set(new.service_ids):
        raise DomainError("plan_edit.unknown_service")
    try:
        visit = Visit(
            citizen_id=new.citizen_id,
            day=new.day,
            start_min=new.start_min,
            duration_min=new.duration_min,
            window_from_min=new.window_from_min,
            window_to_min=new.window_to_min,
            fixed_time=new.fixed_time,
            carer_id=new.carer_id,
        )
        session.add(visit)
        session.flush()
        assert visit.id is not None
        for service_id in sorted(set(new.service_ids)):
            session.add(VisitService(visit_id=visit.id, service_id=service_id))
        _decide(session, visit.id, actor, now, duration_min=new.duration_min)
        record(
            session,
            actor=actor,
            now=now,
            action=AuditAction.VISIT_ADD,
            entity="visit",
            entity_id=visit.id,
            after={
                "carer_id": new.carer_id,
                "start_min": new.start_min,
                "duration_min": new.duration_min,
                "day": new.day.isoformat(),
            },
        )
        visit_id = visit.id
    except Exception:
        session.rollback()
        raise
    _commit_or_undo(session)
    return visit_id


def cancel_visit(
    session: Session,
    *,
    visit_id: int,
    expected_version: int,
    reason: str,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> int:
    """Cancel one visit with a reason; it stays on the board as cancelled. New version back."""
    if user is not None:
        user.require("plan_edit")
    why = check_reason(reason)
    try:
        visit = _current(session, visit_id, expected_version)
        if visit.status is VisitStatus.CANCELLED:
            raise DomainError("plan_edit.already_cancelled")
        version = _cancel(session, visit, why, actor, now)
    except Exception:
        session.rollback()
        raise
    _commit_or_undo(session)
    return version


def _cancel(
    session: Session,
    visit: Visit,
    why: CancelReason,
    actor: str,
    now: datetime,
    pause_id: int | None = None,
) -> int:
    assert visit.id is not None
    before = {"carer_id": visit.carer_id, "start_min": visit.start_min, "status": visit.status}
    changed = session.execute(
        update(Visit)
        .where(Visit.id == visit.id, Visit.version == visit.version)
        .values(status=VisitStatus.CANCELLED, version=Visit.version + 1)
    )
    if changed.rowcount != 1:
        raise StaleVisit(visit.id, last_actor(session, visit.id))
    _decide(session, visit.id, actor, now, cancel_reason=why.value)
    after: dict[str, object] = {"status": VisitStatus.CANCELLED.value, "reason": why.value}
    if pause_id is not None:
        after["pause_id"] = pause_id
    record(
        session,
        actor=actor,
        now=now,
        action=AuditAction.VISIT_CANCEL,
        entity="visit",
        entity_id=visit.id,
        before={k: str(v) if k == "status" else v for k, v in before.items()},
        after=after,
        reason=why.value,
    )
    return visit.version + 1


def set_duration(
    session: Session,
    *,
    visit_id: int,
    expected_version: int,
    duration_min: int,
    actor: str,
    now: datetime,
    user: User | None = None,
    reason: str = "",
) -> int:
    """The team's duration for one visit, kept against later imports. New version back."""
    check_duration(duration_min)
    try:
        visit = _current(session, visit_id, expected_version)
        if user is not None:
            user.require_duration(
                tuple(c for c in (visit.carer_id, visit.second_carer_id) if c is not None)
            )
        if visit.status is VisitStatus.CANCELLED:
            raise DomainError("plan_edit.already_cancelled")
        if visit.start_min + duration_min > 24 * 60:
            raise DomainError("plan_edit.past_midnight")
        before = visit.duration_min
        changed = session.execute(
            update(Visit)
            .where(Visit.id == visit_id, Visit.version == expected_version)
            .values(duration_min=duration_min, version=Visit.version + 1)
        )
        if changed.rowcount != 1:
            raise StaleVisit(visit_id, last_actor(session, visit_id))
        _decide(session, visit_id, actor, now, duration_min=duration_min)
        record(
            session,
            actor=actor,
            now=now,
            action=AuditAction.VISIT_DURATION,
            entity="visit",
            entity_id=visit_id,
            before={"duration_min": before, "start_min": visit.start_min},
            after={"duration_min": duration_min},
            reason=reason,
        )
    except Exception:
        session.rollback()
        raise
    _commit_or_undo(session)
    return expected_version + 1


def add_citizen(
    session: Session,
    *,
    name: str,
    short_name: str,
    address: str,
    team_id: int,
    actor: str,
    now: datetime,
    area: str = "",
    contact_ids: tuple[int, ...] = (),
    preferred_time: str = "",
    user: User | None = None,
) -> int:
    if user is not None:
        user.require("plan_edit")
    check_citizen(name, short_name, address)
    if session.get(Team, team_id) is None:
        raise DomainError("plan_edit.unknown_team", team=team_id)
    for carer_id in contact_ids:
        if session.get(Carer, carer_id) is None:
            raise DomainError("absence.unknown_carer", carer=carer_id)
    contact1, contact2 = (*contact_ids, None, None)[:2]
    try:
        citizen = Citizen(
            name=name.strip(),
            short_name=short_name.strip(),
            address=address.strip(),
            area=area.strip(),
            team_id=team_id,
            contact1_id=contact1,
            contact2_id=contact2,
            preferred_time=preferred_time.strip(),
        )
        session.add(citizen)
        session.flush()
        assert citizen.id is not None
        citizen_id = citizen.id
        record(
            session,
            actor=actor,
            now=now,
            action=AuditAction.CITIZEN_ADD,
            entity="citizen",
            entity_id=citizen_id,
            after={"short_name": citizen.short_name, "team_id": team_id},
        )
    except Exception:
        session.rollback()
        raise
    _commit_or_undo(session)
    return citizen_id


def pause_citizen(
    session: Session,
    *,
    citizen_id: int,
    from_day: date,
    to_day: date,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> tuple[int, int]:
    """The citizen is in hospital from one day to another: their planned visits then are
    cancelled ("indlagt"), days generated later skip them, and after ``to_day`` they come back
    as planned. Returns the pause's id and how many visits were cancelled."""
    if user is not None:
        user.require("plan_edit")
    check_pause(from_day, to_day)
    if session.get(Citizen, citizen_id) is None:
        raise DomainError("plan_edit.unknown_citizen", citizen=citizen_id)
    clash = session.scalar(
        select(CitizenPause).where(
            CitizenPause.citizen_id == citizen_id,
            CitizenPause.from_day <= to_day,
            CitizenPause.to_day >= from_day,
        )
    )
    if clash is not None:
        raise DomainError(
            "plan_edit.pause_overlaps",
            start=clash.from_day.isoformat(),
            end=clash.to_day.isoformat(),
        )
    try:
        pause = CitizenPause(
            citizen_id=citizen_id,
            from_day=from_day,
            to_day=to_day,
            reason=CancelReason.HOSPITAL.value,
            created_by=actor,
            created_at=now.astimezone(UTC),
        )
        session.add(pause)
        session.flush()
        assert pause.id is not None
        visits = session.scalars(
            select(Visit)
            .where(
                Visit.citizen_id == citizen_id,
                Visit.day >= from_day,
                Visit.day <= to_day,
                Visit.status == VisitStatus.PLANNED,
            )
            .order_by(Visit.day, Visit.start_min, Visit.id)
        ).all()
        for visit in visits:
            _cancel(session, visit, CancelReason.HOSPITAL, actor, now, pause.id)
        record(
            session,
            actor=actor,
            now=now,
            action=AuditAction.CITIZEN_PAUSE,
            entity="citizen",
            entity_id=citizen_id,
            after={
                "pause_id": pause.id,
                "from_day": from_day.isoformat(),
                "to_day": to_day.isoformat(),
                "cancelled": len(visits),
            },
            reason=CancelReason.HOSPITAL.value,
        )
        result = (pause.id, len(visits))
    except Exception:
        session.rollback()
        raise
    _commit_or_undo(session)
    return result


def paused_days(session: Session, first: date, last: date) -> dict[int, set[date]]:
    """Each citizen's paused days between ``first`` and ``last``: generation skips them."""
    found: dict[int, set[date]] = {}
    for p in session.scalars(
        select(CitizenPause).where(CitizenPause.from_day <= last, CitizenPause.to_day >= first)
    ):
        start, end = max(p.from_day, first), min(p.to_day, last)
        days = found.setdefault(p.citizen_id, set())
        days.update(start + timedelta(days=k) for k in range((end - start).days + 1))
    return found


def service_choices(session: Session) -> list[tuple[int, str, str]]:
    """(id, code, name) of every service, by code: the add-visit form's list."""
    return [
        (r.id, r.code, r.name)
        for r in session.execute(
            select(Service.id, Service.code, Service.name).order_by(Service.code)
        )
    ]
