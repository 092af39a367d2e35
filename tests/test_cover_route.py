"""Issue 14: the whole-route cover proposal keeps faces few. One test per rule, on small teams
built around XX (SSA, Nord), who is sick (the ``scene`` of tests/test_cover.py).

As there, the carer who should win has initials that sort *after* the loser's, so the
alphabetical tie-break can never be what puts them first.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from kaffefoerst.domain.cover import Reason
from kaffefoerst.domain.cover_route import ProposalLine, hand_over, propose
from kaffefoerst.enums import CoverSource, Profession, TeamRole
from kaffefoerst.model import AuditEvent, RoleAssignment
from kaffefoerst.store import Store
from kaffefoerst.store.covers import CoverDecision, accept_cover
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import recent_by_citizen
from tests.builders import DAY, TeamBuilder, hm
from tests.test_cover import NOW, Ids, Scene, chosen, plan_of, scene, visit_of  # noqa: F401

CARE = "SSH,SSA,SPL,personlig pleje"  # the sample's personal-care rule


def standby(b: TeamBuilder, carer_id: int) -> None:
    """The colleague in beredskab today: a role for the day, and no shift."""
    b.session.add(
        RoleAssignment(carer_id=carer_id, role=TeamRole.STANDBY, from_day=DAY, to_day=DAY)
    )
    b.session.flush()


def proposal(store: Store) -> list[ProposalLine]:
    """What the cover screen proposes: every uncovered visit, with who knows whom and standby."""
    with store.session() as session:
        plan = load_day_plan(session, DAY)
        citizens = sorted({v.citizen_id for v in plan.uncovered()})
        recent = recent_by_citizen(session, citizens, DAY)
        on_standby = plan.standby()
    return propose(plan, recent, None, on_standby)


def test_a_citizen_keeps_one_carer_rather_than_the_contact_person_for_one_visit(
    scene: Scene,  # noqa: F811
) -> None:
    """ZZ, A's contact person, has room at 08:00 but not at 12:00. Visit by visit, A would see ZZ
    and then someone else; KK knows A too and has room for both, so KK takes the whole day."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["KK"] = b.carer("KK", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        b.history(ids["A"], ids["KK"], (1, 2))
        b.visit(b.citizen("B", ids["nord"]), "11:30", 90, ids["ZZ"])  # ZZ busy at noon
        ids["am"] = b.visit(ids["A"], "08:00", 30, ids["XX"])
        ids["noon"] = b.visit(ids["A"], "12:00", 30, ids["XX"])

    store, ids = scene(build)
    lines = proposal(store)
    assert chosen(lines, ids) == ["KK", "KK"]
    assert all(line.source is CoverSource.OWN_TEAM and line.inside_team for line in lines)


def test_the_contact_person_takes_the_citizen_whole_when_they_can(scene: Scene) -> None:  # noqa: F811
    """1st before 2nd responsible, and before someone who merely knows the citizen."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["KK"] = b.carer("KK", ids["nord"])  # knows A well
        ids["ZZ"] = b.carer("ZZ", ids["nord"])  # 2nd responsible
        ids["YY"] = b.carer("YY", ids["nord"])  # 1st responsible
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["YY"], ids["ZZ"]))
        b.history(ids["A"], ids["KK"], (1, 2, 3, 4))
        b.visit(ids["A"], "08:00", 30, ids["XX"])
        b.visit(ids["A"], "12:00", 30, ids["XX"])

    store, ids = scene(build)
    assert chosen(proposal(store), ids) == ["YY", "YY"]


def test_competence_is_a_hard_rule_personal_care_goes_to_care_staff(scene: Scene) -> None:  # noqa: F811
    """The therapist is A's contact person and free, but personal care needs SSH/SSA/SPL; a
    therapist holding the competence may, and nobody at all is proposed for insulin they lack."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["care"] = b.service("PP-M", CARE)
        ids["ET"] = b.carer("ET", ids["nord"], Profession.ERGO)  # contact person, no competence
        ids["SH"] = b.carer("SH", ids["nord"], Profession.SSH)
        ids["FT"] = b.carer("FT", ids["nord"], Profession.FYS, "personlig pleje")
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ET"],))
        ids["B"] = b.citizen("B", ids["nord"], contacts=(ids["FT"],))
        ids["a"] = b.visit(ids["A"], "08:00", 30, ids["XX"], services=(ids["care"],))
        ids["b"] = b.visit(ids["B"], "09:00", 30, ids["XX"], services=(ids["care"],))
        ids["i"] = b.visit(ids["A"], "11:00", 10, ids["XX"], services=(ids["insulin"],))

    store, ids = scene(build)
    lines = {line.visit_id: line for line in proposal(store)}
    assert chosen([lines[ids["a"]], lines[ids["b"]]], ids) == ["SH", "FT"]
    et = next(s for s in lines[ids["a"]].options if s.carer_id == ids["ET"])
    assert et.missing == ("PP-M",) and et.needs_confirmation
    assert lines[ids["i"]].choice is None  # nobody here holds insulin: not given to anyone


