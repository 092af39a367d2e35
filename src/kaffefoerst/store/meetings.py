"""The 07:00 meeting: start, the minutes at the end, and what the board still leaves open."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.roles import User
from kaffefoerst.model import (
    Absence,
    BoardItem,
    Carer,
    Citizen,
    Cover,
    Meeting,
    Message,
    Team,
    TriageNote,
    Visit,
)
from kaffefoerst.store.attendance import attendance
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.decisions import closed_since, decided_in
from kaffefoerst.store.inbox import evening_inbox
from kaffefoerst.store.meeting_changes import (
    changes_since,
    changes_start,
)
from kaffefoerst.store.unit_of_work import unit_of_work


def start_meeting(
    session: Session, *, day: date, actor: str, now: datetime, user: User | None = None
) -> int:
    open_one = session.scalar(
        select(Meeting.id).where(Meeting.day == day, Meeting.ended_at.is_(None))
    )
    if open_one is not None:
        return open_one  # a second screen joins the meeting already running
    # The start is not audited: the minutes written at the end carry who chaired and when.
    with unit_of_work(session, actor=actor, now=now, user=user, right="meeting"):
        planned = session.scalar(select(Team.meeting_min).order_by(Team.id).limit(1)) or 15
        meeting = Meeting(
            day=day, started_at=now.astimezone(UTC), started_by=actor, planned_min=planned
        )
        session.add(meeting)
    assert meeting.id is not None
    return meeting.id


def _attendance(session: Session, meeting_id: int, plan: DayPlan) -> dict[str, object]:
    people = attendance(session, meeting_id, plan)
    return {
        "attendance": sorted(a.initials for a in people if a.present),
        "not_present": [
            {"carer": a.initials, "arrives_min": a.arrives_min, "substitute": a.substitute}
            for a in sorted(people, key=lambda a: a.initials)
            if not a.present
        ],
    }


def _covers(session: Session, day: date, names: dict, initials: dict) -> list[dict[str, object]]:
    rows = session.execute(
        select(
            Visit.citizen_id,
            Visit.start_min,
            Cover.absent_carer_id.label("absent"),
            Cover.carer_id,
            Cover.source,
        )
        .join(Visit, Visit.id == Cover.visit_id)
        .where(Visit.day == day, Cover.returned.is_(False))
        .order_by(Visit.start_min, Cover.id)
    )
    return [
        {
            "citizen": names.get(c.citizen_id, "?"),
            "start_min": c.start_min,
            "for": initials.get(c.absent, "?"),
            "by": initials.get(c.carer_id, "–") if c.carer_id else "–",
            "source": c.source.value,
        }
        for c in rows
    ]


def _triage(
    session: Session, started: datetime, names: dict, initials: dict
) -> list[dict[str, object]]:
    notes = session.scalars(
        select(TriageNote).where(TriageNote.created_at >= started).order_by(TriageNote.id)
    )
    return [
        {
            "citizen": names.get(n.citizen_id, "?"),
            "colour": n.colour.value,
            "observation": n.observation,
            "points": n.points,
            "action": n.action,
            "responsible": initials.get(n.responsible_id or -1, ""),
            "follow_up": n.follow_up.isoformat() if n.follow_up else None,
            "reason": n.reason,
        }
        for n in notes
    ]


def end_meeting(
    session: Session,
    *,
    meeting_id: int,
    now: datetime,
    user: User | None = None,
) -> dict[str, object]:
    """Write the minutes: who came (as ticked), absences and covers, changes, triage, messages."""
    if user is not None:
        user.require("meeting_end")
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise DomainError("meeting.unknown")
    actor = user.initials if user is not None else meeting.started_by  # who ended it
    with unit_of_work(session, actor=actor, now=now) as work:
        if meeting.ended_at is not None:
            raise DomainError("meeting.already_ended")
        ended = now.astimezone(UTC)
        minutes = _minutes(session, meeting, ended)
        meeting.ended_at = ended
        meeting.minutes = json.dumps(minutes, ensure_ascii=False)
        session.execute(
            update(BoardItem)
            .where(BoardItem.for_day <= meeting.day, BoardItem.discussed_in.is_(None))
            .values(discussed_in=meeting_id)
        )
        work.audit(AuditAction.MEETING_END, "meeting", meeting_id)
    return minutes


def _minutes(session: Session, meeting: Meeting, ended: datetime) -> dict[str, object]:
    assert meeting.id is not None
    meeting_id = meeting.id
    started = meeting.started_at.replace(tzinfo=UTC)
    day = meeting.day
    names = dict(session.execute(select(Citizen.id, Citizen.short_name)).all())
    initials = dict(session.execute(select(Carer.id, Carer.initials)).all())
    absences = [
        {
            "carer": initials.get(a.carer_id, "?"),
            "kind": a.kind.value,
            "from": a.from_day.isoformat(),
            "to": a.to_day.isoformat(),
        }
        for a in session.scalars(
            select(Absence).where(Absence.from_day <= day, Absence.to_day >= day)
        )
    ]
    messages = [
        {
            "to": m.recipient,
            "text": m.text,
            "author": m.author,
            "citizen": names.get(m.citizen_id or -1, ""),
        }
        for m in session.scalars(select(Message).where(Message.day == day).order_by(Message.id))
    ]
    board = [
        {"citizen": names.get(b.citizen_id, "?"), "reason": b.reason, "by": b.added_by}
        for b in session.scalars(
            select(BoardItem).where(BoardItem.for_day <= day, BoardItem.discussed_in.is_(None))
        )
    ]
    minutes = {
        "day": day.isoformat(),
        "started": started.isoformat(),
        "ended": ended.isoformat(),
        "duration_min": round((ended - started).total_seconds() / 60, 1),
        "planned_min": meeting.planned_min,
        "chair": meeting.started_by,
        **_attendance(session, meeting_id, load_day_plan(session, day)),
        "absences": absences,
        "covers": _covers(session, day, names, initials),
        "changes": [c.as_row() for c in changes_since(session, changes_start(session, day))],
        "evening": [m.as_row() for m in evening_inbox(session, day - timedelta(days=1))],
        "triage": _triage(session, started, names, initials),
        "board": board,
        "decisions": [d.as_row() for d in decided_in(session, meeting_id)],
        "outcomes": [d.as_row() for d in closed_since(session, started)],
        "messages": messages,
    }
    return minutes


@dataclass(frozen=True, slots=True)
class MinutesView:
    id: int
    day: date
    chair: str
    duration_min: float
    minutes: dict[str, object]


def all_minutes(session: Session) -> list[MinutesView]:
    rows = session.scalars(
        select(Meeting).where(Meeting.ended_at.is_not(None)).order_by(Meeting.id.desc())
    )
    found = []
    for m in rows:
        data = json.loads(m.minutes or "{}")
        assert m.id is not None
        found.append(
            MinutesView(m.id, m.day, m.started_by, float(data.get("duration_min", 0)), data)
        )
    return found


@dataclass(frozen=True, slots=True)
class OpenMeeting:
    id: int
    started_at: datetime  # UTC
    planned_min: int


def open_meeting(session: Session, day: date) -> OpenMeeting | None:
    """The day's meeting while it runs (any screen may have started it)."""
    m = session.scalar(
        select(Meeting).where(Meeting.day == day, Meeting.ended_at.is_(None)).limit(1)
    )
    if m is None or m.id is None:
        return None
    return OpenMeeting(m.id, m.started_at.replace(tzinfo=UTC), m.planned_min)
