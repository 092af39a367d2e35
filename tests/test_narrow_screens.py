"""At 80x24 (issue 13): the footer keeps `q Afslut` on the board and the cover screen, and the
cover proposal's reasons ("Hvorfor") are wrapped whole, never cut at the screen's edge."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import DataTable

from kaffefoerst.io.sample import load_sample
from kaffefoerst.locale import set_language
from kaffefoerst.store import Store
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.cover import CoverScreen
from tests.builders import DAY
from tests.screen import screen_text

NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


async def test_at_80x24_the_board_footer_ends_with_q(team) -> None:  # noqa: ANN001
    store, _ = team
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="MH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for key in ("Tag besøg", "Fravær/syg", "Dækning", "Morgenmøde", "q Afslut"):
            assert key in footer, (key, footer)


async def test_at_80x24_in_english_the_board_footer_ends_with_q(team) -> None:  # noqa: ANN001
    """English words are longer: the compact footer still keeps the morning's keys and q."""
    store, _ = team
    set_language("en")
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="MH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for key in ("Absence/sick", "Cover", "Morning meeting", "q Quit"):
            assert key in footer, (key, footer)


@pytest.fixture
def sample(tmp_path):  # noqa: ANN001, ANN201
    """The shipped sample team on DAY: TJ is sick, her visits wait for cover."""
    store = Store.open_sqlite(tmp_path / "sample.db")
    load_sample(store, DAY)
    yield store
    store.close()


async def test_at_80x24_the_cover_screen_keeps_q_and_every_reason_whole(sample) -> None:  # noqa: ANN001
    app = make_app(sample, today=DAY, clock=lambda: NOW, actor="MH")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        cover = app.screen
        assert isinstance(cover, CoverScreen)
        assert "q Afslut" in screen_text(app).splitlines()[-1]
        table = cover.query_one("#proposal", DataTable)
        assert len(cover.lines) > 5
        for line in cover.lines:
            whole = str(cover._line_cells(line)[-1])
            shown = str(table.get_row(str(line.visit_id))[-1])
            assert shown.split() == whole.split()  # every word, only wrapped
        assert table.virtual_size.width <= table.size.width  # nothing beyond the edge
