"""The first board of every start: a child opens the store and reads the day while the parent
imports the UI; the parent draws that board first and opens the store itself after the paint.

The child calls exactly what the app calls later: ``open_database`` (which ``Store.open_sqlite``
runs before its engine connects), ``resolve_user`` and ``load_day_plan`` on that connection,
and for the demo ``load_into`` (which ``load_sample`` runs). Parallel work, not a second path;
and none of it needs a database library, so the first board is ready before Textual is.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kaffefoerst.domain.roles import Role

if TYPE_CHECKING:
    from kaffefoerst.domain.plan import DayPlan
    from kaffefoerst.domain.roles import User
    from kaffefoerst.domain.route import RouteSheet


class FirstBoardProblem(Exception):
    """A refusal from the child (a bad database, a broken sample), as a locale key and fields."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


@dataclass(frozen=True, slots=True)
class FirstBoard:
    plan: DayPlan | None  # None: an empty database (the app shows how to get started)
    user: User
    readonly: bool  # a coach reads only, at the database
    notices: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    # A member's first screen may be their route list (a small terminal): read here too, so
    # it shows as soon as the board would.
    sheets: list[RouteSheet] | None = None


def read(
    path: Path,
    today: date,
    actor: str,
    role: Role | None,
    *,
    readonly: bool = False,
    sample: bool = False,
    now: datetime | None = None,
) -> FirstBoard:
    """Open the store as the app does, load the sample into a new one if asked, make today
    from the base plan (with ``now``, when not read-only), and read the day's board and who
    is at the keyboard. Everything is written when this returns."""
    board, rest = read_first(path, today, actor, role, readonly=readonly, sample=sample, now=now)
    rest()
    return board


def read_first(
    path: Path,
    today: date,
    actor: str,
    role: Role | None,
    *,
    readonly: bool = False,
    sample: bool = False,
    now: datetime | None = None,
) -> tuple[FirstBoard, Callable[[], None]]:
    """The board as soon as it can be read, and the rest of the work, for after it is sent:
    closing the connection (a WAL checkpoint) and, for the demo, storing the sample's base
    plan. Today is in the sample itself, so its base plan cannot change the first board."""
    # start-up: imported in the child, after the fork: the parent's Textual import is the
    # critical path, and each module imported before the fork would be paid there first.
    from kaffefoerst.store.database import open_database
    from kaffefoerst.store.day_plan import has_team, load_day_plan
    from kaffefoerst.store.route_sheets import load_route_sheets
    from kaffefoerst.store.users import resolve_user

    conn = None
    shift = 0
    if sample:  # the demo builds its own database first, even for a coach who then reads
        from kaffefoerst.io.sample import sample_shift
        from kaffefoerst.store.sqlite_bulk_load import load_into  # start-up: as above, demo only

        built, _immutable, built_notices = open_database(path)
        try:
            folder, shift = sample_shift(today)
            load_into(built, folder, shift_days=shift, label=str(path))
        except BaseException:
            built.close()
            raise
        if readonly:
            built.close()  # the coach reads through a read-only connection of its own
        else:
            conn, notices = built, built_notices
    if conn is None:
        conn, _immutable, notices = open_database(path, readonly=readonly)
    try:
        user = resolve_user(conn, actor, today, role)
        if now is not None and not readonly and user.role is not Role.COACH:
            from kaffefoerst.store.base_plan import (  # start-up: as above
                generate_days,
                has_base_plan,
            )

            # The day's first open makes today from the base plan before reading it; the board
            # makes the days ahead after its first paint (BoardData.make_days_ahead).
            if has_base_plan(conn):
                generate_days(conn, today, 1, now=now, actor=user.initials)
        plan = load_day_plan(conn, today) if has_team(conn) else None
        member = user.role is Role.MEMBER and user.carer_id is not None
        own = user.carer_id
        sheets = load_route_sheets(conn, today, plan=plan, also=own) if plan and member else None
    except BaseException:
        conn.close()
        raise
    notices = [(key, {k: str(v) for k, v in f.items()}) for key, f in notices]
    # Someone with the coach role reads only, exactly as with --role coach.
    board = FirstBoard(plan, user, readonly or user.role is Role.COACH, notices, sheets)

    def rest() -> None:
        try:
            if sample:
                _store_sample_base_plan(conn if not readonly else None, path, today, shift)
        finally:
            conn.close()

    return board, rest


def _store_sample_base_plan(conn: object | None, path: Path, today: date, shift: int) -> None:
    from kaffefoerst.io.sample import load_base_plan, sample_dir  # start-up: as above
    from kaffefoerst.store.database import open_database

    own = conn is None
    if own:  # the coach's demo: the board was read read-only; the build still needs the plan
        conn, _immutable, _notices = open_database(path)
    try:
        load_base_plan(conn, sample_dir(), shift, today)
    finally:
        if own:
            conn.close()  # type: ignore[union-attr]


