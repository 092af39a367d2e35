"""A move that adds or removes an unassigned lane shifts every row below it: the rows whose
drawing did not change keep their strips, and what is on screen is what a fresh draw gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.strip import Strip

from kaffefoerst.domain.roles import Role
from kaffefoerst.store import Store
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.widgets.board_body import BoardBody
from tests.builders import DAY, TeamBuilder


def lines_of(body: BoardBody) -> list[str]:
    return [Strip.join([body.render_line(y)]).text for y in range(body.size.height)]


async def test_a_new_lane_keeps_the_other_rows_and_draws_right(tmp_path: Path) -> None:
    store = Store.open_sqlite(tmp_path / "lanes.db")
    with store.session() as session:
        b = TeamBuilder(session)
        nord = b.team("Nord")
        aa, bb, cc = (b.carer(i, nord) for i in ("AA", "BB", "CC"))
        citizen = b.citizen("Fru Dahl", nord)
        b.visit(citizen, "10:00", 30, None)  # the one unassigned lane
        moved = b.visit(citizen, "10:05", 30, aa)  # overlaps it: a second lane when dropped
        b.visit(citizen, "09:00", 30, bb)
        b.visit(citizen, "11:00", 30, cc)
        session.commit()
    clock = lambda: datetime(2026, 3, 2, 7, 3, tzinfo=UTC)  # noqa: E731
    app = make_app(store, today=DAY, clock=clock, actor="AA", role=Role.PLANNER)
    async with app.run_test(size=(120, 30)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        body = board.query_one(BoardBody)
        await pilot.press("down")
        assert board.view.selected == moved
        lanes_before = sum(1 for row in board.view.rows if row.carer_id is None)
        await pilot.pause()
        lines_of(body)  # every row drawn once
        index_cc = next(i for i, r in enumerate(board.view.rows) if r.carer_id == cc)
        strips_cc = body._strips[index_cc]
        await pilot.press("space", "up", "enter")
        await pilot.pause()
        await pilot.pause()
        lanes_after = sum(1 for row in board.view.rows if row.carer_id is None)
        assert lanes_after == lanes_before + 1
        new_cc = next(i for i, r in enumerate(board.view.rows) if r.carer_id == cc)
        assert new_cc == index_cc + 1 and body._strips.get(new_cc) is strips_cc
        shown = lines_of(body)
        body.refresh_all()  # forget every strip: a fresh draw of the same state
        assert lines_of(body) == shown
        assert any("AA" in line for line in shown) and any("CC" in line for line in shown)
    store.close()
