"""Triage (early detection) rules: the change form's points and who is told, and what a note
must hold before it is stored, the way the change form asks: what changed, what is done, who,
and when to follow up. Going back to green is a shared decision and needs its why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kaffefoerst.enums import TriageColour

# The change form's points (ændringsskema), as keys; the UI names them from the locale.
POINTS = (
    "appetite",
    "drinking",
    "mobility",
    "confusion",
    "skin",
    "pain",
    "mood",
    "toilet",
    "breathing",
    "sleep",
)
RECIPIENTS = ("evening", "nurse", "visitator", "relatives")
SEVERITY = {TriageColour.RED: 0, TriageColour.YELLOW: 1, TriageColour.GREEN: 2}


@dataclass(frozen=True, slots=True)
class NoteInput:
    citizen_id: int
    colour: TriageColour
    points: tuple[str, ...] = ()
    observation: str = ""
    action: str = ""
    responsible: str = ""  # initials, as typed
    follow_up: date | None = None
    tell: tuple[str, ...] = ()
    reason: str = ""


def needs_reason(note: NoteInput) -> bool:
    """Whether the citizen's colour before the note matters: only a green without a why."""
    return note.colour is TriageColour.GREEN and not note.reason.strip()


def note_problems(
    note: NoteInput, responsible_id: int | None, was: TriageColour, today: date
) -> list[str]:
    """Every problem with the note (locale keys), so the form can show them all at once.
    ``responsible_id``: the typed initials' carer, None if none or unknown; ``was``: the
    citizen's colour before this note."""
    problems: list[str] = []
    unknown = bool(note.responsible.strip()) and responsible_id is None
    if unknown:
        problems.append("triage.unknown_responsible")
    if note.colour in (TriageColour.YELLOW, TriageColour.RED):
        if not note.points and not note.observation.strip():
            problems.append("triage.observation_missing")
        if responsible_id is None and not unknown:
            problems.append("triage.responsible_missing")
        if note.follow_up is None:
            problems.append("triage.follow_up_missing")
    if note.follow_up is not None and note.follow_up < today:
        problems.append("triage.follow_up_past")
    if any(p not in POINTS for p in note.points):
        problems.append("triage.unknown_point")
    if needs_reason(note) and was is not TriageColour.GREEN:
        problems.append("triage.green_needs_reason")
    return problems
