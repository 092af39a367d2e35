"""Rights are enforced in domain/: a member changes only their own route, a coach nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import AbsenceKind, TeamRole, TriageColour
from kaffefoerst.model import AuditEvent, RoleAssignment, Visit
from kaffefoerst.store import Store
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.discussion_board import put_on_board
from kaffefoerst.store.moves import Placement, move_visit
from kaffefoerst.store.triage import NoteInput, save_note
from kaffefoerst.store.users import resolve_user
from tests.builders import DAY, hm

NOW = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)


def _move(store, ids, user, visit, carer, start):  # noqa: ANN001, ANN202
    with store.session() as session:
        version = session.get(Visit, ids[visit]).version
        return move_visit(
            session,
            visit_id=ids[visit],
            target=Placement(carer, hm(start)),
            expected_version=version,
            actor=user.initials,
            now=NOW,
            user=user,
        )


def test_a_member_re_times_their_own_route(team) -> None:  # noqa: ANN001
    store, ids = team
    ab = User("AB", Role.MEMBER, ids["AB"])
    _move(store, ids, ab, "v2", ids["AB"], "09:10")
    with store.session() as session:
        assert session.get(Visit, ids["v2"]).start_min == hm("09:10")


@pytest.mark.parametrize(("visit", "to"), [("v3", "CD"), ("v2", "CD"), ("v4", "AB")])
def test_a_member_may_not_move_between_carers(team, visit, to) -> None:  # noqa: ANN001
    """Another carer's visit, giving one's own away, or taking an unassigned one: all refused."""
    store, ids = team
    ab = User("AB", Role.MEMBER, ids["AB"])
    with pytest.raises(DomainError) as refused:
        _move(store, ids, ab, visit, ids[to], "10:00")
    assert refused.value.key == "rights.not_your_route"
    with store.session() as session:
        assert session.scalars(select(AuditEvent)).all() == []


def test_a_coach_may_do_nothing_even_with_a_writable_store(team) -> None:  # noqa: ANN001
    store, ids = team
    coach = User("KC", Role.COACH)
    with pytest.raises(DomainError):
        _move(store, ids, coach, "v2", ids["AB"], "09:10")
    with store.session() as session, pytest.raises(DomainError):
        save_note(
            session,
            NoteInput(ids["olsen"], TriageColour.GREEN),
            actor="KC",
            now=NOW,
            today=DAY,
            user=coach,
        )
    with store.session() as session, pytest.raises(DomainError):
        put_on_board(
            session,
            citizen_id=ids["olsen"],
            reason="x",
            for_day=DAY,
            actor="KC",
            now=NOW,
            user=coach,
        )


def test_a_member_reports_only_their_own_absence(team) -> None:  # noqa: ANN001
    store, ids = team
    ab = User("AB", Role.MEMBER, ids["AB"])
    with store.session() as session, pytest.raises(DomainError) as refused:
        mark_absent(
            session,
            carer_id=ids["CD"],
            from_day=DAY,
            to_day=DAY,
            kind=AbsenceKind.SICK,
            actor="AB",
            now=NOW,
            user=ab,
        )
    assert refused.value.key == "rights.denied"
    with store.session() as session:
        mark_absent(
            session,
            carer_id=ids["AB"],
            from_day=DAY + timedelta(days=3),
            to_day=DAY + timedelta(days=3),
            kind=AbsenceKind.COURSE,
            actor="AB",
            now=NOW,
            user=ab,
        )


def test_planner_role_comes_from_the_days_assignment(team) -> None:  # noqa: ANN001
    store, ids = team
    with store.session() as session:
        session.add(
            RoleAssignment(
                carer_id=ids["CD"],
                role=TeamRole.PLANNER,
                from_day=DAY,
                to_day=DAY + timedelta(days=6),
            )
        )
        session.commit()
        assert resolve_user(session, "cd", DAY).role is Role.PLANNER
        assert resolve_user(session, "CD", DAY + timedelta(days=7)).role is Role.MEMBER
        assert resolve_user(session, "AB", DAY).role is Role.MEMBER
        assert resolve_user(session, "AB", DAY, Role.COACH).role is Role.COACH
        assert resolve_user(session, "ZZ", DAY).carer_id is None  # not on the team


def test_coach_store_refuses_writes_at_the_database(team) -> None:  # noqa: ANN001
    store, ids = team
    path = store.path
    store.close()
    coach_store = Store.open_sqlite(path, readonly=True)
    with coach_store.session() as session, pytest.raises(OperationalError) as refused:
        # No rights check on this path at all: the driver itself must refuse.
        move_visit(
            session,
            visit_id=ids["v2"],
            target=Placement(ids["CD"], hm("09:00")),
            expected_version=1,
            actor="KC",
            now=NOW,
        )
    assert isinstance(refused.value.orig, sqlite3.OperationalError)
    assert "readonly" in str(refused.value.orig)
    with coach_store.session() as session:
        assert session.get(Visit, ids["v2"]).carer_id == ids["AB"]


def test_changes_from_outside_the_team_are_flagged_on_the_plan(team) -> None:  # noqa: ANN001
    from kaffefoerst.store.day_plan import load_day_plan

    store, ids = team
    with store.session() as session:
        session.add(
            RoleAssignment(carer_id=ids["CD"], role=TeamRole.PLANNER, from_day=DAY, to_day=DAY)
        )
        session.commit()
    ab = User("AB", Role.MEMBER, ids["AB"])
    outsider = User("ZZ", Role.PLANNER)  # an outside planner, not on the team
    planner = User("CD", Role.PLANNER, ids["CD"])
    _move(store, ids, ab, "v2", ids["AB"], "09:10")  # own route: not flagged
    _move(store, ids, outsider, "v3", ids["EF"], "08:00")  # flagged
    _move(store, ids, planner, "v4", ids["AB"], "10:00")  # today's planner: not flagged
    with store.session() as session:
        plan = load_day_plan(session, DAY)
    assert plan.outside == {ids["v3"]}
    _move(store, ids, planner, "v3", ids["CD"], "08:00")  # the planner takes it back
    with store.session() as session:
        assert load_day_plan(session, DAY).outside == set()
