"""Migrations: Alembic's revisions build exactly model.py's schema, a database from the release
before Alembic (schema 1-6, kept as its frozen SQL in tests/fixtures/legacy_schema/) upgrades
without losing a row, and a current database opens without importing Alembic."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import UniqueConstraint, create_engine, inspect
from sqlalchemy.dialects import sqlite
from sqlmodel import SQLModel, select

from kaffefoerst import model
from kaffefoerst.domain.errors import DomainError
from kaffefoerst.store import head_schema, migrate, schema
from kaffefoerst.store.engine import Store
from kaffefoerst.store.schema_head import HEAD

LEGACY_SQL = Path(__file__).parent / "fixtures" / "legacy_schema"
LEGACY_LAST = 6  # the schema version of the last release before Alembic
BOOKKEEPING = {schema.LEGACY_TABLE, schema.VERSION_TABLE}


# --- the revisions match model.py -----------------------------------------------------------


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
        if name in BOOKKEEPING:
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


def differences(store: Store) -> list[object]:
    """Alembic's own comparison of the database with model.py (what autogenerate would write)."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, _parents: (
                    not (type_ == "table" and name in BOOKKEEPING)
                )
            },
        )
        return compare_metadata(context, SQLModel.metadata)


def assert_schema_is_the_model(store: Store) -> None:
    assert differences(store) == []
    built, expected = database_shape(store), model_shape()
    assert sorted(built) == sorted(expected), "tables differ"
    for table in expected:
        assert built[table]["columns"] == expected[table]["columns"], table
        assert built[table] == expected[table], table


def test_revisions_build_exactly_the_schema_of_model_py(tmp_path):
    """Fails when model.py changes without a revision in store/migrations (or the other way)."""
    assert model.Team.__tablename__ in SQLModel.metadata.tables
    store = Store.open_sqlite(tmp_path / "fresh.db")
    try:
        assert_schema_is_the_model(store)
    finally:
        store.close()


def test_the_comparison_sees_a_column_the_model_lacks(tmp_path):
    """The check above can fail: a column added behind the model's back is a difference."""
    path = tmp_path / "drift.db"
    Store.open_sqlite(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE visit ADD COLUMN not_in_the_model VARCHAR")
    conn.close()
    store = Store.open_sqlite(path)
    try:
        assert [diff[0] for diff in differences(store)] == ["remove_column"]
    finally:
        store.close()


def test_revisions_are_one_numbered_line_ending_at_head():
    scripts = ScriptDirectory(str(migrate.SCRIPTS))
    assert scripts.get_heads() == [HEAD], "store/schema_head.py HEAD must be Alembic's one head"
    line = list(reversed(list(scripts.walk_revisions())))
    assert [r.revision for r in line] == [f"{n:04d}" for n in range(LEGACY_LAST, int(HEAD) + 1)]
    for revision in line:
        assert re.fullmatch(rf"{revision.revision}_[a-z0-9_]+\.py", Path(revision.path).name)


# --- databases made by the release before Alembic -------------------------------------------


def statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def legacy_database(path: Path, version: int) -> None:
    """A database as the release before Alembic left it at ``version``: its frozen SQL files
    1..version and its version row, exactly what its upgrade wrote."""
    conn = sqlite3.connect(path)
    for number, sql_file in enumerate(sorted(LEGACY_SQL.glob("v*.sql"))[:version], start=1):
        for statement in statements(sql_file.read_text("utf-8")):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO kaffefoerst_meta(key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(number),),
        )
    conn.commit()
    conn.close()


def stored(path: Path) -> schema.Stored:
    conn = sqlite3.connect(path)
    try:
        return schema.stored_revision(conn, path)
    finally:
        conn.close()


