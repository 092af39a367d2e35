"""Layers: domain/store/io never touch Textual, only store/ speaks SQL and imports a database
library, the catalogues agree."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kaffefoerst"
# Everything below the UI: these must run headless (CLI export, serve workers, tests).
NO_TEXTUAL = ["domain", "store", "io", "locale", "model.py", "config.py"]
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE TABLE|ALTER TABLE)\s")
SQL_BUILDERS = {"text", "select", "insert", "update", "delete"}
SQL_CALLS = {"exec", "execute", "executemany", "executescript", "exec_driver_sql"}


def python_files(*parts: str) -> Iterator[Path]:
    for part in parts:
        path = PACKAGE / part
        if path.is_file():
            yield path
        else:
            yield from sorted(path.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module a file imports, with relative imports resolved to absolute names."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # "from kaffefoerst import ui"
                yield node.lineno, f"{module}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and getattr(node.func, "id", getattr(node.func, "attr", ""))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def is_within(module: str, top: str) -> bool:
    return module == top or module.startswith(top + ".")


def test_lower_layers_never_import_textual_or_the_ui():
    offences = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in python_files(*NO_TEXTUAL)
        for line, module in imported_modules(path)
        if is_within(module, "textual") or is_within(module, "kaffefoerst.ui")
    ]
    assert offences == []


def test_importing_the_lower_layers_does_not_load_textual():
    """Catches indirect imports too (a helper that pulls in the UI)."""
    # Alembic's scripts (store/migrations/) run inside Alembic, not as imports.
    modules = [
        module_name(path)
        for path in python_files(*NO_TEXTUAL)
        if "migrations" not in path.relative_to(PACKAGE).parts
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(loaded[:5])\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def sql_offences(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    where = path.relative_to(PACKAGE)
    # A bare text() is SQL only where it is SQLAlchemy's (io/ has a parameter named text).
    sql_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in {"sqlalchemy", "sqlmodel"}
        for alias in node.names
        if alias.name in SQL_BUILDERS
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in SQL_CALLS:
                yield f"{where}:{node.lineno} calls .{func.attr}()"
            if isinstance(func, ast.Name) and func.id in sql_names:
                yield f"{where}:{node.lineno} calls {func.id}()"
        elif isinstance(node, ast.ImportFrom) and node.module in {"sqlalchemy", "sqlmodel"}:
            for alias in node.names:
                if alias.name in SQL_BUILDERS:
                    yield f"{where}:{node.lineno} imports {node.module}.{alias.name}"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL_WORDS.search(node.value)
        ):
            yield f"{where}:{node.lineno} has SQL in a string: {node.value[:40]!r}"


def outside_the_store() -> Iterator[Path]:
    """Every module but store/'s (model.py declares the tables and holds no SQL: checked)."""
    for path in python_files(""):
        if path.relative_to(PACKAGE).parts[0] != "store":
            yield path


def test_no_sql_outside_the_store():
    """All SQL is written once, in store/ (issue 11): not in the UI, io/, the CLI or domain/."""
    offences = [o for path in outside_the_store() for o in sql_offences(path)]
    assert offences == []


DATABASE_LIBRARIES = ("sqlite3", "sqlalchemy", "sqlmodel", "alembic")


def test_only_the_store_and_the_model_import_a_database_library():
    """Above store/, database errors arrive as DomainError (DatabaseBusy for a held lock) and
    rows as plain data, so PostgreSQL can follow by changing store/ alone."""
    offences = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in outside_the_store()
        if path != PACKAGE / "model.py"
        for line, module in imported_modules(path)
        if any(is_within(module, library) for library in DATABASE_LIBRARIES)
    ]
    assert offences == []


