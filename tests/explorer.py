"""The explorer: the demo board driven by seeded random keys, every crash recorded.

Shared by tests/test_explore.py (a bounded run on every test run) and bench/explore.py (long
runs, many seeds, each crash shrunk to a short replay). The app is built as `kaffefoerst demo`
builds it: first_board.read (what the CLI's forked child runs), then the CLI's own make_app
call with poll on, and a fixed clock on the sample's plan day at 06:58, after the 06:52 sick
call. A coach opens the database read-only, as `--role coach` does.

A run is a list of steps, each a string, so any run can be replayed exactly:

- a key name as Pilot presses it ("down", "s", "ctrl+p", "f10", "slash", ...);
- ``type:TEXT``: TEXT typed key by key into whatever has focus;
- ``<poll>``: the board's poll tick, as the 0.5 s timer of `kaffefoerst demo` runs it;
- ``~N:KEY``: KEY pressed, and one poll tick posted to the board N turns of the event loop
  later: it lands in the middle of whatever the key started (a save, a reload, a remount);
- ``<other:ID>``: somebody at another screen moves visit ID five minutes later (not as coach).

A crash is an exception anywhere in the app (a key handler, a callback, a worker: Textual keeps
the first as ``app._exception`` and run_test raises it), a non-zero return code, the app stopping
after a step that is no quit, or a step that hangs. A clean quit (q, ctrl+q, the palette's Quit)
starts the app again on the same database, as a person would (`kaffefoerst --db demo.db`), and
so does a crash in a random run: one known crash must not hide the next. A listed replay stops at
its first crash.

    python -m tests.explorer --role coach --size 80x24 --seed 7 --presses 300   # JSON result
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import random
import sqlite3
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

import textual.app
from textual.pilot import Pilot

from kaffefoerst import first_board
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.io.sample import anchor_day, sample_dir
from kaffefoerst.ui.app import KaffeApp, make_app
from kaffefoerst.ui.keys import BOARD_KEYS
from kaffefoerst.ui.screens import board as board_module
from kaffefoerst.ui.screens.board import BoardScreen

if TYPE_CHECKING:
    from kaffefoerst.store import Store

REPO = Path(__file__).resolve().parent.parent
DAY: date = anchor_day(sample_dir())  # the sample's plan day: its dates are used unshifted
NOW = datetime.combine(DAY, time(6, 58)).astimezone()  # local, like the CLI's clock
SIZES: tuple[tuple[int, int], ...] = ((200, 50), (80, 24))
OTHER_PERSON = User("AL", Role.PLANNER, 2)  # Anne Lauridsen, on the phone this week
STEP_TIMEOUT = 60.0  # a watchdog against a hang, never an assertion on speed
FROZEN_TIMER = 10.0**9  # seconds: the app's own poll timer, in effect never
MAX_CRASHES = 10  # per run: enough for one report
MAX_TICK_TURNS = 40  # how late, in event-loop turns, a ~N:KEY step's poll tick may come

POLL = "<poll>"
OTHER = "<other:"
TYPE = "type:"
TICKING = "~"


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    initials: str
    role: Role | None  # None: the day's role assignment decides, as in plain `kaffefoerst demo`
    expected: Role

    @property
    def readonly(self) -> bool:
        return self.expected is Role.COACH


PERSONAS: dict[str, Persona] = {
    # MH is the sample's planlægger this week: `kaffefoerst demo` as it starts.
    "planner": Persona("planner", "MH", None, Role.PLANNER),
    # Birthe Schmidt, SSH in Nord with a route of her own: `demo --as BS --role member`.
    "member": Persona("member", "BS", Role.MEMBER, Role.MEMBER),
    # A coach from outside the team: `demo --as KC --role coach`, the database opened read-only.
    "coach": Persona("coach", "KC", Role.COACH, Role.COACH),
}

ARROWS = ("up", "down", "left", "right")
# Every key of the board's table (keys.py), so a key added there is explored at once.
BOARD = tuple(k for key in BOARD_KEYS for k in key.keys.split(","))
# Keys bound on the other screens: confirm, meeting, minutes, triage note and list, absence,
# cover, figures, help.
MODAL = (
    *("y", "j", "n"),
    *("1", "2", "3", "4", "5"),
    *("f10", "ctrl+e", "x", "ctrl+s", "ctrl+d"),
    *("a", "c", "u", "w", "t", "p", "b"),
)
GENERAL = (
    *("escape", "enter", "tab", "shift+tab", "space", "backspace", "delete"),
    *("home", "end", "pageup", "pagedown", "ctrl+z", "ctrl+p", "slash"),
    *("0", "6", "7", "8", "9"),
)
QUIT = ("q", "ctrl+q", "ctrl+c")
TEXTS = (
    "i morgen",
    "i dag",
    "2026-01-06",
    "06-01",
    "+1",
    "-1",
    "31-02-2026",
    "0",
    "Feber, ringer igen kl. 7",
    "æøå ÆØÅ",
    "MH",
    "bs",
    "[b]vigtigt[/b]",
    "[/]",
    "[red",
    "100% \\ ok",
    "  ",
    "lang " * 16,
)


def presses_of(step: str) -> int:
    """Key presses in a step: a typed text is one per character; a poll or another person's
    move is none."""
    if step.startswith(TYPE):
        return len(step) - len(TYPE)
    if step == POLL or step.startswith(OTHER):
        return 0
    return 1


def step_text(step: str) -> str:
    """A step as a person would read it in a failure message."""
    return json.dumps(step, ensure_ascii=False)


@dataclass
class Crash:
    error: str  # repr of the exception
    error_type: str
    where: str  # file:line in function: the innermost frame of our own code, else the last
    trace: str
    steps: int  # how many steps of the run were taken when it came
    presses: int
    screen: str  # the screen on top when it surfaced ("start": the app never started)

    @classmethod
    def of(cls, error: BaseException, steps: list[str], screen: str = "") -> Crash:
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "/kaffefoerst/" in f.filename] or frames
        where = "?"
        if ours:
            last = ours[-1]
            path = last.filename.split("/src/")[-1].split("/site-packages/")[-1]
            where = f"{path.removeprefix(f'{REPO}/')}:{last.lineno} in {last.name}"
        return cls(
            repr(error),
            type(error).__name__,
            where,
            "".join(traceback.format_exception(error)),
            len(steps),
            sum(presses_of(s) for s in steps),
            screen,
        )

    @property
    def signature(self) -> str:
        """What makes two crashes the same: the exception type, where it was raised, and the
        screen on top when it surfaced (a Select refusing its value raises inside Textual)."""
        return f"{self.error_type} at {self.where} on {self.screen or '?'}"


@dataclass
class Run:
    role: str  # a key of PERSONAS
    size: tuple[int, int]
    seed: int | None  # None: a listed replay
    steps: list[str] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)  # the screen on top after each step
    crashes: list[Crash] = field(default_factory=list)
    starts: int = 0  # how many times the app was started (1 + quits + crashes)
    db_before: str = ""
    db_after: str = ""
    audit_problems: list[str] = field(default_factory=list)

    @property
    def persona(self) -> Persona:
        return PERSONAS[self.role]

    @property
    def presses(self) -> int:
        return sum(presses_of(step) for step in self.steps)

    @property
    def size_text(self) -> str:
        return f"{self.size[0]}x{self.size[1]}"

    @property
    def crashed(self) -> bool:
        return bool(self.crashes)

    @property
    def db_changed(self) -> bool:
        return self.db_before != self.db_after

    @property
    def coach_wrote(self) -> bool:
        return self.persona.readonly and self.db_changed

    def failed(self) -> bool:
        """A crash, a broken audit, or a coach's run that changed the database file."""
        return self.crashed or bool(self.audit_problems) or self.coach_wrote

    def signature(self) -> str:
        return self.crashes[0].signature if self.crashes else ""

    def replay(self, presses: int | None = None) -> str:
        base = f"python bench/explore.py --role {self.role} --size {self.size_text}"
        if self.seed is not None:
            return f"{base} --seed {self.seed} --seeds 1 --presses {presses or self.presses}"
        return f"{base} --keys '{json.dumps(self.steps, ensure_ascii=False)}'"

    def report(self) -> str:
        lines = [
            f"explore {self.role} ({self.persona.initials}) at {self.size_text}, "
            f"seed {self.seed}, {len(self.steps)} steps ({self.presses} presses), "
            f"{self.starts} start(s), {len(self.crashes)} crash(es)",
            f"replay: {self.replay()}",
        ]
        if self.seed is not None:
            lines.append(
                f"    or: KAFFE_EXPLORE_SEED={self.seed} KAFFE_EXPLORE_PRESSES={self.presses}"
                f" python -m pytest tests/test_explore.py -k 'random and {self.role}"
                f" and {self.size_text}'"
            )
        if self.coach_wrote:
            lines.append("the coach's read-only run changed the database file")
        lines.extend(self.audit_problems)
        for crash in self.crashes:
            taken = self.steps[: crash.steps]
            lines.append(f"crash after {crash.presses} presses: {crash.signature}: {crash.error}")
            lines.append(f"  replay: {self.replay(crash.presses)}")
            lines.append("  last steps: " + " ".join(step_text(s) for s in taken[-25:]))
            lines.append("  on screens: " + " ".join(self.screens[: crash.steps][-25:]))
            lines.append(crash.trace.rstrip())
        return "\n".join(lines)

    def to_json(self) -> str:
        data = asdict(self)
        data["size"] = self.size_text
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Run:
        data = json.loads(text)
        width, _, height = data.pop("size").partition("x")
        crashes = [Crash(**c) for c in data.pop("crashes")]
        return cls(size=(int(width), int(height)), crashes=crashes, **data)


