"""Issue 9, acceptance: a demo-like morning meeting, and its minutes read in Danish.

A sick call phoned in at 06:52 (as imported: no audit event), a substitute called in for 11:07,
a cover, two moves and an undone one, three triage notes (one back to green with a reason) and a
message. The minutes must say all of it, with Danish numbers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kaffefoerst.enums import AbsenceKind, TeamRole, TriageColour
from kaffefoerst.io.minutes import minutes_markdown
from kaffefoerst.locale import t
from kaffefoerst.model import Absence, RoleAssignment
from kaffefoerst.store import Store
from kaffefoerst.store.attendance import set_present
from kaffefoerst.store.meetings import end_meeting, start_meeting
from kaffefoerst.store.moves import Placement, move_visit, undo_last
from kaffefoerst.store.shift_messages import write_message
from kaffefoerst.store.triage import NoteInput, save_note
from tests.builders import DAY, TeamBuilder, hm


def local(clock: str, day_offset: int = 0) -> datetime:
    """A wall-clock time in Copenhagen (CET in early March: UTC+1), as an aware UTC moment."""
    return datetime(2026, 3, 2, tzinfo=UTC) + timedelta(days=day_offset, minutes=hm(clock) - 60)


@pytest.fixture(autouse=True)
def copenhagen_clock() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Copenhagen"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def morning_team(path: Path) -> tuple[Store, dict[str, int]]:
    """Team Nord with MH as today's planner; TJ phoned in sick at 06:52; VK called in for 11:07."""
    store = Store.open_sqlite(path)
    with store.session() as session:
        b = TeamBuilder(session)
        ids: dict[str, int] = {"nord": b.team("Nord")}
        for initials in ("BS", "LP", "MH", "TJ"):
            ids[initials] = b.carer(initials, ids["nord"])
        ids["VK"] = b.substitute("VK", ids["nord"])
        for name in ("Fru Jensen", "Fru Lund", "Hr. Olsen", "Hr. Holm"):
            ids[name] = b.citizen(name, ids["nord"])
        ids["olsen"] = b.visit(ids["Hr. Olsen"], "08:00", 30, ids["TJ"])
        ids["jensen"] = b.visit(ids["Fru Jensen"], "09:00", 30, ids["LP"])
        ids["lund"] = b.visit(ids["Fru Lund"], "10:00", 30, ids["LP"])
        ids["holm"] = b.visit(ids["Hr. Holm"], "11:07", 20, ids["VK"])
        session.add(
            RoleAssignment(carer_id=ids["MH"], role=TeamRole.PLANNER, from_day=DAY, to_day=DAY)
        )
        session.add(  # as the CSV import stores a phoned-in sick call: no audit event
            Absence(
                carer_id=ids["TJ"],
                from_day=DAY,
                to_day=DAY,
                kind=AbsenceKind.SICK,
                reported_at=local("06:52"),
                reported_by="MH",
            )
        )
        session.commit()
        save_note(  # yesterday Fru Lund went yellow; today she is back to green
            session,
            NoteInput(
                ids["Fru Lund"], TriageColour.YELLOW, ("appetite",), "spiser lidt", "vej", "LP", DAY
            ),
            actor="LP",
            now=local("12:00", -1),
            today=DAY - timedelta(days=1),
        )
    return store, ids


