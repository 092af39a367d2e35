"""Who may do what. Everyone sees every plan; each member changes only their own route; the
planner changes all; a coach changes nothing (DOMAIN.md, from the Buurtzorg model).

Checked here, in domain/, so a hidden key in the UI is never the only guard.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.enums import TeamRole
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
_DUTIES = (
    "SELECT role FROM roleassignment"
    " WHERE carer_id = :carer AND from_day <= :day AND to_day >= :day"
)
_PLANNER_SPANS = (
    "SELECT c.initials, r.from_day, r.to_day FROM carer c"
    " JOIN roleassignment r ON r.carer_id = c.id"
    " WHERE r.role = 'PLANNER' AND r.from_day <= :last AND r.to_day >= :first"
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
    duties: frozenset[TeamRole] = frozenset()
    if carer_id is not None:  # the day's team roles hold whichever role is asked for
        found_duties = rows(session, _DUTIES, {"carer": carer_id, "day": day.isoformat()})
        known = {r.value for r in TeamRole}  # a role from newer code is skipped, not fatal
        duties = frozenset(TeamRole(r.role) for r in found_duties if r.role in known)
    if requested is not None:
        return User(
            initials, requested, carer_id, duties if requested is not Role.COACH else frozenset()
        )
    planner_ids = {r.id for r in rows(session, _PLANNERS, {"day": day.isoformat()})}
    role = Role.PLANNER if carer_id is not None and carer_id in planner_ids else Role.MEMBER
    return User(initials, role, carer_id, duties)


def planners_on(session: Session | object, day: date) -> list[str]:
    return [r.initials for r in rows(session, _PLANNERS, {"day": day.isoformat()})]


def planners_by_day(session: Session | object, first: date, last: date) -> dict[date, set[str]]:
    """The day's planners (upper-case initials) for every day from ``first`` to ``last``, in
    one query: the coach's "moved from outside" asks what ``planners_on`` asks, for a year."""
    found: dict[date, set[str]] = defaultdict(set)
    spans = rows(
        session,
        _PLANNER_SPANS,
        {"first": first.isoformat(), "last": last.isoformat()},
        {"from_day": "date", "to_day": "date"},
    )
    for r in spans:
        day, end = max(r.from_day, first), min(r.to_day, last)
        while day <= end:
            found[day].add(r.initials.strip().upper())
            day += timedelta(days=1)
    return dict(found)
