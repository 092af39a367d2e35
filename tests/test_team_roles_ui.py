"""The team's roles on screen: in the header and the meeting's first step, the planner's roles
screen, and telefonvagt's sick call from the board before 07:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from textual.widgets import Select

from kaffefoerst.enums import TeamRole
from kaffefoerst.model import Absence, RoleAssignment
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.absence import AbsenceScreen
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.meeting import MeetingScreen
from kaffefoerst.ui.screens.team_roles import TeamRolesScreen
from tests.builders import DAY
from tests.screen import screen_text

SIZE = (200, 50)
EARLY = datetime(2026, 3, 2, 5, 50, tzinfo=UTC)  # 06:50 in Denmark


def _roles(store, ids) -> None:  # noqa: ANN001
    """AB plans, CD has the phone this week."""
    with store.session() as session:
        week = {"from_day": DAY, "to_day": DAY + timedelta(days=6)}
        session.add(RoleAssignment(carer_id=ids["AB"], role=TeamRole.PLANNER, **week))
        session.add(RoleAssignment(carer_id=ids["CD"], role=TeamRole.PHONE, **week))
        session.commit()


def app_for(store, actor: str):  # noqa: ANN001, ANN201
    # role=None: the day's role assignment decides, as the CLI does without --role
    return make_app(store, today=DAY, clock=lambda: EARLY, actor=actor, role=None)


async def test_header_and_meeting_show_the_days_roles(team) -> None:  # noqa: ANN001
    store, ids = team
    _roles(store, ids)
    app = app_for(store, "AB")
    async with app.run_test(size=SIZE) as pilot:
        header = screen_text(app).splitlines()[0]
        assert "Plan AB" in header and "Tlf CD" in header
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        shot = screen_text(app)
        assert "Dagens roller" in shot
        assert "Telefonvagt: CD Carer CD" in shot
        assert "Beredskab: –" in shot


async def test_telefonvagt_registers_a_sick_call_for_a_colleague_before_7(team) -> None:  # noqa: ANN001
    store, ids = team
    _roles(store, ids)
    app = app_for(store, "CD")
    async with app.run_test(size=SIZE) as pilot:
        assert "CD (teammedlem, telefonvagt)" in screen_text(app)
        app.screen.view.select_carer(ids["AB"])
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AbsenceScreen)
        assert app.screen.query_one("#carer", Select).value == ids["AB"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # no cover screen: that is the planner's
        with store.session() as session:
            [absence] = session.scalars(select(Absence)).all()
        assert (absence.carer_id, absence.reported_by) == (ids["AB"], "CD")


async def test_the_planner_gives_a_role_and_plans_turns_on_the_roles_screen(team) -> None:  # noqa: ANN001
    store, ids = team
    _roles(store, ids)
    app = app_for(store, "AB")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, TeamRolesScreen)
        await pilot.press("down", "down", "enter")  # Beredskab: pick a carer
        await pilot.pause()
        assert "Hvem skal være Beredskab?" in screen_text(app)
        await pilot.press("down", "enter")  # Nord: AB, CD: the second
        await pilot.pause()
        assert "Beredskab: CD Carer CD" in screen_text(app)
        await pilot.press("down", "o")  # back on the first line; telefonvagt: the next 4 weeks
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "Bered CD" in screen_text(app).splitlines()[0]
    with store.session() as session:
        phone = session.scalars(
            select(RoleAssignment)
            .where(RoleAssignment.role == TeamRole.PHONE)
            .order_by(RoleAssignment.from_day)
        ).all()
    assert [(r.carer_id, r.from_day - DAY) for r in phone] == [
        (ids["CD"], timedelta(0)),
        (ids["AB"], timedelta(days=7)),
        (ids["CD"], timedelta(days=14)),
        (ids["AB"], timedelta(days=21)),
        (ids["CD"], timedelta(days=28)),
    ]


async def test_a_member_may_look_at_the_roles_but_not_give_them(team) -> None:  # noqa: ANN001
    store, ids = team
    _roles(store, ids)
    app = app_for(store, "CD")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "enter")
        await pilot.pause()
        assert "Hvem skal være" not in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
    with store.session() as session:
        assert len(session.scalars(select(RoleAssignment)).all()) == 2
