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
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from kaffefoerst.io.sample import load_sample
from kaffefoerst.locale import set_language
from kaffefoerst.store import Store
from kaffefoerst.ui.widgets.board_body import BoardBody

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=41)
    args = parser.parse_args()
    set_language("da")
    _timed(Static, "render")
    _timed(BoardBody, "render_line")
    # The carer-to-carer loop lives in board_scale.py: it times the row the visit landed in,
    # from the drop key to that row's first render after it.
    import board_scale

    board_scale.move._timed(BoardBody, "render_line")  # its own copy of this module's clock
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open_sqlite(Path(folder) / "bench.db")
        load_sample(store, board_scale.TODAY)
        floor = asyncio.run(floor_latency(args.moves))
        ours = asyncio.run(board_scale.move_latency(store, args.moves, via_unassigned=False))
        store.close()
    floor_ms = statistics.median(floor) * 1000
    ours_ms = statistics.median(ours) * 1000
    print(f"bare textual key -> redraw       median {floor_ms:6.1f} ms  ({len(floor)} presses)")
    print(f"move key -> commit -> row redraw median {ours_ms:6.1f} ms  ({len(ours)} moves)")
    print(f"ratio {ours_ms / floor_ms:.2f}; target: move median <= 30 ms")


if __name__ == "__main__":
    main()
