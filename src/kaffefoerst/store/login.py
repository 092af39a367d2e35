"""Browser log-in: who may, how many wrong PINs before a lock, and which locks hold now.

Five wrong tries for the same initials, counted in the database across tabs and restarts, lock
them for fifteen minutes. Ten from one client address lock that address too (one machine trying
many people's initials); a log-in from there starts its count again, so a shared meeting PC is
not locked by one person's bad morning. Only people with a role may log in: carers on the team
(member or planner) and coaches. Every try is in the audit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from kaffefoerst.store.logins import ADDRESS, INITIALS, Lock, active_locks, reserve, settle
from kaffefoerst.store.sql import rows

if TYPE_CHECKING:
    from kaffefoerst.store import Store

MAX_WRONG = 5
MAX_WRONG_PER_ADDRESS = 10
LIMITS = {INITIALS: MAX_WRONG, ADDRESS: MAX_WRONG_PER_ADDRESS}
LOCK_FOR = timedelta(minutes=15)
MAX_INITIALS = 16  # longer is no one's initials; keeps the audit row small

_WHO = (
    "SELECT 'carer' AS kind FROM carer WHERE upper(initials) = :initials"
    " UNION ALL SELECT 'coach' FROM coach WHERE upper(initials) = :initials"
)

__all__ = ["ADDRESS", "INITIALS", "LOCK_FOR", "MAX_WRONG", "MAX_WRONG_PER_ADDRESS", "Lock"]


@dataclass(frozen=True, slots=True)
class LoginResult:
    ok: bool
    initials: str
    locked_until: datetime | None = None  # refused by a lock, or this try earned one
    tries_left: int = 0  # before these initials are locked


def has_role(source: object, initials: str) -> bool:
    """A carer on the team (member, or planner by the day's assignment) or a coach."""
    return bool(rows(source, _WHO, {"initials": initials.strip().upper()}))


def log_in(
    store: Store,
    initials: str,
    address: str,
    now: datetime,
    check_pin: Callable[[], bool],
) -> LoginResult:
    """One try: refused unchecked while locked, else the PIN is checked and the try counted."""
    initials = initials.strip().upper()[:MAX_INITIALS]
    reserved = reserve(store, initials, address, now, LIMITS, LOCK_FOR)
    if isinstance(reserved, Lock):
        return LoginResult(False, initials, locked_until=reserved.until)
    # The PIN is checked even for initials without a role, so the time taken tells nothing.
    right = check_pin()
    with store.session() as session:
        allowed = has_role(session, initials)
    reason = "" if allowed else "no_role"
    ok = right and allowed
    done = settle(store, reserved, initials, address, ok, now, LIMITS, LOCK_FOR, reason)
    until = done.lock.until if done.lock is not None else None
    return LoginResult(ok, initials, until, max(0, MAX_WRONG - done.wrong))


def current_lockouts(store: Store, now: datetime) -> list[Lock]:
    """Initials and addresses locked right now (for the planner's notice), newest end first."""
    with store.session() as session:
        return active_locks(session, now)
