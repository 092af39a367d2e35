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
