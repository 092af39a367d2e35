"""The team's rotating roles: telefonvagt's rights, the rotation rule, and giving roles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.domain.team_roles import Turn, holders, next_in_turn, rotation
from kaffefoerst.enums import AbsenceKind, TeamRole
from kaffefoerst.model import Absence, AuditEvent, RoleAssignment
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.role_turns import roles_on
from kaffefoerst.store.team_roles import give_roles, rotate
from kaffefoerst.store.users import resolve_user
from tests.builders import DAY

NOW = datetime(2026, 3, 2, 5, 50, tzinfo=UTC)  # 06:50 in Denmark: before the meeting


def _phone_duty(store, carer_id, first=DAY, last=DAY):  # noqa: ANN001, ANN202
    with store.session() as session:
        session.add(
            RoleAssignment(carer_id=carer_id, role=TeamRole.PHONE, from_day=first, to_day=last)
        )
        session.commit()


def _sick(store, user, carer_id, buddy_id=None):  # noqa: ANN001, ANN202
    with store.session() as session:
        return mark_absent(
            session,
            carer_id=carer_id,
            from_day=DAY,
            to_day=DAY,
            kind=AbsenceKind.SICK,
            actor=user.initials,
            now=NOW,
            user=user,
            buddy_id=buddy_id,
        )


def test_telefonvagt_registers_a_colleagues_sick_call_and_buddy(team) -> None:  # noqa: ANN001
    store, ids = team
    _phone_duty(store, ids["CD"])
    with store.session() as session:
        cd = resolve_user(session, "CD", DAY)
    assert cd.role is Role.MEMBER and cd.duties == {TeamRole.PHONE}
    _sick(store, cd, ids["AB"], buddy_id=ids["EF"])
    with store.session() as session:
        [absence] = session.scalars(select(Absence)).all()
    assert (absence.carer_id, absence.buddy_id, absence.reported_by) == (ids["AB"], ids["EF"], "CD")


def test_without_phone_duty_a_member_reports_only_their_own(team) -> None:  # noqa: ANN001
    store, ids = team
    _phone_duty(store, ids["CD"], DAY - timedelta(days=7), DAY - timedelta(days=1))  # last week
    with store.session() as session:
        cd = resolve_user(session, "CD", DAY)
    assert cd.duties == frozenset()
    with pytest.raises(DomainError) as refused:
        _sick(store, cd, ids["AB"])
    assert refused.value.key == "rights.denied"
    with store.session() as session:
        assert session.scalars(select(Absence)).all() == []


def test_phone_duty_gives_a_coach_nothing_and_a_member_no_moves() -> None:
    coach = User("KC", Role.COACH, None, frozenset({TeamRole.PHONE}))
    assert not coach.may("absence_others")
    member = User("CD", Role.MEMBER, 2, frozenset({TeamRole.PHONE}))
    assert member.may("absence_others") and not member.may("cover")
    assert not member.may_move(1, 2)


def test_the_rotation_rule_goes_round_the_team_in_turn() -> None:
    assert next_in_turn([3, 5, 9], 5) == 9
    assert next_in_turn([3, 5, 9], 9) == 3  # round again
    assert next_in_turn([3, 5, 9], None) == 3
    turns = rotation(TeamRole.PHONE, [3, 5, 9], 5, date(2026, 3, 9), 3)
    assert [(t.carer_id, t.from_day.isoformat(), t.to_day.isoformat()) for t in turns] == [
        (9, "2026-03-09", "2026-03-15"),
        (3, "2026-03-16", "2026-03-22"),
        (5, "2026-03-23", "2026-03-29"),
    ]
    # Who holds it follows from the date alone.
    assert holders(turns, date(2026, 3, 17)) == {TeamRole.PHONE: (3,)}
    assert holders(turns, date(2026, 3, 30)) == {}


def test_the_planner_rotates_phone_duty_and_it_is_audited(team) -> None:  # noqa: ANN001
    store, ids = team
    _phone_duty(store, ids["AB"], DAY, DAY + timedelta(days=6))
    planner = User("AB", Role.PLANNER, ids["AB"])
    with store.session() as session:
        planned = rotate(session, TeamRole.PHONE, DAY, 2, actor="AB", now=NOW, user=planner)
    # Nord's carers by initials are AB, CD: after AB comes CD, then AB again.
    assert [(t.carer_id, t.from_day) for t in planned] == [
        (ids["CD"], DAY + timedelta(days=7)),
        (ids["AB"], DAY + timedelta(days=14)),
    ]
    with store.session() as session:
        assert roles_on(session, DAY + timedelta(days=8)) == {TeamRole.PHONE: (ids["CD"],)}
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.ROLE))
        assert [e.entity_id for e in events] == [ids["CD"], ids["AB"]]


def test_giving_a_role_for_some_days_keeps_the_holder_on_the_others(team) -> None:  # noqa: ANN001
    store, ids = team
    _phone_duty(store, ids["AB"], DAY, DAY + timedelta(days=6))
    planner = User("AB", Role.PLANNER, ids["AB"])
    mid = DAY + timedelta(days=2)
    with store.session() as session:
        give_roles(
            session, [Turn(TeamRole.PHONE, ids["CD"], mid, mid)], actor="AB", now=NOW, user=planner
        )
        on = {d: roles_on(session, DAY + timedelta(days=d))[TeamRole.PHONE] for d in range(7)}
    assert on == {0: (ids["AB"],), 1: (ids["AB"],), 2: (ids["CD"],), 3: (ids["AB"],),
                  4: (ids["AB"],), 5: (ids["AB"],), 6: (ids["AB"],)}  # fmt: skip


def test_only_the_planner_gives_roles(team) -> None:  # noqa: ANN001
    store, ids = team
    member = User("CD", Role.MEMBER, ids["CD"], frozenset({TeamRole.PHONE}))
    with store.session() as session, pytest.raises(DomainError):
        give_roles(
            session, [Turn(TeamRole.PHONE, ids["CD"], DAY, DAY)], actor="CD", now=NOW, user=member
        )
    with store.session() as session:
        assert session.scalars(select(RoleAssignment)).all() == []


def test_the_day_plan_carries_the_days_roles(team) -> None:  # noqa: ANN001
    store, ids = team
    _phone_duty(store, ids["CD"])
    with store.session() as session:
        assert load_day_plan(session, DAY).roles == {TeamRole.PHONE: (ids["CD"],)}
        assert load_day_plan(session, DAY + timedelta(days=1)).roles == {}