# --- the database, seen from outside the app ----------------------------------------------------
def db_fingerprint(path: Path) -> str:
    """The database file and its write-ahead log (an empty or missing log is no change)."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        digest.update(b"\0wal\0" + wal.read_bytes())
    return digest.hexdigest()


def _audit_since(path: Path, after_id: int) -> list[sqlite3.Row]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            "SELECT id, actor, action, entity, before, after FROM auditevent WHERE id > ?",
            (after_id,),
        ).fetchall()
    finally:
        conn.close()


def _last_audit_id(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM auditevent").fetchone()[0])
    finally:
        conn.close()


def audit_problems(path: Path, persona: Persona, first_id: int, carer_id: int | None) -> list[str]:
    """What the run stored must be stored by who made it, and a member only re-times their own
    route; the file itself must pass SQLite's integrity check."""
    problems: list[str] = []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if check != "ok":
        problems.append(f"integrity_check: {check}")
    for row in _audit_since(path, first_id):
        if row["actor"] not in (persona.initials, OTHER_PERSON.initials):
            problems.append(f"audit {row['id']}: stored as {row['actor']!r}")
        if (
            persona.expected is Role.MEMBER
            and row["actor"] == persona.initials
            and row["entity"] == "visit"
            and row["action"] in ("move", "undo")
        ):
            before, after = json.loads(row["before"]), json.loads(row["after"])
            if not before.get("carer_id") == after.get("carer_id") == carer_id:
                problems.append(
                    f"audit {row['id']}: member {persona.initials} moved a visit "
                    f"{before.get('carer_id')} -> {after.get('carer_id')}"
                )
    return problems


