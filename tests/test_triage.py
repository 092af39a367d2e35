"""Triage notes: current colour, green needs a reason, validation, drafts, the list and history."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.enums import TriageColour
from kaffefoerst.model import AuditEvent, TriageDraft, TriageNote
from kaffefoerst.store import Store
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.triage import (
    NoteInput,
    discard_draft,
    drafts_of,
    history,
    latest_notes,
    save_draft,
    save_note,
    triage_list,
)
from kaffefoerst.store.triage_colour import current_colours
from tests.builders import DAY, TeamBuilder

NOW = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)
TOMORROW = DAY + timedelta(days=1)
YELLOW, RED, GREEN = TriageColour.YELLOW, TriageColour.RED, TriageColour.GREEN


def _note(citizen_id: int, colour: TriageColour = YELLOW, **changes: object) -> NoteInput:
    """A complete note; a test changes only what it is about."""
    note = NoteInput(
        citizen_id,
        colour,
        points=("appetite",),
        observation="spiser mindre",
        action="vejes dagligt",
        responsible="AB",
        follow_up=TOMORROW,
        tell=("evening",),
    )
    return replace(note, **changes)


def _green(citizen_id: int, reason: str = "", **changes: object) -> NoteInput:
    return replace(NoteInput(citizen_id, GREEN, reason=reason), **changes)


def _save(store, note, actor="AB", now=NOW, today=DAY):  # noqa: ANN001, ANN202
    with store.session() as session:
        return save_note(session, note, actor=actor, now=now, today=today)


def _refused(store, note, actor="AB", today=DAY) -> list[str]:  # noqa: ANN001
    with pytest.raises(DomainError) as refused:
        _save(store, note, actor=actor, today=today)
    assert refused.value.key == "triage.invalid"
    return list(refused.value.fields["problems"])  # type: ignore[call-overload]


def _count(store, table) -> int:  # noqa: ANN001
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def _colours(store) -> dict[int, TriageColour]:  # noqa: ANN001
    with store.session() as session:
        return current_colours(session)


def _draft(store, citizen_id, author="AB", data=None, now=NOW) -> None:  # noqa: ANN001
    with store.session() as session:
        save_draft(
            session,
            citizen_id=citizen_id,
            author=author,
            data=data if data is not None else {"observation": "spiser"},
            now=now,
        )


def _drafts(store, author="AB"):  # noqa: ANN001, ANN202
    with store.session() as session:
        return drafts_of(session, author)


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they are stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# --- current colour ---------------------------------------------------------------------------
def test_current_colour_is_the_latest_notes(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], YELLOW))
    _save(store, _note(ids["jensen"], RED), now=NOW + timedelta(minutes=2))
    assert _colours(store) == {ids["jensen"]: RED}  # Hr. Olsen has no notes: absent


def test_latest_note_wins_even_when_it_is_milder(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["olsen"], RED))
    _save(store, _note(ids["olsen"], YELLOW))
    _save(store, _note(ids["jensen"], RED))
    assert _colours(store) == {ids["olsen"]: YELLOW, ids["jensen"]: RED}
    with store.session() as session:
        latest = latest_notes(session, [ids["olsen"]])
    assert list(latest) == [ids["olsen"]]
    assert latest[ids["olsen"]].colour is YELLOW


def test_no_notes_no_colours(team) -> None:  # noqa: ANN001
    store, _ = team
    assert _colours(store) == {}


# --- green needs a reason ---------------------------------------------------------------------
def test_yellow_to_green_without_reason_is_refused_and_nothing_stored(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], YELLOW))
    for reason in ("", "   "):
        assert _refused(store, _green(ids["jensen"], reason)) == ["triage.green_needs_reason"]
    assert _count(store, TriageNote) == 1
    assert _count(store, AuditEvent) == 1
    assert _colours(store) == {ids["jensen"]: YELLOW}


def test_red_to_green_needs_a_reason_too(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], RED))
    assert _refused(store, _green(ids["jensen"])) == ["triage.green_needs_reason"]


def test_yellow_to_green_with_reason_is_stored(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], YELLOW))
    note_id = _save(store, _green(ids["jensen"], "  spiser normalt igen  "))
    assert _colours(store) == {ids["jensen"]: GREEN}
    with store.session() as session:
        stored = session.get(TriageNote, note_id)
    assert stored.reason == "spiser normalt igen"


def test_green_to_green_needs_no_reason(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _green(ids["jensen"]))  # no notes yet: green by default
    _save(store, _green(ids["jensen"]))
    assert _count(store, TriageNote) == 2
    assert _colours(store) == {ids["jensen"]: GREEN}


# --- validation: each problem alone, then several at once -------------------------------------
ALONE = [
    pytest.param(dict(points=(), observation="  "), "triage.observation_missing", id="obs-yellow"),
    pytest.param(
        dict(colour=RED, points=(), observation=""), "triage.observation_missing", id="obs-red"
    ),
    pytest.param(dict(follow_up=None), "triage.follow_up_missing", id="follow-up-yellow"),
    pytest.param(dict(colour=RED, follow_up=None), "triage.follow_up_missing", id="follow-up-red"),
    pytest.param(dict(follow_up=DAY - timedelta(days=1)), "triage.follow_up_past", id="past"),
    pytest.param(dict(responsible="XY"), "triage.unknown_responsible", id="unknown-carer"),
    pytest.param(dict(responsible=" "), "triage.responsible_missing", id="no-carer-yellow"),
    pytest.param(dict(colour=RED, responsible=""), "triage.responsible_missing", id="no-carer-red"),
    pytest.param(dict(points=("appetite", "hunger")), "triage.unknown_point", id="point"),
]


@pytest.mark.parametrize(("changes", "problem"), ALONE)
def test_each_problem_alone_is_refused_and_nothing_stored(team, changes, problem) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"], data={"observation": "halvt skrevet"})
    assert _refused(store, _note(ids["jensen"], **changes)) == [problem]
    assert _count(store, TriageNote) == 0
    assert _count(store, AuditEvent) == 0
    assert _drafts(store) == [(ids["jensen"], {"observation": "halvt skrevet"})]


def test_green_may_have_no_observation_responsible_or_follow_up(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, NoteInput(ids["jensen"], GREEN))
    assert _count(store, TriageNote) == 1


def test_follow_up_today_is_allowed(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], follow_up=DAY))
    assert _count(store, TriageNote) == 1


def test_unknown_point_is_refused_on_green_too(team) -> None:  # noqa: ANN001
    store, ids = team
    assert _refused(store, _green(ids["jensen"], points=("hunger",))) == ["triage.unknown_point"]


def test_all_problems_at_once_on_yellow(team) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"])
    note = _note(ids["jensen"], points=(), observation="", responsible="XY", follow_up=None)
    problems = _refused(store, note)
    assert sorted(problems) == [
        "triage.follow_up_missing",
        "triage.observation_missing",
        "triage.unknown_responsible",
    ]
    assert (_count(store, TriageNote), _count(store, AuditEvent)) == (0, 0)
    assert _count(store, TriageDraft) == 1


def test_all_problems_at_once_on_red(team) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"])
    note = _note(
        ids["jensen"], RED, points=("hunger",), responsible="", follow_up=DAY - timedelta(days=2)
    )
    problems = _refused(store, note)
    assert sorted(problems) == [
        "triage.follow_up_past",
        "triage.responsible_missing",
        "triage.unknown_point",
    ]
    assert (_count(store, TriageNote), _count(store, AuditEvent)) == (0, 0)
    assert _count(store, TriageDraft) == 1


def test_all_problems_at_once_on_green(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], RED))
    note = _green(
        ids["jensen"], points=("hunger",), responsible="XY", follow_up=DAY - timedelta(days=1)
    )
    assert sorted(_refused(store, note)) == [
        "triage.follow_up_past",
        "triage.green_needs_reason",
        "triage.unknown_point",
        "triage.unknown_responsible",
    ]
    assert _count(store, TriageNote) == 1


def test_unknown_citizen_is_refused(team) -> None:  # noqa: ANN001
    store, _ = team
    with pytest.raises(DomainError) as refused:
        _save(store, _note(9999))
    assert refused.value.key == "triage.unknown_citizen"
    assert _count(store, TriageNote) == 0


# --- saving -----------------------------------------------------------------------------------
def test_save_note_stores_everything_and_writes_audit(team) -> None:  # noqa: ANN001
    store, ids = team
    copenhagen = datetime(2026, 3, 2, 8, 5, tzinfo=ZoneInfo("Europe/Copenhagen"))  # 07:05 UTC
    note = _note(
        ids["jensen"],
        RED,
        points=("appetite", "pain"),
        observation="  smerter i hoften ",
        action=" sygeplejerske i dag ",
        responsible="cd",  # typed in lower case
        tell=("evening", "nurse"),
    )
    note_id = _save(store, note, actor="MH", now=copenhagen)
    with store.session() as session:
        stored = session.get(TriageNote, note_id)
        [event] = session.scalars(select(AuditEvent)).all()
    assert stored.citizen_id == ids["jensen"]
    assert stored.colour is RED
    assert stored.day == DAY
    assert stored.author == "MH"
    assert _utc(stored.created_at) == NOW
    assert _utc(stored.created_at).utcoffset() == timedelta(0)
    assert stored.responsible_id == ids["CD"]
    assert (stored.points, stored.tell) == ("appetite,pain", "evening,nurse")
    assert (stored.observation, stored.action) == ("smerter i hoften", "sygeplejerske i dag")
    assert stored.follow_up == TOMORROW
    assert (event.actor, event.action, event.entity, event.entity_id) == (
        "MH",
        "triage",
        "citizen",
        ids["jensen"],
    )
    assert _utc(event.at) == NOW
    assert json.loads(event.after) == {"note": note_id, "colour": "RED"}


def test_save_note_day_is_the_given_today(team) -> None:  # noqa: ANN001
    store, ids = team
    earlier = DAY - timedelta(days=3)
    note_id = _save(store, _note(ids["jensen"], follow_up=earlier), today=earlier)
    with store.session() as session:
        assert session.get(TriageNote, note_id).day == earlier


def test_save_note_drops_the_authors_draft_only(team) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"], author="AB")
    _draft(store, ids["olsen"], author="AB")
    _draft(store, ids["jensen"], author="CD")
    _save(store, _note(ids["jensen"]), actor="AB")
    assert [cid for cid, _ in _drafts(store, "AB")] == [ids["olsen"]]
    assert [cid for cid, _ in _drafts(store, "CD")] == [ids["jensen"]]


# --- drafts -----------------------------------------------------------------------------------
def test_save_draft_twice_keeps_one_row_with_the_latest_data(team) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"], data={"observation": "spi"})
    later = NOW + timedelta(seconds=5)
    _draft(
        store,
        ids["jensen"],
        data={"observation": "spiser ikke", "follow_up": TOMORROW, "colour": "YELLOW"},
        now=later,
    )
    assert _count(store, TriageDraft) == 1
    assert _drafts(store) == [
        (
            ids["jensen"],
            {"observation": "spiser ikke", "follow_up": "2026-03-03", "colour": "YELLOW"},
        )
    ]
    with store.session() as session:
        draft = session.get(TriageDraft, (ids["jensen"], "AB"))
    assert _utc(draft.updated_at) == later


def test_drafts_of_returns_only_that_authors(team) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"], author="AB", data={"observation": "a"})
    _draft(store, ids["olsen"], author="CD", data={"observation": "c"})
    _draft(store, ids["olsen"], author="AB", data={"observation": "b"}, now=NOW + timedelta(1))
    assert _drafts(store, "AB") == [
        (ids["jensen"], {"observation": "a"}),
        (ids["olsen"], {"observation": "b"}),
    ]
    assert _drafts(store, "CD") == [(ids["olsen"], {"observation": "c"})]
    assert _drafts(store, "EF") == []


def test_discard_draft_removes_it(team) -> None:  # noqa: ANN001
    store, ids = team
    _draft(store, ids["jensen"], author="AB")
    _draft(store, ids["jensen"], author="CD")
    with store.session() as session:
        discard_draft(session, citizen_id=ids["jensen"], author="AB")
        discard_draft(session, citizen_id=ids["olsen"], author="AB")  # none there: no error
    assert _drafts(store, "AB") == []
    assert len(_drafts(store, "CD")) == 1


def test_draft_survives_a_crash(team) -> None:  # noqa: ANN001
    store, ids = team
    data = {"colour": "RED", "observation": "åndenød, bleg", "points": ["breathing"]}
    _draft(store, ids["olsen"], data=data)
    store.engine.dispose()  # the laptop closes: no goodbye, no further writes
    reopened = Store.open_sqlite(store.path)
    try:
        with reopened.session() as session:
            assert drafts_of(session, "AB") == [(ids["olsen"], data)]
    finally:
        reopened.close()


# --- the list and history ---------------------------------------------------------------------
def test_triage_list_red_first_then_yellow_then_due_green(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        b = TeamBuilder(session)
        aase = b.citizen("Aase", ids["nord"])
        bent = b.citizen("Bent", ids["nord"])
        carl = b.citizen("Carl", ids["nord"])
        b.citizen("Dorte", ids["nord"])  # never triaged
        erik = b.citizen("Erik", ids["nord"])
        session.commit()
    three_days_ago = DAY - timedelta(days=3)
    _save(store, _note(ids["olsen"], YELLOW, follow_up=DAY, responsible="CD"))
    _save(store, _note(aase, YELLOW, follow_up=DAY + timedelta(days=2)))
    _save(store, _note(ids["jensen"], RED, follow_up=TOMORROW))
    _save(store, _green(bent, follow_up=DAY - timedelta(days=1)), today=three_days_ago)
    _save(store, _green(carl, follow_up=DAY + timedelta(days=3)))
    _save(store, _note(erik, YELLOW, follow_up=DAY - timedelta(days=1)), today=three_days_ago)
    _save(store, _green(erik, "bedre"))
    with store.session() as session:
        rows = triage_list(session, DAY)
    assert [(r.short_name, r.colour, r.due) for r in rows] == [
        ("Fru Jensen", RED, False),
        ("Hr. Olsen", YELLOW, True),  # due today comes before a later yellow
        ("Aase", YELLOW, False),
        ("Bent", GREEN, True),  # overdue follow-up on a green citizen
    ]
    olsen = rows[1]
    assert olsen.citizen_id == ids["olsen"]
    assert (olsen.latest.observation, olsen.latest.action) == ("spiser mindre", "vejes dagligt")
    assert (olsen.latest.responsible, olsen.latest.follow_up) == ("CD", DAY)


def test_triage_list_overdue_yellow_is_flagged(team) -> None:  # noqa: ANN001
    store, ids = team
    _save(store, _note(ids["jensen"], follow_up=DAY), today=DAY - timedelta(days=1))
    with store.session() as session:
        assert [r.due for r in triage_list(session, DAY)] == [True]
        assert [r.due for r in triage_list(session, DAY - timedelta(days=1))] == [False]


def test_history_is_newest_first(team) -> None:  # noqa: ANN001
    store, ids = team
    first = _save(store, _note(ids["jensen"], YELLOW, observation="træt"))
    second = _save(store, _note(ids["jensen"], RED, observation="feber", responsible="CD"))
    third = _save(store, _green(ids["jensen"], "feberfri"))
    _save(store, _note(ids["olsen"], YELLOW))
    with store.session() as session:
        notes = history(session, ids["jensen"])
        assert history(session, 9999) == []
    assert [n.id for n in notes] == [third, second, first]
    assert [n.colour for n in notes] == [GREEN, RED, YELLOW]
    assert [n.responsible for n in notes] == ["", "CD", "AB"]
    assert notes[0].reason == "feberfri"
    assert notes[2].points == ("appetite",)
    assert notes[2].tell == ("evening",)
    assert isinstance(notes[2].day, date)


# --- one definition of the latest note --------------------------------------------------------
def test_board_and_triage_list_agree_on_the_latest_note_by_id(team, tmp_path) -> None:  # noqa: ANN001
    store, ids = team
    # Two notes on one day; the second is saved later but stamped earlier (a clock behind), so
    # only "latest = highest id" makes it win.
    first = _save(store, _note(ids["jensen"], RED), now=NOW + timedelta(minutes=5))
    second = _save(store, _note(ids["jensen"], YELLOW), now=NOW)
    assert second > first
    with store.session() as session:
        board = load_day_plan(session, DAY).colours
        listed = {r.citizen_id: r.colour for r in triage_list(session, DAY)}
        panel = latest_notes(session, [ids["jensen"]])[ids["jensen"]]
    with sqlite3.connect(tmp_path / "team.db") as bare:  # the first board's connection
        first_board = load_day_plan(bare, DAY).colours
    assert board == listed == first_board == _colours(store) == {ids["jensen"]: YELLOW}
    assert (panel.id, panel.colour) == (second, YELLOW)


def test_latest_note_is_defined_once_in_store() -> None:
    store_dir = Path(__file__).resolve().parents[1] / "src" / "kaffefoerst" / "store"
    defining = sorted(
        p.name
        for p in store_dir.glob("*.py")
        # the plain-SQL and the ORM spelling of "the highest note id"
        if re.search(r"max\(id\)[^\"]*FROM triagenote|max\(TriageNote\.id\)", p.read_text("utf-8"))
    )
    assert defining == ["triage_colour.py"]
