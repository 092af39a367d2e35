"""Everything kaffefoerst creates is owner-only whatever the umask: folders 0700, files 0600
(the database's -wal and -shm, PINs, screenshots, exports); temporary files are fresh."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kaffefoerst.cli import main
from kaffefoerst.io.minutes import export_minutes
from kaffefoerst.io.pins import check_pin, set_pin
from kaffefoerst.io.private import private_dir, write_private
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from tests.builders import DAY


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The worst case: a umask of 000 would make every new file world-writable."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's data folder, inside the test's own folder (not yet created)."""
    home = tmp_path / "home" / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("KAFFEFOERST_DB", raising=False)
    return home


def modes(root: Path) -> dict[str, str]:
    """Every folder and file below ``root`` with its mode in octal."""
    found = {}
    for path in [root, *root.rglob("*")]:
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_missing_folders_are_made_0700_all_the_way_down(tmp_path, open_umask) -> None:  # noqa: ANN001
    private_dir(tmp_path / "a" / "b" / "c")
    assert set(modes(tmp_path / "a").values()) == {"0o700"}


def test_a_planted_symlink_is_never_followed(tmp_path: Path, open_umask) -> None:  # noqa: ANN001
    """The old fixed name pins.tmp was a trap: a link there redirected the write."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    pins = tmp_path / "pins.json"
    (tmp_path / "pins.tmp").symlink_to(elsewhere)
    set_pin(pins, "MH", "135791")
    assert elsewhere.read_text() == "keep me"
    assert pins.is_file() and not pins.is_symlink()
    assert oct(stat.S_IMODE(pins.stat().st_mode)) == "0o600"
    assert check_pin(pins, "MH", "135791")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.txt", "pins.json", "pins.tmp"]


def test_write_private_replaces_a_wide_file_with_an_owner_only_one(tmp_path, open_umask) -> None:  # noqa: ANN001
    target = tmp_path / "export.md"
    target.write_text("old")
    target.chmod(0o666)
    write_private(target, "new")
    assert target.read_text() == "new" and modes(tmp_path)["export.md"] == "0o600"


def test_an_existing_readable_database_is_narrowed_with_a_notice(tmp_path, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "team.db"
    Store.open_sqlite(path).close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").touch()
        os.chmod(f"{path}{suffix}", 0o644)
    assert main(["--db", str(path), "report", "absence"]) == 0
    assert f"Databasen {path} kunne læses af andre (rettigheder 644)" in capsys.readouterr().err
    assert {m for name, m in modes(tmp_path).items() if name != "."} == {"0o600"}
    store = Store.open_sqlite(path)  # already narrow: nothing to say
    assert store.notices == []
    store.close()


async def test_a_morning_at_umask_000_leaves_only_owner_only_files(
    tmp_path: Path,
    data_home: Path,
    open_umask,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database with its -wal and -shm in a new data folder, a PIN, a screenshot and an
    export: every folder 0700, every file 0600."""
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("135791\n"))
    assert main(["pin", "set", "MH"]) == 0  # next to the default database: makes the folders
    store = Store.open_sqlite(data_home / "kaffefoerst" / "kaffefoerst.db")
    load_sample(store, DAY)
    app = make_app(
        store, today=DAY, clock=lambda: datetime(2026, 3, 2, 7, 5, tzinfo=UTC), actor="MH"
    )
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        app.action_screenshot()
        await pilot.pause()
    exports = private_dir(data_home / "kaffefoerst" / "exports")
    export_minutes("# Referat\n", exports / "referat.md")
    found = modes(tmp_path / "home")  # while the database is open: -wal and -shm exist
    store.close()

    shots = [name for name in found if name.endswith(".svg")]
    assert len(shots) == 1 and "screenshots" in shots[0]
    assert any(name.endswith("kaffefoerst.db-wal") for name in found)
    assert any(name.endswith("kaffefoerst.db-shm") for name in found)
    assert any(name.endswith("pins.json") for name in found)
    wrong = {
        name: mode
        for name, mode in found.items()
        if mode != ("0o700" if (tmp_path / "home" / name).is_dir() else "0o600")
    }
    assert wrong == {}