# --- building the app as the CLI does -----------------------------------------------------------
def clock() -> datetime:
    return NOW


def board_app(path: Path, persona: Persona, *, sample: bool) -> KaffeApp:
    """What cli._board does for every start: the first board read by first_board.read (the
    function the CLI's forked child runs; no fork here, inside pytest), then the CLI's own
    make_app call with poll on and the store opened after the first paint."""
    board = first_board.read(
        path, DAY, persona.initials, persona.role, readonly=persona.readonly, sample=sample
    )

    def open_store() -> Store:  # after the first paint, in a thread (KaffeApp.store)
        from kaffefoerst.store import Store

        return Store.open_sqlite(path, readonly=board.readonly)

    return make_app(
        open_store, today=DAY, clock=clock, poll=True, user=board.user, initial_plan=board.plan
    )


def demo_app(path: Path, persona: Persona, run: Run) -> KaffeApp:
    """`kaffefoerst demo --as X [--role R]`. Should that start fail, the failure is the run's
    first crash, and the run goes on as `kaffefoerst --db demo.db --as X [--role R]` on the
    sample the planner's demo writes: a broken start must not stop the exploration."""
    try:
        return board_app(path, persona, sample=True)
    except Exception as exc:  # noqa: BLE001 - recorded; the run goes on another way
        run.crashes.append(Crash.of(exc, [], "start"))
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    return sample_app(path, persona)


