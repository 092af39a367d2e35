"""Open a database with the pragmas every connection needs, owner-only files, a checked schema."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from kaffefoerst.io.private import narrow, private_dir

BUSY_TIMEOUT_MS = 5000
# The files SQLite keeps beside a database in WAL mode; it creates them with the database's mode.
SIDE_FILES = ("-wal", "-shm")


class StoreError(Exception):
    """A database problem with a message fit to show a person (key into the locale catalogue)."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _set_wal(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _touch_owner_only(path: Path) -> None:
    """Create the file 0600 before SQLite does; SQLite gives -wal/-shm the same mode."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise StoreError("error.db_is_dir", path=path)
    if path.exists():
        # Root ignores mode bits; we honour them so a file marked read-only stays untouched.
        if not path.stat().st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise StoreError("error.db_readonly", path=path)
        return
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise StoreError("error.db_cannot_create", path=path, reason="not a folder: " + str(parent))
    if not parent.exists():
        try:
            private_dir(parent)  # every missing folder 0700, not just the last
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StoreError("error.db_cannot_create", path=path, reason=reason) from exc
    if not os.access(parent, os.W_OK):
        raise StoreError("error.db_cannot_create", path=path, reason="permission denied")


class Store:
    """One database: an engine with our pragmas and a schema checked on open."""

    def __init__(self, engine: Engine, *, readonly: bool = False, path: Path | None = None) -> None:
        self.engine = engine
        self.readonly = readonly
        self.path = path
        # Things the person should hear about (locale key, fields), e.g. a database narrowed.
        self.notices: list[tuple[str, dict[str, object]]] = []

    @classmethod
    def open_sqlite(cls, path: Path, *, readonly: bool = False, upgrade: bool = True) -> Store:
        path = Path(path).expanduser()
        if readonly:
            if not path.exists():
                raise StoreError("error.db_missing", path=path)
        else:
            _check_writable(path)
            if not path.exists():
                try:
                    _touch_owner_only(path)
                except OSError as exc:
                    reason = exc.strerror or str(exc)
                    raise StoreError("error.db_cannot_create", path=path, reason=reason) from exc
        narrowed = _narrow_all(path)
        store = _open_checked(cls, path, readonly, upgrade, immutable=False)
        if narrowed is not None:
            store.notices.append(("store.narrowed", {"path": path, "mode": f"{narrowed:o}"}))
        return store

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


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


def _open_checked(
    cls: type[Store], path: Path, readonly: bool, upgrade: bool, *, immutable: bool
) -> Store:
    from kaffefoerst.store import schema

    if readonly:
        # immutable: read-only media, where SQLite cannot make the -shm file WAL reading needs.
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        target, uri = f"file:{quote(str(path.resolve()))}?{flags}", True
    else:
        target, uri = str(path), False

    def connect() -> sqlite3.Connection:
        # Our own connect: a path with spaces, '#', '?' or '%' is not mangled by URL parsing.
        return sqlite3.connect(target, uri=uri, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    event.listen(engine, "connect", _set_pragmas)
    store = cls(engine, readonly=readonly, path=path)
    try:
        # Look before writing anything: switching to WAL rewrites a foreign file's header.
        schema.check_version(store)
        _quick_check(store)
        if not readonly:
            # The pooled connection from that look switches now; new ones on connect.
            with engine.connect() as conn:
                _set_wal(conn.connection.dbapi_connection, None)  # type: ignore[arg-type]
            event.listen(engine, "connect", _set_wal)
        schema.check_and_upgrade(store, upgrade=upgrade and not readonly)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        if readonly and not immutable and _on_read_only_media(path):
            return _open_checked(cls, path, readonly, upgrade, immutable=True)
        # The driver's own words only: SQLAlchemy's message would quote SQL parameters.
        reason = getattr(exc, "orig", None) or exc
        raise StoreError("error.db_corrupt", path=path, reason=str(reason)) from exc
    except StoreError:
        engine.dispose()
        raise
    return store


def _quick_check(store: Store) -> None:
    """SQLite's cheap consistency check (no index-to-table cross-check), once at open: a damaged
    page stops us here with one clear line instead of a crash in the middle of the morning."""
    with store.engine.connect() as conn:
        found = conn.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    if found != "ok":
        reason = " ".join(str(found).split())  # SQLite's report spans lines; ours is one
        raise StoreError("error.db_corrupt", path=store.path, reason=reason[:200])
