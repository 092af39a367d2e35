"""Backup and restore (issue 12.7): consistent copies while others write, 14 kept, refusals
with the database's own messages, restore that round-trips and survives kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kaffefoerst.cli import main
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store, backup
from kaffefoerst.store.schema_head import HEAD

DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 6, 40, 5)
TABLES = ("visit", "carer", "citizen", "triagenote", "auditevent", "absence")
SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "sample.db"
    store = Store.open_sqlite(path)
    load_sample(store, DAY)
    store.close()
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data" / "team.db"
    path.parent.mkdir(mode=0o700)
    shutil.copy(sample_db, path)
    return path


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}  # noqa: S608


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_backup_is_an_owner_only_copy_beside_the_database(db: Path) -> None:
    path = backup.backup_now(db, NOW)
    assert path == db.parent / "backups" / "team-2026-03-02-064005.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert dump(path) == dump(db) and integrity(path) == "ok"
    assert not Path(f"{path}-wal").exists()  # one self-contained file
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_the_first_start_of_a_day_backs_up_once_and_14_are_kept(db: Path) -> None:
    first = backup.daily_backup(db, DAY)
    assert first is not None and first.name == "team-2026-03-02.db"
    assert backup.daily_backup(db, DAY) is None  # the second start that day
    for n in range(1, 20):
        backup.daily_backup(db, DAY + timedelta(days=n))
    kept = backup.backups_of(db)
    assert len(kept) == backup.KEEP
    assert kept[0].name == "team-2026-03-08.db" and kept[-1].name == "team-2026-03-21.db"
    later = backup.backup_now(db, datetime(2026, 3, 21, 9, 0, 0))
    assert backup.backups_of(db)[-1] == later  # on the same day, after the day's first
    again = backup.backup_now(db, datetime(2026, 3, 21, 9, 0, 0))  # the same second
    assert again.name == "team-2026-03-21-090000-2.db" and later.exists()
    assert backup.backups_of(db)[-2:] == [later, again]
    assert len(backup.backups_of(db)) == backup.KEEP


def test_a_backup_taken_while_another_process_writes_is_consistent(db: Path) -> None:
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "conn = sqlite3.connect(sys.argv[1], timeout=10)\n"
            "conn.execute('PRAGMA journal_mode=WAL')\n"
            "print('ready', flush=True)\n"
            "n = 0\n"
            "while True:\n"
            "    n += 1\n"
            "    with conn:\n"
            '        conn.execute("INSERT INTO auditevent (actor, at, action, entity, entity_id,'
            " before, after, reason) VALUES ('XX', '2026-03-02 07:00:00', 'MOVE', 'visit', ?,"
            " '{}', '{}', '')\", (n,))\n"
            "        conn.execute('UPDATE visit SET version = version + 1 WHERE id = ?',"
            " (n % 500 + 1,))\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        copies = []
        for i in range(5):
            time.sleep(0.05)
            copies.append(backup.backup_now(db, NOW + timedelta(seconds=i)))
        assert writer.poll() is None  # it was writing all along
    finally:
        writer.kill()
        writer.wait()
    counts = []
    for copy in copies:
        assert integrity(copy) == "ok"
        with sqlite3.connect(copy) as conn:
            counts.append(conn.execute("SELECT count(*) FROM auditevent").fetchone()[0])
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    assert counts == sorted(counts) and counts[-1] > counts[0]  # copies of a moving database


def test_restore_round_trips_and_keeps_the_database_it_replaced(db: Path) -> None:
    before = dump(db)
    saved = backup.backup_now(db, NOW)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM visitservice WHERE visit_id IN (SELECT id FROM visit LIMIT 40)")
        conn.execute("DELETE FROM cover")
        conn.execute("DELETE FROM visit WHERE id IN (SELECT id FROM visit LIMIT 40)")
        conn.execute("UPDATE carer SET phone = '0000 0000'")
    changed = dump(db)
    assert changed != before
    safety = backup.restore(db, saved, NOW + timedelta(minutes=1))
    assert dump(db) == before and integrity(db) == "ok"
    assert safety is not None and dump(safety) == changed  # nothing is ever lost
    store = Store.open_sqlite(db)  # the app opens the restored database as usual
    store.close()


def test_restore_mends_a_damaged_database_and_keeps_its_bytes(db: Path) -> None:
    saved = backup.backup_now(db, NOW)
    with sqlite3.connect(db) as conn:  # as the app keeps it
        conn.execute("PRAGMA journal_mode=WAL")
    size = db.stat().st_size
    with open(db, "r+b") as handle:  # pages in the middle overwritten: quick_check fails
        handle.seek(size // 2)
        handle.write(b"\xff" * 20000)
    damaged_bytes = db.read_bytes()
    with pytest.raises(DomainError) as caught:
        Store.open_sqlite(db)
    assert caught.value.key == "error.db_corrupt"
    kept = backup.restore(db, saved, NOW + timedelta(minutes=5))
    assert kept is not None and kept.name == "team-2026-03-02-064505-damaged.db"
    assert kept.read_bytes() == damaged_bytes and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert dump(db) == dump(saved) and integrity(db) == "ok"
    Store.open_sqlite(db).close()  # opens again


def test_restore_refuses_what_is_not_a_kaffefoerst_database(db: Path, tmp_path: Path) -> None:
    before = dump(db)
    text = tmp_path / "notes.txt"
    text.write_text("ikke en database\n")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY)")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    newer = tmp_path / "newer.db"
    shutil.copy(backup.backup_now(db, NOW), newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    expected = {
        text: "error.db_corrupt",
        foreign: "error.db_foreign",
        empty: "backup.empty",
        newer: "error.db_newer",
        tmp_path / "missing.db": "backup.missing",
    }
    for path, key in expected.items():
        with pytest.raises(DomainError) as caught:
            backup.restore(db, path, NOW)
        assert caught.value.key == key, path
    assert dump(db) == before
    assert len(backup.backups_of(db)) == 1  # only the copy made above: refusing backs up nothing
    # Nor is another program's database overwritten by a good backup.
    with pytest.raises(DomainError) as caught:
        backup.restore(foreign, backup.backups_of(db)[0], NOW)
    assert caught.value.key == "error.db_foreign"


def test_cli_backup_and_restore_ask_first(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Sikkerhedskopi gemt:" in out
    (saved,) = backup.backups_of(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE carer SET phone = '1111 1111'")
    changed = dump(db)
    monkeypatch.setattr("sys.stdin", _Input("\n"))  # Enter: the default is no
    assert main(["restore", str(saved), "--db", str(db)]) == 1
    assert "[j/N]" in capsys.readouterr().out and dump(db) == changed
    monkeypatch.setattr("sys.stdin", _Input("j\n"))
    assert main(["restore", str(saved), "--db", str(db)]) == 0
    assert dump(db) == dump(saved)
    assert main(["restore", str(db.parent / "nope.db"), "--db", str(db), "--yes"]) == 2
    assert "findes ikke; intet er ændret" in capsys.readouterr().err
    assert main(["restore", str(saved), "--db", str(db), "--role", "coach", "--yes"]) == 2


class _Input:
    def __init__(self, text: str) -> None:
        self.text = text

    def readline(self) -> str:
        return self.text

    def isatty(self) -> bool:
        return False


# The restore as `kaffefoerst restore` runs it, but each page of the install step is copied
# slowly, so the test can kill the process in the middle of writing into the live database.
_SLOW_RESTORE = """
import sys, time
from datetime import datetime
from pathlib import Path
from kaffefoerst.store import backup

