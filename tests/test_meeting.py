"""The discussion board, messages to the next shift, and the meeting: start, changes, minutes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.enums import AbsenceKind, CoverSource, TriageColour
from kaffefoerst.model import Absence, AuditEvent, BoardItem, Cover, Meeting, Message, Team
from kaffefoerst.store.attendance import set_present
from kaffefoerst.store.discussion_board import board_items, put_on_board
from kaffefoerst.store.meeting_changes import changes_since, previous_meeting_start
from kaffefoerst.store.meetings import all_minutes, end_meeting, start_meeting
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.store.shift_messages import messages, write_message
from kaffefoerst.store.triage import NoteInput, save_note
from tests.builders import DAY, hm

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
YESTERDAY = DAY - timedelta(days=1)
TOMORROW = DAY + timedelta(days=1)


def _at(day_offset: int, clock: str) -> datetime:
    return START + timedelta(days=day_offset, minutes=hm(clock) - hm("07:00"))


def _count(store, table) -> int:  # noqa: ANN001
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def _board(store, citizen_id, reason="faldet i nat", for_day=DAY, actor="CD", now=START):  # noqa: ANN001, ANN202
    with store.session() as session:
        return put_on_board(
            session, citizen_id=citizen_id, reason=reason, for_day=for_day, actor=actor, now=now
        )


def _message(store, text="Husk væske", recipient="EVENING", day=DAY, citizen_id=None):  # noqa: ANN001, ANN202
    with store.session() as session:
        return write_message(
            session,
            day=day,
            recipient=recipient,
            text=text,
            actor="AB",
            now=START,
            citizen_id=citizen_id,
        )


def _start(store, day=DAY, now=START, actor="AB") -> int:  # noqa: ANN001
    with store.session() as session:
        return start_meeting(session, day=day, actor=actor, now=now)


def _end(store, meeting_id, now):  # noqa: ANN001, ANN202
    with store.session() as session:
        return end_meeting(session, meeting_id=meeting_id, now=now)


def _move(store, visit_id, carer_id, start, now, actor="AB", version=1) -> None:  # noqa: ANN001
    with store.session() as session:
        move_visit(
            session,
            visit_id=visit_id,
            target=Placement(carer_id, hm(start)),
            expected_version=version,
            actor=actor,
            now=now,
        )


def _event(store, action, entity, entity_id, actor, at, after=None) -> None:  # noqa: ANN001
    """An audit row as the absence and cover code writes it (a cover names its new carer)."""
    with store.session() as session:
        session.add(
            AuditEvent(
                actor=actor,
                at=at,
                action=action,
                entity=entity,
                entity_id=entity_id,
                after=json.dumps(after or {}),
            )
        )
        session.commit()


def _sick(store, carer_id) -> None:  # noqa: ANN001
    with store.session() as session:
        session.add(
            Absence(
                carer_id=carer_id,
                from_day=DAY,
                to_day=DAY,
                kind=AbsenceKind.SICK,
                reported_at=_at(0, "05:52"),
                reported_by="AB",
            )
        )
        session.commit()


def _changes(store, since):  # noqa: ANN001, ANN202
    with store.session() as session:
        return changes_since(session, since)


# --- the discussion board ---------------------------------------------------------------------
def test_put_on_board_needs_a_reason(team) -> None:  # noqa: ANN001
    store, ids = team
    for reason in ("", "   "):
        with pytest.raises(DomainError) as refused:
            _board(store, ids["jensen"], reason=reason)
        assert refused.value.key == "board_item.reason_missing"
    assert (_count(store, BoardItem), _count(store, AuditEvent)) == (0, 0)


def test_put_on_board_unknown_citizen_is_refused(team) -> None:  # noqa: ANN001
    store, _ = team
    with pytest.raises(DomainError) as refused:
        _board(store, 9999)
    assert refused.value.key == "triage.unknown_citizen"
    assert _count(store, BoardItem) == 0


def test_put_on_board_stores_item_and_audit(team) -> None:  # noqa: ANN001
    store, ids = team
    item_id = _board(store, ids["jensen"], reason="  faldet i nat ", actor="CD")
    with store.session() as session:
        item = session.get(BoardItem, item_id)
        [event] = session.scalars(select(AuditEvent)).all()
    assert (item.citizen_id, item.reason, item.added_by, item.for_day) == (
        ids["jensen"],
        "faldet i nat",
        "CD",
        DAY,
    )
    assert item.discussed_in is None
    assert (event.action, event.actor, event.entity_id) == ("board_item", "CD", ids["jensen"])
    assert json.loads(event.after) == {"item": item_id, "reason": "faldet i nat"}


def test_board_items_for_the_day_or_earlier_not_yet_discussed(team) -> None:  # noqa: ANN001
    store, ids = team
    today = _board(store, ids["jensen"], reason="i dag", for_day=DAY)
    earlier = _board(store, ids["olsen"], reason="fra i går", for_day=YESTERDAY)
    _board(store, ids["olsen"], reason="i morgen", for_day=TOMORROW)
    discussed = _board(store, ids["jensen"], reason="snakket om", for_day=YESTERDAY)
    with store.session() as session:
        session.add(Meeting(day=YESTERDAY, started_at=_at(-1, "07:00"), started_by="AB"))
        session.flush()
        item = session.get(BoardItem, discussed)
        item.discussed_in = session.scalar(select(Meeting.id))
        session.commit()
        found = board_items(session, DAY)
    assert [(b.id, b.short_name, b.reason, b.for_day) for b in found] == [
        (earlier, "Hr. Olsen", "fra i går", YESTERDAY),
        (today, "Fru Jensen", "i dag", DAY),
    ]


# --- messages ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("recipient", "text", "key"),
    [
        ("evening", "Husk væske", "message.unknown_recipient"),
        ("NEIGHBOUR", "Husk væske", "message.unknown_recipient"),
        ("EVENING", "", "message.empty"),
        ("NURSE", "  \n ", "message.empty"),
    ],
)
def test_write_message_refuses_bad_input(team, recipient, text, key) -> None:  # noqa: ANN001
    store, _ = team
    with pytest.raises(DomainError) as refused:
        _message(store, text=text, recipient=recipient)
    assert refused.value.key == key
    assert (_count(store, Message), _count(store, AuditEvent)) == (0, 0)


def test_messages_of_a_day_in_order(team) -> None:  # noqa: ANN001
    store, ids = team
    first = _message(store, " Husk væske ", "EVENING", citizen_id=ids["jensen"])
    second = _message(store, "Ny rollator", "VISITATION")
    _message(store, "Gammel besked", "NURSE", day=YESTERDAY)
    third = _message(store, "Ring til datter", "RELATIVES", citizen_id=ids["olsen"])
    with store.session() as session:
        found = messages(session, DAY)
        [event, *_] = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(m.id, m.recipient, m.citizen, m.text, m.author) for m in found] == [
        (first, "EVENING", "Fru Jensen", "Husk væske", "AB"),
        (second, "VISITATION", "", "Ny rollator", "AB"),
        (third, "RELATIVES", "Hr. Olsen", "Ring til datter", "AB"),
    ]
    assert (event.action, event.entity, event.entity_id) == ("message", "message", first)


# --- starting the meeting ---------------------------------------------------------------------
def test_start_meeting_joins_the_one_already_running(team) -> None:  # noqa: ANN001
    store, _ = team
    first = _start(store, actor="AB")
    again = _start(store, now=START + timedelta(minutes=2), actor="CD")
    assert again == first
    with store.session() as session:
        [meeting] = session.scalars(select(Meeting)).all()
    assert meeting.started_by == "AB"
    assert meeting.started_at.replace(tzinfo=UTC) == START


def test_start_meeting_uses_the_teams_length(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        session.get(Team, ids["nord"]).meeting_min = 20
        session.commit()
    meeting_id = _start(store)
    with store.session() as session:
        assert session.get(Meeting, meeting_id).planned_min == 20


def test_a_new_meeting_after_the_days_meeting_ended(team) -> None:  # noqa: ANN001
    store, _ = team
    first = _start(store)
    _end(store, first, START + timedelta(minutes=15))
    assert _start(store, now=START + timedelta(hours=5)) != first
    assert _start(store, day=TOMORROW, now=_at(1, "07:00")) != first


# --- changes since the last meeting ------------------------------------------------------------
def test_changes_since_lists_moves_covers_and_absences_after_a_moment(team) -> None:  # noqa: ANN001
    store, ids = team
    _move(store, ids["v2"], ids["CD"], "09:30", _at(-1, "06:00"))  # before: left out
    _move(store, ids["v2"], ids["AB"], "09:15", _at(-1, "12:00"), actor="MH", version=2)
    _event(
        store,
        "cover",
        "visit",
        ids["v1"],
        "cd",
        _at(-1, "13:00"),
        after={"carer_id": ids["CD"], "start_min": 480},
    )
    _event(store, "absence", "carer", ids["CD"], "AB", _at(-1, "14:00"))
    _event(store, "triage", "citizen", ids["jensen"], "AB", _at(-1, "15:00"))  # not a change
    _event(store, "message", "message", 1, "AB", _at(-1, "15:30"))  # not a change
    found = _changes(store, _at(-1, "07:00"))
    assert [(c.action, c.actor, c.what, c.outside) for c in found] == [
        ("move", "MH", "Hr. Olsen", True),  # neither today's planner nor the route's carer
        ("cover", "cd", "Fru Jensen", False),  # CD takes it onto her own route (any case)
        ("absence", "AB", "CD", True),  # AB is no planner here: reporting CD is from outside
    ]
    assert found[0].at.replace(tzinfo=UTC) == _at(-1, "12:00")


def test_changes_since_includes_the_moment_itself(team) -> None:  # noqa: ANN001
    store, ids = team
    _event(store, "absence_end", "carer", ids["CD"], "AB", START)
    assert [c.action for c in _changes(store, START)] == ["absence_end"]
    assert _changes(store, START + timedelta(seconds=1)) == []


@pytest.fixture
def copenhagen_clock() -> Iterator[None]:
    """The machine's local time is Danish, as on the team's laptop."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Copenhagen"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_minutes_changes_start_at_the_previous_meeting_whatever_the_local_zone(
    team,  # noqa: ANN001
    copenhagen_clock,  # noqa: ANN001
) -> None:
    store, ids = team
    yesterday = _start(store, day=YESTERDAY, now=_at(-1, "06:00"))  # 07:00 in Copenhagen
    _end(store, yesterday, _at(-1, "06:15"))
    _move(store, ids["v2"], ids["CD"], "09:30", _at(-1, "05:30"))  # before that meeting
    _move(store, ids["v3"], ids["AB"], "08:15", _at(-1, "10:00"))
    with store.session() as session:
        since = previous_meeting_start(session, DAY)
    assert since.replace(tzinfo=UTC) == _at(-1, "06:00")
    minutes = _end(store, _start(store), START + timedelta(minutes=10))
    assert [c["what"] for c in minutes["changes"]] == ["Hr. Olsen"]
    assert minutes["changes"][0]["at"] == "2026-03-01T10:00:00+00:00"


