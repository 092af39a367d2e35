"""Moving visits, the version check, the audit trail and undo of one's own last change."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.model import AuditEvent, Visit
from kaffefoerst.store.moves import Placement, move_visit, undo_last
from tests.builders import hm

NOW = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)


def _move(store, visit_id, carer, start, version=1, actor="MH"):  # noqa: ANN001, ANN202
    with store.session() as session:
        return move_visit(
            session,
            visit_id=visit_id,
            target=Placement(carer, hm(start)),
            expected_version=version,
            actor=actor,
            now=NOW,
        )


def _visit(store, visit_id):  # noqa: ANN001, ANN202
    with store.session() as session:
        return session.get(Visit, visit_id)


def _audit(store):  # noqa: ANN001, ANN202
    with store.session() as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_move_stores_carer_time_version_and_audit(team) -> None:  # noqa: ANN001
    store, ids = team
    done = _move(store, ids["v2"], ids["CD"], "09:30")
    visit = _visit(store, ids["v2"])
    assert (visit.carer_id, visit.start_min, visit.version) == (ids["CD"], hm("09:30"), 2)
    assert done.version == 2
    [event] = _audit(store)
    assert (event.actor, event.action, event.entity, event.entity_id) == (
        "MH",
        "move",
        "visit",
        ids["v2"],
    )
    assert event.at == NOW
    assert json.loads(event.before) == {"carer_id": ids["AB"], "start_min": hm("09:00")}
    assert json.loads(event.after) == {"carer_id": ids["CD"], "start_min": hm("09:30")}


def test_unassigning_is_a_move_to_nobody(team) -> None:  # noqa: ANN001
    store, ids = team
    _move(store, ids["v2"], None, "09:00")
    assert _visit(store, ids["v2"]).carer_id is None


def test_stale_version_is_refused_and_names_who_changed_it(team) -> None:  # noqa: ANN001
    store, ids = team
    _move(store, ids["v2"], ids["CD"], "09:30", actor="AB")
    with pytest.raises(StaleVisit) as refused:
        _move(store, ids["v2"], ids["EF"], "10:00", version=1, actor="MH")
    assert refused.value.by == "AB"
    visit = _visit(store, ids["v2"])
    assert (visit.carer_id, visit.version) == (ids["CD"], 2)
    assert len(_audit(store)) == 1


def test_impossible_time_changes_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session, pytest.raises(DomainError):
        move_visit(
            session,
            visit_id=ids["v2"],
            target=Placement(ids["CD"], 24 * 60),
            expected_version=1,
            actor="MH",
            now=NOW,
        )
    assert _visit(store, ids["v2"]).version == 1
    assert _audit(store) == []


def test_undo_restores_own_last_change_only(team) -> None:  # noqa: ANN001
    store, ids = team
    _move(store, ids["v2"], ids["CD"], "09:30", actor="MH")
    _move(store, ids["v3"], ids["EF"], "08:10", actor="AB")
    with store.session() as session:
        done = undo_last(session, actor="MH", now=NOW)
    assert done.visit_id == ids["v2"]
    visit = _visit(store, ids["v2"])
    assert (visit.carer_id, visit.start_min, visit.version) == (ids["AB"], hm("09:00"), 3)
    assert _visit(store, ids["v3"]).carer_id == ids["EF"]  # AB's change stays
    undo = _audit(store)[-1]
    assert (undo.action, undo.actor, undo.undoes_id) == ("undo", "MH", _audit(store)[0].id)


def test_undo_walks_back_and_then_has_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    _move(store, ids["v2"], ids["CD"], "09:30")
    _move(store, ids["v2"], ids["EF"], "10:00", version=2)
    with store.session() as session:
        undo_last(session, actor="MH", now=NOW)
        undo_last(session, actor="MH", now=NOW)
        with pytest.raises(DomainError) as nothing:
            undo_last(session, actor="MH", now=NOW)
    assert nothing.value.key == "undo.nothing"
    visit = _visit(store, ids["v2"])
    assert (visit.carer_id, visit.start_min) == (ids["AB"], hm("09:00"))


def test_undo_refused_when_a_colleague_moved_it_since(team) -> None:  # noqa: ANN001
    store, ids = team
    _move(store, ids["v2"], ids["CD"], "09:30", actor="MH")
    _move(store, ids["v2"], ids["EF"], "10:00", version=2, actor="AB")
    with store.session() as session, pytest.raises(StaleVisit) as refused:
        undo_last(session, actor="MH", now=NOW)
    assert refused.value.by == "AB"
    assert _visit(store, ids["v2"]).carer_id == ids["EF"]


def test_audit_time_is_stored_in_utc(team) -> None:  # noqa: ANN001
    from datetime import timedelta, timezone

    store, ids = team
    copenhagen_winter = datetime(2026, 3, 2, 8, 5, tzinfo=timezone(timedelta(hours=1)))
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v2"],
            target=Placement(ids["CD"], hm("09:30")),
            expected_version=1,
            actor="MH",
            now=copenhagen_winter,
        )
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT at FROM auditevent").scalar_one()
    assert stored.startswith("2026-03-02 07:05:00")
