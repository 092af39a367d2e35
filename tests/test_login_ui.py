"""The log-in screen: a coach's session is read-only at the database, initials without a role
are refused like a wrong PIN, a lock says until when, and the planner hears about locks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from textual.widgets import Static

from kaffefoerst.domain.roles import Role
from kaffefoerst.io.pins import set_pin
from kaffefoerst.model import Coach
from kaffefoerst.store import Store
from kaffefoerst.store.login import MAX_WRONG, log_in
from kaffefoerst.ui.app import KaffeApp, make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.login import LoginScreen
from tests.builders import DAY
from tests.screen import screen_text

NOW = datetime(2026, 3, 2, 6, 55, tzinfo=UTC)
PIN = "246813"


def served_app(store: Store, pins: Path, role: Role | None = None) -> KaffeApp:
    """As a tab under `kaffefoerst serve --pin-file`: log-in first, the browser's address known."""
    return make_app(store, today=DAY, clock=lambda: NOW, role=role, login=pins, client="10.0.0.9")


def error_line(app: KaffeApp) -> str:
    return str(app.screen.query_one("#error", Static).render())


async def log_in_as(pilot, initials: str, pin: str) -> None:  # noqa: ANN001
    await pilot.press(*initials.lower(), "enter", *pin, "enter")
    await pilot.pause()
    await pilot.pause()


async def test_a_coach_logs_in_read_only_at_the_database(team, tmp_path: Path) -> None:  # noqa: ANN001
    store, _ = team
    with store.session() as session:
        session.add(Coach(initials="CO", name="Coach Olsen"))
        session.commit()
    pins = tmp_path / "pins.json"
    set_pin(pins, "CO", PIN)
    app = served_app(store, pins, role=Role.PLANNER)  # even if serve was told --role planner
    async with app.run_test(size=(200, 50)) as pilot:
        await log_in_as(pilot, "CO", PIN)
        assert isinstance(app.screen, BoardScreen)
        assert (app.user.initials, app.user.role) == ("CO", Role.COACH)
        assert "CO (coach, kun læsning)" in screen_text(app)
        assert app.store.readonly
        with pytest.raises(OperationalError, match="readonly"), app.store.session() as session:
            session.execute(text("UPDATE team SET gap_min = 1"))
            session.commit()


async def test_initials_without_a_role_are_refused_like_a_wrong_pin(team, tmp_path) -> None:  # noqa: ANN001
    store, _ = team
    pins = tmp_path / "pins.json"
    set_pin(pins, "ZZ", PIN)  # a PIN, but nobody on the team or among the coaches
    app = served_app(store, pins)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in_as(pilot, "ZZ", PIN)
        assert isinstance(app.screen, LoginScreen)
        assert error_line(app) == "Forkerte initialer eller PIN (4 forsøg tilbage)."


async def test_a_locked_log_in_says_until_when_even_with_the_right_pin(team, tmp_path) -> None:  # noqa: ANN001
    store, _ = team
    pins = tmp_path / "pins.json"
    set_pin(pins, "CD", PIN)
    for i in range(MAX_WRONG):  # another tab, earlier
        log_in(store, "CD", "10.0.0.5", NOW - timedelta(minutes=5, seconds=-i), lambda: False)
    app = served_app(store, pins)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in_as(pilot, "CD", PIN)
        assert isinstance(app.screen, LoginScreen)
        assert error_line(app) == "For mange forkerte forsøg: log-in er spærret til kl. 07:05."


async def test_the_planner_hears_of_locks_on_opening_the_board(team, tmp_path) -> None:  # noqa: ANN001
    store, _ = team
    pins = tmp_path / "pins.json"
    set_pin(pins, "AB", PIN)
    for i in range(MAX_WRONG):
        log_in(store, "EF", "10.0.0.5", NOW - timedelta(minutes=1, seconds=-i), lambda: False)
    app = served_app(store, pins, role=Role.PLANNER)
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await log_in_as(pilot, "AB", PIN)
        assert isinstance(app.screen, BoardScreen)
        assert "Log-in for EF er spærret til kl. 07:09" in screen_text(app)


async def test_serve_told_role_coach_records_the_log_in_then_reads_only(team, tmp_path) -> None:  # noqa: ANN001
    store, _ = team
    pins = tmp_path / "pins.json"
    set_pin(pins, "AB", PIN)
    app = served_app(store, pins, role=Role.COACH)
    async with app.run_test(size=(200, 50)) as pilot:
        await log_in_as(pilot, "AB", PIN)
        assert isinstance(app.screen, BoardScreen)
        assert app.user.role is Role.COACH and app.store.readonly
        with app.store.session() as session:
            logged = session.execute(text("SELECT count(*) FROM loginattempt WHERE outcome = 'OK'"))
            assert logged.scalar_one() == 1


async def test_keys_typed_fast_after_enter_land_in_the_pin_field(team, tmp_path) -> None:  # noqa: ANN001
    """As a browser sends them: all keys at once, none waiting for the screen to catch up."""
    from textual import events

    store, _ = team
    pins = tmp_path / "pins.json"
    set_pin(pins, "AB", PIN)
    app = served_app(store, pins)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        for char in f"ab\r{PIN}\r":
            key = "enter" if char == "\r" else char
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.user.initials == "AB"


async def test_initials_with_a_q_are_typed_not_obeyed(team, tmp_path) -> None:  # noqa: ANN001
    """q quits the board; on the log-in screen it is a letter (and backspace corrects)."""
    store, _ = team
    with store.session() as session:
        session.add(Coach(initials="QA", name="Quinn A."))
        session.commit()
    pins = tmp_path / "pins.json"
    set_pin(pins, "QA", PIN)
    app = served_app(store, pins)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("q", "x", "backspace", "a", "enter", *PIN, "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and app.user.initials == "QA"
