"""Who is in beredskab (standby) on a day: off duty, and can be called in for a block of visits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from kaffefoerst.enums import TeamRole
from kaffefoerst.model import RoleAssignment


def standby_on(session: Session, day: date) -> frozenset[int]:
    """Carer ids holding the standby role on ``day`` (a rotating role, like the planner's)."""
    rows = session.scalars(
        select(RoleAssignment.carer_id).where(
            RoleAssignment.role == TeamRole.STANDBY,
            RoleAssignment.from_day <= day,
            RoleAssignment.to_day >= day,
        )
    )
    return frozenset(rows)
