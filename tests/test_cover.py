"""Sick calls and continuity-first cover, on small hand-built teams (domain only, no Textual).

Every ranking test gives the carer who should win initials that sort *after* the loser's, so
the alphabetical tie-break can never be what puts them first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kaffefoerst.domain.cover import Reason, Suggestion, suggest
from kaffefoerst.domain.cover_route import ProposalLine, propose
from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.enums import AbsenceKind, CoverSource, Profession
from kaffefoerst.model import Absence, AuditEvent, Cover, Visit
from kaffefoerst.store import Store
from kaffefoerst.store.absences import end_absence, give_back, mark_absent
from kaffefoerst.store.covers import CoverDecision, accept_cover
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import recent_by_citizen
from kaffefoerst.store.moves import Placement, move_visit
from tests.builders import DAY, TeamBuilder, hm

NOW = datetime(2026, 3, 2, 6, 52, tzinfo=UTC)  # the sick call, before the meeting
Ids = dict[str, int]
Build = Callable[[TeamBuilder, Ids], None]
Scene = Callable[..., tuple[Store, Ids]]


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    """Build a team around XX (SSA, Nord), who calls in sick for DAY.

    Always there: teams Nord and Syd (partners), XX, and citizens "A" and "B" of Nord.
    ``build`` adds the rest; ``sick=False`` leaves XX at work.
    """
    stores: list[Store] = []

    def make(build: Build, *, sick: bool = True, nord_gap: int = 5) -> tuple[Store, Ids]:
        store = Store.open_sqlite(tmp_path / f"cover{len(stores)}.db")
        stores.append(store)
        with store.session() as session:
            b = TeamBuilder(session)
            ids: Ids = {"nord": b.team("Nord", gap_min=nord_gap), "syd": b.team("Syd")}
            b.partners(ids["nord"], ids["syd"])
            ids["XX"] = b.carer("XX", ids["nord"], Profession.SSA, "insulin,medicin")
            ids["care"] = b.service("pleje")
            ids["insulin"] = b.service("insulin", "SSA,SPL", "insulin")
            build(b, ids)
            ids.setdefault("A", b.citizen("A", ids["nord"]))
            ids.setdefault("B", b.citizen("B", ids["nord"]))
            session.commit()
        if sick:
            ids["absence"] = sick_call(store, ids["XX"])
        return store, ids

    yield make
    for store in stores:
        store.close()


def sick_call(store: Store, carer_id: int, **kw: object) -> int:
    args: dict[str, object] = {
        "carer_id": carer_id,
        "from_day": DAY,
        "to_day": DAY,
        "kind": AbsenceKind.SICK,
        "actor": "MH",
        "now": NOW,
    }
    args.update(kw)
    with store.session() as session:
        return mark_absent(session, **args)  # type: ignore[arg-type]


def plan_of(store: Store, day: date = DAY) -> DayPlan:
    with store.session() as session:
        return load_day_plan(session, day)


def suggestions(store: Store, visit_id: int) -> list[Suggestion]:
    with store.session() as session:
        plan = load_day_plan(session, DAY)
        visit = plan.visits[visit_id]
        recent = recent_by_citizen(session, [visit.citizen_id], DAY)
    return suggest(plan, visit, recent.get(visit.citizen_id, {}))


def order(store: Store, ids: Ids, visit_id: int) -> list[str]:
    by_id = {v: k for k, v in ids.items() if k.isupper() and len(k) == 2}
    return [by_id[s.carer_id] for s in suggestions(store, visit_id)]


def proposal(store: Store, visit_ids: list[int] | None = None) -> list[ProposalLine]:
    with store.session() as session:
        plan = load_day_plan(session, DAY)
        visits = None if visit_ids is None else [plan.visits[i] for i in visit_ids]
        todo = plan.uncovered() if visits is None else visits
        recent = recent_by_citizen(session, sorted({v.citizen_id for v in todo}), DAY)
    return propose(plan, recent, visits)


def chosen(lines: list[ProposalLine], ids: Ids) -> list[str | None]:
    by_id = {v: k for k, v in ids.items() if k.isupper() and len(k) == 2}
    return [by_id[line.choice.carer_id] if line.choice else None for line in lines]


def decisions(lines: list[ProposalLine]) -> list[CoverDecision]:
    return [
        CoverDecision(
            line.visit_id, line.version, line.choice.carer_id if line.choice else None, line.source
        )
        for line in lines
    ]


def table(store: Store, model: type) -> list:  # noqa: ANN401 - rows of any table
    with store.session() as session:
        rows = session.scalars(select(model).order_by(model.id))  # type: ignore[attr-defined]
        return list(rows.all())


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def visit_of(store: Store, visit_id: int) -> Visit:
    with store.session() as session:
        visit = session.get(Visit, visit_id)
    assert visit is not None
    return visit


# --- ranking: one criterion at a time ----------------------------------------------------------


def test_contact_person_beats_a_recent_visitor(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        b.history(ids["A"], ids["AA"], (1, 2, 3, 4))
        ids["v"] = b.visit(ids["A"], "10:00", 30, ids["XX"])

    store, ids = scene(build)
    found = suggestions(store, ids["v"])
    assert order(store, ids, ids["v"]) == ["ZZ", "AA"]
    assert (found[0].contact, found[0].recent) == (True, 0)
    assert (found[1].contact, found[1].recent) == (False, 4)


def test_more_recent_visits_rank_higher(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"])
        b.history(ids["A"], ids["ZZ"], (1, 2, 3))
        b.history(ids["A"], ids["AA"], (4,))
        b.history(ids["A"], ids["AA"], (20, 21, 22))  # too long ago: outside the 14 days
        ids["v"] = b.visit(ids["A"], "10:00", 30, ids["XX"])

    store, ids = scene(build)
    assert order(store, ids, ids["v"]) == ["ZZ", "AA"]
    assert [s.recent for s in suggestions(store, ids["v"])] == [3, 1]


def test_same_team_beats_the_partner_team(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["syd"])
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    found = suggestions(store, ids["v"])
    assert order(store, ids, ids["v"]) == ["ZZ", "AA"]
    assert [(s.same_team, s.source) for s in found] == [
        (True, CoverSource.OWN_TEAM),
        (False, CoverSource.PARTNER_TEAM),
    ]


def test_free_room_beats_no_room(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        other = b.citizen("B", ids["nord"])
        b.visit(other, "12:00", 30, ids["ZZ"])  # same load as AA, at another time
        b.visit(other, "10:10", 30, ids["AA"])  # overlaps the visit
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    found = suggestions(store, ids["v"])
    assert order(store, ids, ids["v"]) == ["ZZ", "AA"]
    assert found[0].free == (hm("07:00"), hm("11:55"))  # until 5 minutes before 12:00
    assert found[1].free is None
    assert found[0].load == found[1].load


def test_lower_load_beats_higher_load(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        other = b.citizen("B", ids["nord"])
        b.visit(other, "12:00", 30, ids["ZZ"])
        b.visit(other, "12:00", 30, ids["AA"])
        b.visit(other, "13:00", 30, ids["AA"])
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    found = suggestions(store, ids["v"])
    assert order(store, ids, ids["v"]) == ["ZZ", "AA"]
    assert [s.load for s in found] == [30 / 480, 60 / 480]
    assert all(s.free for s in found)


def test_each_criterion_outranks_all_later_ones(scene: Scene) -> None:
    """A ladder: each carer wins on one criterion and loses on every later one."""

    def build(b: TeamBuilder, ids: Ids) -> None:
        for initials, team in (("EE", "nord"), ("DD", "syd"), ("CC", "nord")):
            ids[initials] = b.carer(initials, ids[team])
        ids["BB"] = b.carer("BB", ids["syd"])
        ids["AA"] = b.carer("AA", ids["syd"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["EE"],))
        other = b.citizen("B", ids["nord"])
        b.history(ids["A"], ids["DD"], (1, 2))
        for carer in ("EE", "DD", "CC"):  # busy at 10:00, and the heaviest load
            b.visit(other, "10:00", 60, ids[carer])
            b.visit(other, "13:00", 60, ids[carer])
        b.visit(other, "08:00", 30, ids["BB"])  # free at 10:00, but more load than AA
        b.visit(other, "12:00", 30, ids["BB"])
        b.visit(other, "10:15", 30, ids["AA"])  # busy at 10:00, the lightest load
        ids["v"] = b.visit(ids["A"], "10:00", 30, ids["XX"])

    store, ids = scene(build)
    assert order(store, ids, ids["v"]) == ["EE", "DD", "CC", "BB", "AA"]


# --- hard filters and competence ---------------------------------------------------------------


def test_absent_off_shift_and_declined_carers_are_never_suggested(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["OK"] = b.carer("OK", ids["nord"])
        ids["AB"] = b.carer("AB", ids["nord"])  # also away today
        ids["EA"] = b.carer("EA", ids["nord"], on_shift=None)
        b.shift(ids["EA"], "07:00", "10:00")  # goes home before the visit
        ids["EB"] = b.carer("EB", ids["nord"], on_shift=None)
        b.shift(ids["EB"], "07:00", "10:15")  # goes home during it
        ids["LA"] = b.carer("LA", ids["nord"], on_shift=None)
        b.shift(ids["LA"], "10:15", "15:00")  # comes after it has begun
        ids["NS"] = b.carer("NS", ids["nord"], on_shift=None)  # no shift today
        ids["TO"] = b.carer("TO", ids["nord"], on_shift=DAY + timedelta(days=1))  # tomorrow
        ids["DE"] = b.carer("DE", ids["nord"])
        ids["A"] = b.citizen(
            "A", ids["nord"], contacts=(ids["AB"], ids["EA"]), declined=(ids["DE"],)
        )
        b.history(ids["A"], ids["DE"], (1, 2, 3))
        ids["v"] = b.visit(ids["A"], "10:00", 30, ids["XX"])

    store, ids = scene(build)
    sick_call(store, ids["AB"])
    assert order(store, ids, ids["v"]) == ["OK"]


def test_a_carer_in_neither_team_and_no_substitute_is_not_offered(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        far = b.team("Fjern")
        ids["FA"] = b.carer("FA", far)
        ids["OK"] = b.carer("OK", ids["syd"])
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    assert order(store, ids, ids["v"]) == ["OK"]


def test_the_second_carer_of_a_two_carer_visit_is_not_offered_to_cover_it(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["TW"] = b.carer("TW", ids["nord"])
        ids["OK"] = b.carer("OK", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["TW"],))
        ids["v"] = b.visit(ids["A"], "10:00", 30, ids["XX"], second_carer_id=ids["TW"])

    store, ids = scene(build)
    assert order(store, ids, ids["v"]) == ["OK"]


def test_missing_competence_is_listed_last_flagged_and_never_proposed(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"], Profession.SSA, "insulin")  # can
        ids["AA"] = b.carer("AA", ids["nord"], Profession.SSH)  # contact, knows her, can't
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["AA"],))
        b.history(ids["A"], ids["AA"], (1, 2, 3))
        ids["v"] = b.visit(ids["A"], "08:00", 10, ids["XX"], services=(ids["insulin"],))

    store, ids = scene(build)
    found = suggestions(store, ids["v"])
    assert order(store, ids, ids["v"]) == ["ZZ", "AA"]
    assert (found[0].missing, found[0].needs_confirmation) == ((), False)
    assert (found[1].missing, found[1].needs_confirmation) == (("insulin",), True)
    [line] = proposal(store)
    assert chosen([line], ids) == ["ZZ"]


def test_the_proposal_leaves_a_visit_uncovered_rather_than_give_it_to_someone_unqualified(
    scene: Scene,
) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["AA"] = b.carer("AA", ids["nord"], Profession.SSH)
        ids["BB"] = b.carer("BB", ids["syd"], Profession.SSA)  # SSA, but no insulin
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["AA"],))
        ids["v"] = b.visit(ids["A"], "08:00", 10, ids["XX"], services=(ids["insulin"],))

    store, ids = scene(build)
    [line] = proposal(store)
    assert line.choice is None
    assert (line.source, line.inside_team) == (CoverSource.UNCOVERED, False)
    assert [(s.carer_id, s.missing) for s in line.options] == [
        (ids["AA"], ("insulin",)),
        (ids["BB"], ("insulin",)),
    ]


# --- reasons in words --------------------------------------------------------------------------


def test_reasons_name_contact_recent_free_room_team_and_missing_competence(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["CP"] = b.carer("CP", ids["nord"], Profession.SSA, "insulin")
        ids["PT"] = b.carer("PT", ids["syd"])
        ids["VI"] = b.substitute("VI", ids["nord"], Profession.SSA, "insulin")
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["CP"],))
        other = b.citizen("B", ids["nord"])
        b.visit(other, "07:30", 45, ids["CP"])  # 07:30-08:15, so free from 08:20
        b.visit(other, "09:00", 20, ids["CP"])  # and until 08:55
        b.visit(other, "08:00", 60, ids["PT"])  # PT busy
        b.history(ids["A"], ids["CP"], (1, 2, 3, 4, 5, 6))
        ids["v"] = b.visit(ids["A"], "08:30", 10, ids["XX"], services=(ids["insulin"],))

    store, ids = scene(build)
    by_carer = {s.carer_id: s for s in suggestions(store, ids["v"])}
    assert by_carer[ids["CP"]].reasons() == [
        Reason("reason.contact"),
        Reason("reason.recent", {"n": 6}),
        Reason("reason.free", {"start": hm("08:20"), "end": hm("08:55")}),
        Reason("reason.same_team"),
    ]
    assert by_carer[ids["PT"]].reasons() == [
        Reason("reason.busy"),
        Reason("reason.partner_team"),
        Reason("reason.missing", {"missing": "insulin"}),
    ]
    assert by_carer[ids["VI"]].reasons() == [
        Reason("reason.free", {"start": hm("07:00"), "end": hm("15:00")}),
        Reason("reason.substitute"),
    ]


# --- the whole-route proposal ------------------------------------------------------------------


def test_proposal_takes_visits_in_time_order(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        ids["late"] = b.visit(ids["A"], "09:20", 30, ids["XX"])
        ids["early"] = b.visit(ids["A"], "09:00", 30, ids["XX"])

    store, ids = scene(build)
    lines = proposal(store, [ids["late"], ids["early"]])  # handed over out of order
    assert [line.visit_id for line in lines] == [ids["early"], ids["late"]]
    assert chosen(lines, ids) == ["ZZ", "AA"]  # the contact person takes the earlier one
    assert all(line.inside_team and line.source is CoverSource.OWN_TEAM for line in lines)


def test_proposal_never_double_books_a_carer(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        a = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        c = b.citizen("B", ids["nord"], contacts=(ids["ZZ"],))
        ids["v1"] = b.visit(a, "10:00", 30, ids["XX"])
        ids["v2"] = b.visit(c, "10:00", 30, ids["XX"])

    store, ids = scene(build)
    lines = proposal(store)
    assert [line.visit_id for line in lines] == [ids["v1"], ids["v2"]]
    assert chosen(lines, ids) == ["ZZ", "AA"]
    # and the second line already sees ZZ as booked
    zz = next(s for s in lines[1].options if s.carer_id == ids["ZZ"])
    assert zz.free is None and zz.load == 30 / 480


@pytest.mark.parametrize(
    ("second_start", "gap", "expected"),
    [
        ("09:33", 5, ["ZZ", "AA"]),  # 3 minutes to drive: too little
        ("09:35", 5, ["ZZ", "ZZ"]),  # exactly the team's gap
        ("09:33", 2, ["ZZ", "ZZ"]),  # a team that drives less
    ],
)
def test_proposal_keeps_the_teams_driving_gap(
    scene: Scene, second_start: str, gap: int, expected: list[str]
) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        ids["AA"] = b.carer("AA", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["ZZ"],))
        b.visit(ids["A"], "09:00", 30, ids["XX"])
        b.visit(ids["A"], second_start, 15, ids["XX"])

    store, ids = scene(build, nord_gap=gap)
    assert chosen(proposal(store), ids) == expected


def test_proposal_falls_back_to_substitute_then_asks_the_partner_team_never_books_it(
    scene: Scene,
) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["YY"] = b.carer("YY", ids["nord"])  # own team, but busy all morning
        ids["PP"] = b.carer("PP", ids["syd"])  # free, but in the partner team
        ids["VI"] = b.substitute("VI", ids["nord"])  # the team's own tilkaldevikar
        ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["YY"],))
        b.visit(b.citizen("B", ids["nord"]), "08:00", 240, ids["YY"])
        for n in (1, 2):
            ids[f"v{n}"] = b.visit(ids["A"], "10:00", 30, ids["XX"])

    store, ids = scene(build)
    lines = proposal(store)
    assert chosen(lines, ids) == ["VI", None]
    assert [line.source for line in lines] == [CoverSource.SUBSTITUTE, CoverSource.REQUEST]
    assert [line.inside_team for line in lines] == [False, False]
    assert [line.absent_carer_id for line in lines] == [ids["XX"]] * 2
    # the options still show everyone, best first, with the contact person busy
    assert [s.carer_id for s in lines[0].options] == [ids["YY"], ids["PP"], ids["VI"]]
    assert lines[0].options[0].free is None
    # accepting the request books nobody: it is stored as asked, and the visit stays uncovered
    with store.session() as session:
        accept_cover(session, decisions(lines), actor="MH", now=NOW)
    assert [(c.visit_id, c.carer_id, c.source) for c in table(store, Cover)] == [
        (ids["v1"], ids["VI"], CoverSource.SUBSTITUTE),
        (ids["v2"], None, CoverSource.REQUEST),
    ]
    assert visit_of(store, ids["v2"]).carer_id == ids["XX"]
    assert [v.id for v in plan_of(store).uncovered()] == [ids["v2"]]


def test_a_substitute_with_no_shift_is_offered_for_the_whole_shift(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["VI"] = b.substitute("VI", ids["syd"])  # even one who belongs to the partner team
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "14:00", 30, ids["XX"])

    store, ids = scene(build)
    [line] = proposal(store)
    assert chosen([line], ids) == ["VI"]
    assert (line.source, line.inside_team) == (CoverSource.SUBSTITUTE, False)


def test_proposal_stores_nothing(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["ZZ"] = b.carer("ZZ", ids["nord"])
        b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    audits = count(store, AuditEvent)
    proposal(store)
    assert (count(store, Cover), count(store, AuditEvent)) == (0, audits)
    assert [v.carer_id for v in plan_of(store).uncovered()] == [ids["XX"]]


# --- accepting ---------------------------------------------------------------------------------


def three_visits(b: TeamBuilder, ids: Ids) -> None:
    """XX has three visits; own team YY takes two; YY is busy for the third, which only the
    partner team (PP) could take."""
    ids["YY"] = b.carer("YY", ids["nord"])
    ids["PP"] = b.carer("PP", ids["syd"])
    ids["LP"] = b.carer("LP", ids["nord"], on_shift=None)  # a colleague at a laptop
    ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["YY"],))
    ids["own"] = b.visit(b.citizen("B", ids["nord"]), "10:50", 30, ids["YY"])
    ids["v1"] = b.visit(ids["A"], "08:00", 30, ids["XX"])
    ids["v2"] = b.visit(ids["A"], "11:00", 20, ids["XX"])
    ids["v3"] = b.visit(ids["A"], "13:00", 20, ids["XX"])


def test_accept_stores_covers_audit_and_moves_the_visits(scene: Scene) -> None:
    store, ids = scene(three_visits)
    lines = proposal(store)
    assert chosen(lines, ids) == ["YY", None, "YY"]
    assert lines[1].source is CoverSource.REQUEST  # the partner team is asked, not booked
    # Their planner said yes and named PP: the team picks PP by hand for that line.
    lines[1].choose(next(s for s in lines[1].options if s.carer_id == ids["PP"]))
    at = datetime(2026, 3, 2, 8, 5, tzinfo=timezone(timedelta(hours=1)))  # Copenhagen, winter
    audits = count(store, AuditEvent)
    with store.session() as session:
        assert accept_cover(session, decisions(lines), actor="MH", now=at) == 3

    covers = table(store, Cover)
    assert [
        (c.visit_id, c.absence_id, c.absent_carer_id, c.carer_id, c.source, c.decided_by)
        for c in covers
    ] == [
        (ids["v1"], ids["absence"], ids["XX"], ids["YY"], CoverSource.OWN_TEAM, "MH"),
        (ids["v2"], ids["absence"], ids["XX"], ids["PP"], CoverSource.PARTNER_TEAM, "MH"),
        (ids["v3"], ids["absence"], ids["XX"], ids["YY"], CoverSource.OWN_TEAM, "MH"),
    ]
    assert all(c.decided_at.replace(tzinfo=None) == datetime(2026, 3, 2, 7, 5) for c in covers)
    assert not any(c.returned for c in covers)
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT DISTINCT decided_at FROM cover").scalar_one()
    assert stored.startswith("2026-03-02 07:05:00")  # UTC

    events = table(store, AuditEvent)[audits:]
    assert [(e.action, e.entity, e.entity_id, e.actor) for e in events] == [
        ("cover", "visit", ids[v], "MH") for v in ("v1", "v2", "v3")
    ]
    assert json.loads(events[1].before) == {"carer_id": ids["XX"], "start_min": hm("11:00")}
    assert json.loads(events[1].after) == {"carer_id": ids["PP"], "start_min": hm("11:00")}
    assert json.loads(events[1].reason) == {"source": "PARTNER_TEAM", "for": ids["XX"]}

    for key, carer in (("v1", "YY"), ("v2", "PP"), ("v3", "YY")):
        visit = visit_of(store, ids[key])
        assert (visit.carer_id, visit.version) == (ids[carer], 2)
    plan = plan_of(store)
    assert plan.uncovered() == []
    assert {v: (c.carer_id, c.source) for v, c in plan.covers.items()} == {
        ids["v1"]: (ids["YY"], "OWN_TEAM"),
        ids["v2"]: (ids["PP"], "PARTNER_TEAM"),
        ids["v3"]: (ids["YY"], "OWN_TEAM"),
    }
    assert [v.id for v in plan.route(ids["YY"])] == [ids["v1"], ids["own"], ids["v3"]]


def test_leaving_a_visit_uncovered_is_recorded_and_the_visit_stays(scene: Scene) -> None:
    store, ids = scene(three_visits)
    with store.session() as session:
        accept_cover(
            session,
            [CoverDecision(ids["v3"], 1, None, CoverSource.UNCOVERED)],
            actor="MH",
            now=NOW,
        )
    [cover] = table(store, Cover)
    assert (cover.visit_id, cover.carer_id, cover.source) == (ids["v3"], None, "UNCOVERED")
    visit = visit_of(store, ids["v3"])
    assert (visit.carer_id, visit.version) == (ids["XX"], 1)
    assert table(store, AuditEvent)[-1].action == "cover"
    assert ids["v3"] in plan_of(store).covers  # decided: shown as left uncovered


@pytest.mark.parametrize("stale_line", [0, 1, 2])
def test_a_stale_line_refuses_the_whole_accept(scene: Scene, stale_line: int) -> None:
    store, ids = scene(three_visits)
    lines = proposal(store)
    stale = lines[stale_line].visit_id
    with store.session() as session:  # LP shifts that visit by 5 minutes on her laptop
        start = session.get(Visit, stale).start_min  # type: ignore[union-attr]
        move_visit(
            session,
            visit_id=stale,
            target=Placement(ids["XX"], start + 5),
            expected_version=1,
            actor="LP",
            now=NOW,
        )
    covers, audits = count(store, Cover), count(store, AuditEvent)
    with store.session() as session, pytest.raises(StaleVisit) as refused:
        accept_cover(session, decisions(lines), actor="MH", now=NOW)
    assert refused.value.by == "LP"
    assert refused.value.key == "move.stale"
    assert refused.value.fields["visit"] == stale
    assert (count(store, Cover), count(store, AuditEvent)) == (covers, audits)
    for line in lines:
        visit = visit_of(store, line.visit_id)
        assert visit.carer_id == ids["XX"]
        assert visit.version == (2 if line.visit_id == stale else 1)


def test_accept_is_refused_when_the_carer_is_no_longer_away(scene: Scene) -> None:
    store, ids = scene(three_visits)
    lines = proposal(store)
    with store.session() as session:
        end_absence(session, absence_id=ids["absence"], back_day=DAY, actor="MH", now=NOW)
    covers, audits = count(store, Cover), count(store, AuditEvent)
    with store.session() as session, pytest.raises(DomainError) as refused:
        accept_cover(session, decisions(lines), actor="MH", now=NOW)
    assert refused.value.key == "cover.not_absent"
    assert refused.value.fields == {"visit": ids["v1"]}
    assert (count(store, Cover), count(store, AuditEvent)) == (covers, audits)
    assert all(visit_of(store, line.visit_id).version == 1 for line in lines)


def test_one_visit_no_longer_with_the_absent_carer_refuses_all(scene: Scene) -> None:
    """A later line whose visit was handed over meanwhile (and accepted with its new version)."""
    store, ids = scene(three_visits)
    lines = proposal(store)
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v3"],
            target=Placement(ids["YY"], hm("13:00")),
            expected_version=1,
            actor="LP",
            now=NOW,
        )
    lines[2].version = 2  # the planner reloaded that line only
    covers = count(store, Cover)
    with store.session() as session, pytest.raises(DomainError) as refused:
        accept_cover(session, decisions(lines), actor="MH", now=NOW)
    assert refused.value.key == "cover.not_absent"
    assert count(store, Cover) == covers
    assert visit_of(store, ids["v1"]).carer_id == ids["XX"]


# --- marking absent ----------------------------------------------------------------------------


def test_mark_absent_stores_the_absence_and_the_audit(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["YY"] = b.carer("YY", ids["nord"])
        ids["A"] = b.citizen("A", ids["nord"])
        ids["v1"] = b.visit(ids["A"], "09:00", 30, ids["XX"])
        ids["v2"] = b.visit(ids["A"], "08:00", 30, ids["XX"])
        ids["v3"] = b.visit(ids["A"], "08:00", 30, ids["XX"], day=DAY + timedelta(days=1))

    store, ids = scene(build, sick=False)
    assert plan_of(store).uncovered() == []
    at = datetime(2026, 3, 2, 6, 52, tzinfo=timezone(timedelta(hours=1)))
    absence_id = sick_call(store, ids["XX"], now=at, buddy_id=ids["YY"], note="feber")

    [absence] = table(store, Absence)
    assert absence.id == absence_id
    assert (absence.carer_id, absence.from_day, absence.to_day, absence.kind) == (
        ids["XX"],
        DAY,
        DAY,
        AbsenceKind.SICK,
    )
    assert (absence.reported_by, absence.buddy_id, absence.note) == ("MH", ids["YY"], "feber")
    assert absence.reported_at.replace(tzinfo=None) == datetime(2026, 3, 2, 5, 52)  # UTC
    [event] = table(store, AuditEvent)
    assert (event.action, event.entity, event.entity_id, event.actor) == (
        "absence",
        "carer",
        ids["XX"],
        "MH",
    )
    assert json.loads(event.after) == {
        "absence_id": absence_id,
        "from": "2026-03-02",
        "to": "2026-03-02",
        "kind": "SICK",
        "buddy_id": ids["YY"],
    }

    plan = plan_of(store)
    assert list(plan.absences) == [ids["XX"]]
    assert plan.absences[ids["XX"]].buddy_id == ids["YY"]
    assert ids["XX"] not in {c.id for c in plan.on_duty}
    assert [v.id for v in plan.uncovered()] == [ids["v2"], ids["v1"]]  # in time order
    tomorrow = plan_of(store, DAY + timedelta(days=1))
    assert tomorrow.absences == {} and tomorrow.uncovered() == []


def test_a_later_absence_that_does_not_overlap_is_fine(scene: Scene) -> None:
    store, ids = scene(lambda b, ids: None)
    later = DAY + timedelta(days=7)
    sick_call(store, ids["XX"], from_day=later, to_day=later + timedelta(days=4))
    assert count(store, Absence) == 2


NEXT_WEEK = DAY + timedelta(days=7)
BAD_ABSENCES: list[tuple[str, dict[str, object], str]] = [
    ("end before start", {"to_day": DAY - timedelta(days=1)}, "absence.bad_range"),
    (
        "already absent, overlapping",
        {"from_day": NEXT_WEEK + timedelta(days=2), "to_day": NEXT_WEEK + timedelta(days=9)},
        "absence.already",
    ),
    ("unknown carer", {"carer_id": 999}, "absence.unknown_carer"),
    ("buddy is the carer", {"buddy_id": "XX"}, "absence.self_buddy"),
    ("unknown buddy", {"buddy_id": 998}, "absence.unknown_carer"),
]


@pytest.mark.parametrize(
    ("kw", "key"), [c[1:] for c in BAD_ABSENCES], ids=[c[0] for c in BAD_ABSENCES]
)
def test_bad_absences_are_refused_and_nothing_is_stored(
    scene: Scene, kw: dict[str, object], key: str
) -> None:
    store, ids = scene(lambda b, ids: None, sick=False)
    sick_call(store, ids["XX"], from_day=NEXT_WEEK, to_day=NEXT_WEEK + timedelta(days=4))
    before = (count(store, Absence), count(store, AuditEvent))
    with pytest.raises(DomainError) as refused:
        args = {k: ids["XX"] if v == "XX" else v for k, v in kw.items()}
        sick_call(store, args.pop("carer_id", ids["XX"]), **args)  # type: ignore[arg-type]
    assert refused.value.key == key
    assert (count(store, Absence), count(store, AuditEvent)) == before
    assert plan_of(store).absences == {}


def test_already_absent_message_names_carer_and_dates(scene: Scene) -> None:
    store, ids = scene(lambda b, ids: None)
    with pytest.raises(DomainError) as refused:
        sick_call(store, ids["XX"], to_day=DAY + timedelta(days=2))
    assert refused.value.fields == {"carer": "XX", "start": "2026-03-02", "end": "2026-03-02"}


# --- a plain move of an uncovered visit --------------------------------------------------------


@pytest.mark.parametrize(
    ("carer", "source"),
    [
        ("YY", CoverSource.OWN_TEAM),
        ("PP", CoverSource.PARTNER_TEAM),
        ("VI", CoverSource.SUBSTITUTE),
    ],
)
def test_a_plain_move_of_an_uncovered_visit_records_a_cover(
    scene: Scene, carer: str, source: CoverSource
) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["YY"] = b.carer("YY", ids["nord"])
        ids["PP"] = b.carer("PP", ids["syd"])
        ids["VI"] = b.substitute("VI", ids["nord"])
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v"],
            target=Placement(ids[carer], hm("10:15")),
            expected_version=1,
            actor="LP",
            now=NOW,
        )
    [cover] = table(store, Cover)
    assert (cover.visit_id, cover.absence_id, cover.absent_carer_id, cover.carer_id) == (
        ids["v"],
        ids["absence"],
        ids["XX"],
        ids[carer],
    )
    assert (cover.source, cover.decided_by) == (source, "LP")
    assert [e.action for e in table(store, AuditEvent)] == ["absence", "move"]
    assert plan_of(store).uncovered() == []


@pytest.mark.parametrize("target", ["later, same absent carer", "unassigned"])
def test_a_move_that_covers_nothing_records_no_cover(scene: Scene, target: str) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build)
    carer = ids["XX"] if target.startswith("later") else None
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v"],
            target=Placement(carer, hm("10:30")),
            expected_version=1,
            actor="LP",
            now=NOW,
        )
    assert table(store, Cover) == []


def test_a_move_of_a_visit_of_a_carer_at_work_records_no_cover(scene: Scene) -> None:
    def build(b: TeamBuilder, ids: Ids) -> None:
        ids["YY"] = b.carer("YY", ids["nord"])
        ids["v"] = b.visit(b.citizen("A", ids["nord"]), "10:00", 30, ids["XX"])

    store, ids = scene(build, sick=False)
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v"],
            target=Placement(ids["YY"], hm("10:00")),
            expected_version=1,
            actor="LP",
            now=NOW,
        )
    assert table(store, Cover) == []


# --- coming back -------------------------------------------------------------------------------


def covered_day(b: TeamBuilder, ids: Ids) -> None:
    """XX has visits at 08:00, 10:00 and 12:00 today and 08:00 tomorrow; YY can take them all."""
    ids["YY"] = b.carer("YY", ids["nord"])
    b.shift(ids["YY"], day=DAY + timedelta(days=1))
    b.shift(ids["XX"], day=DAY + timedelta(days=1))
    ids["A"] = b.citizen("A", ids["nord"], contacts=(ids["YY"],))
    ids["v8"] = b.visit(ids["A"], "08:00", 30, ids["XX"])
    ids["v10"] = b.visit(ids["A"], "10:00", 30, ids["XX"])
    ids["v12"] = b.visit(ids["A"], "12:00", 30, ids["XX"])
    ids["tomorrow"] = b.visit(ids["A"], "08:00", 30, ids["XX"], day=DAY + timedelta(days=1))


def cover_all(store: Store, ids: Ids, *keys: str) -> None:
    with store.session() as session:
        accept_cover(
            session,
            [CoverDecision(ids[k], 1, ids["YY"], CoverSource.OWN_TEAM) for k in keys],
            actor="MH",
            now=NOW,
        )


def test_coming_back_gives_back_only_visits_not_yet_started(scene: Scene) -> None:
    store, ids = scene(covered_day)
    cover_all(store, ids, "v8", "v10", "v12")
    assert plan_of(store).uncovered() == []
    back_at = datetime(2026, 3, 2, 10, 5, tzinfo=UTC)  # the 10:00 visit has begun
    with store.session() as session:
        offered = end_absence(
            session, absence_id=ids["absence"], back_day=DAY, actor="MH", now=back_at
        )
    assert offered == [ids["v12"]]
    end = table(store, AuditEvent)[-1]
    assert (end.action, end.entity_id) == ("absence_end", ids["XX"])

    plan = plan_of(store)
    assert plan.absences == {}
    assert ids["XX"] in {c.id for c in plan.on_duty}

    audits = count(store, AuditEvent)
    with store.session() as session:
        assert give_back(session, visit_ids=offered, actor="MH", now=back_at) == 1
    visit = visit_of(store, ids["v12"])
    assert (visit.carer_id, visit.start_min, visit.version) == (ids["XX"], hm("12:00"), 3)
    assert visit_of(store, ids["v10"]).carer_id == ids["YY"]
    assert visit_of(store, ids["v8"]).carer_id == ids["YY"]
    returned = {c.visit_id: c.returned for c in table(store, Cover)}
    assert returned == {ids["v8"]: False, ids["v10"]: False, ids["v12"]: True}
    [event] = table(store, AuditEvent)[audits:]
    assert (event.action, event.entity_id, event.actor) == ("give_back", ids["v12"], "MH")
    assert json.loads(event.before) == {"carer_id": ids["YY"], "start_min": hm("12:00")}
    assert json.loads(event.after) == {"carer_id": ids["XX"], "start_min": hm("12:00")}

    plan = plan_of(store)
    assert set(plan.covers) == {ids["v8"], ids["v10"]}
    assert [v.id for v in plan.route(ids["XX"])] == [ids["v12"]]


def test_back_tomorrow_from_a_longer_absence(scene: Scene) -> None:
    store, ids = scene(lambda b, ids: None, sick=False)
    with store.session() as session:
        covered_day(TeamBuilder(session), ids)
        session.commit()
    ids["absence"] = sick_call(store, ids["XX"], to_day=DAY + timedelta(days=3))
    cover_all(store, ids, "v8", "v10", "v12", "tomorrow")
    late_today = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    with store.session() as session:
        offered = end_absence(
            session,
            absence_id=ids["absence"],
            back_day=DAY + timedelta(days=1),
            actor="MH",
            now=late_today,
        )
    assert offered == [ids["tomorrow"]]
    assert table(store, Absence)[0].to_day == DAY
    assert ids["XX"] in plan_of(store).absences  # still away today
    assert plan_of(store, DAY + timedelta(days=1)).absences == {}


def test_a_visit_left_uncovered_and_then_moved_by_hand_is_offered_back_once(
    scene: Scene,
) -> None:
    store, ids = scene(covered_day)
    with store.session() as session:
        accept_cover(
            session,
            [CoverDecision(ids["v12"], 1, None, CoverSource.UNCOVERED)],
            actor="MH",
            now=NOW,
        )
        move_visit(
            session,
            visit_id=ids["v12"],
            target=Placement(ids["YY"], hm("12:00")),
            expected_version=1,
            actor="LP",
            now=NOW,
        )
    with store.session() as session:
        offered = end_absence(session, absence_id=ids["absence"], back_day=DAY, actor="MH", now=NOW)
    assert offered == [ids["v12"]]
    with store.session() as session:
        give_back(session, visit_ids=offered, actor="MH", now=NOW)
    assert visit_of(store, ids["v12"]).carer_id == ids["XX"]
    assert all(c.returned for c in table(store, Cover))
    assert ids["v12"] not in plan_of(store).covers


def test_a_visit_left_uncovered_is_not_offered_back(scene: Scene) -> None:
    """It never left the carer's route: coming back is enough."""
    store, ids = scene(covered_day)
    with store.session() as session:
        accept_cover(
            session,
            [
                CoverDecision(ids["v10"], 1, ids["YY"], CoverSource.OWN_TEAM),
                CoverDecision(ids["v12"], 1, None, CoverSource.UNCOVERED),
            ],
            actor="MH",
            now=NOW,
        )
    with store.session() as session:
        offered = end_absence(session, absence_id=ids["absence"], back_day=DAY, actor="MH", now=NOW)
    assert offered == [ids["v10"]]


