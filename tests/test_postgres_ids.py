"""The base plan's writes on PostgreSQL (issue 11: ready for it): the ids are its sequence's,
and two generators at once neither clash nor duplicate.

Runs only where ``KAFFEFOERST_PG_URL`` names a PostgreSQL database the test may empty and
fill, with psycopg installed, e.g. ``postgresql+psycopg://postgres@/kf?host=/tmp/pg&port=5432``
(ARCHITECTURE.md, "Ids come from the database")."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from kaffefoerst import model
from kaffefoerst.domain.base_plan import BaseEntry
from kaffefoerst.store.base_plan import generate_days
from kaffefoerst.store.base_plan_change import apply_base_plan

URL = os.environ.get("KAFFEFOERST_PG_URL", "")
pytestmark = pytest.mark.skipif(not URL, reason="no PostgreSQL in KAFFEFOERST_PG_URL")
TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


@pytest.fixture
def engine() -> Iterator[Engine]:
    pytest.importorskip("psycopg")
    engine = create_engine(URL)
    model.SQLModel.metadata.drop_all(engine)
    model.SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        team = model.Team(name="Nord")
        s.add(team)
        s.flush()
        assert team.id is not None
        carer = model.Carer(initials="AB", name="A B", profession="SSH", team_id=team.id)
        s.add(carer)
        s.add(model.Service(code="PP-M", name="Personlig pleje"))
        s.add_all(model.Citizen(name=f"C{k}", short_name=f"C{k}", address="Vej", team_id=team.id)
                  for k in range(20))  # fmt: skip
        s.commit()
    yield engine
    model.SQLModel.metadata.drop_all(engine)
    engine.dispose()


def _plan(session: Session) -> list[BaseEntry]:
    citizens = session.execute(text("SELECT id FROM citizen ORDER BY id")).scalars().all()
    carer = session.execute(text("SELECT id FROM carer")).scalar_one()
    return [
        BaseEntry(c, frozenset(range(1, 8)), TODAY, 420 + 15 * (k % 20), 30, carer_id=carer,
                  services=("PP-M",), two_carers=k % 4 == 0, source_id=f"N{c}-{k}")
        for c in citizens
        for k in range(3)
    ]  # fmt: skip


def test_the_ids_are_the_sequences_not_the_highest_plus_one(engine: Engine) -> None:
    with Session(engine) as s:
        # The sequences stand far past the (empty) tables, as after deleted rows.
        s.execute(text("SELECT setval(pg_get_serial_sequence('visit', 'id'), 5000)"))
        s.execute(text("SELECT setval(pg_get_serial_sequence('basevisit', 'id'), 700)"))
        s.commit()
        change = apply_base_plan(s, _plan(s), today=TODAY, now=NOW, actor="MH", days=3)
        linked = s.execute(
            text(
                "SELECT g.visit_id, g.base_visit_id, v.citizen_id, b.citizen_id, v.two_carers,"
                " b.two_carers FROM generatedvisit g JOIN visit v ON v.id = g.visit_id"
                " JOIN basevisit b ON b.id = g.base_visit_id"
            )
        ).all()
    assert min(change.added) == 701 and len(change.added) == 60
    assert change.generated is not None and change.generated.visits == len(linked) == 180
    assert min(r[0] for r in linked) == 5001
    assert all(r[2] == r[3] and r[4] == r[5] for r in linked)


def test_two_generators_at_once_neither_clash_nor_duplicate(engine: Engine) -> None:
    with Session(engine) as s:
        apply_base_plan(s, _plan(s), today=TODAY, now=NOW, actor="MH", generate=False)
    start = threading.Barrier(2)
    made: dict[int, int] = {}
    failed: list[BaseException] = []

    def generate(days: int) -> None:
        try:
            with Session(engine) as s:
                start.wait()
                made[days] = generate_days(s, TODAY, days, now=NOW, actor=f"g{days}").visits
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)

    racers = [threading.Thread(target=generate, args=(days,)) for days in (14, 7)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
    assert failed == []
    with Session(engine) as s:
        pairs = Counter(s.execute(text("SELECT base_visit_id, day FROM generatedvisit")).all())
        visits = s.execute(text("SELECT count(*) FROM visit")).scalar_one()
    assert set(pairs.values()) == {1} and len(pairs) == visits == 60 * 14
    assert sum(made.values()) == visits
    assert {d for _, d in pairs} == {TODAY + timedelta(days=k) for k in range(14)}


def test_a_second_writer_waits_for_the_write_lock(engine: Engine) -> None:
    """The unit of work's write lock on PostgreSQL: while one transaction holds it, another
    cannot take it (here it gives up after its lock timeout); after the commit it can."""
    from sqlalchemy.exc import OperationalError

    from kaffefoerst.store.write_lock import take_write_lock

    with Session(engine) as first, Session(engine) as second:
        take_write_lock(first)
        second.execute(text("SET LOCAL lock_timeout = '300ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):
            take_write_lock(second)
        second.rollback()
        first.commit()
        take_write_lock(second)  # free again
        second.commit()
