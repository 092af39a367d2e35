"""`kaffefoerst demo`: a child builds the sample database and reads the day's plan from it,
while the parent imports the UI; the parent draws that plan first and opens the store after.

The bare floor of our stack is mostly `import sqlmodel`; with this split, that import happens in
the child, on the second core, instead of before the first paint. Nothing here is imported from
the database layer at module level, for the same reason.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaffefoerst.domain.plan import DayPlan
    from kaffefoerst.domain.roles import Role, User


class DemoProblem(Exception):
    """A StoreError or ImportProblem from the child, as a locale key and its fields."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def build_and_read(path: Path, today: date, actor: str, role: Role | None) -> tuple[DayPlan, User]:
    """Load the sample into a new database at ``path`` and read today's board and its user.

    sqlite3 alone: no SQLAlchemy, SQLModel or model import on this path (a test checks).
    """
    from kaffefoerst.io.csv_import import ImportProblem, load_into
    from kaffefoerst.io.sample import anchor_day, sample_dir
    from kaffefoerst.store.bootstrap import create_database
    from kaffefoerst.store.day_plan import load_day_plan
    from kaffefoerst.store.users import resolve_user

    try:
        conn = create_database(path)
    except OSError as exc:
        raise DemoProblem("error.demo_failed", reason=exc.strerror or str(exc)) from exc
    try:
        folder = sample_dir()
        shift = (today - anchor_day(folder)).days
        load_into(conn, folder, shift_days=shift, label=str(path))
        return load_day_plan(conn, today), resolve_user(conn, actor, today, role)
    except ImportProblem as exc:
        raise DemoProblem(exc.key, **{k: str(v) for k, v in exc.fields.items()}) from exc
    finally:
        conn.close()


def start(
    path: Path, today: date, actor: str, role: Role | None
) -> Callable[[], tuple[DayPlan, User]]:
    """Start building; the returned function waits for the plan (or raises DemoProblem)."""
    if not hasattr(os, "fork"):
        result = build_and_read(path, today, actor, role)
        return lambda: result
    read_end, write_end = os.pipe()
    pid = os.fork()  # no threads exist yet: Textual has not started
    if pid == 0:  # pragma: no cover - the child's coverage is the parent's result
        os.close(read_end)
        try:
            payload: object = ("ok", build_and_read(path, today, actor, role))
        except DemoProblem as exc:
            payload = ("problem", exc.key, exc.fields)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, never lost
            payload = ("problem", "error.demo_failed", {"reason": repr(exc)})
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(payload))
        os._exit(0)
    os.close(write_end)

    def wait() -> tuple[DayPlan, User]:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise DemoProblem("error.demo_failed", reason="the child ended without an answer")
        payload = pickle.loads(data)  # noqa: S301 - our own child, through our own pipe
        if payload[0] == "problem":
            raise DemoProblem(payload[1], **payload[2])
        return payload[1]

    return wait