def run_meeting(store: Store, ids: dict[str, int]) -> dict[str, object]:
    with store.session() as s:
        meeting = start_meeting(s, day=DAY, actor="MH", now=local("07:00"))
        set_present(
            s, meeting_id=meeting, carer_id=ids["BS"], present=False, actor="MH", now=local("07:01")
        )
        for visit, carer, start, at in (
            (ids["olsen"], ids["MH"], "08:00", "07:02"),  # covers for TJ
            (ids["jensen"], ids["MH"], "09:45", "07:03"),  # another carer and a new time
            (ids["lund"], ids["BS"], "10:00", "07:04"),  # then undone
        ):
            move_visit(
                s,
                visit_id=visit,
                target=Placement(carer, hm(start)),
                expected_version=1,
                actor="MH",
                now=local(at),
            )
        undo_last(s, actor="MH", now=local("07:04") + timedelta(seconds=30))
        notes = (
            NoteInput(
                ids["Fru Jensen"],
                TriageColour.YELLOW,
                ("mobility", "pain"),
                "faldet i nat",
                "Vej fredag",
                "BS",
                DAY + timedelta(days=4),
            ),
            NoteInput(
                ids["Hr. Olsen"],
                TriageColour.RED,
                ("breathing",),
                "åndenød",
                "ring til lægen",
                "MH",
                DAY,
            ),
            NoteInput(ids["Fru Lund"], TriageColour.GREEN, reason="spiser og drikker igen"),
        )
        for note in notes:
            save_note(s, note, actor="MH", now=local("07:04"), today=DAY)
        write_message(
            s,
            day=DAY,
            recipient="EVENING",
            text="se til iltmætningen",
            actor="MH",
            now=local("07:05"),
            citizen_id=ids["Hr. Olsen"],
        )
        return end_meeting(s, meeting_id=meeting, now=local("07:05") + timedelta(seconds=12))


def section(markdown: str, heading: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_the_minutes_of_a_demo_like_meeting_say_everything(tmp_path: Path) -> None:
    store, ids = morning_team(tmp_path / "morning.db")
    try:
        minutes = run_meeting(store, ids)
    finally:
        store.close()
    md = minutes_markdown(minutes, t)
    assert md.splitlines()[2] == "Ordstyrer MH · varighed 5,2 min (planlagt 15)"  # Danish comma
    assert section(md, "Fremmøde") == [
        "- Til stede: LP, MH",  # TJ is sick, so not on the list; BS was unticked
        "- Ikke til stede: BS, VK (tilkaldt fra 11:07)",  # VK comes for the 11:07 visit
    ]
    assert section(md, "Fravær") == ["- TJ: syg (2026-03-02 – 2026-03-02)"]
    assert section(md, "Dækning") == ["- 08:00 Hr. Olsen: MH dækker for TJ (eget team)"]
    assert section(md, "Ændringer siden sidste møde") == [
        "- 06:52 MH: meldte fravær for TJ (syg)",  # registered before the meeting
        "- 07:02 MH: flyttede Hr. Olsen fra TJ til MH kl. 08:00",
        "- 07:03 MH: flyttede Fru Jensen fra LP til MH kl. 09:00 → 09:45",
        "- 07:04 MH: flyttede Fru Lund fra LP til BS kl. 10:00 · fortrudt kl. 07:04 af MH",
    ]
    assert section(md, "Triage") == [
        "- **Fru Jensen** (gul): faldet i nat · ændringsskema: mobilitet, smerter · "
        "handling: Vej fredag · ansvarlig: BS · opfølgning 2026-03-06",
        "- **Hr. Olsen** (rød): åndenød · ændringsskema: vejrtrækning · "
        "handling: ring til lægen · ansvarlig: MH · opfølgning 2026-03-02",
        "- **Fru Lund** (grøn): begrundelse: spiser og drikker igen",
    ]
    assert section(md, "Beskeder") == ["- Aftenvagten: se til iltmætningen (Hr. Olsen) — MH"]


def test_the_same_minutes_in_english_use_a_decimal_point(tmp_path: Path) -> None:
    from kaffefoerst.locale import set_language

    store, ids = morning_team(tmp_path / "morning.db")
    try:
        minutes = run_meeting(store, ids)
    finally:
        store.close()
    set_language("en")  # the conftest fixture puts Danish back
    md = minutes_markdown(minutes, t)
    assert md.splitlines()[2] == "Chair MH · duration 5.2 min (planned 15)"
    assert "- 07:03 MH: moved Fru Jensen from LP to MH at 09:00 → 09:45" in md
    assert "- **Fru Lund** (green): reason: spiser og drikker igen" in md