# --- ending the meeting: the minutes ----------------------------------------------------------
def _busy_morning(store, ids) -> int:  # noqa: ANN001
    """Yesterday's meeting, changes since, a sick call with a cover, notes, board and messages."""
    yesterday = _start(store, day=YESTERDAY, now=_at(-1, "07:00"))
    _end(store, yesterday, _at(-1, "07:14"))
    _move(store, ids["v2"], ids["CD"], "09:30", _at(-1, "06:30"), actor="AB")  # before it
    _move(store, ids["v2"], ids["AB"], "09:15", _at(-1, "12:00"), actor="MH", version=2)
    with store.session() as session:
        sick = Absence(
            carer_id=ids["CD"],
            from_day=DAY,
            to_day=DAY + timedelta(days=2),
            kind=AbsenceKind.SICK,
            reported_at=_at(0, "06:10"),
            reported_by="CD",
        )
        old = Absence(
            carer_id=ids["EF"],
            from_day=DAY - timedelta(days=5),
            to_day=YESTERDAY,
            kind=AbsenceKind.VACATION,
            reported_at=_at(-6, "06:10"),
            reported_by="EF",
        )
        session.add_all([sick, old])
        session.flush()
        session.add(
            Cover(
                visit_id=ids["v3"],
                absence_id=sick.id,
                absent_carer_id=ids["CD"],
                carer_id=ids["AB"],
                source=CoverSource.OWN_TEAM,
                decided_by="AB",
                decided_at=_at(0, "06:20"),
            )
        )
        session.add(
            Cover(
                visit_id=ids["v4"],
                absence_id=sick.id,
                absent_carer_id=ids["CD"],
                carer_id=ids["EF"],
                source=CoverSource.PARTNER_TEAM,
                decided_by="AB",
                decided_at=_at(0, "06:25"),
                returned=True,  # given back: not in the minutes
            )
        )
        session.commit()
        sick_id = sick.id
    # As report_absence writes it: the event names its absence, so it is listed once.
    after = {"absence_id": sick_id, "kind": "SICK"}
    _event(store, "absence", "carer", ids["CD"], "CD", _at(0, "06:10"), after=after)
    _event(
        store,
        "cover",
        "visit",
        ids["v3"],
        "AB",
        _at(0, "06:20"),
        after={"carer_id": ids["AB"], "start_min": 480},
    )
    with store.session() as session:
        save_note(
            session,
            NoteInput(ids["olsen"], TriageColour.GREEN, observation="før mødet"),
            actor="AB",
            now=_at(0, "06:30"),
            today=DAY,
        )
    _board(store, ids["jensen"], reason="faldet i nat", for_day=DAY, actor="CD")
    _board(store, ids["olsen"], reason="næste uge", for_day=TOMORROW, actor="CD")
    _message(store, "Gammel besked", "NURSE", day=YESTERDAY)
    meeting_id = _start(store, now=START)
    with store.session() as session:
        save_note(
            session,
            NoteInput(
                ids["jensen"],
                TriageColour.YELLOW,
                points=("mobility",),
                observation="faldet i nat",
                action="ergoterapeut ser på det",
                responsible="ab",
                follow_up=TOMORROW,
            ),
            actor="CD",
            now=_at(0, "07:06"),
            today=DAY,
        )
    _message(store, "Se til fru Jensen", "EVENING", citizen_id=ids["jensen"])
    _message(store, "Ny rollator", "VISITATION")
    return meeting_id


