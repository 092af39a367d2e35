"""Minutes as Markdown (every section, the outside-team flag) and the owner-only export."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kaffefoerst.enums import AbsenceKind, CoverSource, TriageColour
from kaffefoerst.io.minutes import export_minutes, minutes_markdown
from kaffefoerst.locale import load_catalogue
from kaffefoerst.store.discussion_board import put_on_board
from kaffefoerst.store.meeting_changes import CHANGE_ACTIONS
from kaffefoerst.store.meetings import end_meeting, start_meeting
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.store.shift_messages import write_message
from kaffefoerst.store.triage import NoteInput, save_note
from tests.builders import DAY, hm

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def copenhagen_clock() -> Iterator[None]:
    """The team's laptop runs on Danish time (CET in early March: UTC+1)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Copenhagen"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def t(key: str, **fields: object) -> str:
    """A stub catalogue: the key and its fields, so a test sees exactly what was asked for."""
    return key + repr(sorted(fields.items()))


def _move(id_, at, actor, what, before, after, start, end, **more):  # noqa: ANN001, ANN202
    return {
        "id": id_,
        "at": at,
        "actor": actor,
        "action": more.pop("action", "move"),
        "what": what,
        "outside": more.pop("outside", False),
        "from": before,
        "to": after,
        "from_min": hm(start),
        "to_min": hm(end),
        **more,
    }


MINUTES: dict[str, object] = {
    "day": "2026-03-02",
    "started": "2026-03-02T07:00:00+00:00",
    "ended": "2026-03-02T07:17:30+00:00",
    "duration_min": 17.5,
    "planned_min": 15,
    "chair": "AB",
    "attendance": ["AB", "CD"],
    "not_present": [
        {"carer": "LP", "arrives_min": None, "substitute": False},
        {"carer": "OT", "arrives_min": hm("13:00"), "substitute": False},
        {"carer": "VK", "arrives_min": hm("11:07"), "substitute": True},
    ],
    "absences": [{"carer": "CD", "kind": "SICK", "from": "2026-03-02", "to": "2026-03-04"}],
    "covers": [
        {"citizen": "Hr. Olsen", "start_min": 480, "for": "CD", "by": "AB", "source": "OWN_TEAM"}
    ],
    "changes": [
        _move(
            7,
            "2026-03-01T12:05:00+00:00",
            "MH",
            "Hr. Olsen",
            "LP",
            "MH",
            "09:00",
            "09:30",
            outside=True,
        ),
        {
            "id": 0,
            "at": "2026-03-02T05:52:00+00:00",
            "actor": "CD",
            "action": "absence",
            "what": "CD",
            "outside": False,
            "kind": "SICK",
        },
        _move(9, "2026-03-02T06:05:00+00:00", "AB", "Fru Jensen", None, "AB", "10:00", "10:00"),
        _move(
            10,
            "2026-03-02T06:07:00+00:00",
            "AB",
            "Fru Jensen",
            "AB",
            None,
            "10:00",
            "10:00",
            action="undo",
            undoes=9,
        ),
        _move(
            11,
            "2026-03-02T06:08:00+00:00",
            "MH",
            "Hr. Olsen",
            "MH",
            "LP",
            "09:30",
            "09:00",
            action="undo",
            undoes=3,
        ),  # the move was before the last meeting
        _move(12, "2026-03-02T06:09:00+00:00", "BS", "Fru Lund", "BS", "BS", "10:00", "10:15"),
    ],
    "triage": [
        {
            "citizen": "Fru Jensen",
            "colour": "YELLOW",
            "observation": "faldet i nat",
            "points": "mobility,pain",
            "action": "ergoterapeut",
            "responsible": "AB",
            "follow_up": "2026-03-03",
            "reason": "",
        },
        {
            "citizen": "Hr. Olsen",
            "colour": "GREEN",
            "observation": "",
            "points": "",
            "action": "",
            "responsible": "",
            "follow_up": None,
            "reason": "spiser igen",
        },
    ],
    "board": [{"citizen": "Fru Jensen", "reason": "faldet i nat", "by": "CD"}],
    "messages": [
        {"to": "EVENING", "text": "Se til fru Jensen", "author": "AB", "citizen": "Fru Jensen"},
        {"to": "VISITATION", "text": "Ny rollator", "author": "CD", "citizen": ""},
    ],
}


def _section(markdown: str, heading: str) -> list[str]:
    """The lines under one '## ' heading, up to the next blank line."""
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_title_and_meta_with_the_locales_decimal_comma() -> None:
    md = minutes_markdown(MINUTES, t)
    lines = md.splitlines()
    assert lines[0] == "# minutes.title[('day', '2026-03-02')]"
    assert lines[2] == "minutes.meta[('chair', 'AB'), ('duration', '17,5'), ('planned', 15)]"
    assert md.endswith("\n")


