"""The move-to list: contact persons first, then who knows the citizen; risky choices last."""

from __future__ import annotations

from kaffefoerst.domain.candidates import rank_carers
from kaffefoerst.domain.knowledge import known_carers
from kaffefoerst.domain.plan import load_day_plan
from tests.builders import DAY


def test_known_carers_counts_recent_delivered_visits(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        assert known_carers(session, ids["jensen"], DAY) == [(ids["CD"], 3), (ids["EF"], 1)]
        assert known_carers(session, ids["jensen"], DAY, days=3) == [(ids["CD"], 3)]


def test_ranking_puts_missing_competence_last(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        plan = load_day_plan(session, DAY)
        recent = dict(known_carers(session, ids["jensen"], DAY))
    ranked = rank_carers(plan, plan.visits[ids["v4"]], recent)  # care visit, unassigned
    assert [c.carer_id for c in ranked] == [ids["CD"], ids["AB"], ids["EF"]]
    insulin = rank_carers(plan, plan.visits[ids["v1"]], recent)  # AB has it; CD and EF lack it
    assert [c.carer_id for c in insulin] == [ids["CD"], ids["EF"]]
    assert all(c.missing == ("insulin",) for c in insulin)
