"""Who holds the team's rotating roles: plain SQL, so the first board (read on a bare sqlite3
connection) shows the day's roles in its header too."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kaffefoerst.domain.team_roles import Turn, holders
from kaffefoerst.enums import TeamRole
from kaffefoerst.store.sql import rows

if TYPE_CHECKING:
    from sqlmodel import Session

_TURNS = (
    "SELECT role, carer_id, from_day, to_day FROM roleassignment"
    " WHERE from_day <= :last AND to_day >= :first ORDER BY from_day, id"
)
_KNOWN = frozenset(r.value for r in TeamRole)


def turns_between(session: Session | object, first: date, last: date) -> list[Turn]:
    found = rows(
        session,
        _TURNS,
        {"first": first.isoformat(), "last": last.isoformat()},
        {"from_day": "date", "to_day": "date"},
    )
    return [
        Turn(TeamRole(r.role), r.carer_id, r.from_day, r.to_day) for r in found if r.role in _KNOWN
    ]


def roles_on(session: Session | object, day: date) -> dict[TeamRole, tuple[int, ...]]:
    """The day's holders of each role (carer ids)."""
    return holders(turns_between(session, day, day), day)
