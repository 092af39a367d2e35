"""Giving the team's rotating roles: by hand, or the next turns by the rotation rule
(domain/team_roles.py). Only the planner may; every change is audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User
from kaffefoerst.domain.team_roles import Turn, rotation
from kaffefoerst.enums import TeamRole
from kaffefoerst.model import Carer, RoleAssignment
from kaffefoerst.store.role_turns import roles_on, turns_between
from kaffefoerst.store.unit_of_work import unit_of_work


def _give(session: Session, turn: Turn) -> list[dict[str, object]]:
    """Store one turn; whoever held the role on those days keeps only the days outside them."""
    replaced = []
    overlapping = session.scalars(
        select(RoleAssignment).where(
            RoleAssignment.role == turn.role,
            RoleAssignment.from_day <= turn.to_day,
            RoleAssignment.to_day >= turn.from_day,
        )
    ).all()
    for old in overlapping:
        replaced.append(
            {
                "carer_id": old.carer_id,
                "from": old.from_day.isoformat(),
                "to": old.to_day.isoformat(),
            }
        )
        if old.to_day > turn.to_day:  # the days after the new turn stay theirs
            session.add(
                RoleAssignment(
                    carer_id=old.carer_id,
                    role=old.role,
                    from_day=turn.to_day + timedelta(days=1),
                    to_day=old.to_day,
                )
            )
        if old.from_day < turn.from_day:
            old.to_day = turn.from_day - timedelta(days=1)
            session.add(old)
        else:
            session.delete(old)
    session.add(
        RoleAssignment(
            carer_id=turn.carer_id, role=turn.role, from_day=turn.from_day, to_day=turn.to_day
        )
    )
    return replaced


def give_roles(
    session: Session, turns: list[Turn], *, actor: str, now: datetime, user: User | None = None
) -> None:
    """Store these turns in one commit, each audited; nothing is stored if one is wrong."""
    with unit_of_work(session, actor=actor, now=now, user=user, right="roles") as work:
        for turn in turns:
            if turn.to_day < turn.from_day:
                raise DomainError("team_roles.bad_days")
            if session.get(Carer, turn.carer_id) is None:
                raise DomainError("team_roles.unknown_carer")
            replaced = _give(session, turn)
            session.flush()
            work.audit(
                AuditAction.ROLE,
                "carer",
                turn.carer_id,
                before={"replaced": replaced},
                after={
                    "role": turn.role.value,
                    "from": turn.from_day.isoformat(),
                    "to": turn.to_day.isoformat(),
                },
            )


def rotation_order(session: Session, role: TeamRole, day: date) -> list[int]:
    """Whose turn comes next: the carers of the current holder's team (the first team if nobody
    holds it), by initials; not the on-call substitute, who is no team member."""
    holder = next(iter(roles_on(session, day).get(role, ())), None)
    team = session.get(Carer, holder).team_id if holder is not None else None  # type: ignore[union-attr]
    query = select(Carer.id, Carer.team_id).where(Carer.on_call_substitute.is_(False))
    found = session.execute(query.order_by(Carer.initials)).all()
    if team is None and found:
        team = min(t for _, t in found)
    return [cid for cid, t in found if t == team]


def rotate(
    session: Session,
    role: TeamRole,
    day: date,
    turns: int,
    *,
    actor: str,
    now: datetime,
    user: User | None = None,
) -> list[Turn]:
    """The next ``turns`` turns by the rotation rule, from the day after today's turn ends (from
    ``day`` if nobody holds the role today)."""
    if user is not None:
        user.require("roles")
    today = [t for t in turns_between(session, day, day) if t.role is role]
    current = today[-1] if today else None
    start = current.to_day + timedelta(days=1) if current else day
    planned = rotation(
        role,
        rotation_order(session, role, day),
        current.carer_id if current else None,
        start,
        turns,
    )
    give_roles(session, planned, actor=actor, now=now, user=user)
    return planned
