"""The sick-call flow driven by keys: s, the proposal, accept, and coming back early."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from textual.widgets import Input

from kaffefoerst.enums import CoverSource
from kaffefoerst.model import Absence, AuditEvent, Cover, Visit
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.absence import AbsenceScreen
from kaffefoerst.ui.screens.back import BackScreen
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.cover import CoverScreen
from kaffefoerst.ui.screens.cover_whole import WholeRouteScreen
from tests.builders import DAY, hm
from tests.screen import screen_text, text_when

SIZE = (200, 50)
NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


def app_for(store):  # noqa: ANN001, ANN201
    return make_app(store, today=DAY, clock=lambda: NOW, actor="MH")


def rows(store, table):  # noqa: ANN001, ANN201
    with store.session() as session:
        return session.scalars(select(table)).all()


def carer_of(store, visit_id):  # noqa: ANN001, ANN201
    with store.session() as session:
        return session.get(Visit, visit_id).carer_id


async def sick_ab(pilot) -> None:  # noqa: ANN001
    """Select AB's first visit, press s and save the prefilled sick call."""
    await pilot.press("down", "left", "s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AbsenceScreen)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_s_marks_sick_and_the_proposal_covers_with_reasons(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await sick_ab(pilot)
        assert isinstance(app.screen, CoverScreen)
        shot = screen_text(app)
        assert "AB Carer AB er syg" in shot
        assert "CD Carer CD" in shot  # Hr. Olsen at 09:00 goes to CD, who has room
        assert "ledig 08:50–15:00" in shot and "samme team" in shot
        assert "Lad stå udækket" in shot  # the insulin visit: nobody else has the competence
        assert rows(store, Cover) == []  # nothing stored before accepting
        await pilot.press("a")
        await pilot.pause()
        assert "Alle besøg er dækket" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        board = screen_text(app)
        assert "Mangler dækning: AB" in board  # the insulin visit stays visibly uncovered
    [absence] = rows(store, Absence)
    assert (absence.carer_id, absence.from_day, absence.to_day) == (ids["AB"], DAY, DAY)
    covers = {c.visit_id: c for c in rows(store, Cover)}
    assert covers[ids["v2"]].carer_id == ids["CD"]
    assert covers[ids["v2"]].source is CoverSource.OWN_TEAM
    assert covers[ids["v2"]].decided_by == "MH"
    assert covers[ids["v1"]].carer_id is None
    assert covers[ids["v1"]].source is CoverSource.UNCOVERED
    assert carer_of(store, ids["v2"]) == ids["CD"]
    actions = [e.action for e in rows(store, AuditEvent)]
    assert actions == ["absence", "cover", "cover"]


async def test_end_before_start_is_refused_in_the_form(team) -> None:  # noqa: ANN001
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "left", "s")
        await pilot.pause()
        app.screen.query_one("#to", Input).value = "01-03-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AbsenceScreen)
        assert "ligger før startdatoen" in screen_text(app)
        app.screen.query_one("#to", Input).value = "not a date"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'not a date' er ikke en dato" in screen_text(app)
    assert rows(store, Absence) == []
    assert rows(store, AuditEvent) == []


