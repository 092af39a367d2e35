"""Shifts as worked: a visit outside the carer's own hours is warned on the board."""

from __future__ import annotations

from dataclasses import replace

from kaffefoerst.domain.cover import on_shift
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


def test_cover_takes_the_board_s_shift_rule(team) -> None:  # noqa: ANN001
    """Cover proposes a carer for a visit exactly when the board would not warn it outside their
    shift; without a shift today only the colleague in beredskab (or a tilkaldevikar) may."""
    store, ids = team
    plan = _plan_with_short_shift(store, ids)
    gh, ij = plan.carers[ids["GH"]], plan.carers[ids["IJ"]]
    visit = plan.visits[ids["v4"]]
    for start in range(hm("06:30"), hm("15:30"), 5):
        at = replace(visit, start_min=start)
        for carer in (gh, ij):
            assert on_shift(carer, at) is not outside_shift(at, carer), (carer.initials, start)
    free = replace(gh, shift_start=None, shift_end=None)
    assert not on_shift(free, visit)
    assert on_shift(free, visit, standby={free.id})
    assert on_shift(replace(free, substitute=True), visit)
