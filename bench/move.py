"""Move latency on the sample team, headless: key -> commit -> redrawn row.

The clock stops when the moved visit's new row has rendered (a timestamp taken when it renders),
so Pilot's own idle waits are not counted. Compared in the same run with the floor: a bare
Textual app that redraws one Static on a key.

    python bench/move.py [--moves 41]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from kaffefoerst.io.sample import load_sample
from kaffefoerst.locale import set_language
from kaffefoerst.store import Store
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.widgets.route_row import RouteRow

SIZE = (200, 50)
rendered: dict[object, float] = {}  # widget -> last render time


def _timed(cls: type, method: str) -> None:
    """Wrap a render method so every call records when it happened."""
    original = getattr(cls, method)

    def timed(self, *args):  # noqa: ANN001, ANN002, ANN202
        rendered[self] = time.perf_counter()
        return original(self, *args)

    setattr(cls, method, timed)


class Counter(Static):
    pass


class Floor(App[None]):
    BINDINGS = [("enter", "bump")]
    n = 0

    def compose(self) -> ComposeResult:
        yield Counter("0")

    def action_bump(self) -> None:
        self.n += 1
        self.query_one(Counter).update(str(self.n))


async def floor_latency(moves: int) -> list[float]:
    app = Floor()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        counter = app.query_one(Counter)
        for _ in range(moves):
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            times.append(rendered[counter] - start)
    return times


async def move_latency(store: Store, today: date, moves: int) -> list[float]:
    app = make_app(store, today=today, clock=lambda: datetime.now().astimezone(), actor="MH")
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        for i in range(moves):
            # Pick up, go to the next carer (alternating direction), drop: one stored move.
            await pilot.press("space", "down" if i % 2 == 0 else "up")
            await pilot.pause()
            board = app.screen
            target = board.view.pending.carer_id
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):  # a competence question: not a plain move
                await pilot.press("n")
                await pilot.pause()
                continue
            row = next(r for r in board.query(RouteRow) if r.row.carer_id == target)
            times.append(rendered[row] - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=41)
    args = parser.parse_args()
    set_language("da")
    _timed(Static, "render")
    _timed(RouteRow, "render_line")
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open_sqlite(Path(folder) / "bench.db")
        load_sample(store, today)
        floor = asyncio.run(floor_latency(args.moves))
        ours = asyncio.run(move_latency(store, today, args.moves))
        store.close()
    floor_ms = statistics.median(floor) * 1000
    ours_ms = statistics.median(ours) * 1000
    print(f"bare textual key -> redraw       median {floor_ms:6.1f} ms  ({len(floor)} presses)")
    print(f"move key -> commit -> row redraw median {ours_ms:6.1f} ms  ({len(ours)} moves)")
    print(f"ratio {ours_ms / floor_ms:.2f}; target: move median <= 30 ms")


if __name__ == "__main__":
    main()
