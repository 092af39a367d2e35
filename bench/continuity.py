"""Team figures at municipality scale: continuity over 90 days in SQL, target <= 0.5 s median.

Builds bench/scale_data.py's municipality (20 teams, 400 staff, 1,900 citizens, ~500 visits a
day, 100 days of history) into a temporary database, opens it read-only as the coach would,
and times the functions the Nøgletal screen and `kaffefoerst report` call, each in a fresh
session as the screen does:

- unique carers per citizen for every citizen over the 90 days before the plan day
  (DESIGN.md's target: <= 0.5 s);
- the whole continuity figure (window, contact share, 12-month trend) for each window, for
  every team and for one team;
- the absence figure (sick leave, covers, outside moves, 14 days of load);
- one citizen card (14/30/90 days and who came).

    python bench/continuity.py [--runs 9] [--date 2026-03-02]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

import scale_data  # bench/scale_data.py
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


def timed(store: Store, runs: int, work: Callable[[Session], object]) -> list[float]:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 2))
    args = parser.parse_args()
    runs = max(args.runs, 7)
    today: date = args.date
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "municipality.db"
        build = Store.open_sqlite(path)
        start = time.perf_counter()
        counts = scale_data.municipality(build, today)
        build.close()
        print(f"built in {time.perf_counter() - start:.1f} s: {counts}")
        store = Store.open_sqlite(path, readonly=True)  # the coach's connection
        try:
            with store.session() as session:
                first_team = [team_list(session)[0][0]]
            ninety = Period(today - timedelta(days=90), today)
            results = {
                "unique carers, all citizens, 90 days": timed(
                    store, runs, lambda s: unique_carers_histogram(s, ninety, today)
                ),
            }
            for window in ("14d", "month", "quarter"):
                results[f"continuity {window}, every team (with trend)"] = timed(
                    store, runs, lambda s, w=window: continuity(s, today, w)
                )
            results["continuity quarter, one team"] = timed(
                store, runs, lambda s: continuity(s, today, "quarter", first_team)
            )
            results["absence, cover, load, every team"] = timed(
                store, runs, lambda s: absence(s, today)
            )
            results["absence, cover, load, one team"] = timed(
                store, runs, lambda s: absence(s, today, first_team)
            )
            results["citizen card (14/30/90 days)"] = timed(
                store, runs, lambda s: citizen_continuity(s, 1, today)
            )
        finally:
            store.close()
    for name, times in results.items():
        print(line(name, times))
    headline = statistics.median(results["unique carers, all citizens, 90 days"])
    print(f"continuity over 90 days: median {headline * 1000:.1f} ms (target <= {TARGET_S:.1f} s)")


if __name__ == "__main__":
    main()
