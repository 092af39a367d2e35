"""Who may do what. Everyone sees every plan; each member changes only their own route; the
planner changes all; a coach changes nothing (DOMAIN.md, from the Buurtzorg model).

Checked here, in domain/, so a hidden key in the UI is never the only guard.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.store.sql import rows

if TYPE_CHECKING:
    from sqlmodel import Session

# Plain SQL, so the demo's child can resolve the user on a bare sqlite3 connection.
_CARER = "SELECT id FROM carer WHERE upper(initials) = :initials"
_COACH = "SELECT id FROM coach WHERE upper(initials) = :initials"
_PLANNERS = (
    "SELECT c.initials, c.id FROM carer c JOIN roleassignment r ON r.carer_id = c.id"
    " WHERE r.role = 'PLANNER' AND r.from_day <= :day AND r.to_day >= :day"
)


def resolve_user(
    session: Session | object, initials: str, day: date, requested: Role | None = None
) -> User:
    """The role asked for, or else the day's role assignment: planlægger today → planner.

    Someone with the coach role in the database (not a carer) is a coach whatever is asked."""
    initials = initials.strip().upper()
    found = rows(session, _CARER, {"initials": initials})
    carer_id = found[0].id if found else None
    if carer_id is None and rows(session, _COACH, {"initials": initials}):
        return User(initials, Role.COACH, None)
    if requested is not None:
        return User(initials, requested, carer_id)
    planner_ids = {r.id for r in rows(session, _PLANNERS, {"day": day.isoformat()})}
    role = Role.PLANNER if carer_id is not None and carer_id in planner_ids else Role.MEMBER
    return User(initials, role, carer_id)


def planners_on(session: Session | object, day: date) -> list[str]:
    return [r.initials for r in rows(session, _PLANNERS, {"day": day.isoformat()})]