def test_end_meeting_writes_the_minutes(team) -> None:  # noqa: ANN001
    store, ids = team
    meeting_id = _busy_morning(store, ids)
    with store.session() as session:  # EF did not come; CD is sick and not on the list at all
        set_present(
            session, meeting_id=meeting_id, carer_id=ids["EF"], present=False, actor="AB", now=START
        )
    minutes = _end(store, meeting_id, _at(0, "07:17") + timedelta(seconds=30))
    assert minutes["day"] == "2026-03-02"
    assert minutes["started"] == "2026-03-02T07:00:00+00:00"
    assert minutes["ended"] == "2026-03-02T07:17:30+00:00"
    assert minutes["duration_min"] == 17.5
    assert (minutes["planned_min"], minutes["chair"]) == (15, "AB")
    assert minutes["attendance"] == ["AB"]
    assert minutes["not_present"] == [{"carer": "EF", "arrives_min": None, "substitute": False}]
    assert minutes["absences"] == [
        {"carer": "CD", "kind": "SICK", "from": "2026-03-02", "to": "2026-03-04"}
    ]
    assert minutes["covers"] == [
        {"citizen": "Hr. Olsen", "start_min": 480, "for": "CD", "by": "AB", "source": "OWN_TEAM"}
    ]
    with store.session() as session:
        move, absence, cover = session.scalars(
            select(AuditEvent.id)
            .where(AuditEvent.action.in_(("move", "absence", "cover")))
            .where(AuditEvent.at >= _at(-1, "07:00"))
            .order_by(AuditEvent.id)
        ).all()
    assert minutes["changes"] == [
        {
            "id": move,
            "at": "2026-03-01T12:00:00+00:00",
            "actor": "MH",
            "action": "move",
            "what": "Hr. Olsen",
            "outside": True,
            "from": "CD",
            "to": "AB",
            "from_min": hm("09:30"),
            "to_min": hm("09:15"),
        },
        {
            "id": absence,
            "at": "2026-03-02T06:10:00+00:00",
            "actor": "CD",
            "action": "absence",
            "what": "CD",
            "outside": False,
            "kind": "SICK",
        },
        {
            "id": cover,
            "at": "2026-03-02T06:20:00+00:00",
            "actor": "AB",
            "action": "cover",
            "what": "Hr. Olsen",
            "outside": False,
        },
    ]
    assert minutes["triage"] == [
        {
            "citizen": "Fru Jensen",
            "colour": "YELLOW",
            "observation": "faldet i nat",
            "points": "mobility",
            "action": "ergoterapeut ser på det",
            "responsible": "AB",
            "follow_up": "2026-03-03",
            "reason": "",
        }
    ]
    assert minutes["board"] == [{"citizen": "Fru Jensen", "reason": "faldet i nat", "by": "CD"}]
    assert minutes["messages"] == [
        {"to": "EVENING", "text": "Se til fru Jensen", "author": "AB", "citizen": "Fru Jensen"},
        {"to": "VISITATION", "text": "Ny rollator", "author": "AB", "citizen": ""},
    ]
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert json.loads(meeting.minutes) == minutes
    assert meeting.ended_at.replace(tzinfo=UTC) == _at(0, "07:17") + timedelta(seconds=30)
    assert (last.action, last.entity, last.entity_id) == ("meeting_end", "meeting", meeting_id)