def sample_app(path: Path, persona: Persona) -> KaffeApp:
    """The sample as the planner's `kaffefoerst demo` writes it, then `kaffefoerst --db PATH
    --as X [--role R]` on it."""
    first_board.read(path, DAY, PERSONAS["planner"].initials, None, sample=True)
    return board_app(path, persona, sample=False)


def reopened_app(path: Path, persona: Persona) -> KaffeApp:
    """`kaffefoerst --db PATH --as X [--role R]`, after a quit or a crash."""
    return board_app(path, persona, sample=False)


@contextlib.contextmanager
def sandbox(folder: Path) -> Iterator[None]:
    """The app runs with poll on, as the CLI starts it, but its 0.5 s timer never fires: the
    ``<poll>`` and ``~N:KEY`` steps tick instead, at points a replay meets again. Minutes
    exports go to the working folder and screenshots (palette) to Downloads: both into the
    run's own folder."""
    downloads = textual.app.user_downloads_path
    interval = getattr(board_module, "POLL_SECONDS", None)
    textual.app.user_downloads_path = lambda: folder  # type: ignore[assignment]
    if interval is not None:
        board_module.POLL_SECONDS = FROZEN_TIMER  # type: ignore[attr-defined]
    try:
        with contextlib.chdir(folder):
            yield
    finally:
        textual.app.user_downloads_path = downloads  # type: ignore[assignment]
        if interval is not None:
            board_module.POLL_SECONDS = interval  # type: ignore[attr-defined]


# --- choosing steps ------------------------------------------------------------------------------
def board_of(app: KaffeApp) -> BoardScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, BoardScreen)), None)


# How often each kind of step comes; the board's keys and arrows most, as at a real meeting.
WEIGHTS: dict[str, float] = {
    "arrow": 22,
    "board": 22,
    "bound": 14,  # a key the focused widget, the screen on top or the app binds right now
    "general": 10,
    "escape": 12,  # often, or a run spends itself in the forms it opens
    "enter": 3,
    "modal": 7,
    "type": 7,
    "poll": 4,
    "tick": 4,
    "other": 2,
    "quit": 0.5,
}
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå 0123456789-+.:/"


def random_steps(rng: random.Random, persona: Persona) -> Callable[[KaffeApp], str]:
    """The next step, from the seeded generator and what the screen on top binds right now."""
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[k] for k in kinds]

    def choose(app: KaffeApp) -> str:
        kind = rng.choices(kinds, weights)[0]
        if kind == "board":
            return rng.choice(BOARD)
        if kind == "bound":
            bound = sorted(k for k in app.active_bindings if k not in QUIT)
            return rng.choice(bound) if bound else rng.choice(GENERAL)
        if kind == "general":
            return rng.choice(GENERAL)
        if kind in ("escape", "enter"):
            return kind
        if kind == "modal":
            return rng.choice(MODAL)
        if kind == "type":
            if rng.random() < 0.5:
                return TYPE + rng.choice(TEXTS)
            return TYPE + "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 6)))
        if kind == "poll":
            return POLL
        if kind == "tick":
            key = rng.choice((*BOARD, *MODAL, "escape", "enter", "ctrl+s", "ctrl+z"))
            return f"{TICKING}{rng.randrange(MAX_TICK_TURNS)}:{key}"
        if kind == "other" and not persona.readonly:
            board = board_of(app)
            visits = sorted(board.view.plan.visits) if board is not None else []
            if visits:
                return f"{OTHER}{rng.choice(visits)}>"
        if kind == "quit":
            return rng.choice(QUIT)
        return rng.choice(ARROWS)

    return choose


def listed_steps(steps: Sequence[str]) -> Callable[[KaffeApp], str]:
    remaining = iter(steps)
    return lambda _app: next(remaining)


