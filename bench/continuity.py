"""Team figures at municipality scale: continuity over 90 days in SQL, target <= 0.5 s median.

Builds bench/scale_data.py's municipality (20 teams, 400 staff, 1,900 citizens, ~500 visits a
day, 100 days of history; ``--scale vojens``: 5 teams, 100 staff, ~800 visits a day) into a
temporary database, opens it read-only as the coach would, and times the functions the
Nøgletal screen and `kaffefoerst report` call, each in a fresh session as the screen does:

- unique carers per citizen for every citizen over the 90 days before the plan day
  (DESIGN.md's target: <= 0.5 s);
- the whole continuity figure (window, contact share, 12-month trend) for each window, for
  every team and for one team;
- the absence figure (sick leave, covers, outside moves, 14 days of load);
- one citizen card (14/30/90 days and who came).

    python bench/continuity.py [--runs 9] [--date 2026-03-02] [--scale vojens]
        [--compare /tmp/old/src]

--compare times another source tree (e.g. main before a change) in the same run, interleaved
(bench/compare_trees.py): the other tree builds the database with its own bench/scale_data.py,
and this tree times a copy of that same file (upgraded once, untimed), so both read the same
rows.
"""

from __future__ import annotations

import argparse
import inspect
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

import compare_trees  # bench/compare_trees.py
import scale_data  # bench/scale_data.py (with --compare: the tree's own, see the docstring)
from kaffefoerst.store import Store
from kaffefoerst.store.figures import (
    Period,
    absence,
    citizen_continuity,
    continuity,
    team_list,
    unique_carers_histogram,
)

TARGET_S = 0.5
HERE = Path(__file__).resolve().parent
Work = Callable[[Session], object]


def timed(store: Store, runs: int, work: Work) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with store.session() as session:
            work(session)
        times.append(time.perf_counter() - start)
    return times


def line(name: str, times: list[float]) -> str:
    median = statistics.median(times) * 1000
    return (
        f"{name:44} median {median:7.1f} ms  (first {times[0] * 1000:6.1f}, "
        f"max {max(times) * 1000:6.1f}, {len(times)} runs)"
    )


def cases(store: Store, today: date) -> dict[str, Work]:
    """What is timed, by name. Written against both trees' figures: before the days-close
    rule (f064231) ``unique_carers_histogram`` took no ``today``."""
    with store.session() as session:
        first_team = [team_list(session)[0][0]]
    ninety = Period(today - timedelta(days=90), today)
    closes = "today" in inspect.signature(unique_carers_histogram).parameters
    found: dict[str, Work] = {
        "unique carers, all citizens, 90 days": (
            (lambda s: unique_carers_histogram(s, ninety, today))
            if closes
            else (lambda s: unique_carers_histogram(s, ninety))
        ),
    }
    for window in ("14d", "month", "quarter"):
        found[f"continuity {window}, every team (with trend)"] = lambda s, w=window: continuity(
            s, today, w
        )
    found["continuity quarter, one team"] = lambda s: continuity(s, today, "quarter", first_team)
    found["absence, cover, load, every team"] = lambda s: absence(s, today)
    found["absence, cover, load, one team"] = lambda s: absence(s, today, first_team)
    found["citizen card (14/30/90 days)"] = lambda s: citizen_continuity(s, 1, today)
    return found


def build(path: Path, scale: str, today: date) -> dict[str, int]:
    store = Store.open_sqlite(path)
    try:
        return dict(getattr(scale_data, scale)(store, today))
    finally:
        store.close()


def child(path: Path, scale: str, today: date) -> None:
    """--child: build the database, or upgrade the copy of the other tree's (untimed), then
    serve the cases, each run in a fresh session (compare_trees.serve)."""
    counts = build(path, scale, today) if not path.exists() else {}
    if not counts:
        Store.open_sqlite(path).close()
    store = Store.open_sqlite(path, readonly=True)  # the coach's connection
    try:
        work = cases(store, today)
        runs = {name: (lambda w=w: timed(store, 1, w)) for name, w in work.items()}
        compare_trees.serve(runs, {"counts": counts})
    finally:
        store.close()


def compare(other: Path, runs: int, scale: str, today: date, mine: Path) -> None:
    args = ["--scale", scale, "--date", today.isoformat(), "--child"]
    with tempfile.TemporaryDirectory() as folder:
        made, copy = Path(folder) / "before.db", Path(folder) / "after.db"
        start = time.perf_counter()
        before = compare_trees.Tree(other, Path(__file__), [*args, str(made)])
        print(f"built by {other} in {time.perf_counter() - start:.1f} s: {before.hello['counts']}")
        shutil.copy(made, copy)  # the same rows for both
        after = compare_trees.Tree(mine, Path(__file__), [*args, str(copy)])
        trees = {"before": before, "after": after}
        try:
            names, times = compare_trees.interleave(trees, runs)
        finally:
            for tree in trees.values():
                tree.close()
    compare_trees.report(names, times, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 2))
    parser.add_argument("--scale", choices=("municipality", "vojens"), default="municipality")
    parser.add_argument("--compare", type=Path, help="another src/ folder, timed as 'before'")
    parser.add_argument(
        "--after", type=Path, default=HERE.parent / "src", help="with --compare: timed as 'after'"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = max(args.runs, 7)
    today: date = args.date
    if args.child is not None:
        child(args.child, args.scale, today)
        return
    if args.compare is not None:
        compare(args.compare, runs, args.scale, today, args.after)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{args.scale}.db"
        start = time.perf_counter()
        counts = build(path, args.scale, today)
        print(f"built in {time.perf_counter() - start:.1f} s: {counts}")
        store = Store.open_sqlite(path, readonly=True)  # the coach's connection
        try:
            results = {name: timed(store, runs, work) for name, work in cases(store, today).items()}
        finally:
            store.close()
    for name, times in results.items():
        print(line(name, times))
    headline = statistics.median(results["unique carers, all citizens, 90 days"])
    print(f"continuity over 90 days: median {headline * 1000:.1f} ms (target <= {TARGET_S:.1f} s)")


if __name__ == "__main__":
    main()
