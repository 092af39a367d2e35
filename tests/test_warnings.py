"""The five board warnings, each proven on the hand-built team."""

from __future__ import annotations

from kaffefoerst.domain.plan import moved
from kaffefoerst.domain.warnings import (
    RouteWarning,
    missing_competence,
    plan_warnings,
    route_warnings,
    short_gaps,
)
from kaffefoerst.store.day_plan import load_day_plan
from tests.builders import DAY, TeamBuilder, hm


def _plan(store):  # noqa: ANN001, ANN202
    with store.session() as session:
        return load_day_plan(session, DAY)


def test_clean_routes_have_no_warnings(team) -> None:  # noqa: ANN001
    store, ids = team
    assert plan_warnings(_plan(store)) == {}


def test_overlap_marks_both_visits(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan(store)
    plan.replace_visit(moved(plan.visits[ids["v2"]], ids["AB"], hm("08:15"), 2))
    found = plan_warnings(plan)
    assert found[ids["v1"]] == {RouteWarning.OVERLAP}
    assert RouteWarning.OVERLAP in found[ids["v2"]]


def test_less_than_the_team_gap_is_no_gap_but_the_gap_itself_is_fine(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan(store)
    plan.replace_visit(moved(plan.visits[ids["v2"]], ids["AB"], hm("08:34"), 2))
    assert plan_warnings(plan)[ids["v2"]] == {RouteWarning.NO_GAP}
    plan.replace_visit(moved(plan.visits[ids["v2"]], ids["AB"], hm("08:35"), 3))
    assert ids["v2"] not in plan_warnings(plan)


def test_the_gap_is_measured_from_the_visit_ending_last_on_plain_spans() -> None:
    """The coach's figure feeds the rule (start, id, end) spans; a short visit inside a long
    one does not hide the long one's end from the next visit."""
    spans = [(480, 1, 600), (500, 2, 530), (540, 3, 560), (605, 4, 620), (700, 5, 720)]
    assert list(short_gaps(spans, 10)) == [
        (2, 1, RouteWarning.OVERLAP),
        (3, 1, RouteWarning.OVERLAP),
        (4, 1, RouteWarning.NO_GAP),  # 5 minutes after v1 ends, though 45 after v3
    ]
    overlaps = [(2, 1, RouteWarning.OVERLAP), (3, 1, RouteWarning.OVERLAP)]
    assert list(short_gaps(spans, 5)) == overlaps  # exactly the gap is enough


def test_the_board_reads_the_same_gap_rule(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan(store)
    plan.replace_visit(moved(plan.visits[ids["v2"]], ids["AB"], hm("08:34"), 2))
    route = plan.route(ids["AB"])
    spans = [(v.start_min, v.id, v.end_min) for v in route]
    pairs = list(short_gaps(spans, plan.gap_for(ids["AB"])))
    assert pairs  # the no-gap case above
    assert route_warnings(route, plan.gap_for(ids["AB"])) == {
        v: {kind for visit, before, kind in pairs if v in (visit, before)}
        for v in {x for visit, before, _ in pairs for x in (visit, before)}
    }


def test_start_outside_window(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan(store)
    plan.replace_visit(moved(plan.visits[ids["v1"]], ids["AB"], hm("07:40"), 2))
    assert plan_warnings(plan)[ids["v1"]] == {RouteWarning.OUTSIDE_WINDOW}
    plan.replace_visit(moved(plan.visits[ids["v1"]], ids["AB"], hm("08:30"), 3))
    # The window's last minute is still inside (v1 now ends where v2 starts: only a gap warning).
    assert plan_warnings(plan)[ids["v1"]] == {RouteWarning.NO_GAP}
    plan.replace_visit(moved(plan.visits[ids["v1"]], ids["AB"], hm("08:35"), 4))
    assert RouteWarning.OUTSIDE_WINDOW in plan_warnings(plan)[ids["v1"]]


def test_missing_competence_names_what_is_missing(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan(store)
    insulin_visit = plan.visits[ids["v1"]]
    assert missing_competence(insulin_visit, plan.carers[ids["CD"]]) == ["insulin"]
    assert missing_competence(insulin_visit, plan.carers[ids["AB"]]) == []
    plan.replace_visit(moved(insulin_visit, ids["EF"], hm("08:00"), 2))
    assert plan_warnings(plan)[ids["v1"]] == {RouteWarning.COMPETENCE}


def test_declined_carer(team) -> None:  # noqa: ANN001
    store, ids = team
    plan = _plan(store)
    plan.replace_visit(moved(plan.visits[ids["v3"]], ids["EF"], hm("08:00"), 2))
    assert plan_warnings(plan)[ids["v3"]] == {RouteWarning.DECLINED}


def test_gap_is_set_per_team(tmp_path) -> None:  # noqa: ANN001
    from kaffefoerst.store import Store

    store = Store.open_sqlite(tmp_path / "g.db")
    with store.session() as session:
        b = TeamBuilder(session)
        team = b.team("Vest", gap_min=10)
        carer = b.carer("GH", team)
        citizen = b.citizen("Fru Berg", team)
        b.visit(citizen, "08:00", 30, carer)
        late = b.visit(citizen, "08:37", 30, carer)
        session.commit()
    with store.session() as session:
        found = plan_warnings(load_day_plan(session, DAY))
    assert found[late] == {RouteWarning.NO_GAP}


def test_cancelled_visits_are_not_on_the_board(team) -> None:  # noqa: ANN001
    from kaffefoerst.enums import VisitStatus
    from kaffefoerst.model import Visit

    store, ids = team
    with store.session() as session:
        session.get(Visit, ids["v2"]).status = VisitStatus.CANCELLED
        session.commit()
    assert ids["v2"] not in _plan(store).visits


def test_a_carer_with_visits_but_no_shift_gets_a_row(team) -> None:  # noqa: ANN001
    from kaffefoerst.enums import Profession
    from kaffefoerst.model import Carer, Visit

    store, ids = team
    with store.session() as session:
        sub = Carer(
            initials="VI",
            name="Vikar",
            profession=Profession.SSH,
            team_id=ids["nord"],
            on_call_substitute=True,
        )
        session.add(sub)
        session.flush()
        session.get(Visit, ids["v4"]).carer_id = sub.id
        session.commit()
        sub_id = sub.id
    plan = _plan(store)
    assert sub_id in [c.id for c in plan.on_duty]
    assert [v.id for v in plan.route(sub_id)] == [ids["v4"]]
    assert plan.carers[sub_id].shift_minutes == 480