async def test_already_absent_is_refused_in_the_form(team) -> None:  # noqa: ANN001
    from datetime import timedelta

    from kaffefoerst.enums import AbsenceKind
    from kaffefoerst.store.absences import mark_absent

    store, ids = team
    with store.session() as session:  # a course later this week, already known
        mark_absent(
            session,
            carer_id=ids["AB"],
            from_day=DAY + timedelta(days=2),
            to_day=DAY + timedelta(days=3),
            kind=AbsenceKind.COURSE,
            actor="AB",
            now=NOW,
        )
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "left", "s")
        await pilot.pause()
        app.screen.query_one("#to", Input).value = (DAY + timedelta(days=4)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "AB er allerede meldt fraværende" in screen_text(app)
    assert len(rows(store, Absence)) == 1


async def test_accept_after_a_colleague_changed_a_visit_stores_nothing(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sick_ab(pilot)
        assert isinstance(app.screen, CoverScreen)
        with store.session() as session:  # someone else re-times Hr. Olsen meanwhile
            move_visit(
                session,
                visit_id=ids["v2"],
                target=Placement(ids["AB"], hm("09:10")),
                expected_version=1,
                actor="KR",
                now=NOW,
            )
        await pilot.press("a")
        await pilot.pause()
        assert "ændret af KR imens" in screen_text(app)
    assert rows(store, Cover) == []
    assert carer_of(store, ids["v2"]) == ids["AB"]


async def test_change_a_line_and_leave_one_uncovered(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await sick_ab(pilot)
        screen = app.screen
        assert [line.visit_id for line in screen.lines] == [ids["v1"], ids["v2"]]
        await pilot.press("down", "u")  # Hr. Olsen: leave uncovered instead of CD
        assert screen.lines[1].choice is None
        await pilot.press("c")  # ...then pick a carer from the list after all
        await pilot.pause()
        await pilot.press("enter")  # the first option: CD
        await pilot.pause()
        assert screen.lines[1].choice is not None
        assert screen.lines[1].choice.carer_id == ids["CD"]
        await pilot.press("enter")  # accept just this line
        await pilot.pause()
    covers = rows(store, Cover)
    assert [(c.visit_id, c.carer_id) for c in covers] == [(ids["v2"], ids["CD"])]


async def test_back_early_gives_not_started_visits_back(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await sick_ab(pilot)
        await pilot.press("a", "escape")
        await pilot.pause()
        assert carer_of(store, ids["v2"]) == ids["CD"]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BackScreen)
        await pilot.press("enter")  # AB is back
        await pilot.pause()
        assert "1 dækkede besøg er ikke begyndt endnu" in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert ids["AB"] not in app.screen.view.plan.absences
    assert carer_of(store, ids["v2"]) == ids["AB"]
    assert [c.returned for c in rows(store, Cover) if c.visit_id == ids["v2"]] == [True]
    assert "give_back" in [e.action for e in rows(store, AuditEvent)]


async def test_give_back_refused_when_a_colleague_changed_the_visit_meanwhile(team) -> None:  # noqa: ANN001
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sick_ab(pilot)
        await pilot.press("a", "escape")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("enter")  # AB is back: the offer for Hr. Olsen is on screen
        await pilot.pause()
        with app.store.session() as session:  # meanwhile KR re-times it on CD's route
            version = session.get(Visit, ids["v2"]).version
            move_visit(
                session,
                visit_id=ids["v2"],
                target=Placement(ids["CD"], hm("09:20")),
                expected_version=version,
                actor="KR",
                now=NOW,
            )
        await pilot.press("j")
        await pilot.pause()
        # The notice is drawn on a later refresh; slow under load in CI.
        shown = await text_when(pilot, app, lambda text: "ændret af KR imens" in text)
        assert "ændret af KR imens" in shown
    assert carer_of(store, ids["v2"]) == ids["CD"]  # KR's change stands
    assert [c.returned for c in rows(store, Cover) if c.visit_id == ids["v2"]] == [False]


async def test_w_gives_the_whole_route_to_one_colleague_with_warnings(team) -> None:  # noqa: ANN001
    """`w`, pick CD: the care visit is CD's; the insulin visit, which CD may not give, is left
    uncovered with the reason, and accepting asks first because a line has a warning."""
    store, ids = team
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await sick_ab(pilot)
        assert isinstance(app.screen, CoverScreen)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WholeRouteScreen)
        assert "CD Carer CD (SSH) – eget team · passer til 1 af 2 besøg" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen)
        shot = screen_text(app)
        assert "mangler kompetence: insulin" in shot
        assert [ln.choice.carer_id if ln.choice else None for ln in app.screen.lines] == [
            None,
            ids["CD"],
        ]
        assert rows(store, Cover) == []
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    covers = {c.visit_id: (c.carer_id, c.source) for c in rows(store, Cover)}
    assert covers == {
        ids["v1"]: (None, CoverSource.UNCOVERED),
        ids["v2"]: (ids["CD"], CoverSource.OWN_TEAM),
    }


async def test_at_80x24_the_cover_footer_keeps_every_key(team) -> None:  # noqa: ANN001
    """Textual's footer cut esc at 80 columns: the narrow footer says each key in a word."""
    store, _ = team
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await sick_ab(pilot)
        assert isinstance(app.screen, CoverScreen)
        footer = screen_text(app).splitlines()[-1]
        for key in ("⏎ Godkend", "a Alle", "c Ret", "u Udækket", "w Hel rute", "esc Tavlen"):
            assert key in footer, (key, footer)
        await pilot.resize_terminal(160, 40)  # room for every key in full words
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "esc Tilbage til tavlen" in footer and "a Godkend alle" in footer
        assert "q Afslut" in footer
