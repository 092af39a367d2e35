"""The unit of work every writer uses: right, change, audit, then commit, or roll it all back."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.model import AuditEvent, Message
from kaffefoerst.store.unit_of_work import unit_of_work

NOW = datetime(2026, 3, 2, 6, 50, tzinfo=UTC)


def message(text: str) -> Message:
    return Message(day=NOW.date(), recipient="EVENING", text=text, author="AB", created_at=NOW)


def stored(store) -> tuple[list[str], list[str]]:  # noqa: ANN001
    with store.session() as session:
        texts = list(session.exec(select(Message.text)))
        actions = list(session.exec(select(AuditEvent.action)))
    return texts, actions


def test_leaving_the_block_commits_the_change_with_its_audit(team) -> None:  # noqa: ANN001
    store, _ = team
    with store.session() as session, unit_of_work(session, actor="AB", now=NOW) as work:
        row = message("Husk medicin")
        session.add(row)
        session.flush()
        assert row.id is not None
        work.audit(AuditAction.MESSAGE, "message", row.id, after={"to": "EVENING"})
    with store.session() as session:
        [event] = session.exec(select(AuditEvent)).all()
    assert stored(store) == (["Husk medicin"], ["message"])
    assert (event.actor, event.entity, event.after) == ("AB", "message", '{"to": "EVENING"}')
    assert event.at.replace(tzinfo=UTC) == NOW


def test_an_error_in_the_block_rolls_back_the_change_and_the_audit(team) -> None:  # noqa: ANN001
    store, _ = team
    with (
        store.session() as session,
        pytest.raises(DomainError),
        unit_of_work(session, actor="AB", now=NOW) as work,
    ):
        row = message("halvt skrevet")
        session.add(row)
        session.flush()
        assert row.id is not None
        work.audit(AuditAction.MESSAGE, "message", row.id)
        raise DomainError("message.empty")
    assert stored(store) == ([], [])


def test_a_missing_right_refuses_before_anything_is_written(team) -> None:  # noqa: ANN001
    store, _ = team
    coach = User("KC", Role.COACH)
    with (
        store.session() as session,
        pytest.raises(DomainError) as info,
        unit_of_work(session, actor="KC", now=NOW, user=coach, right="message"),
    ):
        session.add(message("må ikke"))
    assert info.value.key == "rights.denied"
    assert stored(store) == ([], [])


def test_locked_holds_the_write_lock_from_the_start(team) -> None:  # noqa: ANN001
    """Nothing has been written yet, and still a second writer cannot begin."""
    store, _ = team
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with (
            store.session() as session,
            unit_of_work(session, actor="AB", now=NOW, locked=True),
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_an_unaudited_write_cannot_write_an_audit_event(team) -> None:  # noqa: ANN001
    store, _ = team
    with (
        store.session() as session,
        pytest.raises(AssertionError),
        unit_of_work(session, actor="AB") as work,
    ):
        work.audit(AuditAction.MESSAGE, "message", 1)
    assert stored(store) == ([], [])
