"""Generating the days ahead from a base plan at Vojens scale (issue 12: ≤ 1 s for 14 days).

Builds the Vojens district (bench/scale_data.py: 5 teams, 100 staff, 352 citizens, ~800 visits
a weekday, 60 days of history) once, stores its citizens' weekly needs as the base plan
(grundplan, each with the citizen's preferred qualified carer as the usual carer), then times
``store.base_plan.generate_days`` for 14 days on a fresh copy each run, on a bare sqlite3
connection as the board's first open does it. Also times the no-op run (every day made already:
what each later open of the day costs) and applying a base plan with one changed entry.

    python bench/base_plan.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data  # noqa: E402
from kaffefoerst.domain.base_plan import BaseEntry  # noqa: E402
from kaffefoerst.store import Store  # noqa: E402
from kaffefoerst.store.base_plan import base_entries, generate_days  # noqa: E402
from kaffefoerst.store.base_plan_change import apply_base_plan  # noqa: E402
from kaffefoerst.store.database import open_database  # noqa: E402

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


def vojens_entries() -> list[BaseEntry]:
    """The Vojens generator's needs, rebuilt with the same arguments and seed as vojens()."""
    g = scale_data._Generator(5, 1)
    g.make_staff(100)
    g.make_citizens(352)
    g.make_needs(800)
    monday = TODAY - timedelta(days=TODAY.weekday())
    entries = []
    for c in g.citizens:
        ranked = sorted(c.prefs, key=lambda k: c.prefs[k])
        for n in c.needs:
            usual = next((k for k in ranked if g.can_do(k, n.codes)), None)
            first, every = monday, 1
            if n.fortnight is not None:
                every = 2
                if monday.isocalendar().week % 2 != n.fortnight:
                    first = monday - timedelta(days=7)
            wf, wt = scale_data._window(n)
            entries.append(
                BaseEntry(
                    c.id,
                    frozenset(d + 1 for d in n.weekdays),
                    first,
                    n.target,
                    n.dur,
                    every_weeks=every,
                    window_from_min=wf,
                    window_to_min=wt,
                    fixed_time=n.fixed,
                    two_carers=n.two,
                    carer_id=usual,
                    services=n.codes,
                    source_id=f"V{len(entries) + 1}",
                )
            )
    return entries


def build(folder: Path) -> tuple[Path, int]:
    path = folder / "vojens.db"
    store = Store.open_sqlite(path)
    scale_data.vojens(store, TODAY)
    entries = vojens_entries()
    with store.session() as session:
        apply_base_plan(
            session, entries, today=TODAY, now=NOW, actor="bench", generate=False, audit=False
        )
    store.close()
    return path, len(entries)


def timed(path: Path, runs: int, folder: Path) -> tuple[list[float], list[float], int]:
    first, again, visits = [], [], 0
    for k in range(runs):
        copy = folder / f"run{k}.db"
        shutil.copy(path, copy)
        conn, _, _ = open_database(copy)
        t0 = time.perf_counter()
        made = generate_days(conn, TODAY, 14, now=NOW)
        first.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        generate_days(conn, TODAY, 14, now=NOW)
        again.append(time.perf_counter() - t0)
        visits = made.visits
        conn.close()
    return first, again, visits


def timed_change(path: Path, runs: int, folder: Path) -> list[float]:
    times = []
    for k in range(runs):
        copy = folder / f"change{k}.db"
        shutil.copy(path, copy)
        conn, _, _ = open_database(copy)
        generate_days(conn, TODAY, 14, now=NOW)
        entries = base_entries(conn)
        changed = [e if i else _longer(e) for i, e in enumerate(entries)]
        t0 = time.perf_counter()
        apply_base_plan(conn, changed, today=TODAY, now=NOW, actor="bench")
        times.append(time.perf_counter() - t0)
        conn.close()
    return times


def _longer(entry: BaseEntry) -> BaseEntry:
    from dataclasses import replace

    return replace(entry, duration_min=entry.duration_min + 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kaffefoerst-bench-"))
    try:
        path, n = build(folder)
        first, again, visits = timed(path, args.runs, folder)
        change = timed_change(path, args.runs, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    med = statistics.median(first)
    print(f"base plan entries: {n}; visits generated for 14 days: {visits}")
    print(f"generate 14 days, median of {args.runs}: {med * 1000:.0f} ms (target ≤ 1000 ms)")
    print(f"generate again (all made), median: {statistics.median(again) * 1000:.0f} ms")
    changed_ms = statistics.median(change) * 1000
    print(f"apply a base plan with one changed entry, median: {changed_ms:.0f} ms")
    return 0 if med <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
