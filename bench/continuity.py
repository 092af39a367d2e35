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

--compare times another source tree (e.g. main before a change) in the same run: each tree
runs in its own child process (``python -P`` with that tree's src/ and bench/ on PYTHONPATH),
the other tree builds the database with its own bench/scale_data.py, and this tree times a
copy of that same file (upgraded once, untimed). The rounds alternate between the trees, case
by case, so the machine's noise hits both alike; the report gives both medians and the ratio.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

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
    """--child: build the database (or upgrade the copy made by the other tree), then run the
    case named on each line of stdin once and answer with its seconds."""
    counts = build(path, scale, today) if not path.exists() else {}
    if not counts:
        Store.open_sqlite(path).close()  # the other tree's file: upgraded here, untimed
    store = Store.open_sqlite(path, readonly=True)  # the coach's connection
    try:
        work = cases(store, today)
        print(json.dumps({"counts": counts, "cases": list(work)}), flush=True)
        for name in sys.stdin:
            cpu = time.process_time()
            wall = timed(store, 1, work[name.strip()])[0]
            print(json.dumps([wall, time.process_time() - cpu]), flush=True)
    finally:
        store.close()


class Tree:
    """One source tree's child process."""

    def __init__(self, src: Path, path: Path, scale: str, today: date) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(src.parent / "bench")])}
        command = [sys.executable, "-P", str(Path(__file__).resolve()), "--child", str(path)]
        self.process = subprocess.Popen(
            [*command, "--scale", scale, "--date", today.isoformat()],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = json.loads(self._read())
        self.counts: dict[str, int] = hello["counts"]
        self.cases: list[str] = hello["cases"]

    def _read(self) -> str:
        assert self.process.stdout is not None
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit(f"the child for {self.process.args} stopped")
        return answer

    def run(self, name: str) -> tuple[float, float]:
        """Seconds, wall clock and this process's CPU time, for one run of the case."""
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        wall, cpu = json.loads(self._read())
        return wall, cpu

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def compare(other: Path, runs: int, scale: str, today: date) -> None:
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder) / "before.db"
        start = time.perf_counter()
        before = Tree(other.resolve(), made, scale, today)  # builds with its scale_data
        print(f"built by {other} in {time.perf_counter() - start:.1f} s: {before.counts}")
        copy = Path(folder) / "after.db"
        shutil.copy(made, copy)
        after = Tree(HERE.parent / "src", copy, scale, today)
        trees = {"before": before, "after": after}
        names = [n for n in after.cases if n in before.cases]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        try:
            for name in names:  # warm: statement caches, as in a running app
                for tree in trees.values():
                    tree.run(name)
            for k in range(runs):
                for name in names:
                    # Alternate who goes first, so neither always follows the other's work.
                    order = list(trees.items()) if k % 2 == 0 else list(trees.items())[::-1]
                    for label, tree in order:
                        times.setdefault((label, name), []).append(tree.run(name))
        finally:
            for tree in trees.values():
                tree.close()
    print(f"medians of {runs} interleaved rounds; CPU: the child's process time, which other")
    print("programs on a busy machine disturb less than the wall clock")
    head = f"{'before':>9} {'after':>8} {'ratio':>6}"
    print(f"{'':44} {'wall':>4}{head}   {'CPU':>4}{head}")
    for name in names:
        cells = []
        for k in (0, 1):  # wall, CPU
            old, new = (
                statistics.median(t[k] for t in times[label, name]) for label in ("before", "after")
            )
            cells.append(f"{old * 1000:10.1f} ms {new * 1000:5.1f} ms {new / old:6.2f}")
        print(f"{name:44} {cells[0]}   {cells[1]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 2))
    parser.add_argument("--scale", choices=("municipality", "vojens"), default="municipality")
    parser.add_argument("--compare", type=Path, help="another src/ folder, timed as 'before'")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = max(args.runs, 7)
    today: date = args.date
    if args.child is not None:
        child(args.child, args.scale, today)
        return
    if args.compare is not None:
        compare(args.compare, runs, args.scale, today)
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