def test_every_section_is_rendered() -> None:
    md = minutes_markdown(MINUTES, t)
    late = t("minutes.arrives", time="13:00")
    called = t("minutes.called_in", time="11:07")
    assert _section(md, "minutes.attendance[]") == [
        "- " + t("minutes.present", carers="AB, CD"),
        "- " + t("minutes.not_present", carers=f"LP, OT ({late}), VK ({called})"),
    ]
    assert _section(md, "minutes.absences[]") == [
        "- CD: absence.kind.SICK[] (2026-03-02 – 2026-03-04)"
    ]
    assert _section(md, "minutes.covers[]") == [
        "- 08:00 Hr. Olsen: AB minutes.covers_for[('absent', 'CD')] (cover.source_short.OWN_TEAM[])"
    ]
    assert _section(md, "minutes.changes[]") == [
        # local time, as on screen; from whom to whom, and the times when re-timed
        "- 13:05 MH: change.move[] Hr. Olsen minutes.route[('after', 'MH'), ('before', 'LP')] "
        "minutes.retimed[('after', '09:30'), ('before', '09:00')] **change.outside[]**",
        "- 06:52 CD: change.absence[] CD (absence.kind.SICK[])",
        # the undo folds into the move it put back: one line, not two
        "- 07:05 AB: change.move[] Fru Jensen "
        "minutes.route[('after', 'AB'), ('before', 'minutes.unassigned[]')] "
        "minutes.at[('time', '10:00')] minutes.undone[('actor', 'AB'), ('at', '07:07')]",
        "- 07:08 MH: change.undo[] Hr. Olsen minutes.undo_back[('carer', 'LP'), ('time', '09:00')]",
        "- 07:09 BS: change.move[] Fru Lund minutes.same_route[('carer', 'BS')] "
        "minutes.retimed[('after', '10:15'), ('before', '10:00')]",
    ]
    assert _section(md, "minutes.triage[]") == [
        "- **Fru Jensen** (triage.colour.YELLOW[]): faldet i nat · "
        "minutes.points[('points', 'triage.point.mobility[], triage.point.pain[]')] · "
        "minutes.action[('action', 'ergoterapeut')] · minutes.responsible[('carer', 'AB')] · "
        "minutes.follow_up[('day', '2026-03-03')]",
        "- **Hr. Olsen** (triage.colour.GREEN[]): minutes.reason[('reason', 'spiser igen')]",
    ]
    assert _section(md, "minutes.board[]") == ["- Fru Jensen: faldet i nat (CD)"]
    assert _section(md, "minutes.messages[]") == [
        "- message.to.EVENING[]: Se til fru Jensen (Fru Jensen) — AB",
        "- message.to.VISITATION[]: Ny rollator — CD",
    ]


def test_minutes_stored_before_the_new_fields_still_render() -> None:
    """Older minutes lack visit times, routes of moves and reasons: lines say what they have."""
    old = {
        "day": "2026-03-02",
        "duration_min": 12.0,
        "attendance": ["AB"],
        "covers": [{"citizen": "Hr. Olsen", "for": "CD", "by": "AB", "source": "OWN_TEAM"}],
        "changes": [
            {
                "at": "2026-03-01T12:05:00+00:00",
                "actor": "MH",
                "action": "move",
                "what": "Hr. Olsen",
                "outside": True,
            }
        ],
        "triage": [
            {
                "citizen": "Hr. Olsen",
                "colour": "RED",
                "observation": "feber",
                "points": "",
                "action": "",
                "responsible": "",
                "follow_up": None,
            }
        ],
    }
    md = minutes_markdown(old, t)
    assert _section(md, "minutes.attendance[]") == ["- minutes.present[('carers', 'AB')]"]
    assert _section(md, "minutes.covers[]") == [
        "- Hr. Olsen: AB minutes.covers_for[('absent', 'CD')] (cover.source_short.OWN_TEAM[])"
    ]
    assert _section(md, "minutes.changes[]") == [
        "- 13:05 MH: change.move[] Hr. Olsen **change.outside[]**"
    ]
    assert _section(md, "minutes.triage[]") == ["- **Hr. Olsen** (triage.colour.RED[]): feber"]


def test_change_times_are_on_the_danish_clock_in_summer_too() -> None:
    summer = {
        "day": "2026-07-01",
        "changes": [
            {
                "at": "2026-06-30T22:30:00+00:00",  # 00:30 on the 1st in Copenhagen
                "actor": "AB",
                "action": "move",
                "what": "Fru Jensen",
                "outside": False,
            }
        ],
    }
    md = minutes_markdown(summer, t)
    assert _section(md, "minutes.changes[]") == ["- 00:30 AB: change.move[] Fru Jensen"]


def test_sections_come_in_agenda_order() -> None:
    md = minutes_markdown(MINUTES, t)
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## minutes.attendance[]",
        "## minutes.absences[]",
        "## minutes.covers[]",
        "## minutes.changes[]",
        "## minutes.triage[]",
        "## minutes.board[]",
        "## decisions.minutes.title[]",
        "## minutes.messages[]",
    ]


def test_outside_flag_only_on_outside_changes() -> None:
    md = minutes_markdown(MINUTES, t)
    assert md.count("change.outside") == 1
    [flagged] = [line for line in md.splitlines() if "change.outside" in line]
    assert " MH: " in flagged


