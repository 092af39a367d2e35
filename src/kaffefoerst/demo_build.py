"""Build the demo database in a forked child while the parent imports the UI.

Start-up is dominated by imports; the machine has a second core, so the sample team loads there
at the same time. The board still opens only after the whole sample is in the database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import kaffefoerst.model  # noqa: F401 - imported before the fork, so the child need not
from kaffefoerst.io.csv_import import ImportProblem
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store, StoreError


def _build(path: Path, today: date) -> None:
    store = Store.open_sqlite(path)
    try:
        load_sample(store, today)
    finally:
        store.close()


def build_in_background(path: Path, today: date) -> Callable[[], None]:
    """Start building; the returned function waits and re-raises the child's problem, if any."""
    if not hasattr(os, "fork"):
        _build(path, today)
        return lambda: None
    read_end, write_end = os.pipe()
    pid = os.fork()  # no threads exist yet: Textual has not started
    if pid == 0:  # pragma: no cover - the child's coverage is the parent's result
        os.close(read_end)
        code = 0
        try:
            _build(path, today)
        except (StoreError, ImportProblem) as exc:
            problem = {
                "kind": type(exc).__name__,
                "key": exc.key,
                "fields": {k: str(v) for k, v in exc.fields.items()},
            }
            os.write(write_end, json.dumps(problem).encode())
            code = 1
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, never lost
            problem = {
                "kind": "StoreError",
                "key": "error.demo_failed",
                "fields": {"reason": repr(exc)},
            }
            os.write(write_end, json.dumps(problem).encode())
            code = 1
        os._exit(code)
    os.close(write_end)

    def wait() -> None:
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            report = pipe.read()
        if status == 0:
            return
        problem = json.loads(
            report
            or b'{"kind": "StoreError", "key": "error.demo_failed", "fields": {"reason": "?"}}'
        )
        error = ImportProblem if problem["kind"] == "ImportProblem" else StoreError
        raise error(problem["key"], **problem["fields"])

    return wait
