"""The move-to list: contact persons first, then who knows the citizen; risky choices last."""

from __future__ import annotations

from kaffefoerst.domain.candidates import rank_carers
from kaffefoerst.domain.plan import moved
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import known_carers
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
    assert all(c.missing == ("insulin",) for c in insulin)
    # CD knows Fru Jensen but is at Hr. Olsen 08:00-08:45: EF, who has room, comes first.
    assert [c.carer_id for c in insulin] == [ids["EF"], ids["CD"]]
    assert insulin[0].free == (7 * 60, 15 * 60) and insulin[0].clash is None
    assert insulin[1].free is None and insulin[1].clash == plan.visits[ids["v3"]]


def test_room_counts_the_driving_gap(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        plan = load_day_plan(session, DAY)
    visit = moved(plan.visits[ids["v4"]], None, 8 * 60 + 47, plan.visits[ids["v4"]].version)
    plan.replace_visit(visit)  # 08:47, two minutes after CD's 08:00-08:45
    by_carer = {c.carer_id: c for c in rank_carers(plan, visit, {})}
    assert by_carer[ids["CD"]].free is None
    assert by_carer[ids["CD"]].clash == plan.visits[ids["v3"]]
    assert by_carer[ids["AB"]].free is None  # 08:47-09:07 overlaps AB's 09:00 visit
    assert by_carer[ids["EF"]].free == (7 * 60, 15 * 60)
    assert [c.carer_id for c in rank_carers(plan, visit, {})][0] == ids["EF"]