def test_ending_an_unknown_or_already_ended_absence_is_refused(scene: Scene) -> None:
    store, ids = scene(covered_day)
    with store.session() as session, pytest.raises(DomainError) as unknown:
        end_absence(session, absence_id=999, back_day=DAY, actor="MH", now=NOW)
    assert unknown.value.key == "absence.unknown"
    with store.session() as session, pytest.raises(DomainError) as late:
        end_absence(
            session,
            absence_id=ids["absence"],
            back_day=DAY + timedelta(days=2),
            actor="MH",
            now=NOW,
        )
    assert late.value.key == "absence.back_after_end"
    assert table(store, Absence)[0].to_day == DAY


def test_give_back_of_a_visit_that_was_never_covered_changes_nothing(scene: Scene) -> None:
    store, ids = scene(covered_day)
    cover_all(store, ids, "v10")
    audits = count(store, AuditEvent)
    with store.session() as session, pytest.raises(DomainError) as refused:
        give_back(session, visit_ids=[ids["v10"], ids["v12"]], actor="MH", now=NOW)
    assert refused.value.key == "absence.nothing_to_give_back"
    assert visit_of(store, ids["v10"]).carer_id == ids["YY"]
    assert count(store, AuditEvent) == audits
    assert not any(c.returned for c in table(store, Cover))


