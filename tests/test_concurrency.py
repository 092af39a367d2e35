"""Concurrent movers on one SQLite file lose nothing (bench/concurrency.py, short), and the
replay check used to prove it does catch a lost update. No timing assertions."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bench.concurrency import TODAY, Snapshot, check_replay, move_loop, prepare, run, snapshot
from sqlalchemy import select, update

from kaffefoerst.model import AuditEvent, Visit
from kaffefoerst.store import Store

Moved = tuple[Store, Snapshot, list[int]]


def test_three_processes_moving_lose_no_update(tmp_path: Path) -> None:
    # Eight hot visits among three movers: collisions (StaleVisit) are likely, lost updates not.
    report = run(tmp_path / "many.db", workers=3, seconds=2, hot=8, seed=5, every=0.05)
    assert not report.crashed
    assert report.errors == [] and report.counts["other"] == 0
    assert report.counts["committed"] > 0
    assert report.replay.ok, report.replay.problems
    assert report.replay.moves == report.counts["committed"]
    attempts = sum(report.counts[k] for k in ("committed", "stale", "locked", "other"))
    assert attempts == report.counts["attempted"]


@pytest.fixture
def moved(tmp_path: Path) -> Iterator[Moved]:
    """The sample team after 30 moves by one in-process mover on four visits."""
    path = tmp_path / "one.db"
    before = prepare(path)
    store = Store.open_sqlite(path)
    left = iter(range(30))
    out = move_loop(store, 1, TODAY, lambda: next(left, None) is None, random.Random(1), hot=4)
    assert out["counts"] == {"attempted": 30, "committed": 30}
    yield store, before, [audit_id for audit_id, _ in out["commits"]]
    store.close()


def test_replay_of_honest_moves_passes(moved: Moved) -> None:
    store, before, committed = moved
    result = check_replay(store, before, committed)
    assert result.ok, result.problems
    assert result.moves == 30 and 1 <= result.visits_moved <= 4


def _last_move(store: Store) -> AuditEvent:
    with store.session() as session:
        event = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "move").order_by(AuditEvent.id.desc())
        )
        assert event is not None
        return event


def test_replay_catches_a_silent_overwrite(moved: Moved) -> None:
    store, before, committed = moved
    visit_id = _last_move(store).entity_id
    with store.session() as session:  # a write that bumps the version but leaves no audit
        session.execute(
            update(Visit)
            .where(Visit.id == visit_id)
            .values(start_min=Visit.start_min + 1, version=Visit.version + 1)
        )
        session.commit()
    problems = check_replay(store, before, committed).problems
    assert any(p.startswith(f"(a) visit {visit_id}") for p in problems)
    assert any(p.startswith(f"(c) visit {visit_id}") for p in problems)


def test_replay_catches_a_write_based_on_a_stale_read(
    moved: Moved,
) -> None:
    store, before, committed = moved
    last = _last_move(store)
    # A second writer that read the visit before the last move and wrote over it anyway.
    with store.session() as session:
        session.execute(
            update(Visit)
            .where(Visit.id == last.entity_id)
            .values(carer_id=None, start_min=480, version=Visit.version + 1)
        )
        event = AuditEvent(
            actor="X",
            at=datetime.now(UTC),
            action="move",
            entity="visit",
            entity_id=last.entity_id,
            before=last.before,
            after=json.dumps({"carer_id": None, "start_min": 480}),
        )
        session.add(event)
        session.commit()
        extra = event.id
    assert extra is not None
    problems = check_replay(store, before, [*committed, extra]).problems
    assert problems == [
        f"(b) event {extra} visit {last.entity_id}: before "
        f"{tuple(json.loads(last.before).values())} != previous after "
        f"{tuple(json.loads(last.after).values())}"
    ]


def test_replay_catches_a_commit_missing_from_the_log(
    moved: Moved,
) -> None:
    store, before, committed = moved
    problems = check_replay(store, before, [*committed, 10**9]).problems
    assert problems == ["(d) 1 committed moves missing from the log"]


def test_snapshot_of_a_fresh_sample_is_version_one(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    prepare(path)
    store = Store.open_sqlite(path)
    try:
        taken = snapshot(store)
    finally:
        store.close()
    assert taken.audit_id == 0
    assert {version for _, _, version in taken.visits.values()} == {1}
