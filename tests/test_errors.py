"""One error type for everything a person is shown (issue 11): a refused rule, a bad import,
a bad PIN file all raise DomainError with a locale key and fields, and one boundary
(problem.problem_line) turns any of them into the same kind of line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kaffefoerst.domain.errors import DomainError, StaleVisit
from kaffefoerst.io.pins import set_pin
from kaffefoerst.io.sample import anchor_day
from kaffefoerst.locale import t
from kaffefoerst.problem import problem_line


def test_a_bad_pin_is_the_one_error_type(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as caught:
        set_pin(tmp_path / "pins", "A1", "123456")
    assert (caught.value.key, caught.value.fields) == ("pin.bad_initials", {"initials": "A1"})
    assert problem_line(caught.value) == t("pin.bad_initials", initials="A1")


def test_a_bad_import_folder_is_the_one_error_type(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as caught:
        anchor_day(tmp_path)
    assert caught.value.key == "import.missing_file"
    assert caught.value.fields == {"file": "anchor.txt", "folder": str(tmp_path)}
    assert problem_line(caught.value) == t("import.missing_file", **caught.value.fields)


def test_the_text_of_an_escaped_error_names_key_and_fields() -> None:
    assert str(DomainError("move.bad_time")) == "move.bad_time"
    assert str(StaleVisit(7, "MH")) == "move.stale {'visit': 7, 'by': 'MH'}"


@pytest.mark.parametrize(
    ("error", "key", "fields"),
    [
        (sqlite3.OperationalError("database is locked"), "error.db_busy", {}),
        (sqlite3.OperationalError("attempt to write a readonly database"), "rights.read_only", {}),
        (
            sqlite3.DatabaseError("database disk image is malformed"),
            "error.db_broken",
            {"path": "team.db", "reason": "database disk image is malformed"},
        ),
    ],
)
def test_a_driver_error_is_named_by_the_store_in_our_words(
    error: Exception, key: str, fields: dict[str, object]
) -> None:
    """store/problems.py knows the driver; problem_line needs no sqlite3 of its own."""
    assert problem_line(error, "team.db") == t(key, **fields)
