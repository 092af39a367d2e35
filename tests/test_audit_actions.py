"""Audit actions are one enum: everything written to the audit is a member, and every member is
written somewhere in store/ (no dead names)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.enums import TriageColour
from kaffefoerst.io.changes_export import change_rows
from kaffefoerst.io.sample import load_sample
from kaffefoerst.locale import set_language, t
from kaffefoerst.model import AuditEvent
from kaffefoerst.store import Store
from kaffefoerst.store.changes_out import ChangeEvent, People
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.logins import reserve, settle
from kaffefoerst.store.moves import Placement, move_visit, undo_last
from kaffefoerst.store.triage import NoteInput, save_note

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)
STORE = Path(__file__).resolve().parents[1] / "src" / "kaffefoerst" / "store"
LIMITS = {"INITIALS": 5, "ADDRESS": 20}


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "t.db"
    store = Store.open_sqlite(path)
    load_sample(store, TODAY)
    yield store, path
    store.close()


def _written(path: Path) -> list[tuple[str, str]]:
    """Each audit row's action and SQLite's type for it, read without SQLAlchemy."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT action, typeof(action) FROM auditevent ORDER BY id").fetchall()


def test_every_written_action_is_a_member_stored_as_its_plain_text(sample) -> None:  # noqa: ANN001
    store, path = sample
    with store.session() as session:
        plan = load_day_plan(session, TODAY)
        visit = next(v for v in plan.visits.values() if v.carer_id is not None)
        other = next(c.id for c in plan.on_duty if c.id != visit.carer_id)
        move_visit(
            session,
            visit_id=visit.id,
            target=Placement(other, visit.start_min),
            expected_version=visit.version,
            actor="MH",
            now=NOW,
        )
        undo_last(session, actor="MH", now=NOW + timedelta(minutes=1))
        save_note(
            session,
            NoteInput(visit.citizen_id, TriageColour.GREEN),
            actor="MH",
            now=NOW + timedelta(minutes=2),
            today=TODAY,
        )
    # The web log-in writes its audit through a bare sqlite3 cursor: the enum must bind there too.
    tried = reserve(store, "MH", "10.0.0.1", NOW, LIMITS, timedelta(minutes=15))
    assert isinstance(tried, int)
    settle(store, tried, "MH", "10.0.0.1", True, NOW, LIMITS, timedelta(minutes=15))
    written = _written(path)
    actions = [a for a, _ in written]
    assert {"move", "undo", "triage", "login"} <= set(actions)
    assert set(actions) <= {a.value for a in AuditAction}
    assert {kind for _, kind in written} == {"text"}  # the value, not the enum's name or repr
    with store.session() as session:
        # Read back through the ORM the stored text equals the member, so old rows match too.
        read = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert read == actions
    assert AuditAction.MOVE in read and AuditAction.UNDO in read


def test_members_are_the_stored_strings() -> None:
    # The exact text databases already hold; changing one would orphan every old row.
    assert {a.value for a in AuditAction} == {
        "move",
        "undo",
        "cover",
        "give_back",
        "absence",
        "absence_end",
        "triage",
        "board_item",
        "message",
        "attendance",
        "meeting_end",
        "login",
        "login_failed",
        "login_refused",
        "login_lock",
        "import",
        "import_change",
        "import_cancel",
        "conflict_keep",
        "conflict_take",
        "message_read",
        "role",
        "decision",
        "follow_up",
        # Issue 12: the plan edited on the board, the base plan and its generated days.
        "visit_add",
        "visit_cancel",
        "visit_duration",
        "citizen_add",
        "citizen_pause",
        "base_plan",
        "plan_generate",
    }
    assert AuditAction.GIVE_BACK == "give_back"
    assert f"notice.{AuditAction.ABSENCE_END}" == "notice.absence_end"


def test_every_member_is_used_in_store_and_no_bare_action_string_is_written() -> None:
    source = "\n".join(p.read_text("utf-8") for p in sorted(STORE.glob("*.py")))
    unused = [a.name for a in AuditAction if f"AuditAction.{a.name}" not in source]
    assert unused == []
    # The old way of writing an action: a literal after "action=". None may come back.
    bare = [f'action="{a.value}"' for a in AuditAction if f'action="{a.value}"' in source]
    assert bare == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_action_has_words_in_the_changes_export(lang: str) -> None:
    """The changes export names each action in words; a new action without them would reach
    the care system as its bare code."""
    set_language(lang)
    try:
        keys = [f"audit_action.{a.value}" for a in AuditAction]
        assert [key for key in keys if t(key) == key] == []
    finally:
        set_language("da")


def test_a_cancelled_visit_gives_its_reason_in_words() -> None:
    event = ChangeEvent(
        id=1,
        at=datetime(2026, 1, 5, 7, tzinfo=UTC),
        actor="MH",
        action=AuditAction.VISIT_CANCEL.value,
        entity="visit",
        entity_id=10432,
        before={},
        after={},
        reason="CITIZEN",
    )
    [row] = change_rows([event], People({}, {}, {}), date(2026, 1, 5))
    assert (row["action"], row["reason"]) == ("besøg aflyst", "aflyst af borgeren")