# --- doing a step --------------------------------------------------------------------------------
class OtherScreen:
    """Another person's screen on the same database (its own connection)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: Store | None = None

    def move_later(self, visit_id: int) -> None:
        from kaffefoerst.domain.errors import DomainError
        from kaffefoerst.model import Visit
        from kaffefoerst.store import Store
        from kaffefoerst.store.moves import Placement, move_visit

        if self._store is None:
            self._store = Store.open_sqlite(self.path)
        with self._store.session() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                return
            with contextlib.suppress(DomainError):  # refused for its own reasons: not stored
                move_visit(
                    session,
                    visit_id=visit_id,
                    target=Placement(visit.carer_id, (visit.start_min + 5) % (24 * 60)),
                    expected_version=visit.version,
                    actor=OTHER_PERSON.initials,
                    now=NOW,
                    user=OTHER_PERSON,
                )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


async def _tick_after(app: KaffeApp, board: BoardScreen, turns: int) -> None:
    """One poll tick, posted to the board after ``turns`` turns of the event loop: a 0.5 s timer
    fires at most once during a key's work, and this says exactly when."""
    for _ in range(turns):
        await asyncio.sleep(0)
    if app.is_running and app._exception is None and board.is_attached:
        board.call_later(board.poll_changes)


async def do_step(pilot: Pilot[None], app: KaffeApp, step: str, other: OtherScreen) -> None:
    board = board_of(app)
    if step == POLL:
        if board is not None:
            board.call_later(board.poll_changes)
        await pilot.pause()
    elif step.startswith(OTHER):
        other.move_later(int(step[len(OTHER) : -1]))
    elif step.startswith(TYPE):
        text = step[len(TYPE) :]
        if text:
            await pilot.press(*text)
    elif step.startswith(TICKING) and ":" in step:
        turns, _, key = step[len(TICKING) :].partition(":")
        if board is None:
            await pilot.press(key)
            return
        ticker = asyncio.ensure_future(_tick_after(app, board, int(turns)))
        try:
            await pilot.press(key)
        finally:
            await ticker
        await pilot.pause()
    else:
        await pilot.press(step)


def _top(app: KaffeApp) -> str:
    return type(app.screen_stack[-1]).__name__ if app.screen_stack else ""


def _quits(step: str, screen: str) -> bool:
    """q (also typed), ctrl+q or ctrl+c, or enter on the command palette (its Quit command)."""
    if step.startswith(TYPE):
        return "q" in step[len(TYPE) :]  # typed where no text field has the focus
    key = step.partition(":")[2] if step.startswith(TICKING) else step
    return key in QUIT or (screen == "CommandPalette" and key == "enter")


def _ended(app: KaffeApp) -> bool:
    return app._exception is not None or app.return_code is not None or not app.is_running


async def _session(
    app: KaffeApp, run: Run, choose: Callable[[KaffeApp], str], budget: int, other: OtherScreen
) -> bool:
    """One start of the app, until the presses are done, a quit, or a crash (recorded in the
    run); True after a quit or a crash, False when the run is over."""
    run.starts += 1
    size = run.size
    quit_cleanly = crashed = False
    step, below = "", ""  # the last step, and the screen on top when it was taken
    try:
        async with app.run_test(size=size, notifications=True) as pilot:
            # The demo opens its store in a thread after the first paint: wait for it, so a
            # replay meets the same state (a person may be faster; the lock makes that safe).
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            while run.presses < budget and not _ended(app):
                try:
                    step = choose(app)
                except StopIteration:
                    break
                below = _top(app)
                run.steps.append(step)
                try:
                    await asyncio.wait_for(do_step(pilot, app, step, other), STEP_TIMEOUT)
                except TimeoutError as exc:
                    raise RuntimeError(f"step {step_text(step)} hung for {STEP_TIMEOUT}s") from exc
                run.screens.append(_top(app))
                if app._exception is not None:
                    break
            if app._exception is None and app.return_code not in (None, 0):
                raise RuntimeError(f"the app exited with code {app.return_code}")
            if app._exception is None and (app.return_code is not None or not app.is_running):
                if not _quits(step, below):
                    raise RuntimeError(
                        f"the app stopped after {step_text(step)} on {below}, which is no quit"
                    )
                quit_cleanly = True
    except Exception as exc:  # noqa: BLE001 - every crash is the finding
        run.crashes.append(Crash.of(app._exception or exc, run.steps, _top(app) or below))
        crashed = True
    finally:
        if app.store_ready:
            app.store.close()
    return quit_cleanly or crashed


