"""Log-in: wrong PINs counted in the database per initials and per address, across tabs and
restarts; a lock after five; every try in the audit; only people with a role get in."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from kaffefoerst.model import Coach
from kaffefoerst.store import Store
from kaffefoerst.store.login import (
    LOCK_FOR,
    MAX_WRONG,
    MAX_WRONG_PER_ADDRESS,
    current_lockouts,
    log_in,
)

NOW = datetime(2026, 3, 2, 6, 50, tzinfo=UTC)


class Checker:
    """A PIN check that counts how often it ran (each run is one guess tested)."""

    def __init__(self, right: bool) -> None:
        self.right = right
        self.runs = 0

    def __call__(self) -> bool:
        self.runs += 1
        return self.right


def audit(store: Store) -> list[tuple[str, str, dict[str, object]]]:
    with store.engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT action, actor, after, at FROM auditevent WHERE entity = 'login' ORDER BY id"
            )
        ).all()
    return [(r.action, r.actor, {**json.loads(r.after), "at": r.at}) for r in found]


def test_five_wrong_pins_lock_the_initials_and_nothing_more_is_checked(team) -> None:  # noqa: ANN001
    store, _ = team
    wrong, right = Checker(False), Checker(True)
    results = [log_in(store, "ab", "10.0.0.7", NOW + timedelta(seconds=i), wrong) for i in range(5)]
    assert [r.tries_left for r in results] == [4, 3, 2, 1, 0]
    assert results[-1].locked_until == NOW + timedelta(seconds=4) + LOCK_FOR
    # The right PIN, from another address, a minute later: refused unchecked.
    later = log_in(store, "AB", "10.0.0.8", NOW + timedelta(minutes=1), right)
    assert not later.ok and later.locked_until == results[-1].locked_until
    assert (wrong.runs, right.runs) == (MAX_WRONG, 0)
    # Fifteen minutes after the lock began, the right PIN opens.
    after = log_in(store, "AB", "10.0.0.8", results[-1].locked_until + timedelta(seconds=1), right)
    assert after.ok and right.runs == 1

    events = audit(store)
    assert [e[0] for e in events] == [
        *["login_failed"] * 5,
        "login_lock",
        "login_refused",
        "login",
    ]
    assert all(actor == "AB" for _, actor, _ in events)
    assert events[0][2]["address"] == "10.0.0.7" and events[6][2]["address"] == "10.0.0.8"
    assert str(events[0][2]["at"]).startswith("2026-03-02 06:50:00")
    assert events[5][2]["lock"] == "INITIALS" and events[5][2]["value"] == "AB"


def test_tries_count_across_restarts_and_a_log_in_starts_the_count_again(team) -> None:  # noqa: ANN001
    store, _ = team
    path = store.path
    for i in range(4):
        reopened = Store.open_sqlite(path)  # a new tab, or the server restarted
        assert not log_in(reopened, "CD", "10.0.0.7", NOW + timedelta(seconds=i), Checker(False)).ok
        reopened.close()
    assert log_in(store, "CD", "10.0.0.7", NOW + timedelta(seconds=5), Checker(True)).ok
    # Counting starts again after a log-in: four more wrong tries do not lock.
    for i in range(4):
        result = log_in(store, "CD", "10.0.0.7", NOW + timedelta(seconds=10 + i), Checker(False))
    assert result.locked_until is None and result.tries_left == 1


def test_one_address_guessing_many_initials_is_locked(team) -> None:  # noqa: ANN001
    store, _ = team
    for i in range(MAX_WRONG_PER_ADDRESS):  # two guesses each, under any one person's limit
        initials = ["AB", "CD", "EF", "XY", "ZZ"][i % 5]
        log_in(store, initials, "10.6.6.6", NOW + timedelta(seconds=i), Checker(False))
    right = Checker(True)
    refused = log_in(store, "AB", "10.6.6.6", NOW + timedelta(minutes=1), right)
    assert not refused.ok and refused.locked_until is not None and right.runs == 0
    # The same person from their own machine is not held up by the guesser's address.
    assert log_in(store, "AB", "10.0.0.7", NOW + timedelta(minutes=1), right).ok
    locks = current_lockouts(store, NOW + timedelta(minutes=2))
    assert {(lock.kind, lock.value) for lock in locks} == {("ADDRESS", "10.6.6.6")}


def test_initials_without_a_role_never_log_in(team) -> None:  # noqa: ANN001
    store, _ = team
    right = Checker(True)  # a PIN set for CO, who is no carer and no coach
    result = log_in(store, "CO", "10.0.0.7", NOW, right)
    assert not result.ok and right.runs == 1  # checked anyway: the time taken tells nothing
    assert audit(store)[-1][:2] == ("login_failed", "CO")
    with store.session() as session:
        session.add(Coach(initials="CO", name="Coach Olsen"))
        session.commit()
    assert log_in(store, "CO", "10.0.0.7", NOW + timedelta(seconds=1), right).ok


def test_locks_end_and_are_listed_while_they_hold(team) -> None:  # noqa: ANN001
    store, _ = team
    for i in range(MAX_WRONG):
        log_in(store, "EF", "10.0.0.7", NOW + timedelta(seconds=i), Checker(False))
    [lock] = current_lockouts(store, NOW + timedelta(minutes=14))
    assert (lock.kind, lock.value) == ("INITIALS", "EF")
    assert current_lockouts(store, NOW + timedelta(minutes=16)) == []


def _guess(path: str, client: int, tries: int) -> int:
    """One browser client guessing MH's PIN as fast as it can; returns the guesses checked."""
    store = Store.open_sqlite(Path(path))
    checked = 0
    try:
        for i in range(tries):

            def check() -> bool:
                nonlocal checked
                checked += 1
                return False

            now = NOW + timedelta(milliseconds=i)
            log_in(store, "AB", f"10.0.0.{client}", now, check)
    finally:
        store.close()
    return checked


def test_parallel_clients_get_five_guesses_between_them(team) -> None:  # noqa: ANN001
    store, _ = team
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        checked = pool.starmap(_guess, [(str(store.path), client, 12) for client in (1, 2, 3)])
    assert sum(checked) == MAX_WRONG
    with store.engine.connect() as conn:
        outcomes = dict(
            conn.execute(text("SELECT outcome, count(*) FROM loginattempt GROUP BY 1")).all()
        )
    assert outcomes == {"WRONG": MAX_WRONG, "LOCKED": 3 * 12 - MAX_WRONG}
    actions = [event[0] for event in audit(store)]
    assert actions.count("login_failed") == MAX_WRONG
    assert actions.count("login_refused") == 3 * 12 - MAX_WRONG
    assert actions.count("login_lock") == 1
