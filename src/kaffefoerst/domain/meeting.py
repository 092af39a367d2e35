"""The 07:00 meeting: a timer that never blocks, the changes since yesterday, and minutes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session

from kaffefoerst.domain.audit import record
from kaffefoerst.domain.changes import is_outside
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.rights import User
from kaffefoerst.model import (
    Absence,
    AuditEvent,
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

CHANGE_ACTIONS = ("move", "undo", "cover", "give_back", "absence", "absence_end")


@dataclass(frozen=True, slots=True)
class Change:
    at: datetime
    actor: str
    action: str
    what: str  # citizen short name or carer initials
    outside: bool  # by someone who is not a carer of the teams on the board


def start_meeting(
    session: Session, *, day: date, actor: str, now: datetime, user: User | None = None
) -> int:
    open_one = session.scalar(
        select(Meeting.id).where(Meeting.day == day, Meeting.ended_at.is_(None))
    )
    if open_one is not None:
        return open_one  # a second screen joins the meeting already running
    if user is not None:
        user.require("meeting")
    planned = session.scalar(select(Team.meeting_min).order_by(Team.id).limit(1)) or 15
    meeting = Meeting(
        day=day, started_at=now.astimezone(UTC), started_by=actor, planned_min=planned
    )
    session.add(meeting)
    session.commit()
    assert meeting.id is not None
    return meeting.id


def previous_meeting_start(session: Session, day: date) -> datetime | None:
    return session.scalar(
        select(Meeting.started_at).where(Meeting.day < day).order_by(Meeting.day.desc()).limit(1)
    )


def changes_since(session: Session, since: datetime) -> list[Change]:
    """The audit log since ``since``, in words the meeting can read out; outsiders flagged."""
    carers = dict(session.execute(select(Carer.initials, Carer.id)).all())
    from kaffefoerst.domain.rights import planners_on

    planners = {p.upper() for p in planners_on(session, since.date())} | {
        p.upper() for p in planners_on(session, since.date() + timedelta(days=1))
    }
    visit_names = {}
    rows = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.at >= since.astimezone(UTC),
            AuditEvent.action.in_(CHANGE_ACTIONS),
        )
        .order_by(AuditEvent.id)
    ).all()
    visit_ids = [e.entity_id for e in rows if e.entity == "visit"]
    if visit_ids:
        visit_names = dict(
            session.execute(
                select(Visit.id, Citizen.short_name)
                .join(Citizen, Citizen.id == Visit.citizen_id)
                .where(Visit.id.in_(visit_ids))
            ).all()
        )
    initials = {v: k.upper() for k, v in carers.items()}

    def route_of(e: AuditEvent) -> set[str]:
        """Whose route the change touched: before and after for a visit, the carer for leave."""
        if e.entity != "visit":
            return {initials.get(e.entity_id, "")}
        ids = {
            json.loads(e.before or "{}").get("carer_id"),
            json.loads(e.after or "{}").get("carer_id"),
        }
        return {initials.get(i, "") for i in ids if i is not None}

    return [
        Change(
            e.at,
            e.actor,
            e.action,
            visit_names.get(e.entity_id, "?")
            if e.entity == "visit"
            else initials.get(e.entity_id, "?"),
            outside=is_outside(e.actor, planners, route_of(e)),
        )
        for e in rows
    ]


def end_meeting(
    session: Session,
    *,
    meeting_id: int,
    attendance: list[str],
    now: datetime,
    user: User | None = None,
) -> dict[str, object]:
    """Write the minutes: who came, absences and covers, moves, triage notes, messages."""
    if user is not None:
        user.require("meeting_end")
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise DomainError("meeting.unknown")
    if meeting.ended_at is not None:
        raise DomainError("meeting.already_ended")
    ended = now.astimezone(UTC)
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
    covers = [
        {
            "citizen": names.get(c.citizen_id, "?"),
            "for": initials.get(c.absent, "?"),
            "by": initials.get(c.carer_id, "–") if c.carer_id else "–",
            "source": c.source.value,
        }
        for c in session.execute(
            select(
                Visit.citizen_id,
                Cover.absent_carer_id.label("absent"),
                Cover.carer_id,
                Cover.source,
            )
            .join(Visit, Visit.id == Cover.visit_id)
            .where(Visit.day == day, Cover.returned.is_(False))
        )
    ]
    since = previous_meeting_start(session, day) or started - timedelta(days=1)
    changes = [
        {
            "at": c.at.replace(tzinfo=UTC).isoformat(),
            "actor": c.actor,
            "action": c.action,
            "what": c.what,
            "outside": c.outside,
        }
        for c in changes_since(session, since)
    ]
    notes = [
        {
            "citizen": names.get(n.citizen_id, "?"),
            "colour": n.colour.value,
            "observation": n.observation,
            "points": n.points,
            "action": n.action,
            "responsible": initials.get(n.responsible_id or -1, ""),
            "follow_up": n.follow_up.isoformat() if n.follow_up else None,
        }
        for n in session.scalars(
            select(TriageNote).where(TriageNote.created_at >= started).order_by(TriageNote.id)
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
        "attendance": sorted(attendance),
        "absences": absences,
        "covers": covers,
        "changes": changes,
        "triage": notes,
        "board": board,
        "messages": messages,
    }
    meeting.ended_at = ended
    meeting.minutes = json.dumps(minutes, ensure_ascii=False)
    session.execute(
        update(BoardItem)
        .where(BoardItem.for_day <= day, BoardItem.discussed_in.is_(None))
        .values(discussed_in=meeting_id)
    )
    record(
        session,
        actor=user.initials if user is not None else meeting.started_by,  # who ended it
        now=ended,
        action="meeting_end",
        entity="meeting",
        entity_id=meeting_id,
    )
    session.commit()
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