def test_empty_minutes_show_a_dash_in_every_section() -> None:
    md = minutes_markdown({"day": "2026-03-02"}, t)
    for heading in ("attendance", "absences", "covers", "changes", "triage", "board", "messages"):
        assert _section(md, f"minutes.{heading}[]") == ["–"], heading
    assert "minutes.meta[('chair', ''), ('duration', '0,0'), ('planned', 15)]" in md


def test_minutes_from_a_real_meeting_render(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v2"],
            target=Placement(ids["CD"], hm("09:30")),
            expected_version=1,
            actor="MH",
            now=START - timedelta(hours=3),
        )
        put_on_board(
            session,
            citizen_id=ids["olsen"],
            reason="spiser dårligt",
            for_day=DAY,
            actor="CD",
            now=START - timedelta(hours=20),
        )
        meeting_id = start_meeting(session, day=DAY, actor="AB", now=START)
        save_note(
            session,
            NoteInput(
                ids["olsen"],
                TriageColour.RED,
                observation="feber",
                action="sygeplejerske",
                responsible="AB",
                follow_up=DAY,
            ),
            actor="AB",
            now=START + timedelta(minutes=4),
            today=DAY,
        )
        write_message(
            session,
            day=DAY,
            recipient="NURSE",
            text="Feber hos hr. Olsen",
            actor="AB",
            now=START + timedelta(minutes=5),
            citizen_id=ids["olsen"],
        )
        minutes = end_meeting(
            session,
            meeting_id=meeting_id,
            now=START + timedelta(minutes=9),
        )
    md = minutes_markdown(minutes, t)
    assert _section(md, "minutes.changes[]") == [
        "- 05:00 MH: change.move[] Hr. Olsen minutes.route[('after', 'CD'), ('before', 'AB')] "
        "minutes.retimed[('after', '09:30'), ('before', '09:00')] **change.outside[]**"
    ]
    assert _section(md, "minutes.triage[]") == [
        "- **Hr. Olsen** (triage.colour.RED[]): feber · minutes.action[('action', 'sygeplejerske')]"
        " · minutes.responsible[('carer', 'AB')] · minutes.follow_up[('day', '2026-03-02')]"
    ]
    assert _section(md, "minutes.board[]") == ["- Hr. Olsen: spiser dårligt (CD)"]
    assert _section(md, "minutes.messages[]") == [
        "- message.to.NURSE[]: Feber hos hr. Olsen (Hr. Olsen) — AB"
    ]
    assert "('duration', '9,0')" in md


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_key_the_minutes_can_use_is_in_the_catalogue(language: str) -> None:
    asked: set[str] = set()

    def recording(key: str, **fields: object) -> str:
        asked.add(key)
        return key

    every = dict(MINUTES)
    every["absences"] = [
        {"carer": "CD", "kind": kind.value, "from": "2026-03-02", "to": "2026-03-02"}
        for kind in AbsenceKind
    ]
    every["covers"] = [
        {"citizen": "X", "for": "CD", "by": "AB", "source": source.value} for source in CoverSource
    ]
    every["changes"] = [
        {
            "at": "2026-03-02T06:10:00+00:00",
            "actor": "MH",
            "action": a,
            "what": "X",
            "outside": True,
        }
        for a in CHANGE_ACTIONS
    ]
    every["triage"] = [
        {**MINUTES["triage"][0], "colour": colour.value}  # type: ignore[index]
        for colour in TriageColour
    ]
    every["messages"] = [
        {"to": to, "text": "x", "author": "AB", "citizen": ""}
        for to in ("EVENING", "NURSE", "VISITATION", "RELATIVES")
    ]
    minutes_markdown(every, recording)
    missing = sorted(asked - set(load_catalogue(language)))
    assert missing == []


# --- export -----------------------------------------------------------------------------------
def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_export_writes_an_owner_only_file_with_the_exact_text(tmp_path: Path) -> None:
    md = minutes_markdown(MINUTES, t)
    path = export_minutes(md, tmp_path / "referat.md")
    assert path == tmp_path / "referat.md"
    assert path.read_bytes() == md.encode("utf-8")
    assert _mode(path) == 0o600


def test_export_overwrites_and_leaves_the_file_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "referat.md"
    path.write_text("en meget længere gammel tekst\n" * 50, encoding="utf-8")
    path.chmod(0o644)
    export_minutes("# Kort\n", path)
    assert path.read_text(encoding="utf-8") == "# Kort\n"
    assert _mode(path) == 0o600


def test_export_never_writes_into_a_readable_file(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """An existing 0644 file is narrowed before the minutes go in, not after."""
    path = tmp_path / "referat.md"
    path.write_text("gammel\n", encoding="utf-8")
    path.chmod(0o644)
    modes: list[int] = []
    real_fdopen = os.fdopen

    def watching(fd: int, *args: object, **kwargs: object):  # noqa: ANN202
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", watching)
    export_minutes("# Referat\n", path)
    assert modes == [0o600]


def test_export_expands_the_home_folder(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("HOME", str(tmp_path))
    path = export_minutes("# Referat\n", Path("~/referat.md"))
    assert path == tmp_path / "referat.md"
    assert path.read_text(encoding="utf-8") == "# Referat\n"
