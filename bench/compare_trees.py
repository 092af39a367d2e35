"""Timing two source trees in one run, for a bench's --compare (continuity.py, cover.py).

Each tree runs in its own child process: the bench starts itself with ``python -P`` and the
tree's src/ and bench/ (then this folder) on PYTHONPATH, so the child imports that tree's
package and bench modules (-P keeps the bench's own folder off the path). The parent asks the
children for one run of a named case at a time, case by case and round by round, alternating
which tree goes first, so a busy machine's noise hits both alike; it reports medians of the
wall clock and of the child's CPU time (other programs on a shared machine disturb the latter
less) and their ratio after / before.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Times = dict[tuple[str, str], list[tuple[float, float]]]


def serve(cases: dict[str, Callable[[], object]], hello: dict[str, Any]) -> None:
    """The child's side: say ``hello`` (with the case names), then run the case named on each
    line of stdin once and answer [wall seconds, CPU seconds]."""
    print(json.dumps({**hello, "cases": list(cases)}), flush=True)
    for name in sys.stdin:
        wall, cpu = time.perf_counter(), time.process_time()
        cases[name.strip()]()
        print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]), flush=True)


class Tree:
    """One source tree's child process, running ``script`` with ``args``."""

    def __init__(self, src: Path, script: Path, args: list[str]) -> None:
        src = src.resolve()
        # This folder last: a tree from before compare_trees.py still finds it.
        here = Path(__file__).resolve().parent
        path = os.pathsep.join([str(src), str(src.parent / "bench"), str(here)])
        self.process = subprocess.Popen(
            [sys.executable, "-P", str(script.resolve()), *args],
            env={**os.environ, "PYTHONPATH": path},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.hello: dict[str, Any] = json.loads(self._read())
        self.cases: list[str] = self.hello["cases"]

    def _read(self) -> str:
        assert self.process.stdout is not None
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit(f"the child {self.process.args} stopped")
        return answer

    def run(self, name: str) -> tuple[float, float]:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        wall, cpu = json.loads(self._read())
        return wall, cpu

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def interleave(trees: dict[str, Tree], runs: int, warm: int = 1) -> tuple[list[str], Times]:
    """``warm`` untimed rounds, then ``runs`` rounds of every case both trees know."""
    first = next(iter(trees.values()))
    names = [n for n in first.cases if all(n in t.cases for t in trees.values())]
    times: Times = {}
    for k in range(warm + runs):
        for name in names:
            order = list(trees.items()) if k % 2 == 0 else list(trees.items())[::-1]
            for label, tree in order:
                took = tree.run(name)
                if k >= warm:
                    times.setdefault((label, name), []).append(took)
    return names, times


def report(names: list[str], times: Times, runs: int) -> None:
    print(f"medians of {runs} interleaved rounds; CPU is the child's process time")
    wall, cpu = (f"{kind + ': before':>12} {'after':>8} {'ratio':>6}" for kind in ("wall", "CPU"))
    print(f"{'':44} {wall}   {cpu}")
    for name in names:
        cells = []
        for k in (0, 1):  # wall, CPU
            old, new = (
                statistics.median(t[k] for t in times[label, name]) for label in ("before", "after")
            )
            cells.append(f"{old * 1000:9.1f} ms {new * 1000:5.1f} ms {new / old:6.2f}")
        print(f"{name:44} {cells[0]}   {cells[1]}")
