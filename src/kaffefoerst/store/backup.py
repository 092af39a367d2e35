"""Backups and restore with SQLite's online backup API: a consistent copy while others write.

Backups live in ``backups/`` beside the database (0700), one file per copy, 0600:
``<db name>-YYYY-MM-DD.db`` for the first start of a day, ``<db name>-YYYY-MM-DD-HHMMSS.db`` on
demand and before a restore. The newest 14 are kept.

A restore copies the chosen file into a fresh temporary file beside the database, checks that
copy (a kaffefoerst database, not from a newer schema, undamaged), and then writes it into the
live database with the backup API as one SQLite transaction. kill -9 at any point leaves the
database as it was: SQLite rolls an unfinished transaction back, and the -wal/-shm files stay
SQLite's own business. (Renaming a file over the database would not be safe while a board in
another terminal holds it open: it would go on writing into the replaced file.) A damaged
database, which no board can open, is kept byte for byte as ``…-damaged.db`` and replaced by
the checked copy with a rename.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.private import FILE_MODE, private_dir, write_private
from kaffefoerst.store import schema
from kaffefoerst.store.database import (
    SIDE_FILES,
    quick_check,
    set_filling,
    set_pragmas,
    set_standalone,
)

KEEP = 14
FOLDER = "backups"
PAGES_PER_STEP = 4096  # 16 MB a step with 4 KiB pages; all steps are one transaction
_STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a killed backup


def backup_folder(db: Path) -> Path:
    return Path(db).expanduser().parent / FOLDER


def _pattern(db: Path) -> re.Pattern[str]:
    stem = re.escape(Path(db).stem)
    return re.compile(rf"{stem}-(\d{{4}}-\d{{2}}-\d{{2}})(?:-(\d{{6}})(?:-(\d+))?)?\.db")


def backups_of(db: Path) -> list[Path]:
    """This database's backups, oldest first (a day's first backup before its later ones)."""
    folder = backup_folder(db)
    if not folder.is_dir():
        return []
    pattern = _pattern(db)
    found = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match:
            key = (match.group(1), match.group(2) or "", int(match.group(3) or 0))
            found.append((key, path))
    return [path for _key, path in sorted(found)]


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    set_pragmas(conn)
    return conn


def _fresh_file(folder: Path, name: str) -> Path:
    """A new, empty 0600 file with a random name beside ``name`` (never through a symlink)."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, FILE_MODE)
    return Path(tmp)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """The online backup: every page as of one moment, even while others write."""
    source.backup(target, pages=PAGES_PER_STEP)


def copy_to(db: Path, target: Path, *, readonly: bool = False) -> Path:
    """A consistent, self-contained (no -wal) 0600 copy of ``db`` at ``target``; ``readonly``
    for a file that is not ours to change (the file a restore reads)."""
    db = Path(db).expanduser()
    if not db.is_file():
        raise DomainError("error.db_missing", path=db)
    folder = private_dir(target.parent)
    tmp = _fresh_file(folder, target.name)
    try:
        source = _connect(db, readonly=readonly)
        try:
            copy = sqlite3.connect(tmp)
            try:
                set_filling(copy)  # a third of the time; synced once below, before the rename
                _copy(source, copy)
                set_standalone(copy)
            finally:
                copy.close()
        finally:
            source.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def backup_now(db: Path, now: datetime) -> Path:
    """On demand (and before a restore): a copy named by date and time, then prune."""
    folder, name = backup_folder(db), f"{Path(db).stem}-{now:%Y-%m-%d-%H%M%S}"
    target, n = folder / f"{name}.db", 1
    while target.exists():  # two copies in one second (a backup, then a restore's): both kept
        n += 1
        target = folder / f"{name}-{n}.db"
    copy_to(db, target)
    prune(db)
    return target


def daily_backup(db: Path, today: date) -> Path | None:
    """The first start of a day backs up; later starts find today's copy and do nothing."""
    db = Path(db).expanduser()
    target = backup_folder(db) / f"{db.stem}-{today.isoformat()}.db"
    if target.exists() or not db.is_file():
        return None
    copy_to(db, target)
    prune(db)
    return target