def test_an_absent_second_carer_is_covered_in_their_slot(tmp_path) -> None:  # noqa: ANN001
    """A lift needs two: when the second carer is off sick, only that slot is covered."""
    from datetime import UTC, datetime

    from kaffefoerst.domain.cover_route import propose
    from kaffefoerst.enums import AbsenceKind
    from kaffefoerst.model import Cover, Visit
    from kaffefoerst.store import Store
    from kaffefoerst.store.absences import mark_absent
    from kaffefoerst.store.covers import CoverDecision, accept_cover
    from kaffefoerst.store.day_plan import load_day_plan
    from tests.builders import DAY, TeamBuilder

    now = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    store = Store.open_sqlite(tmp_path / "lift.db")
    with store.session() as session:
        b = TeamBuilder(session)
        nord = b.team("Nord")
        ab, cd, ef = (b.carer(x, nord) for x in ("AB", "CD", "EF"))
        citizen = b.citizen("Hr. Lift", nord, contacts=(ab, ef))
        lift = b.visit(citizen, "08:00", 30, ab, second_carer_id=cd)
        session.commit()
        mark_absent(
            session,
            carer_id=cd,
            from_day=DAY,
            to_day=DAY,
            kind=AbsenceKind.SICK,
            actor="AB",
            now=now,
        )
        plan = load_day_plan(session, DAY)
        assert [v.id for v in plan.uncovered()] == [lift]
        [line] = propose(plan, {})
        assert line.absent_carer_id == cd
        assert line.choice is not None and line.choice.carer_id == ef  # not AB: already there
        accept_cover(
            session, [CoverDecision(lift, line.version, ef, line.source)], actor="AB", now=now
        )
        visit = session.get(Visit, lift)
        session.refresh(visit)
        assert (visit.carer_id, visit.second_carer_id, visit.version) == (ab, ef, 2)
        [cover] = session.scalars(select(Cover)).all()
        assert (cover.absent_carer_id, cover.carer_id) == (cd, ef)
        assert load_day_plan(session, DAY).uncovered() == []
