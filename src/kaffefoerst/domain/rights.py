"""Who may do what. Everyone sees every plan; each member changes only their own route; the
planner changes all; a coach changes nothing (DOMAIN.md, from the Buurtzorg model).

Checked here, in domain/, so a hidden key in the UI is never the only guard.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from kaffefoerst.domain.roles import ALLOWED, Role, User  # noqa: F401 - re-exported
from kaffefoerst.model import Carer, RoleAssignment, TeamRole


def resolve_user(session: Session, initials: str, day: date, requested: Role | None = None) -> User:
    """The role asked for, or else the day's role assignment: planlægger today → planner."""
    initials = initials.strip().upper()
    carer_id = session.scalar(select(Carer.id).where(func.upper(Carer.initials) == initials))
    if requested is not None:
        return User(initials, requested, carer_id)
    holds_planner = (
        carer_id is not None
        and session.scalar(
            select(RoleAssignment.id)
            .where(
                RoleAssignment.carer_id == carer_id,
                RoleAssignment.role == TeamRole.PLANNER,
                RoleAssignment.from_day <= day,
                RoleAssignment.to_day >= day,
            )
            .limit(1)
        )
        is not None
    )
    return User(initials, Role.PLANNER if holds_planner else Role.MEMBER, carer_id)


def planners_on(session: Session, day: date) -> list[str]:
    rows = session.scalars(
        select(Carer.initials)
        .join(RoleAssignment, RoleAssignment.carer_id == Carer.id)
        .where(
            RoleAssignment.role == TeamRole.PLANNER,
            RoleAssignment.from_day <= day,
            RoleAssignment.to_day >= day,
        )
    )
    return list(rows)