def test_the_partner_team_is_only_asked_and_labels_follow_the_absent_carers_team(
    scene: Scene,  # noqa: F811
) -> None:
    """A Syd citizen on XX's (Nord) route, covered by a Nord colleague, is "eget team"; when no
    one in Nord can, the line is a request to Syd's planner, and nothing is booked."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["NN"] = b.carer("NN", ids["nord"])
        ids["SS"] = b.carer("SS", ids["syd"])  # free all day, in the partner team
        ids["S"] = b.citizen("S", ids["syd"], contacts=(ids["SS"],))
        b.visit(b.citizen("B", ids["nord"]), "10:00", 60, ids["NN"])
        ids["early"] = b.visit(ids["S"], "08:00", 30, ids["XX"])
        ids["late"] = b.visit(b.citizen("C", ids["syd"]), "10:15", 30, ids["XX"])

    store, ids = scene(build)
    lines = proposal(store)
    assert chosen(lines, ids) == ["NN", None]
    assert [line.source for line in lines] == [CoverSource.OWN_TEAM, CoverSource.REQUEST]
    with store.session() as session:
        accept_cover(session, [decision(line) for line in lines], actor="MH", now=NOW)
    assert visit_of(store, ids["late"]).carer_id == ids["XX"]  # still missing cover
    plan = plan_of(store)
    assert (
        plan.covers[ids["late"]].source == "REQUEST" and plan.covers[ids["late"]].carer_id is None
    )
    assert plan.covers[ids["early"]].source == "OWN_TEAM"


def test_a_visit_moves_within_its_window_so_the_contact_person_can_take_it(
    scene: Scene,  # noqa: F811
) -> None:
    """ZZ, the contact person, is busy until 08:30; the visit may start 08:00-09:00, so it moves
    to 08:35 (the driving gap kept) and the line says so. A fixed-time visit never moves."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["AA"] = b.carer("AA", ids["nord"])  # free, but a stranger to A
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        ids["B"] = b.citizen("B", ids["nord"], contacts=(ids["ZZ"],))
        b.visit(b.citizen("C", ids["nord"]), "07:30", 60, ids["ZZ"])  # until 08:30
        ids["v"] = b.visit(ids["A"], "08:15", 20, ids["XX"], window=("08:00", "09:00"))
        ids["fixed"] = b.visit(
            ids["B"], "08:10", 10, ids["XX"], window=("08:00", "09:00"), fixed_time=True
        )

    store, ids = scene(build)
    lines = {line.visit_id: line for line in proposal(store)}
    moved, fixed = lines[ids["v"]], lines[ids["fixed"]]
    assert chosen([moved, fixed], ids) == ["ZZ", "AA"]
    assert (moved.start_min, fixed.start_min) == (hm("08:35"), None)
    assert Reason("reason.moved", {"start": hm("08:15"), "end": hm("08:35")}) in moved.reasons()
    with store.session() as session:
        accept_cover(session, [decision(moved)], actor="MH", now=NOW)
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    visit = visit_of(store, ids["v"])
    assert (visit.carer_id, visit.start_min) == (ids["ZZ"], hm("08:35"))
    assert event is not None and json.loads(event.after)["start_min"] == hm("08:35")