def test_end_meeting_marks_the_board_discussed(team) -> None:  # noqa: ANN001
    store, ids = team
    meeting_id = _busy_morning(store, ids)
    _end(store, meeting_id, _at(0, "07:15"))
    with store.session() as session:
        assert board_items(session, DAY) == []
        assert [b.reason for b in board_items(session, TOMORROW)] == ["næste uge"]
        discussed = session.scalars(select(BoardItem.discussed_in).order_by(BoardItem.id)).all()
    assert discussed == [meeting_id, None]


def test_end_meeting_twice_is_refused(team) -> None:  # noqa: ANN001
    store, _ = team
    meeting_id = _start(store)
    first = _end(store, meeting_id, _at(0, "07:15"))
    with pytest.raises(DomainError) as refused:
        _end(store, meeting_id, _at(0, "07:20"))
    assert refused.value.key == "meeting.already_ended"
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
    assert json.loads(meeting.minutes) == first
    assert meeting.ended_at.replace(tzinfo=UTC) == _at(0, "07:15")


def test_end_unknown_meeting_is_refused(team) -> None:  # noqa: ANN001
    store, _ = team
    with pytest.raises(DomainError) as refused:
        _end(store, 42, START)
    assert refused.value.key == "meeting.unknown"


def test_empty_meeting_has_empty_sections(team) -> None:  # noqa: ANN001
    store, _ = team
    minutes = _end(store, _start(store), START + timedelta(minutes=3))
    assert minutes["attendance"] == ["AB", "CD", "EF"]  # nobody unticked: all on shift came
    for section in ("absences", "covers", "changes", "triage", "board", "messages"):
        assert minutes[section] == [], section
    assert minutes["duration_min"] == 3.0


