"""Migrations: the SQL files build exactly model.py's schema, and every older database upgrades."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import UniqueConstraint, create_engine, inspect
from sqlalchemy.dialects import sqlite
from sqlmodel import SQLModel, select

from kaffefoerst import model
from kaffefoerst.store import migration_sql, schema
from kaffefoerst.store.engine import Store

META_TABLE = "kaffefoerst_meta"


# --- the SQL files match model.py -----------------------------------------------------------


def model_shape() -> dict[str, dict[str, object]]:
    dialect = sqlite.dialect()
    shape = {}
    for name, table in SQLModel.metadata.tables.items():
        uniques = {tuple(c.name for c in index.columns) for index in table.indexes if index.unique}
        uniques |= {
            tuple(c.name for c in constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, UniqueConstraint)
        }
        shape[name] = {
            "columns": {
                c.name: (c.nullable, c.type.compile(dialect=dialect)) for c in table.columns
            },
            "primary key": [c.name for c in table.primary_key],
            "foreign keys": sorted(
                (fk.parent.name, fk.column.table.name, fk.column.name) for fk in table.foreign_keys
            ),
            "indexes": sorted(
                (index.name, tuple(c.name for c in index.columns), bool(index.unique))
                for index in table.indexes
            ),
            "unique": sorted(uniques),
        }
    return shape


def database_shape(store: Store) -> dict[str, dict[str, object]]:
    inspector = inspect(store.engine)
    shape = {}
    for name in inspector.get_table_names():
        if name == META_TABLE:
            continue
        indexes = inspector.get_indexes(name)
        uniques = {tuple(i["column_names"]) for i in indexes if i["unique"]}
        uniques |= {tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)}
        shape[name] = {
            "columns": {
                c["name"]: (c["nullable"], str(c["type"])) for c in inspector.get_columns(name)
            },
            "primary key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign keys": sorted(
                (column, fk["referred_table"], referred)
                for fk in inspector.get_foreign_keys(name)
                for column, referred in zip(
                    fk["constrained_columns"], fk["referred_columns"], strict=True
                )
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in indexes
            ),
            "unique": sorted(uniques),
        }
    return shape


def test_migrations_build_exactly_the_schema_of_model_py(tmp_path):
    """Fails when model.py changes without a new file in store/migrations (or the other way)."""
    assert model.Team.__tablename__ in SQLModel.metadata.tables
    store = Store.open_sqlite(tmp_path / "fresh.db")
    try:
        built = database_shape(store)
    finally:
        store.close()
    expected = model_shape()
    assert sorted(built) == sorted(expected), "tables differ"
    for table in expected:
        assert built[table]["columns"] == expected[table]["columns"], table
        assert built[table] == expected[table], table


def test_migration_files_are_numbered_without_gaps():
    files = migration_sql.migration_files()
    assert files, "no migrations"
    for number, name in enumerate(files, start=1):
        assert re.fullmatch(rf"v{number:04d}_[a-z0-9_]+\.sql", name), name
    assert migration_sql.latest_version() == len(files)


# --- upgrading from every older version -----------------------------------------------------


def version_of(store: Store) -> int:
    raw = store.engine.raw_connection()
    try:
        return schema.current_version(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()


def store_at_version(path: Path, version: int) -> Store:
    """A database built by migrations 1..version only, as an older kaffefoerst left it.

    ``Store.open_sqlite`` always upgrades to the latest, so this builds the Store by hand
    (no pragmas needed to lay down an old schema).
    """
    conn = sqlite3.connect(path)
    schema.upgrade_to(conn, version)
    assert schema.current_version(conn) == version
    conn.close()
    return Store(create_engine(f"sqlite:///{path}"), path=path)


# Values for columns that must make sense; the rest are filled from their declared type.
MEANINGFUL = {
    "team": {"name": "Hjemmeplejen Nord"},
    "carer": {"initials": "AB", "name": "Anna Bach", "profession": "SSA"},
}
BY_TYPE = {"INT": 0, "BOOL": 0, "DATETIME": "2025-01-06 07:00:00", "DATE": "2025-01-06"}


def filler(declared: str) -> object:
    for prefix, value in BY_TYPE.items():
        if declared.upper().startswith(prefix):
            return value
    return ""


def insert_row(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> int:
    """Insert ``values`` plus every NOT NULL column without a default that this version has."""
    row = dict(values)
    for _cid, name, declared, notnull, default, pk in conn.execute(f"PRAGMA table_info({table})"):
        if name not in row and notnull and default is None and not pk:
            row[name] = filler(declared)
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    cur = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return cur.lastrowid


@pytest.mark.parametrize("version", range(1, migration_sql.latest_version() + 1))
def test_upgrade_from_every_older_version_keeps_the_data(tmp_path, version):
    path = tmp_path / f"v{version}.db"
    store_at_version(path, version).close()
    with sqlite3.connect(path) as conn:
        team_id = insert_row(conn, "team", MEANINGFUL["team"])
        insert_row(conn, "carer", {**MEANINGFUL["carer"], "team_id": team_id})
    conn.close()

    store = Store.open_sqlite(path)
    try:
        assert version_of(store) == migration_sql.latest_version()
        with store.session() as session:
            [team] = session.exec(select(model.Team)).all()
            [carer] = session.exec(select(model.Carer)).all()
        assert team.name == "Hjemmeplejen Nord"
        assert (carer.initials, carer.name, carer.team_id) == ("AB", "Anna Bach", team.id)
        assert carer.profession is model.Profession.SSA
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    finally:
        store.close()


def test_open_upgrades_an_old_database_once_and_then_leaves_it(tmp_path):
    path = tmp_path / "old.db"
    store_at_version(path, 1).close()
    for _ in range(2):
        store = Store.open_sqlite(path)
        assert version_of(store) == migration_sql.latest_version()
        store.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT key, value FROM kaffefoerst_meta").fetchall()
    conn.close()
    assert rows == [("schema_version", str(migration_sql.latest_version()))]


def test_day_columns_round_trip_after_upgrade(tmp_path):
    """ISO dates written by the migrated schema read back as ``date`` through the model."""
    store = Store.open_sqlite(tmp_path / "d.db")
    try:
        with store.session() as session:
            team = model.Team(name="Syd")
            session.add(team)
            session.flush()
            carer = model.Carer(initials="CD", name="Cecilie", profession="SSH", team_id=team.id)
            session.add(carer)
            session.flush()
            session.add(
                model.Shift(carer_id=carer.id, day=date(2025, 1, 6), start_min=420, end_min=900)
            )
            session.commit()
        with store.session() as session:
            [shift] = session.exec(select(model.Shift)).all()
        assert shift.day == date(2025, 1, 6)
    finally:
        store.close()