@pytest.mark.parametrize(
    "source",
    [
        "session.exec(select(Visit))",
        "conn.exec_driver_sql('PRAGMA x')",
        "from sqlalchemy import text",
        "q = 'SELECT id FROM visit'",
        "store.engine.connect().execute(x)",
        "from sqlalchemy import text as sql\nsql('x')",
        "'DELETE FROM visit'",
    ],
)
def test_the_sql_detector_catches(tmp_path, source, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    path = tmp_path / "bad.py"
    path.write_text(source + "\n")
    assert list(sql_offences(path))


def test_a_parameter_named_text_is_not_sql(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    path = tmp_path / "fine.py"
    path.write_text("def lines(text):\n    return text('import.more')\n")
    assert list(sql_offences(path)) == []


def test_the_import_detector_resolves_relative_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "kaffefoerst")
    path = tmp_path / "kaffefoerst" / "domain" / "moving.py"
    path.parent.mkdir(parents=True)
    path.write_text("from ..ui import app\nfrom textual.widget import Widget\nimport textual\n")
    modules = {module for _, module in imported_modules(path)}
    assert {"kaffefoerst.ui", "kaffefoerst.ui.app", "textual.widget", "textual"} <= modules


# --- the catalogues -------------------------------------------------------------------------


def catalogue(language: str) -> dict[str, str]:
    from kaffefoerst.locale import load_catalogue

    return load_catalogue(language)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_da_and_en_have_the_same_keys():
    da, en = catalogue("da"), catalogue("en")
    assert sorted(set(da) - set(en)) == [], "only in da.toml"
    assert sorted(set(en) - set(da)) == [], "only in en.toml"


def test_da_and_en_use_the_same_placeholders_per_key():
    da, en = catalogue("da"), catalogue("en")
    differing = {
        key: (sorted(placeholders(da[key])), sorted(placeholders(en[key])))
        for key in sorted(set(da) & set(en))
        if placeholders(da[key]) != placeholders(en[key])
    }
    assert differing == {}


def test_catalogues_are_valid_toml_with_text_values():
    for language in ("da", "en"):
        path = PACKAGE / "locale" / f"{language}.toml"
        data = tomllib.loads(path.read_text("utf-8"))
        assert data
        for key, value in catalogue(language).items():
            assert isinstance(value, str) and value.strip(), (language, key)


def test_the_board_imports_no_database_layer_before_it_is_drawn() -> None:
    """The demo draws its first board before SQLAlchemy is imported (start-up budget)."""
    import subprocess
    import sys

    code = (
        "import sys, kaffefoerst.ui.app, kaffefoerst.domain.plan;"
        "heavy = ('sqlalchemy', 'sqlmodel', 'kaffefoerst.model');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_first_board_is_read_in_a_child_through_the_apps_own_functions(tmp_path) -> None:  # noqa: ANN001
    """Every start reads its first board in a child (parallel work, not a second path): the
    demo's child loads the sample through the store and yields exactly the plan the store
    gives for the same database."""
    from datetime import date

    from kaffefoerst.first_board import start
    from kaffefoerst.store import Store
    from kaffefoerst.store.day_plan import load_day_plan

    db = tmp_path / "demo.db"
    board = start(db, date(2026, 11, 22), "MH", None, sample=True)()
    assert (board.user.initials, board.user.role.value) == ("MH", "planner")
    assert not board.readonly
    store = Store.open_sqlite(db)
    with store.session() as session:
        assert load_day_plan(session, date(2026, 11, 22)) == board.plan
    store.close()
    assert board.plan is not None
    assert len(board.plan.visits) > 150 and board.plan.absences and board.plan.colours
    again = start(db, date(2026, 11, 22), "KC", None, readonly=True)()
    assert again.readonly and again.plan == board.plan


def test_the_first_board_needs_no_database_library(tmp_path) -> None:  # noqa: ANN001
    """The child's work is ready before Textual is because it imports no SQLAlchemy: the
    same open_database, load_into, resolve_user and load_day_plan run on sqlite3."""
    import subprocess
    import sys

    db = tmp_path / "demo.db"
    code = (
        "import sys; from pathlib import Path; from datetime import date;"
        "from kaffefoerst.first_board import read;"
        f"board = read(Path({str(db)!r}), date(2026, 11, 22), 'MH', None, sample=True);"
        "assert board.plan is not None and board.plan.visits;"
        "heavy = ('sqlalchemy', 'sqlmodel', 'kaffefoerst.model', 'textual');"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# SQL only SQLite speaks: its lock, its pragmas and catalogue, date() with modifiers.
SQLITE_ONLY = re.compile(
    r"BEGIN IMMEDIATE|PRAGMA|sqlite_master|\b(?:date|datetime|julianday)\([^)]*,\s*'[-+]"
)
# The SQLite opener (file, schema check, snapshot, upgrade), the lock's dialect switch, and
# the CSV bulk load on a bare sqlite3 connection (the demo's start; a merge is dialect-neutral).
SQLITE_MODULES = {
    "database.py",
    "schema.py",
    "head_schema.py",
    "migrate.py",
    "write_lock.py",
    "sqlite_bulk_load.py",
}


def test_sqlite_only_sql_in_store_sits_behind_the_dialect_switch():
    """PostgreSQL can follow without touching the queries and writers (issue 11)."""
    offences = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:60]}"
        for path in python_files("store")
        if path.name not in SQLITE_MODULES and "migrations" not in path.parts
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if SQLITE_ONLY.search(line)
    ]
    assert offences == []


@pytest.mark.parametrize(
    "line", ["BEGIN IMMEDIATE", "PRAGMA foreign_keys", "date(v.day, '-14 days')"]
)
def test_the_sqlite_detector_catches(line):
    assert SQLITE_ONLY.search(line)