class Pending:
    """A first board on its way. ``board()`` returns it as soon as the child sends it;
    ``settle()`` waits until everything the child writes is written (raising its problem, if
    any); calling the object does both, for a caller that opens the database next."""

    def __init__(self, board: Callable[[], FirstBoard], settle: Callable[[], None]) -> None:
        self.board = board
        self.settle = settle

    def __call__(self) -> FirstBoard:
        board = self.board()
        self.settle()
        return board


def start(
    path: Path,
    today: date,
    actor: str,
    role: Role | None,
    *,
    readonly: bool = False,
    sample: bool = False,
    now: datetime | None = None,
    backup_day: date | None = None,
) -> Pending:
    """Start reading in a child (see Pending).

    ``backup_day``: the calendar day, for the day's first backup of a database opened for
    writing; it runs after the board is sent, in a process of its own."""
    if not hasattr(os, "fork"):
        board, rest = _guarded(path, today, actor, role, readonly, sample, now)
        _guarded_rest(rest)
        if backup_day is not None and not board.readonly:
            from kaffefoerst.store.backup import daily_backup  # start-up: as the imports above

            with contextlib.suppress(Exception):  # the next start tries again
                daily_backup(path, backup_day)
        return Pending(lambda: board, lambda: None)
    read_end, write_end = os.pipe()
    go_read, go_write = os.pipe()  # the parent's word that its first paint is done
    pid = os.fork()  # no threads exist yet: Textual has not started
    if pid == 0:  # pragma: no cover - the child's coverage is the parent's result
        try:  # whatever happens, the child never returns into the parent's code
            os.close(read_end)
            os.close(go_write)
            with os.fdopen(write_end, "wb") as pipe:
                sent = _child(pipe, go_read, path, today, actor, role, readonly, sample, now)
            if backup_day is not None and sent is not None and not sent.readonly:
                _backup_apart(path, backup_day)
        finally:
            os._exit(0)
    os.close(write_end)
    os.close(go_read)
    pipe = os.fdopen(read_end, "rb")
    state: dict[str, bool] = {}

    def receive() -> tuple:
        try:
            payload = pickle.load(pipe)  # noqa: S301 - our own child, through our own pipe
        except EOFError:
            payload = ("problem", "error.demo_failed", {"reason": "the child ended early"})
        if payload[0] == "problem":
            close()
            raise FirstBoardProblem(payload[1], **payload[2])
        return payload

    def close() -> None:
        if not state.get("closed"):
            state["closed"] = True
            os.close(go_write)
            pipe.close()
            os.waitpid(pid, 0)

    def board() -> FirstBoard:
        return receive()[1]

    def settle() -> None:
        if not state.get("closed"):
            os.write(go_write, b"!")
            receive()
            close()

    return Pending(board, settle)


def _child(
    pipe: BinaryIO,
    go: int,
    path: Path,
    today: date,
    actor: str,
    role: Role | None,
    readonly: bool,
    sample: bool,
    now: datetime | None,
) -> FirstBoard | None:  # pragma: no cover - runs in the child
    """Send the board, do the rest, send how the rest went; the board sent, or None."""
    board: FirstBoard | None = None
    try:
        board, rest = _guarded(path, today, actor, role, readonly, sample, now)
        _send(pipe, ("ok", board))
        os.read(go, 1)  # the rest takes no CPU from the parent's first paint
        _guarded_rest(rest)
        _send(pipe, ("done",))
    except FirstBoardProblem as exc:
        _send(pipe, ("problem", exc.key, exc.fields))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never lost
        # start-up: sqlite3 + traceback; not before the fork, only when something broke
        from kaffefoerst.problem import problem_line

        _send(pipe, ("problem", "error.demo_failed", {"reason": problem_line(exc, path)}))
    return board


def _send(pipe: BinaryIO, payload: tuple) -> None:
    pipe.write(pickle.dumps(payload))
    pipe.flush()


def _backup_apart(path: Path, day: date) -> None:  # pragma: no cover - runs in a grandchild
    """The day's first backup in a grandchild: the parent waits for this child (gone at once),
    not for the copy, and the copy takes no time from the parent drawing the board."""
    if os.fork() != 0:
        return
    from kaffefoerst.store.backup import daily_backup  # start-up: in the grandchild only

    with contextlib.suppress(BaseException):  # the next start tries again
        daily_backup(path, day)
    os._exit(0)


def _guarded(
    path: Path,
    today: date,
    actor: str,
    role: Role | None,
    readonly: bool,
    sample: bool,
    now: datetime | None,
) -> tuple[FirstBoard, Callable[[], None]]:
    """Refusals with a locale key (a bad database, a broken sample) cross as such."""
    with _keyed():
        return read_first(path, today, actor, role, readonly=readonly, sample=sample, now=now)


def _guarded_rest(rest: Callable[[], None]) -> None:
    with _keyed():
        rest()


@contextlib.contextmanager
def _keyed() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        key, fields = getattr(exc, "key", None), getattr(exc, "fields", None)
        if isinstance(key, str) and isinstance(fields, dict):
            raise FirstBoardProblem(key, **{k: str(v) for k, v in fields.items()}) from exc
        raise
