"""The import refuses control characters where they stand, and loads coaches (optional file)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from kaffefoerst.domain.roles import Role
from kaffefoerst.io.csv_schema import TABLES
from kaffefoerst.io.import_errors import ImportFailed
from kaffefoerst.store import Store
from kaffefoerst.store.sqlite_bulk_load import load_csv_dir
from kaffefoerst.store.users import resolve_user
from tests.test_csv_import import (  # noqa: F401 - fixtures
    counts,
    folder,
    read,
    set_cell,
    store,
    write,
)

ESCAPE = "Fru \x1b]0;HACKED\x07Jensen"


def test_an_escape_sequence_in_a_name_is_refused_with_line_and_column(
    folder: Path,  # noqa: F811
    store: Store,  # noqa: F811
) -> None:
    set_cell(folder, "citizen", 4, "name", ESCAPE)
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder)
    [problem] = caught.value.problems
    assert problem.key == "import.control"
    assert problem.fields == {
        "file": "citizen.csv",
        "line": 4,
        "column": "name",
        "position": 5,
        "code": "U+001B",
    }
    assert counts(store) == dict.fromkeys(TABLES, 0)  # nothing loaded


@pytest.mark.parametrize("char", ["\x07", "\x00", "\x9b", "\x7f", "\x0c"])
def test_every_control_character_is_refused(folder: Path, store: Store, char: str) -> None:  # noqa: F811
    set_cell(folder, "carer", 3, "phone", f"12{char}34")
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder)
    assert caught.value.problems[0].fields["code"] == f"U+{ord(char):04X}"


def test_the_import_error_on_the_terminal_shows_no_escape(folder: Path, tmp_path: Path) -> None:  # noqa: F811
    set_cell(folder, "citizen", 4, "name", ESCAPE)
    set_cell(folder, "citizen", 5, "team_id", f"1{ESCAPE}")  # a bad value is echoed, too
    out = subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "--db", str(tmp_path / "i.db"), "import", folder],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "citizen.csv linje 4, kolonne 'name': tegn nr. 5 er et styretegn (U+001B)" in out.stderr
    assert (
        "citizen.csv linje 5, kolonne 'team_id': '1Fru ␛]0;HACKED␇Jensen' er ikke et helt tal"
        in out.stderr
    )
    assert "\x1b" not in out.stderr and "\x07" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 3  # both problems, then "nothing stored"


def test_coaches_load_and_are_coaches(folder: Path, store: Store) -> None:  # noqa: F811
    load_csv_dir(store, folder)
    with store.session() as session:
        assert session.execute(text("SELECT initials FROM coach")).scalars().all() == ["SV"]
        coach = resolve_user(session, "sv", date(2026, 1, 5), Role.PLANNER)
    assert (coach.role, coach.carer_id) == (Role.COACH, None)  # never more, whatever is asked


def test_an_older_folder_without_coaches_still_loads(folder: Path, store: Store) -> None:  # noqa: F811
    (folder / "coach.csv").unlink()
    found = load_csv_dir(store, folder)
    assert found["coach"] == 0 and found["carer"] > 0


def test_a_control_character_in_a_key_note_is_refused(folder: Path, store: Store) -> None:  # noqa: F811
    set_cell(folder, "citizen", 3, "access_note", "Nøgleboks\x1b[2J ved bagdøren")
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder)
    [problem] = caught.value.problems
    assert problem.key == "import.control"
    assert problem.fields["column"] == "access_note" and problem.fields["line"] == 3
    assert counts(store) == dict.fromkeys(TABLES, 0)


def test_a_key_note_longer_than_a_route_line_is_refused(folder: Path, store: Store) -> None:  # noqa: F811
    set_cell(folder, "citizen", 3, "access_note", "x" * 200)  # the cap itself loads
    set_cell(folder, "citizen", 4, "access_note", "x" * 201)
    with pytest.raises(ImportFailed) as caught:
        load_csv_dir(store, folder)
    [problem] = caught.value.problems
    assert problem.key == "import_problem.too_long"
    assert (problem.fields["line"], problem.fields["most"]) == (4, 200)


def test_an_older_citizen_file_without_key_notes_still_loads(folder: Path, store: Store) -> None:  # noqa: F811
    rows = read(folder, "citizen")
    assert rows[0][-1] == "access_note" and any(r[-1] for r in rows[1:])
    write(folder, "citizen", [r[:-1] for r in rows])
    load_csv_dir(store, folder)
    with store.session() as session:
        found = session.execute(text("SELECT count(*), count(access_note) FROM citizen")).one()
    assert tuple(found) == (80, 0)
