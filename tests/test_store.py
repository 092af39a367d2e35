"""Store: pragmas on every connection, owner-only files, a checked schema, harmless refusals."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from kaffefoerst.domain.errors import DatabaseBusy, DomainError
from kaffefoerst.locale import t
from kaffefoerst.model import Team
from kaffefoerst.problem import problem_line
from kaffefoerst.store import schema
from kaffefoerst.store.database import BUSY_TIMEOUT_MS
from kaffefoerst.store.engine import Store
from kaffefoerst.store.schema_head import HEAD


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kaffefoerst.db"


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes and what else lies beside it, to prove a refusal changed nothing."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, sorted(p.name for p in path.parent.iterdir())


def make_store_db(path: Path) -> None:
    """A valid kaffefoerst database at the latest version, closed cleanly."""
    store = Store.open_sqlite(path)
    with store.session() as session:
        session.add(Team(name="Nord"))
        session.commit()
    store.close()


def pragmas(conn) -> tuple[str, int, int]:
    return (
        conn.exec_driver_sql("PRAGMA journal_mode").scalar_one(),
        conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one(),
        conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one(),
    )


def open_error(path: Path, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as info:
        Store.open_sqlite(path, **kwargs)
    return info.value


# --- pragmas, files, version ----------------------------------------------------------------


def test_pragmas_on_every_connection_including_a_second_one_from_the_pool(db):
    store = Store.open_sqlite(db)
    try:
        with store.engine.connect() as first, store.engine.connect() as second:
            assert first.connection.dbapi_connection is not second.connection.dbapi_connection
            assert pragmas(first) == ("wal", 1, BUSY_TIMEOUT_MS)
            assert pragmas(second) == ("wal", 1, 5000)
            for conn in (first, second):  # set with WAL by the same hook: NORMAL is 1
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 1
        with store.session() as session:
            assert pragmas(session.connection()) == ("wal", 1, 5000)
    finally:
        store.close()


def test_foreign_keys_are_enforced(db):
    store = Store.open_sqlite(db)
    try:
        with store.engine.connect() as conn, pytest.raises(Exception, match="FOREIGN KEY"):
            conn.exec_driver_sql(
                "INSERT INTO carer (initials, name, profession, competences, phone, team_id,"
                " on_call_substitute) VALUES ('AB', 'Anna', 'SSH', '', '', 999, 0)"
            )
    finally:
        store.close()


def test_readonly_connections_have_the_pragmas_too(db):
    make_store_db(db)
    store = Store.open_sqlite(db, readonly=True)
    try:
        with store.engine.connect() as first, store.engine.connect() as second:
            assert pragmas(first) == ("wal", 1, 5000)
            assert pragmas(second) == ("wal", 1, 5000)
    finally:
        store.close()


def test_database_and_its_wal_and_shm_files_are_owner_only(db):
    old_umask = os.umask(0)  # even a permissive umask must not widen them
    try:
        store = Store.open_sqlite(db)
        with store.session() as session:  # keep a write in the WAL while we look
            session.add(Team(name="Nord"))
            session.commit()
            for suffix in ("", "-wal", "-shm"):
                path = Path(f"{db}{suffix}")
                assert path.exists(), suffix
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, suffix
        store.close()
    finally:
        os.umask(old_umask)


def test_missing_parent_folders_are_created_owner_only(tmp_path):
    db = tmp_path / "a" / "b" / "kaffefoerst.db"
    Store.open_sqlite(db).close()
    assert db.exists()
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_schema_version_is_recorded_as_the_latest(db):
    store = Store.open_sqlite(db)
    try:
        raw = store.engine.raw_connection()
        try:
            assert schema.stored_revision(raw.driver_connection).current
        finally:
            raw.close()
        with store.engine.connect() as conn:
            recorded = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
        assert recorded == HEAD
    finally:
        store.close()


def test_reopening_keeps_the_data(db):
    make_store_db(db)
    store = Store.open_sqlite(db)
    try:
        with store.session() as session:
            assert [team.name for team in session.exec(select(Team))] == ["Nord"]
    finally:
        store.close()


# --- refusals that change nothing -----------------------------------------------------------


@pytest.mark.parametrize("readonly", [False, True])
def test_newer_database_is_refused_and_left_byte_identical(db, readonly):
    make_store_db(db)
    newer = schema.head_number() + 1
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (f"{newer:04d}",))
    conn.close()
    before = fingerprint(db)

    error = open_error(db, readonly=readonly)

    assert error.key == "error.db_newer"
    assert error.fields["found"] == newer
    assert error.fields["known"] == schema.head_number()
    if readonly:
        # A read-only reader of a WAL database may leave empty -wal/-shm beside it (SQLite
        # cannot remove them without write access); the database itself is untouched.
        assert fingerprint(db)[0] == before[0]
        for side in db.parent.glob(db.name + "-*"):
            assert stat.S_IMODE(side.stat().st_mode) == 0o600, side
        wal = Path(f"{db}-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    else:
        assert fingerprint(db) == before


@pytest.mark.parametrize("readonly", [False, True])
def test_corrupt_file_is_refused_and_left_unchanged(db, readonly):
    db.write_bytes(random.Random(7).randbytes(16 * 1024))
    before = fingerprint(db)

    error = open_error(db, readonly=readonly)

    assert error.key == "error.db_corrupt"
    assert error.fields["reason"]
    assert fingerprint(db) == before


def test_read_only_marked_file_is_refused_for_writing_and_left_unchanged(db):
    make_store_db(db)
    db.chmod(0o400)
    try:
        before = fingerprint(db)
        error = open_error(db)
        assert error.key == "error.db_readonly"
        assert fingerprint(db) == before
        # A coach may still read it.
        store = Store.open_sqlite(db, readonly=True)
        with store.session() as session:
            assert [team.name for team in session.exec(select(Team))] == ["Nord"]
        store.close()
    finally:
        db.chmod(0o600)


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "kaffefoerst.db"
    folder.mkdir()
    error = open_error(folder)
    assert error.key == "error.db_is_dir"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "relative",
    [
        "a_file/sub/kaffefoerst.db",  # the parent would have to be made inside a file
        "a_file/kaffefoerst.db",  # the parent exists but is a file
    ],
)
def test_path_whose_parent_cannot_be_created_is_refused(tmp_path, relative):
    (tmp_path / "a_file").write_text("not a folder")
    error = open_error(tmp_path / relative)
    assert error.key == "error.db_cannot_create"
    assert error.fields["reason"]
    assert (tmp_path / "a_file").read_text() == "not a folder"


def test_foreign_sqlite_database_is_refused_and_left_unchanged(db):
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.close()
    before = fingerprint(db)

    error = open_error(db)

    assert error.key == "error.db_foreign"
    assert fingerprint(db) == before


def test_half_made_database_gives_a_store_error_not_a_crash(db):
    """A kaffefoerst_meta table without a version row (an interrupted first start of the
    release before Alembic)."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE kaffefoerst_meta (key VARCHAR NOT NULL PRIMARY KEY,"
            " value VARCHAR NOT NULL)"
        )
    conn.close()
    open_error(db)