# Values for columns that must make sense; the rest are filled from their declared type.
MEANINGFUL = {
    "team": {"name": "Hjemmeplejen Nord"},
    "carer": {"initials": "AB", "name": "Anna Bach", "profession": "SSA"},
    "citizen": {"name": "Fru Jensen", "short_name": "Jensen", "address": "Storegade 1"},
    "shift": {"kind": "DAY", "start_min": 420, "end_min": 900},
    "visit": {"status": "PLANNED", "start_min": 480, "duration_min": 30},
    "absence": {"kind": "SICK"},
    "cover": {"source": "OWN_TEAM"},
    "triagenote": {"colour": "YELLOW", "observation": "spiser mindre"},
    "roleassignment": {"role": "PLANNER"},
}
# Every NOT NULL integer is 1: every foreign key then points at the first row of its table.
BY_TYPE = {"INT": 1, "BOOL": 0, "DATETIME": "2025-01-06 07:00:00", "DATE": "2025-01-06"}


def filler(declared: str) -> object:
    for prefix, value in BY_TYPE.items():
        if declared.upper().startswith(prefix):
            return value
    return ""


def insert_row(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> int:
    """Insert ``values`` plus every NOT NULL column without a default that this version has
    (and the parts of a composite key; an ``id`` key is the database's to give)."""
    row = dict(values)
    for _cid, name, declared, notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        if name not in row and notnull and default is None and name != "id":
            row[name] = filler(declared)
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    cur = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return cur.lastrowid


Contents = dict[str, tuple[list[str], list[tuple]]]


def fill_every_table(path: Path) -> Contents:
    """One row in every table the file has (parents first), and what each table holds."""
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
            )
            if name != schema.LEGACY_TABLE
        ]
        for table in tables:
            insert_row(conn, table, MEANINGFUL.get(table, {}))
        columns = {
            table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for table in tables
        }
    conn.close()
    return table_contents(path, columns)


def table_contents(path: Path, columns: dict[str, list[str]]) -> Contents:
    """Every row of these tables, in these columns (later revisions may add columns)."""
    conn = sqlite3.connect(path)
    try:
        contents: Contents = {}
        for table, names in columns.items():
            quoted = ", ".join('"' + name + '"' for name in names)
            rows = conn.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid").fetchall()
            contents[table] = (names, rows)
        return contents
    finally:
        conn.close()


def same_rows(path: Path, before: Contents) -> bool:
    return table_contents(path, {table: names for table, (names, _) in before.items()}) == before


def test_a_schema_4_database_with_a_row_in_every_table_keeps_every_row(tmp_path):
    """Issue 11: a database made by the release before Alembic (schema 4) opens and upgrades."""
    path = tmp_path / "schema4.db"
    legacy_database(path, 4)
    before = fill_every_table(path)
    assert len(before) == 17 and all(len(rows) == 1 for _, rows in before.values())

    store = Store.open_sqlite(path)
    try:
        assert_schema_is_the_model(store)
        with store.session() as session:
            [visit] = session.exec(select(model.Visit)).all()
            [note] = session.exec(select(model.TriageNote)).all()
            assert session.exec(select(model.MeetingAttendance)).all() == []  # new in 5
        assert (visit.status, visit.start_min) == (model.VisitStatus.PLANNED, 480)
        assert (note.colour, note.observation) == (model.TriageColour.YELLOW, "spiser mindre")
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    finally:
        store.close()
    assert same_rows(path, before)
    assert stored(path) == schema.Stored(int(HEAD), stamped=True)


@pytest.mark.parametrize("version", range(1, LEGACY_LAST + 1))
def test_upgrade_from_every_older_version_keeps_the_data(tmp_path, version):
    path = tmp_path / f"v{version}.db"
    legacy_database(path, version)
    before = fill_every_table(path)

    store = Store.open_sqlite(path)
    try:
        assert stored(path).current
        assert_schema_is_the_model(store)
        with store.session() as session:
            [team] = session.exec(select(model.Team)).all()
            [carer] = session.exec(select(model.Carer)).all()
        assert team.name == "Hjemmeplejen Nord"
        assert (carer.initials, carer.name, carer.team_id) == ("AB", "Anna Bach", team.id)
        assert carer.profession is model.Profession.SSA
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        store.close()
    assert same_rows(path, before)