def test_all_minutes_ended_meetings_newest_first(team) -> None:  # noqa: ANN001
    store, _ = team
    older = _start(store, day=YESTERDAY, now=_at(-1, "07:00"), actor="CD")
    _end(store, older, _at(-1, "07:12"))
    newer = _start(store, now=START, actor="AB")
    _end(store, newer, _at(0, "07:16"))
    _start(store, day=TOMORROW, now=_at(1, "07:00"))  # still running: no minutes yet
    with store.session() as session:
        found = all_minutes(session)
    assert [(m.id, m.day, m.chair, m.duration_min) for m in found] == [
        (newer, DAY, "AB", 16.0),
        (older, YESTERDAY, "CD", 12.0),
    ]
    assert found[0].minutes["day"] == "2026-03-02"


# --- changes: where a visit went, undo, sick calls without an event ------------------------------
def test_changes_say_from_whom_to_whom_and_which_move_an_undo_put_back(team) -> None:  # noqa: ANN001
    from kaffefoerst.store.meeting_changes import Spot
    from kaffefoerst.store.moves import undo_last

    store, ids = team
    _move(store, ids["v4"], ids["CD"], "10:30", _at(0, "06:01"))
    with store.session() as session:
        undo_last(session, actor="AB", now=_at(0, "06:02"))
    move, undo = _changes(store, _at(0, "06:00"))
    assert (move.action, move.before, move.after, move.undoes) == (
        "move",
        Spot(None, hm("10:00")),
        Spot("CD", hm("10:30")),
        None,
    )
    assert (undo.action, undo.before, undo.after, undo.undoes) == (
        "undo",
        Spot("CD", hm("10:30")),
        Spot(None, hm("10:00")),
        move.id,
    )
    assert move.at == _at(0, "06:01")  # aware UTC: the screen shows it on the local clock


def test_a_sick_call_without_an_audit_event_is_a_change_and_listed_once(team) -> None:  # noqa: ANN001
    from kaffefoerst.store.absences import mark_absent

    store, ids = team
    _sick(store, ids["CD"])  # as imported: only the absence row, reported 05:52
    with store.session() as session:
        mark_absent(
            session,
            carer_id=ids["EF"],
            from_day=DAY,
            to_day=DAY,
            kind=AbsenceKind.VACATION,
            actor="AB",
            now=_at(0, "05:30"),
        )
    found = _changes(store, _at(-1, "07:00"))
    assert [(c.at, c.actor, c.action, c.what, c.kind) for c in found] == [
        (_at(0, "05:30"), "AB", "absence", "EF", "VACATION"),
        (_at(0, "05:52"), "AB", "absence", "CD", "SICK"),
    ]
    assert _changes(store, _at(0, "06:00")) == []  # reported before the window: not a change


def test_without_a_previous_meeting_changes_start_yesterday(team, copenhagen_clock) -> None:  # noqa: ANN001
    from kaffefoerst.store.meeting_changes import changes_start

    store, _ = team
    with store.session() as session:
        assert changes_start(session, DAY) == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
        session.add(Meeting(day=YESTERDAY, started_at=_at(-1, "06:00"), started_by="AB"))
        session.commit()
        assert changes_start(session, DAY) == _at(-1, "06:00")
