"""Browser log-in tries and locks, in the database so that every tab and every restart counts.

Each try is one short ``BEGIN IMMEDIATE`` transaction before the PIN is checked (refused if a
lock holds or too many tries are already counted, else stored as PENDING) and one after it (OK
or WRONG, and a lock when the limit is reached). Writers queue on SQLite's lock, so tries from
any number of tabs at once are counted one after another: none is checked past the limit.
Every try, log-in and lock is appended to the audit in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from kaffefoerst.domain.audit_actions import AuditAction

if TYPE_CHECKING:
    from kaffefoerst.store.engine import Store

INITIALS, ADDRESS = "INITIALS", "ADDRESS"
# What a try is counted by: the column of loginattempt and the kind of lock it can earn.
_KEYS = ((INITIALS, "initials"), (ADDRESS, "address"))

_ACTIVE = (
    "SELECT kind, value, max(until) FROM loginlock WHERE until > ? AND"
    " ((kind = 'INITIALS' AND value = ?) OR (kind = 'ADDRESS' AND value = ?))"
    " GROUP BY kind, value ORDER BY 3 DESC"
)
# Wrong (or not yet checked) tries since the last log-in and since the end of the last lock.
_WRONG = (
    "SELECT count(*) FROM loginattempt WHERE {col} = :value AND outcome IN ('WRONG', 'PENDING')"
    " AND at > coalesce((SELECT max(at) FROM loginattempt WHERE {col} = :value"
    " AND outcome = 'OK'), '')"
    " AND at >= coalesce((SELECT max(until) FROM loginlock WHERE kind = :kind"
    " AND value = :value AND until <= :now), '')"
)
_AUDIT = (
    "INSERT INTO auditevent (actor, at, action, entity, entity_id, before, after, reason)"
    " VALUES (?, ?, ?, 'login', ?, '{}', ?, ?)"
)


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
    """UTC in the text form SQLAlchemy uses for DateTime on SQLite (so the model reads it)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def active_locks(conn: sqlite3.Connection, now: datetime) -> list[Lock]:
    """Every lock that still holds, newest end first."""
    found = conn.execute(
        "SELECT kind, value, max(until) FROM loginlock WHERE until > ? GROUP BY kind, value"
        " ORDER BY 3 DESC",
        (stamp(now),),
    ).fetchall()
    return [Lock(kind, value, _moment(until)) for kind, value, until in found]


def reserve(
    store: Store,
    initials: str,
    address: str,
    now: datetime,
    limits: dict[str, int],
    lock_for: timedelta,
) -> int | Lock:
    """The id of a PENDING try that may be checked now, or the lock that refuses it."""

    def work(cur: sqlite3.Cursor) -> int | Lock:
        held = cur.execute(_ACTIVE, (stamp(now), initials, address)).fetchone()
        if held is not None:
            lock = Lock(held[0], held[1], _moment(held[2]))
            tried = _add_try(cur, initials, address, now, "LOCKED")
            _audit(cur, initials, now, AuditAction.LOGIN_REFUSED, tried, address, lock=lock)
            return lock
        # A try left PENDING (its tab died before the answer) counts as wrong: it may be
        # part of a burst of guesses, so it must not reopen the door.
        for kind, col in _KEYS:
            value = initials if kind == INITIALS else address
            if _wrong(cur, kind, col, value, now) >= limits[kind]:
                lock = _lock(cur, kind, value, now, lock_for)
                tried = _add_try(cur, initials, address, now, "LOCKED")
                _audit(cur, initials, now, AuditAction.LOGIN_LOCK, tried, address, lock=lock)
                _audit(cur, initials, now, AuditAction.LOGIN_REFUSED, tried, address, lock=lock)
                return lock
        return _add_try(cur, initials, address, now, "PENDING")

    return _immediately(store, work)


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

    def work(cur: sqlite3.Cursor) -> Settled:
        outcome = "OK" if ok else "WRONG"
        cur.execute("UPDATE loginattempt SET outcome = ? WHERE id = ?", (outcome, attempt_id))
        if ok:
            _audit(cur, initials, now, AuditAction.LOGIN, attempt_id, address)
            return Settled(0, None)
        _audit(cur, initials, now, AuditAction.LOGIN_FAILED, attempt_id, address, reason=reason)
        earned: Lock | None = None
        wrong = 0
        for kind, col in _KEYS:
            value = initials if kind == INITIALS else address
            count = _wrong(cur, kind, col, value, now)
            wrong = count if kind == INITIALS else wrong
            if count >= limits[kind] and not _held(cur, kind, value, now):
                lock = _lock(cur, kind, value, now, lock_for)
                _audit(cur, initials, now, AuditAction.LOGIN_LOCK, attempt_id, address, lock=lock)
                earned = earned or lock
        return Settled(wrong, earned)

    return _immediately(store, work)


def _immediately(store: Store, work):  # noqa: ANN001, ANN202 - the work's own result
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN IMMEDIATE")  # take the write lock first: count and add as one
        try:
            result = work(cur)
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        return result
    finally:
        raw.close()


def _held(cur: sqlite3.Cursor, kind: str, value: str, now: datetime) -> bool:
    sql = "SELECT 1 FROM loginlock WHERE kind = ? AND value = ? AND until > ?"
    return cur.execute(sql, (kind, value, stamp(now))).fetchone() is not None


def _wrong(cur: sqlite3.Cursor, kind: str, col: str, value: str, now: datetime) -> int:
    sql = _WRONG.format(col=col)
    return cur.execute(sql, {"value": value, "kind": kind, "now": stamp(now)}).fetchone()[0]


def _add_try(cur: sqlite3.Cursor, initials: str, address: str, now: datetime, outcome: str) -> int:
    cur.execute(
        "INSERT INTO loginattempt (at, initials, address, outcome) VALUES (?, ?, ?, ?)",
        (stamp(now), initials, address, outcome),
    )
    return int(cur.lastrowid or 0)


def _lock(cur: sqlite3.Cursor, kind: str, value: str, now: datetime, lock_for: timedelta) -> Lock:
    until = now + lock_for
    cur.execute(
        "INSERT INTO loginlock (kind, value, since, until) VALUES (?, ?, ?, ?)",
        (kind, value, stamp(now), stamp(until)),
    )
    return Lock(kind, value, until.astimezone(UTC))


def _audit(
    cur: sqlite3.Cursor,
    initials: str,
    now: datetime,
    action: AuditAction,
    attempt_id: int,
    address: str,
    *,
    lock: Lock | None = None,
    reason: str = "",
) -> None:
    after: dict[str, object] = {"initials": initials, "address": address}
    if lock is not None:
        after.update(lock=lock.kind, value=lock.value, until=stamp(lock.until))
    cur.execute(
        _AUDIT,
        (initials, stamp(now), action, attempt_id, json.dumps(after, ensure_ascii=False), reason),
    )
