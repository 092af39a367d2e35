"""Snapshots of the board: fixed date and clock, fixed theme, no cursor blink, no polling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store
from kaffefoerst.ui.app import make_app
from tests.builders import DAY


def _app(store, theme: str):  # noqa: ANN001, ANN202
    return make_app(
        store,
        today=DAY,
        clock=lambda: datetime(2026, 3, 2, 7, 3, tzinfo=UTC),
        actor="MH",
        theme=theme,
    )


def test_board_snapshot(team, snap_compare) -> None:  # noqa: ANN001
    store, _ = team
    assert snap_compare(_app(store, "kaffe"), terminal_size=(200, 50), press=["down"])


def test_board_picked_up_on_big_screen_theme(team, snap_compare) -> None:  # noqa: ANN001
    store, _ = team
    app = _app(store, "storskaerm")
    assert snap_compare(app, terminal_size=(200, 50), press=["down", "space", "down", "right"])


@pytest.fixture
def sample(tmp_path):  # noqa: ANN001, ANN201
    """The shipped sample team on DAY: 20 carers, 195 visits, a sick call, triage."""
    store = Store.open_sqlite(tmp_path / "sample.db")
    load_sample(store, DAY)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("size", "theme"),
    [((200, 50), "storskaerm"), ((200, 50), "kaffe"), ((120, 40), "kaffe"), ((80, 24), "kaffe")],
    ids=["200x50-storskaerm", "200x50-kaffe", "120x40-kaffe", "80x24-kaffe"],
)
def test_the_sample_day_at_every_size(sample, snap_compare, size, theme) -> None:  # noqa: ANN001
    """Names on two lines where there is room, the status line when the panel folds, the
    short header and footer at 80x24; a warning visit is selected (three steps down)."""
    assert snap_compare(_app(sample, theme), terminal_size=size, press=["down", "down", "down"])
