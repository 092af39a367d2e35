"""Triage (early detection) in the database: each citizen's colour is their latest note's; a
note is checked by domain/triage.py's rule before it is stored."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Integer, func, select, text
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.domain.triage import SEVERITY, NoteInput, needs_reason, note_problems
from kaffefoerst.enums import TriageColour
from kaffefoerst.model import Carer, Citizen, TriageDraft, TriageNote
from kaffefoerst.store.triage_colour import LATEST_NOTE_IDS, current_colours
from kaffefoerst.store.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    citizen_id: int
    day: date
    colour: TriageColour
    points: tuple[str, ...]
    observation: str
    action: str
    responsible: str
    follow_up: date | None
    tell: tuple[str, ...]
    reason: str
    author: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TriageRow:
    citizen_id: int
    short_name: str
    colour: TriageColour
    latest: NoteView
    due: bool  # follow-up due today or overdue
    team_id: int = 0  # the citizen's team: the list's team filter (`f`) goes by it
    history: list[NoteView] = field(default_factory=list)


def _split(text: str) -> tuple[str, ...]:
    return tuple(p for p in text.split(",") if p)


def _view(note: TriageNote, initials: dict[int, str]) -> NoteView:
    assert note.id is not None
    return NoteView(
        note.id,
        note.citizen_id,
        note.day,
        note.colour,
        _split(note.points),
        note.observation,
        note.action,
        initials.get(note.responsible_id or -1, ""),
        note.follow_up,
        _split(note.tell),
        note.reason,
        note.author,
        note.created_at,
    )


def latest_notes(session: Session, citizen_ids: list[int] | None = None) -> dict[int, NoteView]:
    latest = text(LATEST_NOTE_IDS).columns(id=Integer)
    query = select(TriageNote).where(TriageNote.id.in_(latest))
    if citizen_ids is not None:
        query = query.where(TriageNote.citizen_id.in_(citizen_ids))
    initials = dict(session.execute(select(Carer.id, Carer.initials)).all())
    return {n.citizen_id: _view(n, initials) for n in session.scalars(query)}


def history(session: Session, citizen_id: int) -> list[NoteView]:
    initials = dict(session.execute(select(Carer.id, Carer.initials)).all())
    notes = session.scalars(
        select(TriageNote).where(TriageNote.citizen_id == citizen_id).order_by(TriageNote.id.desc())
    )
    return [_view(n, initials) for n in notes]


def check_note(session: Session, note: NoteInput, today: date) -> tuple[int | None, list[str]]:
    """The responsible carer's id and every problem (locale keys), by domain.triage's rule."""
    responsible_id: int | None = None
    if note.responsible.strip():
        responsible_id = session.scalar(
            select(Carer.id).where(func.upper(Carer.initials) == note.responsible.strip().upper())
        )
    was = TriageColour.GREEN
    if needs_reason(note):  # the only rule that looks back, so the only time we read it
        was = current_colours(session).get(note.citizen_id, TriageColour.GREEN)
    return responsible_id, note_problems(note, responsible_id, was, today)


def save_note(
    session: Session,
    note: NoteInput,
    *,
    actor: str,
    now: datetime,
    today: date,
    user: User | None = None,
) -> int:
    """Store the note and drop the author's draft, or refuse with every problem at once."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="triage_note") as work:
        if session.get(Citizen, note.citizen_id) is None:
            raise DomainError("triage.unknown_citizen")
        responsible_id, problems = check_note(session, note, today)
        if problems:
            raise DomainError("triage.invalid", problems=problems)
        row = TriageNote(
            citizen_id=note.citizen_id,
            day=today,
            colour=note.colour,
            points=",".join(note.points),
            observation=note.observation.strip(),
            action=note.action.strip(),
            responsible_id=responsible_id,
            follow_up=note.follow_up,
            tell=",".join(note.tell),
            reason=note.reason.strip(),
            author=actor,
            created_at=now.astimezone(UTC),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        work.audit(
            AuditAction.TRIAGE,
            "citizen",
            note.citizen_id,
            after={"note": row.id, "colour": note.colour.value},
        )
        draft = session.get(TriageDraft, (note.citizen_id, actor))
        if draft is not None:
            session.delete(draft)
    return row.id


def triage_list(session: Session, today: date) -> list[TriageRow]:
    """Citizens who are red or yellow, or whose follow-up is due: red first, then yellow."""
    notes = latest_notes(session)
    citizens = {
        r.id: (r.short_name, r.team_id)
        for r in session.execute(select(Citizen.id, Citizen.short_name, Citizen.team_id))
    }
    rows = [
        TriageRow(
            cid,
            citizens.get(cid, ("?", 0))[0],
            n.colour,
            n,
            due=n.follow_up is not None and n.follow_up <= today,
            team_id=citizens.get(cid, ("?", 0))[1],
        )
        for cid, n in notes.items()
        if n.colour is not TriageColour.GREEN or (n.follow_up is not None and n.follow_up <= today)
    ]
    rows.sort(key=lambda r: (SEVERITY[r.colour], not r.due, r.short_name))
    return rows


# --- drafts: written on every change, restored on the next start -------------------------------
def save_draft(
    session: Session,
    *,
    citizen_id: int,
    author: str,
    data: dict[str, object],
    now: datetime,
    user: User | None = None,
) -> None:
    # A draft is the author's own typing, saved as it goes: not a decision, so not audited.
    with unit_of_work(session, actor=author, now=now, user=user, right="triage_note"):
        draft = session.get(TriageDraft, (citizen_id, author))
        if draft is None:
            draft = TriageDraft(
                citizen_id=citizen_id, author=author, updated_at=now.astimezone(UTC)
            )
            session.add(draft)
        draft.data = json.dumps(data, ensure_ascii=False, default=str)
        draft.updated_at = now.astimezone(UTC)


def drafts_of(session: Session, author: str) -> list[tuple[int, dict[str, object]]]:
    rows = session.scalars(
        select(TriageDraft).where(TriageDraft.author == author).order_by(TriageDraft.updated_at)
    )
    return [(d.citizen_id, json.loads(d.data)) for d in rows]


def discard_draft(
    session: Session, *, citizen_id: int, author: str, user: User | None = None
) -> None:
    with unit_of_work(session, actor=author, user=user, right="triage_note"):
        draft = session.get(TriageDraft, (citizen_id, author))
        if draft is not None:
            session.delete(draft)
