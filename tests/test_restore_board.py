"""A board open while the database is restored from a backup reads the restored day again and
says why: otherwise it shows (and a planner moves) visits that are no longer so."""

from __future__ import annotations

from datetime import UTC, datetime

from kaffefoerst.store import backup
from kaffefoerst.store.moves import move_visit
from kaffefoerst.store.placement import Placement
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from tests.builders import DAY, hm

NOW = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)


async def test_an_open_board_reloads_after_a_restore(team) -> None:  # noqa: ANN001
    store, ids = team
    copy = backup.backup_now(store.path, NOW)  # v2 still on AB's route
    with store.session() as session:
        move_visit(
            session,
            visit_id=ids["v2"],
            target=Placement(ids["EF"], hm("09:00")),
            expected_version=1,
            actor="KR",
            now=NOW,
        )
    app = make_app(store, today=DAY, clock=lambda: NOW, actor="MH")
    async with app.run_test(size=(160, 40)) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.pause()
        assert board.view.plan.visits[ids["v2"]].carer_id == ids["EF"]
        backup.restore(store.path, copy, NOW)
        board.poll_changes()
        await pilot.pause()
        assert board.view.plan.visits[ids["v2"]].carer_id == ids["AB"]
        told = [n.message for n in app._notifications]
        assert any("Databasen er lagt tilbage fra en sikkerhedskopi" in m for m in told)
        board.poll_changes()  # nothing new after that: no second reload or notice
        assert board.data.new_changes() is None