async def explore(
    persona: Persona,
    size: tuple[int, int],
    folder: Path,
    *,
    seed: int | None = None,
    presses: int = 300,
    steps: Sequence[str] | None = None,
    keep_going: bool | None = None,
    demo: bool = True,
) -> Run:
    """Run the demo for ``persona`` at ``size``: random steps from ``seed`` until ``presses``
    keys are pressed, or the given ``steps``. A crash is recorded and, with ``keep_going``
    (random runs by default), the app starts again on the same database and the run goes on,
    so one known crash does not hide the next; a listed replay stops at its first crash.
    ``demo`` False starts as `kaffefoerst --db demo.db` on the sample the planner's demo wrote
    (a replay that is about something after the start)."""
    keep_going = steps is None if keep_going is None else keep_going
    if steps is not None:
        choose = listed_steps(steps)
        budget = 10**9  # until the list ends
    else:
        assert seed is not None
        # The role and size join the seed: each of the six runs of one seed goes its own way.
        choose = random_steps(random.Random(f"{seed}:{persona.name}:{size[0]}x{size[1]}"), persona)
        budget = presses
    run = Run(persona.name, size, seed if steps is None else None)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.db"
    other = OtherScreen(path)
    with sandbox(folder):
        app = demo_app(path, persona, run) if demo else sample_app(path, persona)
        assert app.user.role is persona.expected, app.user
        run.db_before = db_fingerprint(path)
        first_audit = _last_audit_id(path)
        last_taken = -1
        try:
            while await _session(app, run, choose, budget, other):
                taken = len(run.steps)
                if run.presses >= budget or (run.crashes and not keep_going):
                    break
                if len(run.crashes) >= MAX_CRASHES or (run.crashes and taken == last_taken):
                    break  # the same crash again at once, or enough for one report
                last_taken = taken
                app = reopened_app(path, persona)
        finally:
            other.close()
        run.db_after = db_fingerprint(path)
        run.audit_problems = audit_problems(path, persona, first_audit, app.user.carer_id)
    return run


# --- one run in its own process ------------------------------------------------------------------
def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def run_in_process(
    role: str,
    size: tuple[int, int],
    *,
    seed: int | None = None,
    presses: int = 300,
    steps: Sequence[str] | None = None,
    keep_going: bool | None = None,
    timeout: float = 1800.0,
) -> Run:
    """The same run in a child Python: runs side by side use both cores, and Pilot's idle
    detection (process CPU time) is not confused by another app in the same process."""
    command = [sys.executable, "-m", "tests.explorer", "--role", role, "--size"]
    command += [f"{size[0]}x{size[1]}"]
    if steps is not None:
        command += ["--keys", json.dumps(list(steps), ensure_ascii=False)]
    else:
        command += ["--seed", str(seed), "--presses", str(presses)]
    if keep_going is not None:
        command += ["--keep-going" if keep_going else "--stop"]
    try:
        done = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        run = Run(role, size, seed, list(steps or []))
        run.crashes.append(Crash.of(RuntimeError(f"no answer in {timeout:.0f} s"), run.steps))
        return run
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        run = Run(role, size, seed, list(steps or []))
        problem = RuntimeError(f"the explorer process failed ({done.returncode})")
        run.crashes.append(Crash.of(problem, run.steps))
        run.crashes[-1].trace = done.stderr[-8000:]
        return run
    return Run.from_json(lines[-1])


def main(argv: Sequence[str] | None = None) -> int:
    """One run, printed as one line of JSON (used by run_in_process)."""
    import argparse
    import tempfile

    from kaffefoerst.locale import set_language

    parser = argparse.ArgumentParser(description="one exploration run, as JSON")
    parser.add_argument("--role", choices=sorted(PERSONAS), required=True)
    parser.add_argument("--size", type=parse_size, required=True)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument("--keys", help="a JSON list of steps instead of a seed")
    going = parser.add_mutually_exclusive_group()
    going.add_argument("--keep-going", dest="keep_going", action="store_true", default=None)
    going.add_argument("--stop", dest="keep_going", action="store_false")
    args = parser.parse_args(argv)
    set_language("da")
    steps = json.loads(args.keys) if args.keys else None
    with tempfile.TemporaryDirectory(prefix="kaffe-explore-") as folder:
        run = asyncio.run(
            explore(
                PERSONAS[args.role],
                args.size,
                Path(folder),
                seed=args.seed,
                presses=args.presses,
                steps=steps,
                keep_going=args.keep_going,
            )
        )
    print(run.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
