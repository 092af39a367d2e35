"""domain/triage.py: what a note must hold, checked without a database."""

from __future__ import annotations

from datetime import date

from kaffefoerst.domain.triage import NoteInput, needs_reason, note_problems
from kaffefoerst.enums import TriageColour

TODAY = date(2026, 3, 2)


def test_a_concern_needs_what_changed_who_and_a_follow_up() -> None:
    bare = NoteInput(citizen_id=1, colour=TriageColour.YELLOW)
    assert note_problems(bare, None, TriageColour.GREEN, TODAY) == [
        "triage.observation_missing",
        "triage.responsible_missing",
        "triage.follow_up_missing",
    ]
    full = NoteInput(1, TriageColour.RED, ("pain",), responsible="AB", follow_up=TODAY)
    assert note_problems(full, 7, TriageColour.GREEN, TODAY) == []


def test_unknown_initials_are_one_problem_not_two() -> None:
    note = NoteInput(1, TriageColour.YELLOW, ("pain",), responsible="ZZ", follow_up=TODAY)
    assert note_problems(note, None, TriageColour.GREEN, TODAY) == ["triage.unknown_responsible"]


def test_back_to_green_needs_a_reason_only_from_another_colour() -> None:
    green = NoteInput(1, TriageColour.GREEN)
    assert needs_reason(green)
    assert note_problems(green, None, TriageColour.YELLOW, TODAY) == ["triage.green_needs_reason"]
    assert note_problems(green, None, TriageColour.GREEN, TODAY) == []
    assert not needs_reason(NoteInput(1, TriageColour.GREEN, reason="spiser igen"))


def test_a_past_follow_up_and_an_unknown_point_are_refused() -> None:
    note = NoteInput(1, TriageColour.GREEN, ("telepathy",), follow_up=date(2026, 3, 1))
    assert note_problems(note, None, TriageColour.GREEN, TODAY) == [
        "triage.follow_up_past",
        "triage.unknown_point",
    ]
