"""The daily import, sample team and Vojens scale:

    python bench/import_merge.py [runs] [--compare /tmp/old/src]

Builds a Vojens district (bench/scale_data.py: 5 teams, 100 staff, 352 citizens, ~800 visits
a weekday) with 90 days of history, writes it out as an import folder, then times

- importing all 90 days into an empty database (``kaffefoerst import FOLDER``);
- merging one new day (~800 visits, the plan day again, one day later) into that database;
- merging the plan day again unchanged ("Intet er ændret") and with 50 starts changed;
- merging all 90 days into a database that holds only the teams: every row new, through the
  merge's executemany inserts (the path a PostgreSQL store would load by).

The sample team (sample_data/, ~11,000 visits) the same way: the whole folder merged into a
database holding only its teams, merged again unchanged, and its plan day with 20 starts changed.

Each run works on a fresh copy of the database (copying is not timed). Prints medians.

--compare times another source tree (e.g. main before a change) on the same cases in the same
run, interleaved (bench/compare_trees.py; bench/import_merge_child.py runs one tree): the
databases and folders are built once, here, and each tree's merge is timed on copies of them.
Each tree's import report is printed, so a change that times well but merges differently shows.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kaffefoerst.io.csv_schema import TABLES
from kaffefoerst.io.import_run import import_path
from kaffefoerst.io.sample import anchor_day, sample_dir
from kaffefoerst.store import Store
from kaffefoerst.store.import_merge import MergeReport
from kaffefoerst.store.model_schema import model_schema

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import compare_trees  # noqa: E402  # bench/compare_trees.py
from scale_data import build_scale_db  # noqa: E402

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
NEW_IDS = 10_000_000  # the care system's ids for the new day's visits


def export(db: Path, folder: Path) -> None:
    """Every import table as the import format, date-times as local wall-clock time."""
    import sqlite3

    folder.mkdir()
    schema = model_schema()
    with sqlite3.connect(db) as conn:
        for name in TABLES:
            cols = schema[name].file_columns
            select = [
                f"datetime({c}, 'localtime')" if schema[name].columns[c].kind == "datetime" else c
                for c in cols
            ]
            found = conn.execute(f"SELECT {', '.join(select)} FROM {name}").fetchall()
            with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(cols)
                writer.writerows(["" if v is None else v for v in r] for r in found)


def day_files(
    full: Path,
    target: Path,
    change: Callable[[dict[str, str]], dict[str, str]],
    day: date = TODAY,
) -> int:
    """The plan day's visits and their services, changed by ``change``."""
    target.mkdir()
    with (full / "visit.csv").open(encoding="utf-8", newline="") as handle:
        visits = [r for r in csv.DictReader(handle) if r["day"] == day.isoformat()]
    keep = {r["id"] for r in visits}
    with (full / "visitservice.csv").open(encoding="utf-8", newline="") as handle:
        services = [r for r in csv.DictReader(handle) if r["visit_id"] in keep]
    moved = {r["id"]: change(dict(r)) for r in visits}
    with (target / "visit.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(visits[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(moved.values())
    with (target / "visitservice.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["visit_id", "service_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({**s, "visit_id": moved[s["visit_id"]]["id"]} for s in services)
    return len(visits)


def timed(db: Path, work: Path, folder: Path, runs: int) -> tuple[list[float], MergeReport]:
    times, report = [], None
    for run in range(runs):
        copy = work / f"run{run}.db"
        shutil.copy(db, copy)
        store = Store.open_sqlite(copy)
        start = time.perf_counter()
        report = import_path(store, folder, actor="BENCH", now=NOW)
        times.append(time.perf_counter() - start)
        store.close()
        copy.unlink()
    assert report is not None
    return times, report


def shifted(count: int) -> Callable[[dict[str, str]], dict[str, str]]:
    """The first ``count`` visits 10 minutes later, the rest as they were."""
    changed = iter(range(count))

    def shift(r: dict[str, str]) -> dict[str, str]:
        if next(changed, None) is None:
            return r
        return {**r, "start_min": str(min(1439, int(r["start_min"]) + 10))}

    return shift


def teams_only(folder: Path, work: Path, name: str) -> Path:
    """A database holding only ``folder``'s teams (so an import of it is a merge)."""
    teams = work / f"{name}_teams"
    teams.mkdir()
    for table in TABLES:  # every file the bulk load wants, empty but for the teams
        with (folder / f"{table}.csv").open(encoding="utf-8") as handle:
            kept = handle.read() if table == "team" else handle.readline()
        (teams / f"{table}.csv").write_text(kept, encoding="utf-8")
    db = work / f"{name}_teams.db"
    store = Store.open_sqlite(db)
    import_path(store, teams, actor="BENCH", now=NOW)
    store.close()
    return db


def loaded(folder: Path, work: Path, name: str) -> Path:
    """A database the whole ``folder`` was imported into (the bulk load)."""
    db = work / f"{name}.db"
    store = Store.open_sqlite(db)
    import_path(store, folder, actor="BENCH", now=NOW)
    store.close()
    return db


def merge_cases(work: Path, full: Path) -> dict[str, tuple[Path, Path]]:
    """The merges both trees are timed on: name -> (database to copy, import folder)."""
    sample = sample_dir()
    sample_db = loaded(sample, work, "sample")
    day_files(sample, work / "sample_day", shifted(20), anchor_day(sample))
    base = loaded(full, work, "base")
    next_day = (TODAY + timedelta(days=1)).isoformat()
    day_files(
        full,
        work / "new_day",
        lambda r: {**r, "id": str(NEW_IDS + int(r["id"])), "day": next_day},
    )
    day_files(full, work / "same_day", lambda r: r)
    day_files(full, work / "changed_day", shifted(50))
    return {
        "sample: whole folder, teams only before": (teams_only(sample, work, "sample"), sample),
        "sample: whole folder again, unchanged": (sample_db, sample),
        "sample: plan day, 20 starts changed": (sample_db, work / "sample_day"),
        "Vojens: one new day": (base, work / "new_day"),
        "Vojens: plan day again, unchanged": (base, work / "same_day"),
        "Vojens: plan day, 50 starts changed": (base, work / "changed_day"),
        "Vojens: 90 days, teams only before": (teams_only(full, work, "vojens"), full),
    }


def build_vojens(work: Path) -> Path:
    """Vojens with 90 days of history, exported as an import folder."""
    built = Store.open_sqlite(work / "built.db")
    build_scale_db(
        built, TODAY, teams=5, staff=100, citizens=352, visits_per_day=800, history_days=90
    )
    built.close()
    full = work / "full"
    export(work / "built.db", full)
    return full


def compare(other: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases = merge_cases(work, build_vojens(work))
        spec = work / "cases.json"
        spec.write_text(json.dumps({k: [str(db), str(f)] for k, (db, f) in cases.items()}))
        trees = {}
        for label, src in (("before", other), ("after", HERE.parent / "src")):
            trees[label] = compare_trees.Tree(src, HERE / "import_merge_child.py", [str(spec)])
        reports = {label: tree.hello["reports"] for label, tree in trees.items()}
        for name in cases:
            print(f"{name}: {reports['after'][name]}")
            if reports["before"][name] != reports["after"][name]:
                print(f"  before merged differently: {reports['before'][name]}")
        try:
            names, times = compare_trees.interleave(trees, runs)
        finally:
            for tree in trees.values():
                tree.close()
    compare_trees.report(names, times, runs)


def line(label: str, times: list[float]) -> str:
    spread = f"min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs"
    return f"{label}: median {statistics.median(times):.2f} s ({spread})"


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = build_vojens(work)
        size = sum(1 for _ in (full / "visit.csv").open()) - 1
        print(f"Vojens, 90 days of history: {size} visits in the import folder")
        empty = work / "empty.db"
        Store.open_sqlite(empty).close()
        times, report = timed(empty, work, full, max(3, runs // 2))
        print(line(f"import 90 days into an empty database ({report.visits_new} visits)", times))
        for name, (db, folder) in merge_cases(work, full).items():
            times, report = timed(db, work, folder, runs)
            print(line(f"{name} ({json.dumps(report.as_dict())})", times))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, nargs="?", default=5)
    parser.add_argument("--compare", type=Path, help="another src/ folder, timed as 'before'")
    args = parser.parse_args()
    if args.compare is not None:
        compare(args.compare, args.runs)
    else:
        main(args.runs)
