"""Attendance at the morning meeting (stored as ticked) and what the board leaves open."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from sqlalchemy import select

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.model import AuditEvent, MeetingAttendance
from kaffefoerst.store.attendance import set_present
from tests.builders import DAY, hm
from tests.test_meeting import START, YESTERDAY, _at, _count, _end, _move, _sick, _start


# --- attendance: stored as ticked, defaulting to who starts at the meeting ----------------------
def _plan(store):  # noqa: ANN001, ANN202
    from kaffefoerst.store.day_plan import load_day_plan

    with store.session() as session:
        return load_day_plan(session, DAY)


def _attendance(store, meeting_id):  # noqa: ANN001, ANN202
    from kaffefoerst.store.attendance import attendance

    with store.session() as session:
        found = attendance(session, meeting_id, _plan(store))
    return [(a.initials, a.present, a.arrives_min, a.substitute, a.stored) for a in found]


def test_attendance_starts_from_the_shift_without_the_absent_and_late_comers(team) -> None:  # noqa: ANN001
    from tests.builders import TeamBuilder

    store, ids = team
    with store.session() as session:
        b = TeamBuilder(session)
        vk = b.substitute("VK", ids["nord"])  # no shift: called in for one visit at 11:07
        b.visit(ids["olsen"], "11:07", 20, vk)
        gh = b.carer("GH", ids["syd"], on_shift=None)
        b.shift(gh, "13:00", "15:00")  # an afternoon shift: not at the 07:00 meeting
        session.commit()
    _sick(store, ids["CD"])
    assert _attendance(store, _start(store)) == [
        ("AB", True, None, False, False),
        ("VK", False, hm("11:07"), True, False),
        ("EF", True, None, False, False),
        ("GH", False, hm("13:00"), False, False),
    ]


def test_a_tick_is_stored_with_its_audit_and_read_back(team) -> None:  # noqa: ANN001
    store, ids = team
    meeting_id = _start(store)
    for present, at in ((False, "07:02"), (True, "07:03"), (False, "07:04")):
        with store.session() as session:
            set_present(
                session,
                meeting_id=meeting_id,
                carer_id=ids["CD"],
                present=present,
                actor="AB",
                now=_at(0, at),
            )
    assert _attendance(store, meeting_id)[1] == ("CD", False, None, False, True)
    with store.session() as session:
        [row] = session.scalars(select(MeetingAttendance)).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "attendance").order_by(AuditEvent.id)
        ).all()
    assert (row.meeting_id, row.carer_id, row.present, row.changed_by) == (
        meeting_id,
        ids["CD"],
        False,
        "AB",
    )
    assert row.changed_at.replace(tzinfo=UTC) == _at(0, "07:04")
    assert [(e.actor, e.entity, e.entity_id) for e in events] == [("AB", "meeting", meeting_id)] * 3
    assert [json.loads(e.after)["present"] for e in events] == [False, True, False]
    assert json.loads(events[0].before) == {}
    assert json.loads(events[1].before) == {"carer": "CD", "present": False}
    minutes = _end(store, meeting_id, _at(0, "07:10"))
    assert minutes["attendance"] == ["AB", "EF"]
    assert minutes["not_present"] == [{"carer": "CD", "arrives_min": None, "substitute": False}]


def test_a_tick_for_another_meeting_does_not_leak(team) -> None:  # noqa: ANN001
    store, ids = team
    yesterday = _start(store, day=YESTERDAY, now=_at(-1, "07:00"))
    with store.session() as session:
        set_present(
            session, meeting_id=yesterday, carer_id=ids["AB"], present=False, actor="AB", now=START
        )
    today = _start(store)
    assert [p for _, p, *_ in _attendance(store, today)] == [True, True, True]


@pytest.mark.parametrize(
    ("case", "key"),
    [("ended", "meeting.already_ended"), ("unknown", "meeting.unknown"), ("nobody", None)],
)
def test_a_tick_is_refused_when_it_cannot_be_right(team, case, key) -> None:  # noqa: ANN001
    store, ids = team
    meeting_id = _start(store)
    carer_id = ids["AB"]
    if case == "ended":
        _end(store, meeting_id, _at(0, "07:10"))
    elif case == "unknown":
        meeting_id = 999
    else:
        carer_id, key = 999, "meeting.unknown_carer"
    with pytest.raises(DomainError) as refused, store.session() as session:
        set_present(
            session, meeting_id=meeting_id, carer_id=carer_id, present=False, actor="AB", now=START
        )
    assert refused.value.key == key
    assert _count(store, MeetingAttendance) == 0


def test_a_member_or_coach_may_not_tick(team) -> None:  # noqa: ANN001
    from kaffefoerst.domain.roles import Role, User

    store, ids = team
    meeting_id = _start(store)
    for role in (Role.MEMBER, Role.COACH):
        with pytest.raises(DomainError) as refused, store.session() as session:
            set_present(
                session,
                meeting_id=meeting_id,
                carer_id=ids["AB"],
                present=False,
                actor="CD",
                now=START,
                user=User("CD", role, ids["CD"]),
            )
        assert refused.value.key == "rights.denied"
    assert _count(store, MeetingAttendance) == 0


# --- what the board leaves open when the meeting ends -------------------------------------------
def test_loose_ends_count_unassigned_and_uncovered_visits(team) -> None:  # noqa: ANN001
    from kaffefoerst.domain.meeting import LooseEnds, loose_ends

    store, ids = team
    assert loose_ends(_plan(store)) == LooseEnds(unassigned=1, uncovered=0)
    _sick(store, ids["AB"])
    assert loose_ends(_plan(store)) == LooseEnds(unassigned=1, uncovered=2)  # AB's v1 and v2
    _move(store, ids["v4"], ids["CD"], "10:00", START)
    assert loose_ends(_plan(store)) == LooseEnds(unassigned=0, uncovered=2)
    assert not LooseEnds(0, 0) and LooseEnds(0, 1) and LooseEnds(1, 0)
