"""Who is at the morning meeting: stored as it is ticked, so leaving the meeting and coming
back (or a second screen) shows the same list, and the minutes say who really came."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.meeting import Attendee, expected
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.roles import User
from kaffefoerst.model import Carer, Meeting, MeetingAttendance
from kaffefoerst.store.unit_of_work import unit_of_work


def attendance(session: Session, meeting_id: int, plan: DayPlan) -> list[Attendee]:
    """The default list with what was ticked laid over it, in the board's order."""
    stored = dict(
        session.execute(
            select(MeetingAttendance.carer_id, MeetingAttendance.present).where(
                MeetingAttendance.meeting_id == meeting_id
            )
        ).all()
    )
    return [
        Attendee(
            a.carer_id,
            a.initials,
            a.name,
            bool(stored[a.carer_id]),
            a.arrives_min,
            a.substitute,
            stored=True,
        )
        if a.carer_id in stored
        else a
        for a in expected(plan)
    ]


def set_present(
    session: Session,
    *,
    meeting_id: int,
    carer_id: int,
    present: bool,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> None:
    """Store one tick at once (a crash or a second screen loses nothing), with its audit."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="meeting") as work:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise DomainError("meeting.unknown")
        if meeting.ended_at is not None:
            raise DomainError("meeting.already_ended")
        initials = session.scalar(select(Carer.initials).where(Carer.id == carer_id))
        if initials is None:
            raise DomainError("meeting.unknown_carer")
        row = session.get(MeetingAttendance, (meeting_id, carer_id))
        before = None if row is None else {"carer": initials, "present": row.present}
        if row is None:
            row = MeetingAttendance(
                meeting_id=meeting_id,
                carer_id=carer_id,
                present=present,
                changed_by=actor,
                changed_at=now.astimezone(UTC),
            )
        row.present, row.changed_by, row.changed_at = present, actor, now.astimezone(UTC)
        session.add(row)
        work.audit(
            AuditAction.ATTENDANCE,
            "meeting",
            meeting_id,
            before=before,
            after={"carer": initials, "carer_id": carer_id, "present": present},
        )
