"""The board at Vojens scale, headless: move latency, memory, and reading the day's plan.

Builds a Vojens-scale database (bench/scale_data.py: 5 teams, 100 staff, 352 citizens, ~800
visits on the plan day, 60 days of history) in a temporary folder, in a child process so that the
generator's memory does not count here. Then, in this process, with the app's own factory:

- peak RSS once the board is up (``ru_maxrss``; DESIGN.md: at most 150 MB at Vojens scale);
- ``load_day_plan`` for the plan day, median of fresh sessions (the first, cold read shown too);
- move latency, key -> commit -> redrawn row, timed as bench/move.py does (render timestamps)
  between two carers (DESIGN.md: median at most 60 ms at Vojens scale), and to and from the
  unassigned lanes; next to the bare-Textual floor.

    python bench/board_scale.py [--moves 41] [--loads 15]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

import move  # bench/move.py: render timestamps and the key -> row-render move loop
from kaffefoerst.domain.warnings import carer_warnings
from kaffefoerst.locale import set_language
from kaffefoerst.store import Store
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.ui.app import make_app
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.widgets.board_body import BoardBody

TODAY = date(2026, 3, 2)  # a Monday: a full weekday's plan
HERE = Path(__file__).resolve().parent


def build(path: Path) -> list[str]:
    """Write the Vojens preset through scale_data's command line; its report comes back."""
    done = subprocess.run(
        [sys.executable, str(HERE / "scale_data.py"), "vojens", str(path), "--date", str(TODAY)],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.splitlines()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KiB here


def current_rss_mb() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


async def board_up(store: Store) -> tuple[float, float, float | None, int, int]:
    """Seconds to a drawn board, peak and current RSS then, route rows and plan visits."""
    app = make_app(store, today=TODAY, clock=lambda: datetime.now().astimezone(), actor="MH")
    start = time.perf_counter()
    async with app.run_test(size=move.SIZE) as pilot:
        await pilot.pause()
        up = time.perf_counter() - start
        board = app.screen
        rows = len(board.query_one(BoardBody).tops)
        visits = len(board.view.plan.visits)  # type: ignore[attr-defined]
        return up, peak_rss_mb(), current_rss_mb(), rows, visits


async def row_rendered(
    pilot: Pilot[None], board: BoardScreen, visit_id: int, start: float
) -> float:
    """When the board body last drew a line after ``start``, once the row holding the visit is
    on screen: the body repaints only the lines of rows that changed."""
    body = board.query_one(BoardBody)
    for _ in range(200):
        stamp = move.rendered.get(body, 0.0)
        if board.view.row_of(visit_id) in body.tops and stamp > start:
            return stamp
        await pilot.pause()
    raise RuntimeError(f"the row of visit {visit_id} was not redrawn")


async def current_rendered(pilot: Pilot[None], board: BoardScreen, start: float) -> float:
    """When the board body last drew a line after ``start`` (the cursor's rows repainted)."""
    body = board.query_one(BoardBody)
    for _ in range(200):
        stamp = move.rendered.get(body, 0.0)
        if stamp > start:
            return stamp
        await pilot.pause()
    raise RuntimeError("the selected row was not redrawn")


async def move_latency(store: Store, moves: int, *, via_unassigned: bool) -> list[float]:
    """Pick up, step to the next carer (or up to 'Ikke fordelt'), drop; then back again.

    Between two carers only the two rows are redrawn. To and from the unassigned lanes the
    lanes may change, and then the board remounts its rows. Timed from the drop key to the render
    of the row the visit landed in, as in bench/move.py. (That script finds the target row by
    carer only, so a drop into the unassigned lanes can read an old row's timestamp.)
    """
    app = make_app(store, today=TODAY, clock=lambda: datetime.now().astimezone(), actor="MH")
    times: list[float] = []
    async with app.run_test(size=move.SIZE) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        view = board.view
        carers = [c.id for c in view.plan.on_duty]

        def usable() -> bool:
            """A visit on a carer's route that the neighbour below may take without a question."""
            index = view.row_of(view.selected)
            carer_id = view.rows[index].carer_id if index is not None else None
            if carer_id is None or view.rows[index].uncovered:  # type: ignore[index]
                return False
            position = carers.index(carer_id)
            if via_unassigned:
                return True
            if position + 1 >= len(carers):
                return False
            visit = view.plan.visits[view.selected]  # type: ignore[index]
            neighbour = view.plan.carers[carers[position + 1]]
            return not carer_warnings(visit, neighbour, view.plan.citizens[visit.citizen_id])

        for _ in range(len(view.rows)):
            if usable():
                break
            await pilot.press("down")
        else:
            raise RuntimeError("no visit to move")
        position = carers.index(view.rows[view.row_of(view.selected)].carer_id)  # type: ignore[index]
        away, back = ("up", "down") if via_unassigned else ("down", "up")
        steps = position + 1 if via_unassigned else 1
        for i in range(moves):
            await pilot.press("space", *[away if i % 2 == 0 else back] * steps)
            await pilot.pause()
            pending = board.view.pending
            assert pending is not None
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):  # a question, not a plain move
                await pilot.press("n")
                await pilot.pause()
                continue
            stamp = await row_rendered(pilot, board, pending.visit_id, start)
            times.append(stamp - start)
    return times


