"""The team's rotating roles: the order they are shown in, how long each is held, and the
rotation rule (Buurtzorg rotates them; 000). Pure rules over plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kaffefoerst.enums import TeamRole

# As the meeting reads them out: who plans, who has the phone, then the rest.
ROLE_ORDER: tuple[TeamRole, ...] = (
    TeamRole.PLANNER,
    TeamRole.PHONE,
    TeamRole.STANDBY,
    TeamRole.MENTOR,
    TeamRole.WELLBEING,
    TeamRole.ASSESSOR,
)

# How many days one turn lasts: the week's planner and phone, the day's standby; the long roles
# rotate every 9 months as in Buurtzorg (000).
TURN_DAYS: dict[TeamRole, int] = {
    TeamRole.PLANNER: 7,
    TeamRole.PHONE: 7,
    TeamRole.STANDBY: 1,
    TeamRole.MENTOR: 270,
    TeamRole.WELLBEING: 270,
    TeamRole.ASSESSOR: 270,
}


@dataclass(frozen=True, slots=True)
class Turn:
    """One carer holding one role from one day to another, both included."""

    role: TeamRole
    carer_id: int
    from_day: date
    to_day: date


def next_in_turn(order: Sequence[int], current: int | None) -> int:
    """The carer after ``current`` in the team's order, round again at the end; the first if
    nobody (or someone outside the order) holds the role now."""
    if not order:
        raise ValueError("a rotation needs at least one carer")
    if current not in order:
        return order[0]
    return order[(order.index(current) + 1) % len(order)]  # type: ignore[arg-type]


def rotation(
    role: TeamRole, order: Sequence[int], current: int | None, start: date, turns: int
) -> list[Turn]:
    """The next ``turns`` turns of a role from ``start``: each carer after the one before, for
    the role's turn length. Dates only: who holds a role on a day follows from the day."""
    length = TURN_DAYS[role]
    found = []
    holder = current
    for n in range(turns):
        holder = next_in_turn(order, holder)
        first = start + timedelta(days=n * length)
        found.append(Turn(role, holder, first, first + timedelta(days=length - 1)))
    return found


def holders(turns: Sequence[Turn], day: date) -> dict[TeamRole, tuple[int, ...]]:
    """Who holds each role on ``day`` (several carers may share one: a planner per team)."""
    found: dict[TeamRole, list[int]] = {}
    for turn in turns:
        if turn.from_day <= day <= turn.to_day:
            found.setdefault(turn.role, []).append(turn.carer_id)
    return {role: tuple(sorted(set(ids))) for role, ids in found.items()}