def test_open_upgrades_an_old_database_once_and_then_leaves_it(tmp_path):
    path = tmp_path / "old.db"
    legacy_database(path, 1)
    for _ in range(2):
        Store.open_sqlite(path).close()
        assert stored(path).current
    with sqlite3.connect(path) as conn:
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        # The old release reads only this row: at our number it refuses the file as newer.
        legacy = conn.execute("SELECT key, value FROM kaffefoerst_meta").fetchall()
    conn.close()
    assert versions == [(HEAD,)]
    assert legacy == [("schema_version", str(int(HEAD)))]


@pytest.mark.skipif(int(HEAD) != LEGACY_LAST, reason="only while the head is schema 6")
def test_a_reader_uses_an_old_release_file_at_todays_schema_as_it_is(tmp_path):
    path = tmp_path / "six.db"
    legacy_database(path, LEGACY_LAST)
    fill_every_table(path)
    coach = Store.open_sqlite(path, readonly=True)
    try:
        with coach.session() as session:
            assert len(session.exec(select(model.Team)).all()) == 1
    finally:
        coach.close()
    assert not stored(path).stamped  # a reader writes nothing, not even the stamp


def test_a_reader_refuses_an_old_release_file_that_needs_an_upgrade(tmp_path):
    path = tmp_path / "four.db"
    legacy_database(path, 4)
    with pytest.raises(DomainError) as info:
        Store.open_sqlite(path, readonly=True)
    assert info.value.key == "error.db_needs_upgrade"
    assert (info.value.fields["found"], info.value.fields["known"]) == (4, int(HEAD))
    assert stored(path) == schema.Stored(4, stamped=False)


def test_an_old_release_file_with_a_version_from_the_future_is_refused(tmp_path):
    path = tmp_path / "future.db"
    legacy_database(path, LEGACY_LAST)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE kaffefoerst_meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(DomainError) as info:
        Store.open_sqlite(path)
    assert info.value.key == "error.db_newer"
    assert info.value.fields["found"] == 99


def test_a_failed_upgrade_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "v3.db"
    legacy_database(path, 3)
    before = fill_every_table(path)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrate, "_keep_legacy_marker", broken)
    with pytest.raises(DomainError) as info:
        Store.open_sqlite(path)
    assert info.value.key == "error.db_corrupt"
    assert stored(path) == schema.Stored(3, stamped=False)
    with sqlite3.connect(path) as conn:
        names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "roleassignment" not in names and "alembic_version" not in names
    assert same_rows(path, before)


def test_a_current_database_opens_without_importing_alembic(tmp_path):
    path = tmp_path / "current.db"
    Store.open_sqlite(path).close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kaffefoerst.store.database import open_database\n"
        f"conn, _, _ = open_database(Path({str(path)!r}))\n"
        "print(sorted(m for m in ('alembic', 'sqlalchemy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


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


def test_two_engines_on_one_file_agree_on_the_revision(tmp_path):
    """Alembic's own reading of the file (what `alembic current` would say) is our head."""
    path = tmp_path / "r.db"
    Store.open_sqlite(path).close()
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == HEAD
    finally:
        engine.dispose()


# --- new databases: the SQLite snapshot of the head -----------------------------------------


def test_a_new_database_from_the_snapshot_equals_one_the_revisions_built(tmp_path):
    """Fails when a revision was added or edited without `new_revision --snapshot`."""
    by_alembic = tmp_path / "alembic.db"
    migrate.upgrade(by_alembic)
    by_snapshot = tmp_path / "snapshot.db"
    Store.open_sqlite(by_snapshot).close()

    def catalogue(path: Path) -> list[tuple]:
        conn = sqlite3.connect(path)
        try:
            return conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
        finally:
            conn.close()

    assert catalogue(by_snapshot) == catalogue(by_alembic)
    assert stored(by_snapshot) == stored(by_alembic) == schema.Stored(int(HEAD), stamped=True)
    with sqlite3.connect(by_alembic) as conn:
        assert head_schema.dump(conn) == head_schema.snapshot_sql()
    conn.close()
