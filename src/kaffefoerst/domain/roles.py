"""Roles and what each may do; plain data, so screens can decide what to show without the
database layer. The checks run in domain/ on every write (see rights.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.enums import TeamRole


class Role(StrEnum):
    PLANNER = "planner"
    MEMBER = "member"
    COACH = "coach"


# What each role may do; a member's moves are further limited to their own route (may_move).
ALLOWED: dict[Role, frozenset[str]] = {
    Role.PLANNER: frozenset(
        {
            "move",
            "undo",
            "absence",
            "absence_others",
            "cover",
            "back",
            "triage_note",
            "board_item",
            "message",
            "meeting",
            "meeting_end",
            "import",  # the daily import and its conflicts (keep ours / take theirs)
            "roles",
            "plan_edit",  # add or cancel a visit, add or pause a citizen
            "duration",
        }
    ),
    # A member's duration changes are limited to their own route (may_change_duration).
    Role.MEMBER: frozenset(
        {"move", "undo", "absence", "triage_note", "board_item", "message", "duration"}
    ),
    Role.COACH: frozenset(),
}


# What a rotating team role adds to a member's rights on the days they hold it: telefonvagt
# takes the sick calls before 07:00, so may register anyone's absence and their buddy.
DUTY_ALLOWED: dict[TeamRole, frozenset[str]] = {
    TeamRole.PHONE: frozenset({"absence", "absence_others"}),
}


@dataclass(frozen=True, slots=True)
class User:
    initials: str
    role: Role
    carer_id: int | None = None  # None: not a carer on this team (a coach, an outside planner)
    duties: frozenset[TeamRole] = frozenset()  # the team roles held today (telefonvagt …)

    def may(self, action: str) -> bool:
        if action in ALLOWED[self.role]:
            return True
        if self.role is Role.COACH:  # reads only, whatever else they hold
            return False
        return any(action in DUTY_ALLOWED.get(duty, ()) for duty in self.duties)

    def require(self, action: str) -> None:
        if not self.may(action):
            raise DomainError("rights.denied", role=self.role.value, action=action)

    def may_move(self, from_carer: int | None, to_carer: int | None) -> bool:
        """A member may re-time and reorder visits on their own route, nothing else."""
        if self.role is Role.PLANNER:
            return True
        if self.role is Role.MEMBER:
            return self.carer_id is not None and from_carer == to_carer == self.carer_id
        return False

    def require_move(self, from_carer: int | None, to_carer: int | None) -> None:
        if not self.may_move(from_carer, to_carer):
            raise DomainError("rights.not_your_route", role=self.role.value)

    def may_change_duration(self, carer_ids: tuple[int, ...]) -> bool:
        """The planner any visit's; a member only a visit on their own route (first or second)."""
        if not self.may("duration"):
            return False
        return self.role is Role.PLANNER or (
            self.carer_id is not None and self.carer_id in carer_ids
        )

    def require_duration(self, carer_ids: tuple[int, ...]) -> None:
        self.require("duration")
        if not self.may_change_duration(carer_ids):
            raise DomainError("rights.not_your_route", role=self.role.value)

    def require_absence_for(self, carer_id: int) -> None:
        """Anyone with the right may report their own absence; only the planner others'."""
        self.require("absence")
        if carer_id != self.carer_id:
            self.require("absence_others")
