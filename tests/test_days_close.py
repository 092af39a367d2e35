"""Days close (issue 12, point 3): a passed day's visits count as delivered unless cancelled or
imported as otherwise; the rule is defined once and the SQL agrees with it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kaffefoerst.domain.days_close import counts_as_delivered, is_closed, open_days
from kaffefoerst.enums import VisitStatus
from kaffefoerst.io.report import window_text
from kaffefoerst.io.sample import load_sample
from kaffefoerst.model import Visit
from kaffefoerst.store import Store
from kaffefoerst.store.delivered import delivered
from kaffefoerst.store.figures import continuity, continuity_json
from tests.builders import DAY, TeamBuilder


def test_a_day_closes_once_it_has_passed() -> None:
    assert is_closed(DAY - timedelta(days=1), DAY)
    assert not is_closed(DAY, DAY)
    assert not is_closed(DAY + timedelta(days=1), DAY)
    assert open_days(DAY - timedelta(days=14), DAY, DAY) == 0
    assert open_days(DAY - timedelta(days=14), DAY, DAY - timedelta(days=3)) == 3


def test_the_sql_condition_is_the_domain_rule_for_every_status_and_day(tmp_path: Path) -> None:
    store = Store.open_sqlite(tmp_path / "t.db")
    days = [DAY - timedelta(days=2), DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)]
    with store.session() as session:
        b = TeamBuilder(session)
        team = b.team()
        carer = b.carer("AB", team)
        citizen = b.citizen("C", team)
        made = {
            b.visit(citizen, "08:00", carer_id=carer, day=d, status=s): (s, d)
            for s in VisitStatus
            for d in days
        }
        session.commit()
        found = set(session.scalars(select(Visit.id).where(delivered(DAY))))
    store.close()
    expected = {i for i, (s, d) in made.items() if counts_as_delivered(s, d, DAY)}
    assert found == expected
    # Read off by hand: planned on the two passed days, and delivered (as imported) on all four.
    assert len(expected) == 6


def test_the_figures_count_no_status_delivered_by_themselves() -> None:
    """Every figure goes through store.delivered: no bare DELIVERED test left in store/."""
    store_dir = Path(__file__).parents[1] / "src" / "kaffefoerst" / "store"
    offenders = [
        p.name
        for p in store_dir.glob("*.py")
        if "VisitStatus.DELIVERED" in p.read_text("utf-8") and p.name != "delivered.py"
    ]
    assert offenders == []


@pytest.fixture
def sample(tmp_path: Path) -> Store:
    store = Store.open_sqlite(tmp_path / "s.db")
    load_sample(store, date(2026, 1, 5))
    return store


def test_a_week_after_the_sample_the_window_says_it_is_not_complete(sample: Store) -> None:
    """Issue 12: a week after the sample's last day the report called itself complete."""
    last = date(2026, 1, 5)
    with sample.session() as session:
        on_time = continuity(session, last, "14d")
        later = continuity(session, last + timedelta(days=7), "14d")
        ahead = continuity(session, last + timedelta(days=7), "14d", today=last)
    sample.close()
    assert on_time.complete
    assert not later.complete and later.data_missing
    assert "data kun til" in window_text(later)
    # Measured on a day ahead of today: the days from today on have not closed.
    assert ahead.open_days == 7 and not ahead.complete
    assert continuity_json(ahead)["window"] == {
        "kind": "14d",
        "from": (last - timedelta(days=7)).isoformat(),
        "to": (last + timedelta(days=6)).isoformat(),
        "complete": False,
        "open_days": 7,
    }
    assert "ikke lukket" in window_text(ahead)


