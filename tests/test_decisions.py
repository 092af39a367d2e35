"""Decisions with names: a discussion item is closed with a decision, a named responsible and a
follow-up date; the follow-up comes back when due and closes only with an outcome; the minutes
name who is responsible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kaffefoerst.domain.decisions import is_due
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.io.minutes import minutes_markdown
from kaffefoerst.locale import t
from kaffefoerst.model import BoardItem, Decision
from kaffefoerst.store.decisions import close_follow_up, decide, follow_ups_due
from kaffefoerst.store.discussion_board import board_items, put_on_board
from kaffefoerst.store.meetings import end_meeting, start_meeting
from tests.builders import DAY

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
PLANNER = User("AB", Role.PLANNER, 1)


def _item(store, ids) -> int:  # noqa: ANN001
    with store.session() as session:
        return put_on_board(
            session,
            citizen_id=ids["olsen"],
            reason="uro om aftenen",
            for_day=DAY,
            actor="CD",
            now=START - timedelta(hours=10),
        )


def _decide(store, item, meeting_id=None, **change):  # noqa: ANN001, ANN202
    fields = {
        "decision": "CD ringer til datteren",
        "responsible_id": 2,
        "follow_up": DAY + timedelta(days=2),
    } | change
    with store.session() as session:
        return decide(
            session,
            board_item_id=item,
            today=DAY,
            meeting_id=meeting_id,
            actor="AB",
            now=START,
            user=PLANNER,
            **fields,
        )


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"decision": "  "}, "decisions.missing_decision"),
        ({"responsible_id": None}, "decisions.missing_responsible"),
        ({"responsible_id": 99}, "decisions.missing_responsible"),
        ({"follow_up": None}, "decisions.missing_follow_up"),
        ({"follow_up": DAY - timedelta(days=1)}, "decisions.follow_up_past"),
    ],
)
def test_a_decision_needs_what_who_and_when(team, change, key) -> None:  # noqa: ANN001
    store, ids = team
    item = _item(store, ids)
    with pytest.raises(DomainError) as refused:
        _decide(store, item, **change)
    assert refused.value.key == key
    with store.session() as session:
        assert session.scalars(select(Decision)).all() == []
        assert [i.id for i in board_items(session, DAY)] == [item]  # still on the board


def test_a_member_may_not_decide(team) -> None:  # noqa: ANN001
    store, ids = team
    item = _item(store, ids)
    with store.session() as session, pytest.raises(DomainError):
        decide(
            session,
            board_item_id=item,
            decision="x",
            responsible_id=ids["CD"],
            follow_up=DAY,
            today=DAY,
            meeting_id=None,
            actor="CD",
            now=START,
            user=User("CD", Role.MEMBER, ids["CD"]),
        )


def test_the_follow_up_comes_back_when_due_and_closes_only_with_an_outcome(team) -> None:  # noqa: ANN001
    store, ids = team
    decision_id = _decide(store, _item(store, ids))
    with store.session() as session:
        assert follow_ups_due(session, DAY + timedelta(days=1)) == []
        [due] = follow_ups_due(session, DAY + timedelta(days=2))
        assert (due.citizen, due.responsible, due.decision) == (
            "Hr. Olsen",
            "CD",
            "CD ringer til datteren",
        )
        with pytest.raises(DomainError) as refused:
            close_follow_up(
                session, decision_id=decision_id, outcome=" ", actor="AB", now=START, user=PLANNER
            )
        assert refused.value.key == "decisions.missing_outcome"
        assert follow_ups_due(session, DAY + timedelta(days=3))  # still open, and overdue
        close_follow_up(
            session, decision_id=decision_id, outcome="datteren kommer hver aften", actor="AB",
            now=START + timedelta(days=2), user=PLANNER,
        )  # fmt: skip
        assert follow_ups_due(session, DAY + timedelta(days=3)) == []
    assert is_due(DAY, "", DAY) and not is_due(DAY, "klaret", DAY)
    assert not is_due(DAY + timedelta(days=1), "", DAY)


def test_the_minutes_list_decisions_with_their_names(team) -> None:  # noqa: ANN001
    store, ids = team
    item = _item(store, ids)
    with store.session() as session:
        meeting_id = start_meeting(session, day=DAY, actor="AB", now=START)
    _decide(store, item, meeting_id=meeting_id)
    with store.session() as session:
        minutes = end_meeting(session, meeting_id=meeting_id, now=START + timedelta(minutes=14))
        assert session.get(BoardItem, item).discussed_in == meeting_id
    [row] = minutes["decisions"]
    assert (row["responsible"], row["responsible_name"]) == ("CD", "Carer CD")
    text = minutes_markdown(minutes, t)
    assert "## Beslutninger" in text
    assert (
        "- **Hr. Olsen**: CD ringer til datteren · ansvarlig: CD Carer CD · opfølgning: 2026-03-04"
        " (besluttet af AB)"
    ) in text
