"""Time loading the sample team into a fresh database: python bench/load_sample.py [runs]

Each run opens a new temporary SQLite database (opening is not timed) and times load_sample.
Imports and the one-off reading of the model's columns happen before the first timed run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import kaffefoerst.model  # noqa: F401  (the app has imported it before it loads the sample)
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store
from kaffefoerst.store.model_schema import expected_header

TODAY = date(2026, 3, 2)


def main(runs: int = 15) -> None:
    expected_header("visit")  # warm the column table, as a long-lived process would
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            store = Store.open_sqlite(Path(tmp) / f"bench{run}.db")
            start = time.perf_counter()
            counts = load_sample(store, TODAY)
            times.append((time.perf_counter() - start) * 1000)
            store.close()
    rows = sum(counts.values())
    print(f"load_sample: {rows} rows, {runs} runs")
    print(f"median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