async def cursor_latency(store: Store, steps: int) -> list[float]:
    """Arrow key -> the newly selected row drawn: down through the board and back up (so
    scrolling is in it), then along a route. The clock stops at that row's first render."""
    app = make_app(store, today=TODAY, clock=lambda: datetime.now().astimezone(), actor="MH")
    times: list[float] = []
    async with app.run_test(size=move.SIZE) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.pause()
        for i in range(steps):
            key = ("down", "down", "down", "right", "up", "left")[i % 6] if i % 2 else "down"
            before = board.view.selected
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if board.view.selected == before:
                continue  # the edge of the board or a route: nothing to redraw
            times.append(await current_rendered(pilot, board, start) - start)
    return times


def plan_load_times(store: Store, runs: int) -> list[float]:
    """load_day_plan as the board calls it: a fresh session each time."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with store.session() as session:
            load_day_plan(session, TODAY)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=41)
    parser.add_argument("--loads", type=int, default=15)
    parser.add_argument("--steps", type=int, default=81)
    parser.add_argument("--db", type=Path, help="a Vojens database built before (else built)")
    args = parser.parse_args()
    set_language("da")
    move._timed(Static, "render")
    move._timed(BoardBody, "render_line")
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "vojens.db"
        if args.db is None:
            report = build(path)
            print(*(f"  {line}" for line in report), sep="\n")
        print(f"before the board: peak RSS {peak_rss_mb():.0f} MB (imports)")
        store = Store.open_sqlite(path)
        try:
            up, peak, now, rows, visits = asyncio.run(board_up(store))
            loads = plan_load_times(store, args.loads)
            floor = asyncio.run(move.floor_latency(args.moves))
            steps = asyncio.run(cursor_latency(store, args.steps))
            ours = asyncio.run(move_latency(store, args.moves, via_unassigned=False))
            lanes = asyncio.run(move_latency(store, args.moves, via_unassigned=True))
        finally:
            store.close()
    now_text = f", current {now:.0f} MB" if now is not None else ""
    print(f"board up in {up * 1000:.0f} ms: {rows} route rows, {visits} visits on the day shift")
    print(f"peak RSS with the board up   {peak:6.1f} MB{now_text}  (target <= 150 MB)")
    print(
        f"load_day_plan                median {statistics.median(loads) * 1000:6.1f} ms"
        f"  (first {loads[0] * 1000:.1f} ms, {len(loads)} runs)"
    )
    floor_ms, ours_ms = statistics.median(floor) * 1000, statistics.median(ours) * 1000
    print(f"bare textual key -> redraw   median {floor_ms:6.1f} ms  ({len(floor)} presses)")
    print(
        f"cursor step (arrow keys)     median {statistics.median(steps) * 1000:6.1f} ms  "
        f"({len(steps)} steps, max {max(steps) * 1000:.1f})  (target <= 16 ms)"
    )
    print(
        f"move carer -> carer          median {ours_ms:6.1f} ms  ({len(ours)} moves, "
        f"max {max(ours) * 1000:.1f})  (target <= 60 ms)"
    )
    print(
        f"move carer <-> unassigned    median {statistics.median(lanes) * 1000:6.1f} ms  "
        f"({len(lanes)} moves, max {max(lanes) * 1000:.1f})"
    )
    print(f"peak RSS at the end          {peak_rss_mb():6.1f} MB")


if __name__ == "__main__":
    main()
