"""What the day's first backup costs: the copy itself (done by a process of its own, started
by the first board's child once it has answered), and a cold start to a drawn board when
today's backup is still missing (the first start of the day) vs. already there (every later
start), alternating in one run. Also a restore of the sample database.

    python bench/backup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import date, datetime

from kaffefoerst.store import backup
from startup import compile_package, sample_db, time_to_marker


def _median_ms(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compile_package()
    db = sample_db()
    size = db.stat().st_size
    folder = backup.backup_folder(db)

    def copy(i: int) -> None:
        backup.copy_to(db, folder / f"bench-{i}.db")

    def restore(i: int) -> None:
        backup.restore(db, folder / "bench-0.db", datetime(2026, 1, 1, 0, 0, i))

    print(f"sample database: {size / 1e6:.1f} MB")
    print(f"backup copy (online backup API): median {_median_ms(copy, args.runs):.1f} ms")
    print(f"restore (check, safety copy, install): median {_median_ms(restore, args.runs):.1f} ms")
    # tmux starts programs with its server's environment, not ours: pass PYTHONPATH on, so the
    # program timed is the one this script imports.
    path = os.environ.get("PYTHONPATH")
    env = ["env", f"PYTHONPATH={path}"] if path else []
    cmd = [*env, sys.executable, "-m", "kaffefoerst", "--db", str(db), "--as", "MH"]
    times: dict[str, list[float]] = {"first start of the day": [], "later start": []}
    time_to_marker(cmd, "Team Syd", "200x50")  # warm the disk cache once, untimed
    for _ in range(args.runs):
        shutil.rmtree(folder, ignore_errors=True)
        times["first start of the day"].append(time_to_marker(cmd, "Team Syd", "200x50"))
        today = f"{db.stem}-{date.today().isoformat()}.db"
        for _ in range(100):  # the copy runs in a process of its own; wait until it is there
            if backup.backups_of(db) and backup.backups_of(db)[-1].name == today:
                break
            time.sleep(0.05)
        assert backup.backups_of(db)[-1].name == today
        times["later start"].append(time_to_marker(cmd, "Team Syd", "200x50"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = " ".join(f"{v:.3f}" for v in values)
        print(f"{name:<24} median {medians[name]:.3f} s   runs: {runs}")
    extra = (medians["first start of the day"] - medians["later start"]) * 1000
    print(f"first start - later start: {extra:+.0f} ms (the copy runs in a separate process)")


if __name__ == "__main__":
    main()
