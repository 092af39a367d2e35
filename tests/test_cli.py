"""Bad input at the command line: one clear line, no traceback, nothing written."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kaffefoerst.cli import main
from kaffefoerst.ui.app import make_app
from tests.builders import DAY
from tests.screen import screen_text


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("kaffefoerst: ")
    return err


def test_corrupt_database_is_refused_and_untouched(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    before = db.read_bytes()
    assert main(["--db", str(db)]) == 2
    assert "ikke en læsbar kaffefoerst-database" in _one_line_error(capsys)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corrupt.db"]


def test_read_only_database_is_refused_and_untouched(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "ro.db"
    db.write_bytes(b"")
    db.chmod(0o400)
    assert main(["--db", str(db)]) == 2
    assert "skrivebeskyttet" in _one_line_error(capsys)
    assert db.read_bytes() == b""


def test_database_in_a_file_path_cannot_be_created(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    assert main(["--db", str(blocker / "k.db")]) == 2
    assert "Kan ikke oprette databasen" in _one_line_error(capsys)


def test_unknown_language_is_one_line(capsys) -> None:  # noqa: ANN001
    assert main(["--lang", "sv", "demo"]) == 2
    assert "ukendt sprog 'sv'" in _one_line_error(capsys)


def test_bad_date_is_one_line(capsys) -> None:  # noqa: ANN001
    assert main(["--date", "2026-13-40", "demo"]) == 2
    assert "2026-13-40" in _one_line_error(capsys)


def test_english_errors_with_lang_en(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"garbage" * 300)
    assert main(["--lang", "en", "--db", str(db)]) == 2
    assert "is not a readable kaffefoerst database" in _one_line_error(capsys)


def test_options_after_the_sub_command_count_too(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["demo", "--lang", "xx"]) == 2
    assert "ukendt sprog 'xx'" in _one_line_error(capsys)


def test_module_entry_point_shows_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert "demo" in out.stdout and "--db" in out.stdout


async def test_unknown_theme_falls_back_with_a_notice(team) -> None:  # noqa: ANN001
    store, _ = team
    app = make_app(
        store,
        today=DAY,
        clock=lambda: datetime(2026, 3, 2, 7, 3, tzinfo=UTC),
        actor="MH",
        theme="neon",
    )
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "kaffe"
        assert "Ukendt tema 'neon'" in screen_text(app)
