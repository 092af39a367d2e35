"""Cold start to a drawn board vs. a bare Textual app that imports sqlmodel, in the same run.

Each run starts the program in a fresh tmux session (200x50) and polls the screen until the
marker shows; runs alternate between the two programs so machine noise hits both alike.

    python bench/startup.py [--runs 9] [--size 200x50] [--compare /work/main/src]

Each program gets PYTHONPATH on its own command line: a tmux server started earlier would
otherwise hand the session its own, older environment. --compare also times demo and --db from
another source tree (e.g. main before a change), in the same run; each tree gets a copy of one
sample database made by the other tree, so the newer code also meets an older file once
(upgraded during the untimed warm-up).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent


def time_to_marker(cmd: list[str], marker: str, size: str, timeout: float = 20.0) -> float:
    name = "bench" + uuid.uuid4().hex[:8]
    width, height = size.split("x")
    line = " ".join(cmd)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", width, "-y", height, line], check=True
    )
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared for {line}:\n{screen}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        time.sleep(0.2)  # let the killed process exit before the next cold start


def compile_package(src: Path) -> None:
    """Byte-compile kaffefoerst as `pip install .` does, so both programs start from .pyc files
    (an editable install under PYTHONDONTWRITEBYTECODE=1 would recompile on every run)."""
    import compileall

    compileall.compile_dir(src / "kaffefoerst", quiet=1)


def sample_db(src: Path, folder: Path) -> Path:
    """A sample team's database made by the code in ``src``."""
    path = folder / "team.db"
    subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "--db", str(path), "sample"],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    return path


def pin_file(src: Path, folder: Path) -> Path:
    """A PIN file (MH, 471108) as `kaffefoerst pin set` writes it, for a serve tab's start."""
    path = folder / "pins.toml"
    subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "pin", "set", "MH", "--pin-file", str(path)],
        input="471108\n",
        text=True,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    return path


def kaffefoerst_programs(
    src: Path, db: Path, label: str, pins: Path | None = None
) -> dict[str, tuple[list[str], str]]:
    python = ["env", f"PYTHONPATH={src}", sys.executable, "-m", "kaffefoerst"]
    programs = {
        # The marker is the last carer's row (team Syd), so the whole board must be drawn.
        f"kaffefoerst demo{label}": ([*python, "demo"], "Team Syd"),
        # What a team runs every morning: its own database.
        f"kaffefoerst --db{label}": ([*python, "--db", str(db), "--as", "MH"], "Team Syd"),
        # A coach: read-only at the database, the same board.
        f"kaffefoerst --db --role coach{label}": (
            [*python, "--db", str(db), "--as", "SV", "--role", "coach"],
            "Team Syd",
        ),
    }
    if pins is not None:
        # A browser tab of `serve` with PINs: what `serve` runs in each tab's terminal, up to
        # its first screen (the log-in; nobody sees the board before their PIN).
        programs[f"kaffefoerst serve tab (PIN){label}"] = (
            [*python, "--db", str(db), "--lang", "da", "--login", str(pins)],
            "log ind med dine initialer",
        )
    return programs


def planner(path: Path) -> tuple[str, str]:
    """Someone to start as (the first carer's initials) and the plan day (the last day with
    visits; the history lies before it), read straight from the file."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        initials = db.execute("SELECT initials FROM carer ORDER BY id LIMIT 1").fetchone()[0]
        day = db.execute("SELECT max(day) FROM visit").fetchone()[0]
    return str(initials), str(day)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="200x50")
    parser.add_argument("--compare", type=Path, help="another src/ folder, timed as 'before'")
    parser.add_argument(
        "--vojens", type=Path, help="also start on this Vojens database (bench/scale_data.py)"
    )
    args = parser.parse_args()
    src = HERE.parent / "src"
    folder = Path(tempfile.mkdtemp(prefix="kaffefoerst-bench-"))
    compile_package(src)
    programs = {
        "bare textual + sqlmodel": ([sys.executable, str(HERE / "bare_app.py")], "Ikke fordelt")
    }
    if args.compare:
        compile_package(args.compare)
        made = sample_db(args.compare, folder)
        before, after = folder / "before.db", folder / "after.db"
        shutil.copy(made, before)
        shutil.copy(made, after)
        programs |= kaffefoerst_programs(args.compare, before, " (before)")
        programs |= kaffefoerst_programs(src, after, "", pin_file(src, folder))
    else:
        programs |= kaffefoerst_programs(src, sample_db(src, folder), "", pin_file(src, folder))
    if args.vojens is not None:  # a district's board: 5 teams, 100 rows, ~800 visits
        python = ["env", f"PYTHONPATH={src}", sys.executable, "-m", "kaffefoerst"]
        who, day = planner(args.vojens)
        # The marker is the legend under the board: drawn with the rows, after them.
        programs["kaffefoerst --db vojens"] = (
            [*python, "--db", str(args.vojens), "--as", who, "--date", day],
            "F1/? hjælp",
        )
    times: dict[str, list[float]] = {name: [] for name in programs}
    for cmd, marker in programs.values():  # warm the disk cache once, untimed
        time_to_marker(cmd, marker, args.size)
    for _ in range(args.runs):
        for name, (cmd, marker) in programs.items():
            times[name].append(time_to_marker(cmd, marker, args.size))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = " ".join(f"{v:.3f}" for v in values)
        print(f"{name:<36} median {medians[name]:.3f} s   runs: {runs}")
    floor = medians["bare textual + sqlmodel"]
    for name in medians:
        if name.startswith("kaffefoerst"):
            target = 1.0 if "demo" in name else 1.6 if "vojens" in name else 1.2
            print(f"ratio {name} / bare: {medians[name] / floor:.2f}  (target <= {target:.2f})")


if __name__ == "__main__":
    main()
