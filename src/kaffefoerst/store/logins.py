"""Browser log-in tries and locks, in the database so that every tab and every restart counts.

Each try is one short unit of work holding the write lock from its start, before the PIN is
checked (refused if a lock holds or too many tries are already counted, else stored as PENDING)
and one after it (OK or WRONG, and a lock when the limit is reached). Writers queue on the
lock, so tries from any number of tabs at once are counted one after another: none is checked
past the limit. Every try, log-in and lock is appended to the audit in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.model import LoginAttempt, LoginLock
from kaffefoerst.store.unit_of_work import Work, unit_of_work

if TYPE_CHECKING:
    from kaffefoerst.store.engine import Store

INITIALS, ADDRESS = "INITIALS", "ADDRESS"
# What a try is counted by: the column of loginattempt and the kind of lock it can earn.
_KEYS = ((INITIALS, LoginAttempt.initials), (ADDRESS, LoginAttempt.address))


@dataclass(frozen=True, slots=True)
class Lock:
    kind: str  # INITIALS or ADDRESS
    value: str
    until: datetime  # UTC


@dataclass(frozen=True, slots=True)
class Settled:
    wrong: int  # wrong tries now counted for these initials
    lock: Lock | None  # the lock this try earned, if any


def stamp(moment: datetime) -> str:
    """UTC as text, as the audit's ``after`` shows a lock's end."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def active_locks(session: Session, now: datetime, *who: tuple[str, str]) -> list[Lock]:
    """Every lock that still holds (or only those on these (kind, value)), newest end first."""
    until = func.max(LoginLock.until)
    query = (
        select(LoginLock.kind, LoginLock.value, until)
        .where(LoginLock.until > now)
        .group_by(LoginLock.kind, LoginLock.value)
        .order_by(until.desc())
    )
    if who:
        query = query.where(or_(*(and_(LoginLock.kind == k, LoginLock.value == v) for k, v in who)))
    return [Lock(kind, value, _utc(end)) for kind, value, end in session.execute(query)]


def reserve(
    store: Store,
    initials: str,
    address: str,
    now: datetime,
    limits: dict[str, int],
    lock_for: timedelta,
) -> int | Lock:
    """The id of a PENDING try that may be checked now, or the lock that refuses it."""
    with (
        store.session() as session,
        unit_of_work(session, actor=initials, now=now, locked=True) as work,
    ):
        held = active_locks(session, now, (INITIALS, initials), (ADDRESS, address))
        if held:
            tried = _add_try(session, initials, address, now, "LOCKED")
            _audit(work, AuditAction.LOGIN_REFUSED, tried, address, lock=held[0])
            return held[0]
        # A try left PENDING (its tab died before the answer) counts as wrong: it may be
        # part of a burst of guesses, so it must not reopen the door.
        for kind, column in _KEYS:
            value = initials if kind == INITIALS else address
            if _wrong(session, kind, column, value, now) >= limits[kind]:
                lock = _lock(session, kind, value, now, lock_for)
                tried = _add_try(session, initials, address, now, "LOCKED")
                _audit(work, AuditAction.LOGIN_LOCK, tried, address, lock=lock)
                _audit(work, AuditAction.LOGIN_REFUSED, tried, address, lock=lock)
                return lock
        return _add_try(session, initials, address, now, "PENDING")


def settle(
    store: Store,
    attempt_id: int,
    initials: str,
    address: str,
    ok: bool,
    now: datetime,
    limits: dict[str, int],
    lock_for: timedelta,
    reason: str = "",
) -> Settled:
    """Record the checked try; a wrong one that reaches a limit (per kind: INITIALS, ADDRESS)
    locks for ``lock_for``."""
    with (
        store.session() as session,
        unit_of_work(session, actor=initials, now=now, locked=True) as work,
    ):
        outcome = "OK" if ok else "WRONG"
        session.execute(
            update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(outcome=outcome)
        )
        if ok:
            _audit(work, AuditAction.LOGIN, attempt_id, address)
            return Settled(0, None)
        _audit(work, AuditAction.LOGIN_FAILED, attempt_id, address, reason=reason)
        earned: Lock | None = None
        wrong = 0
        for kind, column in _KEYS:
            value = initials if kind == INITIALS else address
            count = _wrong(session, kind, column, value, now)
            wrong = count if kind == INITIALS else wrong
            if count >= limits[kind] and not _held(session, kind, value, now):
                lock = _lock(session, kind, value, now, lock_for)
                _audit(work, AuditAction.LOGIN_LOCK, attempt_id, address, lock=lock)
                earned = earned or lock
        return Settled(wrong, earned)


def _held(session: Session, kind: str, value: str, now: datetime) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    LoginLock.kind == kind, LoginLock.value == value, LoginLock.until > now
                )
            )
        )
    )


def _wrong(
    session: Session, kind: str, column: InstrumentedAttribute[str], value: str, now: datetime
) -> int:
    """Wrong (or not yet checked) tries since the last log-in and since the last lock ended."""
    last_ok = session.scalar(
        select(func.max(LoginAttempt.at)).where(column == value, LoginAttempt.outcome == "OK")
    )
    lock_ended = session.scalar(
        select(func.max(LoginLock.until)).where(
            LoginLock.kind == kind, LoginLock.value == value, LoginLock.until <= now
        )
    )
    query = select(func.count()).where(
        column == value, LoginAttempt.outcome.in_(("WRONG", "PENDING"))
    )
    if last_ok is not None:
        query = query.where(LoginAttempt.at > last_ok)
    if lock_ended is not None:
        query = query.where(LoginAttempt.at >= lock_ended)
    return int(session.scalar(query) or 0)


def _add_try(session: Session, initials: str, address: str, now: datetime, outcome: str) -> int:
    attempt = LoginAttempt(at=now, initials=initials, address=address, outcome=outcome)
    session.add(attempt)
    session.flush()
    assert attempt.id is not None
    return attempt.id


def _lock(session: Session, kind: str, value: str, now: datetime, lock_for: timedelta) -> Lock:
    until = now + lock_for
    session.add(LoginLock(kind=kind, value=value, since=now, until=until))
    return Lock(kind, value, until.astimezone(UTC))


def _audit(
    work: Work,
    action: AuditAction,
    attempt_id: int,
    address: str,
    *,
    lock: Lock | None = None,
    reason: str = "",
) -> None:
    after: dict[str, object] = {"initials": work.actor, "address": address}
    if lock is not None:
        after.update(lock=lock.kind, value=lock.value, until=stamp(lock.until))
    work.audit(action, "login", attempt_id, after=after, reason=reason)
