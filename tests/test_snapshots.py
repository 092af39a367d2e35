"""Snapshots of the board: fixed date and clock, fixed theme, no cursor blink, no polling."""

from __future__ import annotations

from datetime import UTC, datetime

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
