"""Shared fixtures: a hand-built small team, and Danish text unless a test says otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kaffefoerst.locale import set_language
from kaffefoerst.store import Store
from tests.builders import small_team


@pytest.fixture(autouse=True)
def danish() -> Iterator[None]:
    set_language("da")
    yield
    set_language("da")


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[Store, dict[str, int]]]:
    store, ids = small_team(tmp_path / "team.db")
    yield store, ids
    store.close()