# --- coach mode -----------------------------------------------------------------------------


def test_a_held_lock_leaves_the_store_as_database_busy_and_changes_nothing(db):
    """Above store/ nobody names the driver: a writer that waited out the busy timeout gets
    the one error type (the board shows error.db_busy and stays up)."""
    make_store_db(db)
    before = fingerprint(db)
    store = Store.open_sqlite(db)
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy) as caught, store.session() as session:
            session.connection().exec_driver_sql("PRAGMA busy_timeout = 0")  # fail at once
            session.add(Team(name="Syd"))
            session.commit()
        assert caught.value.key == "error.db_busy"
        assert isinstance(caught.value.__cause__, OperationalError)
        assert problem_line(caught.value) == t("error.db_busy")
        other.execute("ROLLBACK")
    finally:
        other.close()
        store.close()
    assert fingerprint(db)[0] == before[0]


def test_readonly_store_refuses_writes_at_the_driver_level(db):
    make_store_db(db)
    before = fingerprint(db)
    store = Store.open_sqlite(db, readonly=True)
    try:
        with store.engine.connect() as conn, pytest.raises(OperationalError) as info:
            conn.exec_driver_sql(
                "INSERT INTO team (name, gap_min, meeting_min) VALUES ('Syd', 5, 15)"
            )
        assert isinstance(info.value.orig, sqlite3.OperationalError)
        assert "readonly database" in str(info.value.orig)
        with store.session() as session, pytest.raises(OperationalError, match="readonly database"):
            session.add(Team(name="Syd"))
            session.commit()
    finally:
        store.close()
    assert fingerprint(db)[0] == before[0]


def test_readonly_open_of_a_missing_file_creates_nothing(db):
    error = open_error(db, readonly=True)
    assert error.key == "error.db_missing"
    assert not db.exists()
    assert list(db.parent.iterdir()) == []


@pytest.mark.parametrize("folder", ["Mine filer", "Hjemmepleje Øst å", "team#2", "100%20ok", "a?b"])
def test_awkward_paths_open_the_right_file_in_both_modes(tmp_path, folder):
    db = tmp_path / folder / "kaffefoerst.db"
    make_store_db(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
    store = Store.open_sqlite(db, readonly=True)
    try:
        with store.session() as session:
            assert [team.name for team in session.exec(select(Team))] == ["Nord"]
    finally:
        store.close()
