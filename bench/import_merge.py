"""The daily import at Vojens scale: python bench/import_merge.py [runs]

Builds a Vojens district (bench/scale_data.py: 5 teams, 100 staff, 352 citizens, ~800 visits
a weekday) with 90 days of history, writes it out as an import folder, then times

- importing all 90 days into an empty database (``kaffefoerst import FOLDER``);
- merging one new day (~800 visits, the plan day again, one day later) into that database;
- merging the plan day again unchanged ("Intet er ændret") and with 50 starts changed.

Each run works on a fresh copy of the database (copying is not timed). Prints medians.
"""

from __future__ import annotations

import csv
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
from kaffefoerst.store import Store
from kaffefoerst.store.import_merge import MergeReport
from kaffefoerst.store.model_schema import model_schema

sys.path.insert(0, str(Path(__file__).resolve().parent))
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


def day_files(full: Path, target: Path, change: Callable[[dict[str, str]], dict[str, str]]) -> int:
    """The plan day's visits and their services, changed by ``change``."""
    target.mkdir()
    with (full / "visit.csv").open(encoding="utf-8", newline="") as handle:
        visits = [r for r in csv.DictReader(handle) if r["day"] == TODAY.isoformat()]
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


def line(label: str, times: list[float]) -> str:
    spread = f"min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs"
    return f"{label}: median {statistics.median(times):.2f} s ({spread})"


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        built = Store.open_sqlite(work / "built.db")
        build_scale_db(
            built, TODAY, teams=5, staff=100, citizens=352, visits_per_day=800, history_days=90
        )
        built.close()
        full = work / "full"
        export(work / "built.db", full)
        size = sum(1 for _ in (full / "visit.csv").open()) - 1
        print(f"Vojens, 90 days of history: {size} visits in the import folder")
        empty = work / "empty.db"
        Store.open_sqlite(empty).close()
        times, report = timed(empty, work, full, max(3, runs // 2))
        print(line(f"import 90 days into an empty database ({report.visits_new} visits)", times))
        base = work / "base.db"
        shutil.copy(empty, base)
        store = Store.open_sqlite(base)
        import_path(store, full, actor="BENCH", now=NOW)
        store.close()
        next_day = (TODAY + timedelta(days=1)).isoformat()
        count = day_files(
            full,
            work / "new_day",
            lambda r: {**r, "id": str(NEW_IDS + int(r["id"])), "day": next_day},
        )
        times, report = timed(base, work, work / "new_day", runs)
        assert report.visits_new == count
        print(line(f"merge one new day ({count} visits) into 90 days of history", times))
        day_files(full, work / "same_day", lambda r: r)
        times, report = timed(base, work, work / "same_day", runs)
        assert report.nothing
        print(line(f"merge the plan day again, unchanged ({count} visits, nothing changed)", times))
        changed = iter(range(50))

        def shift(r: dict[str, str]) -> dict[str, str]:
            if next(changed, None) is None:
                return r
            return {**r, "start_min": str(min(1439, int(r["start_min"]) + 10))}

        day_files(full, work / "changed_day", shift)
        times, report = timed(base, work, work / "changed_day", runs)
        print(
            line(
                f"merge the plan day with 50 starts changed ({len(report.visits_changed)} changed)",
                times,
            )
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