def test_the_standby_colleague_is_called_in_before_the_substitute(scene: Scene) -> None:  # noqa: F811
    """Nobody at work has room: HB (beredskab, no shift) takes every citizen she can, as a block;
    the tilkaldevikar only what she cannot (insulin)."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["AA"] = b.substitute("AA", ids["nord"], Profession.SSA, "insulin")
        ids["HB"] = b.carer("HB", ids["nord"], on_shift=None)
        standby(b, ids["HB"])
        for name, start in (("A", "08:00"), ("B", "09:00"), ("C", "10:00")):
            ids[name] = b.citizen(name, ids["nord"])
            b.visit(ids[name], start, 30, ids["XX"])
        ids["D"] = b.citizen("D", ids["nord"])
        ids["ins"] = b.visit(ids["D"], "11:00", 10, ids["XX"], services=(ids["insulin"],))

    store, ids = scene(build)
    lines = proposal(store)
    assert chosen(lines, ids) == ["HB", "HB", "HB", "AA"]
    assert [line.source for line in lines] == [CoverSource.STANDBY] * 3 + [CoverSource.SUBSTITUTE]
    assert [line.inside_team for line in lines] == [True, True, True, False]
    with store.session() as session:
        accept_cover(session, [decision(line) for line in lines], actor="MH", now=NOW)
    assert {c.source for c in plan_of(store).covers.values()} == {"STANDBY", "SUBSTITUTE"}


def test_the_whole_route_goes_to_one_colleague_with_warnings_where_it_does_not_fit(
    scene: Scene,  # noqa: F811
) -> None:
    """`w`: KK takes the whole route. Where KK has no room the line stays KK's with a warning to
    confirm; insulin, which KK lacks, is left uncovered with the reason (a hard rule)."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"], Profession.SSA, "insulin")
        ids["KK"] = b.carer("KK", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        b.visit(b.citizen("B", ids["nord"]), "09:50", 30, ids["KK"])
        ids["ok"] = b.visit(ids["A"], "08:00", 30, ids["XX"])
        ids["busy"] = b.visit(ids["A"], "10:00", 30, ids["XX"])
        ids["ins"] = b.visit(ids["A"], "12:00", 10, ids["XX"], services=(ids["insulin"],))

    store, ids = scene(build)
    with store.session() as session:
        plan = load_day_plan(session, DAY)
    lines = proposal(store)
    assert chosen(lines, ids) == ["ZZ", "ZZ", "ZZ"]
    given = hand_over(plan, lines, ids["KK"], {})
    assert chosen(given, ids) == ["KK", "KK", None]
    assert [[r.key for r in line.warnings] for line in given] == [
        [],
        ["cover_route.warn_no_room"],
        ["reason.missing"],
    ]
    assert [line.needs_confirmation for line in given] == [False, True, True]
    assert given[0].inside_team and given[0].source is CoverSource.OWN_TEAM
    assert given[2].source is CoverSource.UNCOVERED


def test_handing_a_route_to_the_second_carer_of_a_visit_says_they_are_already_on_it(
    scene: Scene,  # noqa: F811
) -> None:
    """KK is XX's partner on a two-carer visit: given XX's route, that line cannot be KK's twice,
    and the reason says so (not "not on shift": KK is at work)."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["KK"] = b.carer("KK", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"])
        ids["two"] = b.visit(ids["A"], "08:00", 30, ids["XX"], second_carer_id=ids["KK"])
        ids["one"] = b.visit(ids["A"], "10:00", 30, ids["XX"])

    store, ids = scene(build)
    with store.session() as session:
        plan = load_day_plan(session, DAY)
    given = hand_over(plan, proposal(store), ids["KK"], {})
    reasons = {line.visit_id: [r.key for r in line.warnings] for line in given}
    assert reasons[ids["two"]] == ["cover_route.warn_already_on"]
    assert reasons[ids["one"]] == []


def decision(line: ProposalLine) -> CoverDecision:
    carer = line.choice.carer_id if line.choice else None
    return CoverDecision(line.visit_id, line.version, carer, line.source, line.start_min)
