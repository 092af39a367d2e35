"""Sick calls and other absences: marking, ending early, and giving covered visits back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.enums import AbsenceKind
from kaffefoerst.model import Absence, Carer, Cover, Visit
from kaffefoerst.store.placement import Placement
from kaffefoerst.store.unit_of_work import unit_of_work


def _initials(session: Session, carer_id: int) -> str:
    initials = session.scalar(select(Carer.initials).where(Carer.id == carer_id))
    if initials is None:
        raise DomainError("absence.unknown_carer", carer=carer_id)
    return initials


def mark_absent(
    session: Session,
    *,
    carer_id: int,
    from_day: date,
    to_day: date,
    kind: AbsenceKind,
    actor: str,
    now: datetime,
    buddy_id: int | None = None,
    note: str = "",
    user: User | None = None,
) -> int:
    """Store an absence; the carer's visits on those days become 'Mangler dækning'."""
    if user is not None:
        user.require_absence_for(carer_id)
    with unit_of_work(session, actor=actor, now=now) as work:
        initials = _initials(session, carer_id)
        if to_day < from_day:
            raise DomainError(
                "absence.bad_range", start=from_day.isoformat(), end=to_day.isoformat()
            )
        if buddy_id is not None:
            if buddy_id == carer_id:
                raise DomainError("absence.self_buddy")
            _initials(session, buddy_id)
        clash = session.scalar(
            select(Absence).where(
                Absence.carer_id == carer_id,
                Absence.from_day <= to_day,
                Absence.to_day >= from_day,
            )
        )
        if clash is not None:
            raise DomainError(
                "absence.already",
                carer=initials,
                start=clash.from_day.isoformat(),
                end=clash.to_day.isoformat(),
            )
        absence = Absence(
            carer_id=carer_id,
            from_day=from_day,
            to_day=to_day,
            kind=kind,
            reported_at=now.astimezone(UTC),
            reported_by=actor,
            buddy_id=buddy_id,
            note=note,
        )
        session.add(absence)
        session.flush()
        assert absence.id is not None
        after = {
            "absence_id": absence.id,
            "from": from_day.isoformat(),
            "to": to_day.isoformat(),
            "kind": kind.value,
            "buddy_id": buddy_id,
        }
        work.audit(AuditAction.ABSENCE, "carer", carer_id, after=after)
    return absence.id


def end_absence(
    session: Session,
    *,
    absence_id: int,
    back_day: date,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> list[int]:
    """The carer is back from ``back_day``. Returns the covered visits not yet started, which
    the team may give back (see give_back); nothing is moved here."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="back") as work:
        absence = session.get(Absence, absence_id)
        if absence is None:
            raise DomainError("absence.unknown", absence=absence_id)
        if back_day > absence.to_day:
            raise DomainError("absence.back_after_end", end=absence.to_day.isoformat())
        before = {"from": absence.from_day.isoformat(), "to": absence.to_day.isoformat()}
        # Back on the first day: the absence keeps its record but covers no day at all.
        absence.to_day = back_day - timedelta(days=1)
        after = {"from": absence.from_day.isoformat(), "to": absence.to_day.isoformat()}
        work.audit(AuditAction.ABSENCE_END, "carer", absence.carer_id, before=before, after=after)
    minute = now.hour * 60 + now.minute
    # A visit can have several covers (left uncovered, then taken by hand): offer it once. One
    # still on the carer's own route (left uncovered) needs no giving back.
    rows = session.execute(
        select(Visit.id, Visit.day, Visit.start_min)
        .where(
            Visit.id.in_(
                select(Cover.visit_id).where(
                    Cover.absence_id == absence_id, Cover.returned.is_(False)
                )
            ),
            Visit.day >= back_day,
            Visit.carer_id.is_distinct_from(absence.carer_id),
        )
        .order_by(Visit.day, Visit.start_min, Visit.id)
    ).all()
    today = now.date()
    return [r.id for r in rows if r.day > today or (r.day == today and r.start_min > minute)]


def give_back(
    session: Session,
    *,
    visit_ids: list[int],
    actor: str,
    now: datetime,
    user: User | None = None,
    versions: dict[int, int] | None = None,
) -> int:
    """Move covered visits back to the carer who was away; all or nothing.

    ``versions`` are the visits' versions when the offer was shown: a colleague's change since
    refuses the whole give-back instead of being overwritten.
    """
    with unit_of_work(session, actor=actor, now=now, user=user, right="back") as work:
        for visit_id in visit_ids:
            cover = session.scalar(
                select(Cover)
                .where(Cover.visit_id == visit_id, Cover.returned.is_(False))
                .order_by(Cover.id.desc())
                .limit(1)
            )
            visit = session.get(Visit, visit_id)
            if cover is None or visit is None:
                raise DomainError("absence.nothing_to_give_back", visit=visit_id)
            target = Placement(cover.absent_carer_id, visit.start_min)
            expected = versions.get(visit_id, visit.version) if versions else visit.version
            before, _ = work.place(visit_id, expected, target)
            session.execute(  # every cover of it for this absence, e.g. "left uncovered" too
                update(Cover)
                .where(
                    Cover.visit_id == visit_id,
                    Cover.absence_id == cover.absence_id,
                    Cover.returned.is_(False),
                )
                .values(returned=True)
            )
            work.audit(
                AuditAction.GIVE_BACK,
                "visit",
                visit_id,
                before=before.as_json(),
                after=target.as_json(),
            )
    return len(visit_ids)


def versions_of(session: Session, visit_ids: list[int]) -> dict[int, int]:
    """The visits' versions now, to hand to give_back when the team answers the offer."""
    rows = session.execute(select(Visit.id, Visit.version).where(Visit.id.in_(visit_ids)))
    return {r.id: r.version for r in rows}
