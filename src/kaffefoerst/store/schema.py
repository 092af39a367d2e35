"""Schema versions: each migration is a frozen SQL file; a database from newer code is refused."""

from __future__ import annotations

from sqlalchemy import text

from kaffefoerst.store.engine import Store, StoreError
from kaffefoerst.store.migration_sql import (
    latest_version,
    migration_sql,
    statements,
)


def current_version(store: Store) -> int:
    with store.engine.connect() as conn:
        has_meta = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='kaffefoerst_meta'"
        ).first()
        if not has_meta:
            tables = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).scalar_one()
            if tables:
                raise StoreError("error.db_foreign", path=store.path)
            return 0
        row = conn.execute(
            text("SELECT value FROM kaffefoerst_meta WHERE key = 'schema_version'")
        ).first()
        return _as_version(row[0], store) if row else 0


def _as_version(value: object, store: Store) -> int:
    """The stored schema version; anything but plain digits is a damaged or foreign file."""
    text_value = str(value)
    if not text_value.isascii() or not text_value.isdigit():
        raise StoreError("error.db_bad_version", path=store.path, value=text_value[:20])
    return int(text_value)


def upgrade_to(store: Store, target: int) -> None:
    """Apply migrations one by one, each in its own transaction."""
    version = current_version(store)
    for step in range(version + 1, target + 1):
        raw = store.engine.raw_connection()
        try:
            # executescript would commit on its own; we want the step and its version bump atomic.
            cur = raw.cursor()
            cur.execute("BEGIN IMMEDIATE")
            if _version_in_transaction(cur) >= step:  # another process got here first
                raw.rollback()
                continue
            for statement in statements(migration_sql(step)):
                cur.execute(statement)
            cur.execute(
                "INSERT INTO kaffefoerst_meta(key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(step),),
            )
            raw.commit()
        except Exception:
            raw.rollback()
            raise
        finally:
            raw.close()


def _version_in_transaction(cur) -> int:
    cur.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='kaffefoerst_meta'")
    if cur.fetchone() is None:
        return 0
    cur.execute("SELECT value FROM kaffefoerst_meta WHERE key = 'schema_version'")
    row = cur.fetchone()
    return int(row[0]) if row else 0


def check_version(store: Store) -> int:
    """The recorded version; refuses a foreign or newer database. Reads only."""
    version = current_version(store)
    latest = latest_version()
    if version > latest:
        raise StoreError("error.db_newer", path=store.path, found=version, known=latest)
    return version


def check_and_upgrade(store: Store, *, upgrade: bool = True) -> int:
    version = check_version(store)
    latest = latest_version()
    if version < latest:
        if not upgrade:
            raise StoreError("error.db_needs_upgrade", path=store.path, found=version, known=latest)
        upgrade_to(store, latest)
    return latest
