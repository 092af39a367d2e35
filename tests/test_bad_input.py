"""Corrupt or odd input gives one clear line and a non-zero exit, never a traceback: a damaged
page, an odd schema version, dates at the calendar's ends, read-only file systems."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store

DAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "team.db"
    store = Store.open_sqlite(path)
    load_sample(store, DAY)
    store.close()
    return path


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kaffefoerst", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def one_line(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def damaged(sample_db: Path, tmp_path: Path) -> Path:
    """A copy with the citizen table's first page overwritten."""
    path = tmp_path / "damaged.db"
    shutil.copy(sample_db, path)
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'citizen'").fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * size)
        handle.write(b"\xff" * 64)
    return path


def test_a_damaged_database_is_refused_by_the_board_and_by_report(sample_db, tmp_path) -> None:  # noqa: ANN001
    path = damaged(sample_db, tmp_path)
    for args in (["--as", "MH"], ["report", "continuity"], ["--role", "coach"]):
        line = one_line(run("--db", str(path), *args))
        assert "er ikke en læsbar kaffefoerst-database" in line and "Page" in line
        assert "Fru" not in line and "Hr." not in line  # no citizen in the message


def test_an_odd_schema_version_is_one_line(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    shutil.copy(sample_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '4a'")
    conn.close()
    line = one_line(run("--db", str(path), "--as", "MH"))
    assert "skemaversionen '4a' er ikke et tal" in line


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "0001-01-01", "report", "continuity"],
        ["--date", "0001-01-01", "--as", "MH"],
        ["--date", "9999-12-31", "--as", "MH"],
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused(sample_db: Path, args: list[str]) -> None:
    line = one_line(run("--db", str(sample_db), *args))
    assert "ligger uden for 1900-01-01 – 2999-12-31" in line


def test_a_crash_prints_one_line_without_local_variables(sample_db: Path) -> None:
    """An error nobody foresaw, with a citizen in a local variable: the line names the error
    and where, never the data (Textual would print every frame's locals)."""
    code = (
        "import sqlite3, sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "import kaffefoerst.store.day_plan as plan\n"
        "from kaffefoerst.store import Store\n"
        "from kaffefoerst.ui.app import make_app\n"
        "def load(*args, **kwargs):\n"
        "    citizen = 'Fru Jensen, Vestergade 1'\n"
        "    raise sqlite3.DatabaseError('database disk image is malformed')\n"
        f"store = Store.open_sqlite(Path({str(sample_db)!r}), readonly=True)\n"
        "app = make_app(store, today=date(2026, 3, 2), actor='MH')\n"
        "plan.load_day_plan = load\n"
        "app.run(headless=True)\n"
        "sys.exit(app.return_code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    line = one_line(out)
    assert "kan ikke læses (database disk image is malformed)" in line
    assert "Fru Jensen" not in out.stderr + out.stdout


# --- read-only file systems (a user and mount namespace makes one without root) -----------


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            [
                "unshare",
                "-rm",
                "sh",
                "-c",
                f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder}"
                f" && ! touch {folder}/x 2>/dev/null",
            ],
            capture_output=True,
            timeout=10,
        )
    return probe.returncode == 0


needs_ro_mount = pytest.mark.skipif(
    not _read_only_mount_works(), reason="unshare cannot make a read-only mount here"
)


def on_read_only(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run kaffefoerst with ``folder`` mounted read-only (as a USB stick or a locked share)."""
    command = " ".join(
        [
            f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} &&",
            f"exec {sys.executable} -m kaffefoerst",
            *(f"'{a}'" for a in args),
        ]
    )
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", command],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


@needs_ro_mount
def test_pin_set_on_a_read_only_file_system_is_one_line(tmp_path: Path) -> None:
    pins = tmp_path / "pins.json"
    line = one_line(
        on_read_only(tmp_path, "pin", "set", "MH", "--pin-file", str(pins), stdin="135791\n")
    )
    assert f"PIN-filen {pins} kan ikke skrives" in line
    assert not pins.exists()


@needs_ro_mount
def test_a_coach_reads_a_database_on_read_only_media(sample_db: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(sample_db, stick / "team.db")
    out = on_read_only(stick, "--db", str(stick / "team.db"), "report", "absence")
    assert out.returncode == 0, out.stderr
    assert "Fravær og dækning" in out.stdout
    assert sorted(p.name for p in stick.iterdir()) == ["team.db"]  # nothing written there
