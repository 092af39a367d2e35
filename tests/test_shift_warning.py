"""Shifts as worked: a visit outside the carer's own hours is warned on the board."""

from __future__ import annotations

from kaffefoerst.domain.plan import moved
from kaffefoerst.domain.warnings import (
    RouteWarning,
    outside_shift,
    plan_warnings,
    warnings_if_placed,
)
from kaffefoerst.enums import Profession
from kaffefoerst.store.day_plan import load_day_plan
from tests.builders import DAY, TeamBuilder, hm


def _plan_with_short_shift(store, ids):  # noqa: ANN001, ANN202
    """GH works 07:00-13:00, IJ the afternoon 13:00-15:00."""
    with store.session() as session:
        b = TeamBuilder(session)
        ids["GH"] = b.carer("GH", ids["nord"], Profession.SSH, on_shift=None)
        b.shift(ids["GH"], "07:00", "13:00")
        ids["IJ"] = b.carer("IJ", ids["nord"], Profession.SSH, on_shift=None)
        b.shift(ids["IJ"], "13:00", "15:00")
        session.commit()
        return load_day_plan(session, DAY)


def test_the_shift_comes_from_the_data(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan_with_short_shift(store, ids)
    assert (plan.carers[ids["GH"]].shift_start, plan.carers[ids["GH"]].shift_end) == (420, 780)
    assert (plan.carers[ids["IJ"]].shift_start, plan.carers[ids["IJ"]].shift_end) == (780, 900)


def test_a_visit_after_the_helper_went_home_is_warned(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan_with_short_shift(store, ids)
    gh = plan.carers[ids["GH"]]
    # Ending exactly at 13:00 is inside; one minute over is outside; so is a start before 07:00.
    plan.replace_visit(moved(plan.visits[ids["v4"]], ids["GH"], hm("12:40"), 2))
    assert not outside_shift(plan.visits[ids["v4"]], gh)
    assert ids["v4"] not in plan_warnings(plan)
    plan.replace_visit(moved(plan.visits[ids["v4"]], ids["GH"], hm("12:41"), 3))
    assert plan_warnings(plan)[ids["v4"]] == {RouteWarning.OUTSIDE_SHIFT}
    assert outside_shift(plan.visits[ids["v4"]], gh, start_min=hm("06:50"))


def test_the_afternoon_shift_is_warned_before_13(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan_with_short_shift(store, ids)
    found = warnings_if_placed(plan, ids["v4"], ids["IJ"], hm("12:50"))
    assert RouteWarning.OUTSIDE_SHIFT in found
    assert warnings_if_placed(plan, ids["v4"], ids["IJ"], hm("13:00")) == frozenset()