def prune(db: Path, keep: int = KEEP) -> list[Path]:
    """Keep the newest ``keep`` backups; also clear temporary files a killed copy left."""
    old = backups_of(db)[:-keep] if keep else backups_of(db)
    for path in old:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    folder = backup_folder(db)
    for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > _STALE_TEMP_SECONDS:
                leftover.unlink()
    return old


def check_restorable(source: Path) -> int:
    """The file's schema version; refuses what is not a kaffefoerst database, is damaged, or
    is from a newer schema (the same checks and messages as opening a database)."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise DomainError("backup.missing", path=source)
    try:
        conn = _connect(source, readonly=True)
    except sqlite3.Error as exc:
        raise DomainError("error.db_corrupt", path=source, reason=str(exc)) from exc
    try:
        stored = schema.check_version(conn, source)
        if stored.number == 0:
            raise DomainError("backup.empty", path=source)
        quick_check(conn, source)  # the same check and message as opening a database
        return stored.number
    except sqlite3.DatabaseError as exc:
        raise DomainError("error.db_corrupt", path=source, reason=str(exc)) from exc
    finally:
        conn.close()


def restore(db: Path, source: Path, now: datetime) -> Path | None:
    """Replace the database's contents with ``source``'s, all at once. Returns the backup of
    the database as it was (None when there was no database yet)."""
    db, source = Path(db).expanduser(), Path(source).expanduser()
    check_restorable(source)
    damaged = db.is_file() and not _sound_target(db)
    folder = private_dir(db.parent)
    staged = _fresh_file(folder, db.name)
    try:
        # Our own copy: the file cannot change between the check and the install.
        copy_to(source, staged, readonly=True)
        check_restorable(staged)
        if damaged:
            safety: Path | None = _keep_damaged(db, now)
            _replace_damaged(staged, db)
        elif db.is_file():
            safety = backup_now(db, now)
            _install(staged, db)
        else:  # nothing to keep: the checked copy simply becomes the database
            safety = None
            os.replace(staged, db)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    return safety


def _sound_target(db: Path) -> bool:
    """True for a readable kaffefoerst database, False for a damaged one (what a restore is
    for). Another program's database, or one from a newer kaffefoerst, is not ours to
    overwrite: refused with the open checks' messages."""
    try:
        conn = _connect(db, readonly=True)
    except sqlite3.Error:
        return False
    try:
        schema.check_version(conn, db)
        quick_check(conn, db)
    except DomainError as exc:
        if exc.key in ("error.db_foreign", "error.db_newer"):
            raise
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return True


def _keep_damaged(db: Path, now: datetime) -> Path:
    """A damaged database cannot be copied page by page: its bytes are kept as they are (with
    its -wal), beside the backups, so nothing is ever lost."""
    target = backup_folder(db) / f"{db.stem}-{now:%Y-%m-%d-%H%M%S}-damaged.db"
    write_private(target, db.read_bytes())
    wal = Path(f"{db}-wal")
    if wal.is_file():
        write_private(Path(f"{target}-wal"), wal.read_bytes())
    return target


def _replace_damaged(staged: Path, db: Path) -> None:
    """No board can have a damaged database open (opening refuses it), so the checked copy is
    renamed over it; the old -wal/-shm go first, or SQLite would replay them into the copy."""
    for suffix in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{db}{suffix}").unlink()
    os.replace(staged, db)


def _install(staged: Path, db: Path) -> None:
    """Write the staged copy into the live database as one transaction (see the module note)."""
    copy = _connect(staged, readonly=True)
    try:
        live = _connect(db, readonly=False)
        try:
            _copy(copy, live)
        except sqlite3.OperationalError as exc:
            raise DomainError("backup.restore_failed", path=db, reason=str(exc)) from exc
        finally:
            live.close()
    finally:
        copy.close()
