"""'Changes since yesterday' for the meeting: the audit log in words, with where a visit went
from and to, which move an undo put back, and sick calls registered before anyone opened the
board (an imported or phoned-in absence has no audit event, but the team must hear of it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.outside import is_outside
from kaffefoerst.domain.plan_edit import PLAN_ACTIONS
from kaffefoerst.model import Absence, AuditEvent, Carer, Citizen, Meeting, Visit
from kaffefoerst.store.users import planners_on


def _plan_detail(e: AuditEvent) -> dict[str, object] | None:
    """What a plan edit's line says beyond who and whom: the reason, the durations, the time."""
    before, after = json.loads(e.before or "{}"), json.loads(e.after or "{}")
    if e.action == AuditAction.VISIT_CANCEL:
        return {"reason": after.get("reason", ""), "at_min": before.get("start_min")}
    if e.action == AuditAction.VISIT_DURATION:
        return {
            "at_min": before.get("start_min"),
            "duration_from": before.get("duration_min"),
            "duration_to": after.get("duration_min"),
        }
    if e.action == AuditAction.VISIT_ADD:
        return {"at_min": after.get("start_min"), "duration_to": after.get("duration_min")}
    if e.action == AuditAction.CITIZEN_PAUSE:
        paused = {"from": after.get("from"), "to": after.get("to")}
        return {"paused": paused | {"cancelled": after.get("cancelled", 0)}}
    return None


def _in_a_pause(e: AuditEvent) -> bool:
    """A visit cancelled by a pause: the pause's own line tells it, once."""
    return e.action == AuditAction.VISIT_CANCEL and "pause_id" in json.loads(e.after or "{}")


CHANGE_ACTIONS = (
    AuditAction.MOVE,
    AuditAction.UNDO,
    AuditAction.COVER,
    AuditAction.GIVE_BACK,
    AuditAction.ABSENCE,
    AuditAction.ABSENCE_END,
    *PLAN_ACTIONS,
)


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a visit was or went: the carer's initials (None: not assigned) and its start."""

    carer: str | None
    start_min: int | None


@dataclass(frozen=True, slots=True)
class Change:
    at: datetime  # UTC
    actor: str
    action: str
    what: str  # citizen short name or carer initials
    outside: bool  # by someone who is not a carer of the teams on the board
    id: int = 0  # the audit event (0: an absence read from its own table)
    before: Spot | None = None  # visits only
    after: Spot | None = None
    undoes: int | None = None  # an undo: the id of the move it put back
    kind: str = ""  # absences: SICK, VACATION, …
    detail: dict[str, object] | None = None  # plan edits: reason, durations, a pause

    def as_row(self) -> dict[str, object]:
        """As the minutes keep it (JSON); io.minutes renders it for the screen and the file."""
        row: dict[str, object] = {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "what": self.what,
            "outside": self.outside,
        }
        if self.before is not None and self.after is not None:
            row |= {
                "from": self.before.carer,
                "to": self.after.carer,
                "from_min": self.before.start_min,
                "to_min": self.after.start_min,
            }
        if self.undoes is not None:
            row["undoes"] = self.undoes
        if self.kind:
            row["kind"] = self.kind
        if self.detail:
            row |= self.detail
        return row


def _utc(at: datetime) -> datetime:
    """SQLite hands back naive UTC; naive would be read as local time on the screen."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def previous_meeting_start(session: Session, day: date) -> datetime | None:
    return session.scalar(
        select(Meeting.started_at).where(Meeting.day < day).order_by(Meeting.day.desc()).limit(1)
    )


def changes_start(session: Session, day: date) -> datetime:
    """Since the previous meeting, or since the start of yesterday (local) if there was none."""
    previous = previous_meeting_start(session, day)
    if previous is not None:
        return _utc(previous)
    return datetime.combine(day - timedelta(days=1), time.min).astimezone().astimezone(UTC)


def _spot(text: str | None, initials: dict[int, str]) -> Spot | None:
    data = json.loads(text or "{}")
    if "carer_id" not in data:
        return None
    carer = data["carer_id"]
    return Spot(initials.get(carer, "?") if carer is not None else None, data.get("start_min"))


def changes_since(session: Session, since: datetime) -> list[Change]:
    """The audit log since ``since``, in words the meeting can read out; outsiders flagged."""
    since = _utc(since)
    known: dict[date, set[str]] = {}

    def planners(at: datetime) -> set[str]:
        """The planners of the change's own (local) day and the next: tomorrow's planner may
        prepare tomorrow's board the day before."""
        day = at.astimezone().date()
        if day not in known:
            known[day] = {
                p.upper() for d in (day, day + timedelta(days=1)) for p in planners_on(session, d)
            }
        return known[day]

    initials = {i: s.upper() for i, s in session.execute(select(Carer.id, Carer.initials)).all()}
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.at >= since, AuditEvent.action.in_(CHANGE_ACTIONS))
        .order_by(AuditEvent.id)
    ).all()
    rows = [e for e in rows if not _in_a_pause(e)]
    visit_ids = [e.entity_id for e in rows if e.entity == "visit"]
    citizen_names = dict(
        session.execute(
            select(Citizen.id, Citizen.short_name).where(
                Citizen.id.in_([e.entity_id for e in rows if e.entity == "citizen"])
            )
        ).all()
    )
    visit_names: dict[int, str] = {}
    visit_carers: dict[int, set[str]] = {}  # whose route a visit is on now
    for r in session.execute(
        select(Visit.id, Citizen.short_name, Visit.carer_id, Visit.second_carer_id)
        .join(Citizen, Citizen.id == Visit.citizen_id)
        .where(Visit.id.in_(visit_ids))
    ):
        visit_names[r.id] = r.short_name
        visit_carers[r.id] = {initials[c] for c in (r.carer_id, r.second_carer_id) if c in initials}
    found = []
    logged_absences = set()
    for e in rows:
        before, after = _spot(e.before, initials), _spot(e.after, initials)
        if e.entity == "visit":
            what = visit_names.get(e.entity_id, "?")
            route = {s.carer for s in (before, after) if s is not None and s.carer is not None}
        elif e.entity == "citizen":
            what = citizen_names.get(e.entity_id, "?")
            route = set()
        else:
            what = initials.get(e.entity_id, "?")
            route = {what}
        if e.action in PLAN_ACTIONS:
            before = after = None  # their lines say what changed (detail), not where it went
            if e.entity == "visit":  # a change on the carer's own route is not from outside
                route |= visit_carers.get(e.entity_id, set())
        extra = json.loads(e.after or "{}")
        if e.action == AuditAction.ABSENCE:
            logged_absences.add(extra.get("absence_id"))
        assert e.id is not None
        found.append(
            Change(
                _utc(e.at),
                e.actor,
                e.action,
                what,
                is_outside(e.actor, planners(_utc(e.at)), route),
                e.id,
                before,
                after,
                e.undoes_id,
                str(extra.get("kind", "")),
                _plan_detail(e),
            )
        )
    for a in session.scalars(select(Absence).where(Absence.reported_at >= since)):
        if a.id in logged_absences:
            continue
        who = initials.get(a.carer_id, "?")
        found.append(
            Change(
                _utc(a.reported_at),
                a.reported_by,
                AuditAction.ABSENCE,
                who,
                is_outside(a.reported_by, planners(_utc(a.reported_at)), {who}),
                kind=a.kind.value,
            )
        )
    found.sort(key=lambda c: c.at)  # stable: the log's own order within one moment
    return found