backup.PAGES_PER_STEP = 1
original = backup._install

def slow_install(staged, db):
    real_copy = backup._copy

    def copy(source, target):
        def progress(status, remaining, total):
            if remaining == total - 20:
                print("installing", flush=True)
            time.sleep(0.002)
        source.backup(target, pages=1, progress=progress)

    backup._copy = copy
    try:
        original(staged, db)
    finally:
        backup._copy = real_copy

backup._install = slow_install
backup.restore(Path(sys.argv[1]), Path(sys.argv[2]), datetime(2026, 3, 2, 7, 0, 0))
print("done", flush=True)
"""


def test_kill_9_during_a_restore_leaves_the_database_as_it_was(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copy(db, other)
    with sqlite3.connect(other) as conn:  # a different database to restore from
        conn.execute("DELETE FROM visitservice")
        conn.execute("DELETE FROM cover")
        conn.execute("DELETE FROM visit WHERE id % 2 = 0")
        conn.execute("UPDATE citizen SET address = 'Gendannet 1'")
    with sqlite3.connect(db) as conn:  # the live database in WAL mode, as the app keeps it
        conn.execute("PRAGMA journal_mode=WAL")
    before = dump(db)
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_RESTORE, str(db), str(other)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "installing"
    time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert dump(db) == before and integrity(db) == "ok"
    store = Store.open_sqlite(db)  # and the app opens it as usual
    store.close()
    # Without the kill the same restore completes.
    done = subprocess.run(
        [sys.executable, "-c", _SLOW_RESTORE, str(db), str(other)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout.strip().endswith("done")
    assert dump(db) == dump(other)


def test_a_board_start_backs_up_the_day_apart_from_the_board(db: Path) -> None:
    """The first board's child answers first, then a grandchild copies: the start does not
    wait for the copy, and the copy is there soon after."""
    from kaffefoerst.first_board import start

    board = start(db, DAY, "MH", None, backup_day=DAY)()
    assert board.plan is not None and not board.readonly
    for _ in range(200):  # the grandchild runs on its own; give it up to 10 s
        if backup.backups_of(db):
            break
        time.sleep(0.05)
    (copy,) = backup.backups_of(db)
    assert copy.name == "team-2026-03-02.db" and integrity(copy) == "ok"
    start(db, DAY, "MH", None, backup_day=DAY)()  # a later start that day: still one copy
    time.sleep(0.3)
    assert backup.backups_of(db) == [copy]
