"""Notices shown once the first screen is up: what opening the database changed, and for the
planner, which log-ins are locked after too many wrong PINs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from kaffefoerst.domain.roles import Role, User
from kaffefoerst.locale import t

if TYPE_CHECKING:
    from kaffefoerst.store import Store


def startup_notices(store: Store, user: User, now: datetime) -> list[str]:
    notices = [t(key, **fields) for key, fields in store.notices]
    if user.role is Role.PLANNER:
        notices += lockout_notices(store, now)
    return notices


def lockout_notices(store: Store, now: datetime) -> list[str]:
    # start-up: SQLAlchemy (store.logins); a planner's notice, after the store is open
    from kaffefoerst.store.login import current_lockouts
    from kaffefoerst.store.logins import INITIALS

    return [
        t(
            "login.lock_notice" if lock.kind == INITIALS else "login.lock_notice_address",
            who=lock.value,
            until=lock.until.astimezone(now.tzinfo).strftime("%H:%M"),
        )
        for lock in current_lockouts(store, now)
    ]
