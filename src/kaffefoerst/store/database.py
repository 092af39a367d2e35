"""Opening a database file: owner-only files, pragmas, a checked and upgraded schema.

sqlite3 alone, no database library: the store's engine connects after this has run, and the
child that reads the first board (first_board.py) uses this same function before the UI has
even finished importing.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.private import narrow, private_dir
from kaffefoerst.store import schema

BUSY_TIMEOUT_MS = 5000
# The files SQLite keeps beside a database in WAL mode; it creates them with the database's mode.
SIDE_FILES = ("-wal", "-shm")
Notice = tuple[str, dict[str, object]]


def connector(path: Path, readonly: bool, *, immutable: bool = False):  # noqa: ANN201
    """A connect function with our pragmas; a path with spaces, '#', '?' or '%' is not
    mangled by URL parsing."""
    if readonly:
        # immutable: read-only media, where SQLite cannot make the -shm file WAL reading needs.
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        target, uri = f"file:{quote(str(path.resolve()))}?{flags}", True
    else:
        target, uri = str(path), False

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(target, uri=uri, check_same_thread=False)
        set_pragmas(conn)
        return conn

    return connect


def set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def set_wal(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def set_filling(conn: sqlite3.Connection) -> None:
    """A new file nobody sees yet (a backup being made): no journal and no syncs; the caller
    syncs it once and renames it into place."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")


def set_standalone(conn: sqlite3.Connection) -> None:
    """One self-contained file with nothing beside it (a backup), whatever its source used."""
    conn.execute("PRAGMA journal_mode = DELETE")


def open_database(
    path: Path, *, readonly: bool = False, upgrade: bool = True
) -> tuple[sqlite3.Connection, bool, list[Notice]]:
    """Create (0600) or narrow the file, check and upgrade its schema; returns a connection,
    whether it had to be opened as immutable (read-only media), and notices for the person."""
    path = Path(path).expanduser()
    if readonly:
        if not path.exists():
            raise DomainError("error.db_missing", path=path)
    else:
        _check_writable(path)
        if not path.exists():
            try:
                _touch_owner_only(path)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise DomainError("error.db_cannot_create", path=path, reason=reason) from exc
    notices: list[Notice] = []
    narrowed = _narrow_all(path)
    if narrowed is not None:
        notices.append(("store.narrowed", {"path": path, "mode": f"{narrowed:o}"}))
    for immutable in (False, True):
        conn = connector(path, readonly, immutable=immutable)()
        try:
            # Look before writing anything: switching to WAL rewrites a foreign file's header.
            schema.check_version(conn, path)
            quick_check(conn, path)
            if not readonly:
                set_wal(conn)
            schema.check_and_upgrade(conn, path, upgrade=upgrade and not readonly)
            return conn, immutable, notices
        except sqlite3.DatabaseError as exc:
            conn.close()
            if readonly and not immutable and _on_read_only_media(path):
                continue
            raise DomainError("error.db_corrupt", path=path, reason=str(exc)) from exc
        except DomainError:
            conn.close()
            raise
    raise AssertionError("unreachable")


def _touch_owner_only(path: Path) -> None:
    """Create the file 0600 before SQLite does; SQLite gives -wal/-shm the same mode."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise DomainError("error.db_is_dir", path=path)
    if path.exists():
        # Root ignores mode bits; we honour them so a file marked read-only stays untouched.
        if not path.stat().st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise DomainError("error.db_readonly", path=path)
        return
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise DomainError(
            "error.db_cannot_create", path=path, reason="not a folder: " + str(parent)
        )
    if not parent.exists():
        try:
            private_dir(parent)  # every missing folder 0700, not just the last
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise DomainError("error.db_cannot_create", path=path, reason=reason) from exc
    if not os.access(parent, os.W_OK):
        raise DomainError("error.db_cannot_create", path=path, reason="permission denied")


def _narrow_all(path: Path) -> int | None:
    """An existing database others can read becomes owner-only, with its -wal and -shm (SQLite
    would give new ones the database's old mode). The widest old mode, or None."""
    modes = [narrow(Path(f"{path}{suffix}")) for suffix in ("", *SIDE_FILES)]
    found = [mode for mode in modes if mode is not None]
    return max(found) if found else None


def _on_read_only_media(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's cheap consistency check (no index-to-table cross-check), once at open: a damaged
    page stops us here with one clear line instead of a crash in the middle of the morning."""
    found = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if found != "ok":
        reason = " ".join(str(found).split())  # SQLite's report spans lines; ours is one
        raise DomainError("error.db_corrupt", path=path, reason=reason[:200])
