"""Cold start to a drawn board vs. a bare Textual app that imports sqlmodel, in the same run.

Each run starts the program in a fresh tmux session (200x50) and polls the screen until the
marker shows; runs alternate between the two programs so machine noise hits both alike.

    python bench/startup.py [--runs 9] [--size 200x50]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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


def compile_package() -> None:
    """Byte-compile kaffefoerst as `pip install .` does, so both programs start from .pyc files
    (an editable install under PYTHONDONTWRITEBYTECODE=1 would recompile on every run)."""
    import compileall

    import kaffefoerst

    compileall.compile_dir(Path(kaffefoerst.__file__).parent, quiet=1)


def sample_db() -> Path:
    """A sample team's database, made once per run in a private temporary folder."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="kaffefoerst-bench-")) / "team.db"
    subprocess.run(
        [sys.executable, "-m", "kaffefoerst", "--db", str(path), "sample"],
        check=True,
        capture_output=True,
    )
    return path


def main() -> None:
    compile_package()
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="200x50")
    args = parser.parse_args()
    python = sys.executable
    programs = {
        "bare textual + sqlmodel": ([python, str(HERE / "bare_app.py")], "Ikke fordelt"),
        # The marker is the last carer's row (team Syd), so the whole board must be drawn.
        "kaffefoerst demo": ([python, "-m", "kaffefoerst", "demo"], "Team Syd"),
        # What a team runs every morning: its own database.
        "kaffefoerst --db": (
            [python, "-m", "kaffefoerst", "--db", str(sample_db()), "--as", "MH"],
            "Team Syd",
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    for cmd, marker in programs.values():  # warm the disk cache once, untimed
        time_to_marker(cmd, marker, args.size)
    for _ in range(args.runs):
        for name, (cmd, marker) in programs.items():
            times[name].append(time_to_marker(cmd, marker, args.size))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = " ".join(f"{v:.3f}" for v in values)
        print(f"{name:<26} median {medians[name]:.3f} s   runs: {runs}")
    floor = medians["bare textual + sqlmodel"]
    for name, target in (("kaffefoerst demo", 1.0), ("kaffefoerst --db", 1.2)):
        print(f"ratio {name} / bare: {medians[name] / floor:.2f}  (target <= {target:.2f})")


if __name__ == "__main__":
    main()