# SQLite's own placeholder in SQL text: "?" or "?1" after ( , = or an operator word and before
# ) , or the end; PostgreSQL's drivers take neither. A lone "?" is a placeholder only where it
# is repeated or joined into "?, ?, ?" (elsewhere it is a display fallback, "unknown").
QMARK = re.compile(r"(?:[(,=<>]|\b(?:IN|IS|LIKE|VALUES|AND|OR|LIMIT|OFFSET))\s*\?\d*\s*(?:[),]|$)")
# The driver's own paramstyle, past SQLAlchemy's (which writes each driver's placeholders).
DRIVER_SQL = {"exec_driver_sql", "dbapi_connection"}
# Besides SQLITE_MODULES: plan_sql's sqlite3_inserts is the bare sqlite3 connection's
# many-rows insert (the first board's child, before any database library), taken only behind
# isinstance(source, sqlite3.Connection); a Session gets a Core insert there.
BARE_SQLITE3 = {"plan_sql.py"}


def is_qmark(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == "?"


def lone_qmarks(tree: ast.AST) -> Iterator[int]:
    """Lines where a lone "?" is repeated ("?" * n) or joined (", ".join("?" ...))."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            if is_qmark(node.left) or is_qmark(node.right):
                yield node.lineno
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join"
        ):
            for arg in node.args:
                parts = [arg.elt] if isinstance(arg, ast.GeneratorExp | ast.ListComp) else [arg]
                if any(is_qmark(p) for p in parts):
                    yield node.lineno


def driver_sql_offences(path: Path) -> Iterator[str]:
    where = path.relative_to(PACKAGE)
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in DRIVER_SQL:
            yield f"{where}:{node.lineno} uses .{node.attr}"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and QMARK.search(node.value)
        ):
            yield f"{where}:{node.lineno} has a ? placeholder: {node.value[:40]!r}"
    for line in lone_qmarks(tree):
        yield f"{where}:{line} builds ? placeholders"


def test_store_sql_names_its_parameters_outside_the_sqlite_modules():
    """Statements bind ``:name`` (or an expanding ``IN :some``) through SQLAlchemy, so the same
    text runs on SQLite and PostgreSQL; SQLite's ``?`` and the driver's own execute
    (``exec_driver_sql``, the raw DBAPI cursor) stay in the SQLite opener, the bulk load and
    the write lock (issue 11)."""
    offences = [
        offence
        for path in python_files("store")
        if path.name not in SQLITE_MODULES | BARE_SQLITE3 and "migrations" not in path.parts
        for offence in driver_sql_offences(path)
    ]
    assert offences == []


@pytest.mark.parametrize(
    "source",
    [
        "conn.exec_driver_sql('SELECT 1')",
        "conn.connection.dbapi_connection.cursor()",
        "'UPDATE visit SET status = ? WHERE id = ?'",
        "f'INSERT INTO visit ({names}) VALUES (?, {marks})'",
        "', '.join('?' * len(part))",
        "'(' + ', '.join('?' for _ in columns) + ')'",
        "f'{c} = ?'",
        "'SELECT id FROM visit WHERE day IN ?'",
        "'SELECT id FROM visit LIMIT ?1'",
    ],
)
def test_the_placeholder_detector_catches(tmp_path, monkeypatch, source):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    path = tmp_path / "bad.py"
    path.write_text(source + "\n")
    assert list(driver_sql_offences(path))


@pytest.mark.parametrize(
    "source",
    [
        "text('UPDATE visit SET status = :status WHERE id = :id')",
        "text('SELECT id FROM visit WHERE day IN :some')",
        "re.compile(r'(\\d+)(?:-(\\d+))?\\.db')",
        "'Is it the same day?'",
        "initials.get(carer, '?')",
    ],
)
def test_named_parameters_and_regexes_are_not_placeholders(tmp_path, monkeypatch, source):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    path = tmp_path / "fine.py"
    path.write_text(source + "\n")
    assert list(driver_sql_offences(path)) == []


# Ids come from the database (ARCHITECTURE.md, "Ids come from the database"): no insert names
# an id and nothing counts one up, except where ids are loaded from files on purpose.
MADE_UP_ID = re.compile(
    r'INSERT INTO [\w{}]+ \(\s*"?id"?\s*,|coalesce\(max\(id\)|max\(id\)\s*\+\s*1', re.IGNORECASE
)
IDS_LOADED = {"sqlite_bulk_load.py", "import_merge.py"}


def test_no_store_module_makes_up_an_id():
    offences = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:60]}"
        for path in python_files("store")
        if path.name not in IDS_LOADED and "migrations" not in path.parts
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if MADE_UP_ID.search(line)
    ]
    assert offences == []


@pytest.mark.parametrize(
    "line",
    [
        'rows(source, "SELECT coalesce(max(id), 0) AS top FROM visit")',
        "INSERT INTO visit (id, citizen_id, day) VALUES (?, ?, ?)",
        'f"INSERT INTO {table} (id, {names})"',
        "SELECT max(id) + 1 FROM basevisit",
    ],
)
def test_the_made_up_id_detector_catches(line):
    assert MADE_UP_ID.search(line)
