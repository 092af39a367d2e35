"""Browser access: PINs as salted scrypt hashes, a log-in before any citizen data, and no
serving to the network without PINs."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kaffefoerst.cli import main
from kaffefoerst.io.pins import check_pin, set_pin
from kaffefoerst.serve import tab_command
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.login import LoginScreen
from tests.builders import DAY
from tests.screen import screen_text


def test_pin_is_stored_salted_and_owner_only(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    set_pin(pins, "ab", "432198")
    set_pin(pins, "CD", "432198")
    stored = json.loads(pins.read_text())
    assert set(stored) == {"AB", "CD"}
    assert "432198" not in pins.read_text()
    assert stored["AB"] != stored["CD"]  # same PIN, different salt
    assert stored["AB"].startswith("scrypt$")
    assert pins.stat().st_mode & 0o777 == 0o600
    assert check_pin(pins, "ab", "432198") and not check_pin(pins, "AB", "432199")
    assert not check_pin(pins, "EF", "432198")


def test_pin_set_command_reads_stdin_and_refuses_a_short_pin(tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    pins = tmp_path / "pins.json"
    monkeypatch.setattr(sys, "stdin", io.StringIO("2468\n"))
    assert main(["pin", "set", "MH", "--pin-file", str(pins)]) == 2
    assert "mindst 6 cifre" in capsys.readouterr().err
    assert not pins.exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO("246813\n"))
    assert main(["pin", "set", "MH", "--pin-file", str(pins)]) == 0
    assert check_pin(pins, "MH", "246813")


def test_serving_to_the_network_without_pins_is_refused(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "serve", "--host", "0.0.0.0", "--demo"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "kræver --pin-file" in out.stderr
    assert "Traceback" not in out.stderr
    empty = tmp_path / "none.json"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "kaffefoerst",
            "serve",
            "--host",
            "0.0.0.0",
            "--demo",
            "--pin-file",
            str(empty),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "findes ikke eller er tom" in out.stderr


def test_each_tab_runs_the_app_on_the_one_database_behind_a_login(tmp_path: Path) -> None:
    args = argparse.Namespace(theme="storskaerm", role="member", date=None, actor=None)
    command = tab_command(tmp_path / "demo.db", args, tmp_path / "pins.json")
    assert f"--db {tmp_path / 'demo.db'}" in command
    assert f"--login {tmp_path / 'pins.json'}" in command
    assert "--role member" in command and "--theme storskaerm" in command
    assert " demo" not in command  # the demo database is built once, never per tab


async def test_login_first_then_the_board_as_that_person(team, tmp_path) -> None:  # noqa: ANN001
    store, ids = team
    pins = tmp_path / "pins.json"
    set_pin(pins, "CD", "135791")
    app = make_app(
        store,
        today=DAY,
        clock=lambda: datetime(2026, 3, 2, 7, 3, tzinfo=UTC),
        role=None,
        login=pins,
    )
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        shot = screen_text(app)
        assert "Hr. Olsen" not in shot and "Fru Jensen" not in shot  # no citizen data yet
        await pilot.press(*"cd", "enter", *"000000", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "Forkerte initialer eller PIN" in screen_text(app)
        await pilot.press(*"135791", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.user.initials == "CD" and app.user.carer_id == ids["CD"]
        assert "CD (teammedlem)" in screen_text(app)


@pytest.mark.parametrize("role", ["boss"])
def test_unknown_role_is_one_line(role: str, capsys) -> None:  # noqa: ANN001
    assert main(["--role", role, "demo"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "ukendt rolle 'boss'" in err
