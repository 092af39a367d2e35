"""The child process of ``bench/import_merge.py --compare``: one source tree's merge.

Started by bench/compare_trees.py with the tree's src/ and bench/ on PYTHONPATH, so
``import_path`` below is that tree's. CASES.json names each case's database and import
folder (built once by the parent); every run merges into a fresh copy of the database, made
before the clock starts (the same protocol as compare_trees.serve, with that untimed step).

    python -P bench/import_merge_child.py CASES.json
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from kaffefoerst.io.import_run import import_path
from kaffefoerst.store import Store

NOW = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)  # bench/import_merge.py's


def fresh(db: Path, run: int) -> Store:
    copy = db.with_name(f"{db.stem}-child{os.getpid()}-{run}.db")
    shutil.copy(db, copy)
    return Store.open_sqlite(copy)


def merge(store: Store, folder: Path) -> dict[str, object]:
    report = import_path(store, folder, actor="BENCH", now=NOW)
    return report.as_dict()


def done(store: Store) -> None:
    store.close()
    assert store.path is not None
    store.path.unlink()


def main() -> None:
    cases = {
        k: (Path(db), Path(f)) for k, (db, f) in json.loads(Path(sys.argv[1]).read_text()).items()
    }
    reports = {}
    for name, (db, folder) in cases.items():  # also the warm-up: imports, statement caches
        store = fresh(db, 0)
        reports[name] = merge(store, folder)
        done(store)
    print(json.dumps({"reports": reports, "cases": list(cases)}), flush=True)
    for run, name in enumerate(sys.stdin, start=1):
        db, folder = cases[name.strip()]
        store = fresh(db, run)
        wall, cpu = time.perf_counter(), time.process_time()
        merge(store, folder)
        print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]), flush=True)
        done(store)


if __name__ == "__main__":
    main()
