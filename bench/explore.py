"""Long exploration runs: many seeds, more presses, every role and size. Each distinct crash is
shrunk to a short step list that still raises it, and printed with its traceback.

    python bench/explore.py                                   # seeds 1-20 x 300 presses, all
    python bench/explore.py --seed 7 --seeds 1 --presses 2000 --role coach --size 80x24
    python bench/explore.py --role planner --size 200x50 --keys '["down", "s", "ctrl+s"]'

The steps are those of tests/explorer.py (keys, ``type:TEXT``, ``<poll>``, ``~N:KEY``,
``<other:ID>``). Runs go side by side in child processes (--jobs, default 2: this machine has
two cores). Seconds per run are printed; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests package

from tests.explorer import PERSONAS, SIZES, Crash, Run, parse_size, run_in_process  # noqa: E402


def shrink(run: Run, crash: Crash) -> list[str]:
    """The shortest list found (dropping halves, quarters, ... down to single steps) that still
    ends in the same crash. Each trial replays in a child process, starting again after a quit
    or an earlier crash as the random run did."""
    wanted = crash.signature
    steps = run.steps[: crash.steps]
    again = run_in_process(run.role, run.size, steps=steps, keep_going=True)
    if wanted not in [c.signature for c in again.crashes]:
        return []  # not again: it needed something besides the keys (a file half-written...)
    chunk = max(1, len(steps) // 2)
    while chunk >= 1:
        i = 0
        while i < len(steps):
            trial = steps[:i] + steps[i + chunk :]
            found = (
                run_in_process(run.role, run.size, steps=trial, keep_going=True) if trial else None
            )
            same = [c for c in found.crashes if c.signature == wanted] if found else []
            if same:
                steps = trial[: same[0].steps]  # the crash may come sooner now: only that far
                continue
            i += chunk
        chunk //= 2
    return steps


def line(run: Run, seconds: float) -> str:
    status = ", ".join(c.signature for c in run.crashes) or "ok"
    if run.coach_wrote:
        status += " / DATABASE CHANGED"
    if run.audit_problems:
        status += " / " + "; ".join(run.audit_problems)
    return (
        f"seed {run.seed!s:>5} {run.role:8s} {run.size_text:7s} {run.presses:5d} presses "
        f"{len(run.steps):5d} steps {run.starts:2d} start(s) {seconds:6.1f} s  {status}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--seeds", type=int, default=20, help="how many seeds from --seed")
    parser.add_argument("--presses", type=int, default=300, help="key presses per run")
    parser.add_argument("--role", choices=sorted(PERSONAS), action="append")
    parser.add_argument("--size", type=parse_size, action="append", help="WxH, e.g. 80x24")
    parser.add_argument("--keys", help="a JSON list of steps to replay instead of seeds")
    parser.add_argument("--jobs", type=int, default=2, help="runs side by side (default 2)")
    parser.add_argument("--no-shrink", action="store_true", help="report crashes unshrunk")
    args = parser.parse_args()
    roles = args.role or list(PERSONAS)
    sizes = args.size or list(SIZES)

    if args.keys is not None:
        steps = json.loads(args.keys)
        failed = False
        for role in roles:
            for size in sizes:
                run = run_in_process(role, size, steps=steps)
                print(run.report(), "\n")
                failed |= run.failed()
        return 1 if failed else 0

    jobs = [
        (seed, role, size)
        for seed in range(args.seed, args.seed + args.seeds)
        for role in roles
        for size in sizes
    ]

    def one(job: tuple[int, str, tuple[int, int]]) -> tuple[Run, float]:
        seed, role, size = job
        started = time.perf_counter()
        run = run_in_process(role, size, seed=seed, presses=args.presses)
        return run, time.perf_counter() - started

    crashes: dict[str, tuple[Run, Crash]] = {}
    other_failures: list[Run] = []
    total = 0
    started = time.perf_counter()
    screens: Counter[str] = Counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for run, seconds in pool.map(one, jobs):
            total += run.presses
            screens.update(run.screens)
            print(line(run, seconds), flush=True)
            for crash in run.crashes:
                crashes.setdefault(crash.signature, (run, crash))
            if run.coach_wrote or run.audit_problems:
                other_failures.append(run)
    elapsed = time.perf_counter() - started
    print(f"\n{len(jobs)} runs, {total} presses in {elapsed:.0f} s ({total / elapsed:.1f}/s)")
    print("steps per screen on top: " + ", ".join(f"{k} {n}" for k, n in screens.most_common()))
    print(f"{len(crashes)} distinct crash(es), {len(other_failures)} other failure(s)\n")
    for run in other_failures:
        print(run.report(), "\n")
    for signature, (run, crash) in crashes.items():
        steps = run.steps[: crash.steps] if args.no_shrink else shrink(run, crash)
        print(f"== {signature}")
        if not steps:
            print("   (did not come again on a replay of the same steps)")
        where = f"seed {run.seed}, {run.role}, {run.size_text}"
        print(f"   first: {where}, after {crash.presses} presses: {run.replay(crash.presses)}")
        print(
            f"   replay ({len(steps)} steps): python bench/explore.py --role {run.role} "
            f"--size {run.size_text} --keys '{json.dumps(steps, ensure_ascii=False)}'"
        )
        print(f"   {crash.error}")
        print(crash.trace)
    return 1 if crashes or other_failures else 0


if __name__ == "__main__":
    sys.exit(main())
