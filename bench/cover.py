"""The cover proposal for one sick carer: everything the cover screen does to show it.

    python bench/cover.py [--runs 31] [--compare /tmp/old/src]

Timed per run, in a fresh session, as ``ui/screens/cover.py`` (``recompute``) does it: read the
day's plan (``load_day_plan``), take the visits still missing cover, read who knows those
citizens (``recent_by_citizen``, 14 days) and who is in beredskab (``DayPlan.standby``), and
build the whole-route proposal (``domain/cover_route.propose``).
The median of the runs is compared with the issue's targets (issue 3):

- the sample team (``sample_data/``, loaded with ``load_sample``): the sick call reported at
  06:52 is already in it. Target: median <= 100 ms.
- Vojens scale (``bench/scale_data.py``: 5 teams, 100 staff, 352 citizens, ~800 visits a day):
  the day-shift carer whose route is nearest 12 visits is first marked sick with
  ``mark_absent``. Target: median <= 300 ms.

Building the databases is not timed. The split (plan / recent / propose) is shown so that a
slow part is easy to find.

--compare times another source tree (e.g. main before a change) in the same run, interleaved
(bench/compare_trees.py). Each tree builds its own databases and shows the proposal with its
own bench/cover.py (``sample_store``, ``vojens_store``, ``show_proposal``; bench/cover_child.py
runs them), so a tree from
before the whole-route proposal is timed doing what its cover screen did; the sizes of each
tree's plan and proposal are printed beside the times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import compare_trees  # bench/compare_trees.py
from kaffefoerst.domain.cover_route import ProposalLine, propose
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.enums import AbsenceKind
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import recent_by_citizen

TODAY = date(2026, 3, 2)  # a Monday: a full weekday's plan
HERE = Path(__file__).resolve().parent
TARGETS_MS = {"sample team": 100.0, "Vojens scale": 300.0}


def show_proposal(store: Store, today: date) -> tuple[DayPlan, list[ProposalLine], list[float]]:
    """What the cover screen does; returns the split times in ms (plan, recent, propose)."""
    t0 = time.perf_counter()
    with store.session() as session:
        plan = load_day_plan(session, today)
        t1 = time.perf_counter()
        open_visits = [v for v in plan.uncovered() if v.id not in plan.covers]
        citizens = sorted({v.citizen_id for v in open_visits})
        recent = recent_by_citizen(session, citizens, today)
        standby = plan.standby()
    t2 = time.perf_counter()
    lines = propose(plan, recent, open_visits, standby)
    t3 = time.perf_counter()
    return plan, lines, [(t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000]


def measure(label: str, store: Store, today: date, runs: int) -> float:
    show_proposal(store, today)  # warm: imports, statement caches, as in a running app
    totals, splits = [], []
    for _ in range(runs):
        plan, lines, split = show_proposal(store, today)
        totals.append(sum(split))
        splits.append(split)
    median = statistics.median(totals)
    parts = [statistics.median(s[i] for s in splits) for i in range(3)]
    sick = ", ".join(
        f"{plan.carers[a.carer_id].initials} ({len(plan.route(a.carer_id))} visits)"
        for a in plan.absences.values()
    )
    sources = Counter(line.source.value for line in lines)
    inside = sum(line.inside_team for line in lines)
    target = TARGETS_MS[label]
    print(f"{label}: sick {sick}; {len(plan.visits)} visits in the plan")
    print(
        f"  proposal: {len(lines)} lines, {inside} inside the team; "
        + ", ".join(f"{k} {n}" for k, n in sorted(sources.items()))
    )
    print(
        f"  median {median:6.1f} ms over {runs} runs (min {min(totals):.1f}, max "
        f"{max(totals):.1f}); target <= {target:.0f} ms: {'ok' if median <= target else 'MISSED'}"
    )
    print(
        f"  split: load_day_plan {parts[0]:.1f} ms, recent_by_citizen {parts[1]:.1f} ms, "
        f"propose {parts[2]:.1f} ms"
    )
    return median


def sample_store(folder: Path) -> Store:
    store = Store.open_sqlite(folder / "sample.db")
    load_sample(store, TODAY)
    return store


def vojens_store(folder: Path) -> Store:
    sys.path.insert(0, str(HERE))
    import scale_data  # bench/scale_data.py

    store = Store.open_sqlite(folder / "vojens.db")
    scale_data.vojens(store, TODAY)
    with store.session() as session:
        plan = load_day_plan(session, TODAY)
        candidates = [
            c
            for c in plan.on_duty
            if not c.substitute and all(v.carer_id == c.id for v in plan.route(c.id))
        ] or plan.on_duty
        sick = min(candidates, key=lambda c: (abs(len(plan.route(c.id)) - 12), c.initials))
        buddy = next(c for c in plan.on_duty if c.team_id == sick.team_id and c.id != sick.id)
        mark_absent(
            session,
            carer_id=sick.id,
            from_day=TODAY,
            to_day=TODAY,
            kind=AbsenceKind.SICK,
            actor="BENCH",
            now=datetime(2026, 3, 2, 5, 52, tzinfo=UTC),
            buddy_id=buddy.id,
        )
    return store


def compare(other: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        trees = {}
        for label, src in (("before", other), ("after", HERE.parent / "src")):
            folder = Path(tmp) / label
            folder.mkdir()
            trees[label] = compare_trees.Tree(src, HERE / "cover_child.py", [str(folder)])
            for case, size in trees[label].hello["sizes"].items():
                print(f"{label} ({src}), {case}: {size}")
        try:
            names, times = compare_trees.interleave(trees, runs)
        finally:
            for tree in trees.values():
                tree.close()
    compare_trees.report(names, times, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--compare", type=Path, help="another src/ folder, timed as 'before'")
    args = parser.parse_args()
    if args.compare is not None:
        compare(args.compare, args.runs)
        return
    cases: list[tuple[str, Callable[[Path], Store]]] = [
        ("sample team", sample_store),
        ("Vojens scale", vojens_store),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for label, build in cases:
            store = build(Path(tmp))
            try:
                measure(label, store, TODAY, args.runs)
            finally:
                store.close()


if __name__ == "__main__":
    main()
