"""Editing the plan on the board: add or cancel a visit, change its duration, add or pause a
citizen. One unit of work each (``store.unit_of_work``): right, change, version check, audit,
commit, or a rollback of all of it; a refused edit changes nothing.

The team's decisions about a visit (a duration set, a cancellation and why) are kept in
``VisitDecision`` so that a later import can see them and not silently undo them."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
from kaffefoerst.store.placement import last_actor
from kaffefoerst.store.unit_of_work import Work, unit_of_work


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


def _bump(session: Session, visit_id: int, expected_version: int, **values: object) -> None:
    """Compare-and-set on the version: a change in between raises StaleVisit."""
    changed = session.execute(
        update(Visit)
        .where(Visit.id == visit_id, Visit.version == expected_version)
        .values(version=Visit.version + 1, **values)
    )
    if changed.rowcount != 1:
        raise StaleVisit(visit_id, last_actor(session, visit_id))


def add_visit(
    session: Session, new: NewVisit, *, actor: str, now: datetime, user: User | None = None
) -> int:
    """A visit the team adds for a day (``user`` None: the system itself, as in tests)."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="plan_edit") as work:
        check_visit(new)
        if session.get(Citizen, new.citizen_id) is None:
            raise DomainError("plan_edit.unknown_citizen", citizen=new.citizen_id)
        if new.carer_id is not None and session.get(Carer, new.carer_id) is None:
            raise DomainError("absence.unknown_carer", carer=new.carer_id)
        known = set(session.scalars(select(Service.id).where(Service.id.in_(new.service_ids))))
        if known != set(new.service_ids):
            raise DomainError("plan_edit.unknown_service")
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
        visit_id = visit.id
        for service_id in sorted(set(new.service_ids)):
            session.add(VisitService(visit_id=visit_id, service_id=service_id))
        _decide(session, visit_id, actor, now, duration_min=new.duration_min)
        work.audit(
            AuditAction.VISIT_ADD,
            "visit",
            visit_id,
            after={
                "carer_id": new.carer_id,
                "start_min": new.start_min,
                "duration_min": new.duration_min,
                "day": new.day.isoformat(),
            },
        )
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
    with unit_of_work(session, actor=actor, now=now, user=user, right="plan_edit") as work:
        why = check_reason(reason)
        visit = _current(session, visit_id, expected_version)
        if visit.status is VisitStatus.CANCELLED:
            raise DomainError("plan_edit.already_cancelled")
        _cancel(work, visit, why, now)
    return expected_version + 1


def _cancel(work: Work, visit: Visit, why: CancelReason, now: datetime, pause_id: int = 0) -> None:
    assert visit.id is not None
    before = {"carer_id": visit.carer_id, "start_min": visit.start_min, "status": visit.status}
    _bump(work.session, visit.id, visit.version, status=VisitStatus.CANCELLED)
    _decide(work.session, visit.id, work.actor, now, cancel_reason=why.value)
    after: dict[str, object] = {"status": VisitStatus.CANCELLED.value, "reason": why.value}
    if pause_id:
        after["pause_id"] = pause_id
    work.audit(
        AuditAction.VISIT_CANCEL,
        "visit",
        visit.id,
        before={k: str(v) if k == "status" else v for k, v in before.items()},
        after=after,
        reason=why.value,
    )


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
    with unit_of_work(session, actor=actor, now=now, user=user, right="duration") as work:
        check_duration(duration_min)
        visit = _current(session, visit_id, expected_version)
        if user is not None:
            user.require_duration(
                tuple(c for c in (visit.carer_id, visit.second_carer_id) if c is not None)
            )
        if visit.status is VisitStatus.CANCELLED:
            raise DomainError("plan_edit.already_cancelled")
        if visit.start_min + duration_min > 24 * 60:
            raise DomainError("plan_edit.past_midnight")
        before = {"duration_min": visit.duration_min, "start_min": visit.start_min}
        _bump(session, visit_id, expected_version, duration_min=duration_min)
        _decide(session, visit_id, actor, now, duration_min=duration_min)
        work.audit(
            AuditAction.VISIT_DURATION,
            "visit",
            visit_id,
            before=before,
            after={"duration_min": duration_min},
            reason=reason,
        )
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
    with unit_of_work(session, actor=actor, now=now, user=user, right="plan_edit") as work:
        check_citizen(name, short_name, address)
        if session.get(Team, team_id) is None:
            raise DomainError("plan_edit.unknown_team", team=team_id)
        for carer_id in contact_ids:
            if session.get(Carer, carer_id) is None:
                raise DomainError("absence.unknown_carer", carer=carer_id)
        contact1, contact2 = (*contact_ids, None, None)[:2]
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
        work.audit(
            AuditAction.CITIZEN_ADD,
            "citizen",
            citizen_id,
            after={"short_name": citizen.short_name, "team_id": team_id},
        )
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
    with unit_of_work(session, actor=actor, now=now, user=user, right="plan_edit") as work:
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
        pause_id = pause.id
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
            _cancel(work, visit, CancelReason.HOSPITAL, now, pause_id)
        work.audit(
            AuditAction.CITIZEN_PAUSE,
            "citizen",
            citizen_id,
            after={
                "pause_id": pause_id,
                "from": from_day.isoformat(),  # the period, as the changes export reads it
                "to": to_day.isoformat(),
                "cancelled": len(visits),
            },
            reason=CancelReason.HOSPITAL.value,
        )
    return pause_id, len(visits)


def service_choices(session: Session) -> list[tuple[int, str, str]]:
    """(id, code, name) of every service, by code: the add-visit form's list."""
    query = select(Service.id, Service.code, Service.name).order_by(Service.code)
    return [(r.id, r.code, r.name) for r in session.execute(query)]