def test_a_simulated_fortnight_closes_day_by_day_and_the_figure_matches_a_count(
    tmp_path: Path,
) -> None:
    """Each morning the days ahead come from the base plan; the team moves two visits, covers a
    sick call and cancels one; the day closes. The 14-day continuity figure measured after the
    fortnight equals an independent count over the raw rows, and is in range."""
    import sqlite3
    from collections import defaultdict
    from datetime import UTC, datetime

    from kaffefoerst.enums import AbsenceKind
    from kaffefoerst.store.absences import mark_absent
    from kaffefoerst.store.base_plan import generate_days
    from kaffefoerst.store.day_plan import load_day_plan
    from kaffefoerst.store.moves import Placement, move_visit
    from kaffefoerst.store.plan_edit import cancel_visit

    start = date(2026, 11, 30)  # a Monday: the sample's plan day
    path = tmp_path / "fortnight.db"
    store = Store.open_sqlite(path)
    load_sample(store, start)
    cancelled: set[int] = set()
    with store.session() as session:
        for k in range(14):
            today = start + timedelta(days=k)
            now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=6)
            generate_days(session, today, now=now)
            plan = load_day_plan(session, today)
            assert plan.visits, today  # never an empty day
            carers = sorted({c for v in plan.visits.values() for c in v.carer_ids()})
            sick = carers[k % len(carers)]
            mark_absent(
                session, carer_id=sick, from_day=today, to_day=today, kind=AbsenceKind.SICK,
                actor="MH", now=now,
            )  # fmt: skip
            others = [c for c in carers if c != sick]
            for n, visit in enumerate(plan.route(sick)):
                if visit.second_carer_id is None:  # covered by a colleague
                    target = Placement(others[(n + k) % len(others)], visit.start_min)
                    move_visit(
                        session, visit_id=visit.id, target=target,
                        expected_version=visit.version, actor="MH", now=now,
                    )  # fmt: skip
            plan = load_day_plan(session, today)
            free = [v for v in plan.visits.values() if v.carer_id not in (None, sick)]
            for visit in free[:2]:  # two moves
                target = Placement(others[(k + 3) % len(others)], visit.start_min)
                if target.carer_id != visit.carer_id:
                    move_visit(
                        session, visit_id=visit.id, target=target,
                        expected_version=visit.version, actor="MH", now=now,
                    )  # fmt: skip
            victim = free[-1]
            cancel_visit(
                session, visit_id=victim.id, expected_version=victim.version,
                reason="CITIZEN", actor="MH", now=now,
            )  # fmt: skip
            cancelled.add(victim.id)
        # The evening of the last day: it has not closed yet.
        last = start + timedelta(days=13)
        not_yet = continuity(session, last + timedelta(days=1), "14d", today=last)
        # The morning after: the fortnight has closed.
        closed = continuity(session, start + timedelta(days=14), "14d")
    store.close()

    # The independent count: raw rows, no kaffefoerst code. A passed day's visit counts unless
    # cancelled; both carers of a two-carer visit are faces.
    seen: dict[int, set[int]] = defaultdict(set)
    with sqlite3.connect(path) as db:
        for citizen, carer, second, status, visit_id in db.execute(
            "SELECT citizen_id, carer_id, second_carer_id, status, id FROM visit"
            " WHERE day >= ? AND day < ?",
            (start.isoformat(), (start + timedelta(days=14)).isoformat()),
        ):
            if status == "CANCELLED":
                assert visit_id in cancelled
                continue
            seen[citizen] |= {c for c in (carer, second) if c is not None}
    counts = [len(s) for s in seen.values() if s]
    histogram = tuple(sorted((n, counts.count(n)) for n in set(counts)))
    assert closed.complete and closed.period.start == start
    assert closed.spread.histogram == histogram
    assert closed.spread.measured == len(counts)
    assert closed.spread.average == pytest.approx(sum(counts) / len(counts))
    assert 1.0 <= closed.spread.average <= 12.0  # in range: Haderslev measured 7.1 and 8.2
    assert not not_yet.complete and not_yet.open_days == 1


def test_days_nobody_planned_make_a_window_incomplete(sample: Store) -> None:
    """The sample loaded, then the board first opened a week later: the days between hold no
    visits. Even with days made ahead (data beyond the window), the window is not complete."""
    from datetime import UTC, datetime

    from kaffefoerst.store.base_plan import generate_days

    last = date(2026, 1, 5)
    later = last + timedelta(days=7)
    with sample.session() as session:
        generate_days(session, later, now=datetime(2026, 1, 12, 6, tzinfo=UTC))
        found = continuity(session, later, "14d")
    sample.close()
    assert found.data_to is not None and found.data_to > found.period.last
    assert found.empty_days == 6 and not found.complete  # 6 to 11 January
    assert "6 dage i perioden har ingen besøg" in window_text(found)
    assert continuity_json(found)["empty_days"] == 6
