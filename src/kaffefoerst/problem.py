"""One clear line for an error that reached a boundary (the CLI, the app), never a traceback.

A traceback's local variables and SQLAlchemy's messages quote SQL parameters, which can be a
citizen's name or note; this line names what went wrong and where in our code, not the data.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from kaffefoerst.locale import t
from kaffefoerst.store.problems import database_problem
from kaffefoerst.visible import visible

_PACKAGE = Path(__file__).resolve().parent


def problem_line(error: BaseException, path: object = "") -> str:
    key = getattr(error, "key", None)
    fields = getattr(error, "fields", None)
    if isinstance(key, str) and isinstance(fields, dict):  # DomainError, StaleVisit
        return visible(t(key, **fields))
    found = database_problem(error, path)
    if found is not None:
        key, fields = found
        return visible(t(key, **fields))
    if isinstance(error, OverflowError):
        return t("error.out_of_range")
    return t("error.unexpected", kind=type(error).__name__, where=_where(error))


def _where(error: BaseException) -> str:
    """The innermost line of our own code in the traceback, e.g. 'domain/plan.py:80'."""
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(_PACKAGE)
    ]
    if not ours:
        return "?"
    frame = ours[-1]
    return f"{Path(frame.filename).resolve().relative_to(_PACKAGE)}:{frame.lineno}"
