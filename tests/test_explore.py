"""Issue 9, a test that explores: the demo as planner, member and coach, at 200x50 and 80x24,
driven by seeded random keys (tests/explorer.py says which), must never crash; the coach's
read-only run must leave the database file byte for byte as it was; everything stored must be
stored by who did it. Fixed replays keep the crashes found so far fixed.

Each random run happens in a child process (two side by side: this machine has two cores) and
comes back with its seed, steps and traceback. To replay one:

    KAFFE_EXPLORE_SEED=7 KAFFE_EXPLORE_PRESSES=300 python -m pytest tests/test_explore.py \\
        -k 'random and coach and 80x24'
    python bench/explore.py --role coach --size 80x24 --seed 7 --seeds 1 --presses 300

KAFFE_EXPLORE_SEED=random picks a fresh seed (printed); KAFFE_EXPLORE_PRESSES (default 150)
and KAFFE_EXPLORE_JOBS (default 2) size the run. Longer runs: bench/explore.py. The whole file
is marked `explore`: `pytest -m 'not explore'` leaves it out.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from kaffefoerst.io.sample import sample_dir
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.help import HelpScreen
from tests.explorer import DAY, PERSONAS, SIZES, Run, db_fingerprint, explore, run_in_process

pytestmark = pytest.mark.explore

DEFAULT_SEED = 2026
PRESSES = int(os.environ.get("KAFFE_EXPLORE_PRESSES", "150"))
JOBS = int(os.environ.get("KAFFE_EXPLORE_JOBS", "2"))


def _seed() -> int:
    wanted = os.environ.get("KAFFE_EXPLORE_SEED", "")
    if wanted == "random":
        return random.SystemRandom().randrange(1, 1_000_000)
    return int(wanted) if wanted else DEFAULT_SEED


SEED = _seed()  # one seed for the whole session: every role and size starts from it


def size_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


# --- replays of crashes found, so they stay fixed ------------------------------------------------
async def replay(
    tmp_path: Path, role: str, size: tuple[int, int], steps: list[str], *, demo: bool = True
) -> Run:
    run = await explore(PERSONAS[role], size, tmp_path, steps=steps, demo=demo)
    passed(run)
    assert run.steps == steps, run.report()  # every step was taken
    return run


def absence_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM absence").fetchone()[0]
    finally:
        conn.close()


def rows_in_sample(name: str) -> int:
    with (sample_dir() / name).open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def passed(run: Run) -> None:
    """No crash, no broken audit, no write by a coach; else the report, with its replay."""
    print(run.report())
    if run.failed():
        pytest.fail(run.report(), pytrace=False)


def absences_of(path: Path, initials: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT a.from_day, a.to_day FROM absence a JOIN carer c ON c.id = a.carer_id "
            "WHERE c.initials = ? ORDER BY a.id",
            (initials,),
        ).fetchall()
    finally:
        conn.close()


async def test_replay_s_as_the_first_key_opens_the_sick_call_form(tmp_path: Path) -> None:
    """Was: InvalidSelectValueError from the carer Select (ui/screens/absence.py) on `s`."""
    steps = ["s", "ctrl+s", "escape"]  # no carer chosen: the form says so; esc stores nothing
    run = await replay(tmp_path, "planner", (80, 24), steps)
    assert run.screens == ["AbsenceScreen", "AbsenceScreen", "BoardScreen"]
    # The file itself may change: the planner's board makes the days ahead from the base plan.
    assert absence_count(tmp_path / "demo.db") == rows_in_sample("absence.csv")


async def test_replay_coach_demo_starts(tmp_path: Path) -> None:
    """Found by the explorer: `kaffefoerst demo --role coach` stopped before the board with
    'Databasen ... findes ikke': the demo's first board is read with readonly=True, and a
    read-only open cannot create the demo database it is about to load the sample into."""
    run = await replay(tmp_path, "coach", (80, 24), ["down"])
    assert run.screens == ["BoardScreen"] and run.starts == 1


async def test_replay_coach_changing_a_triage_colour_writes_nothing(tmp_path: Path) -> None:
    """Was: OperationalError 'attempt to write a readonly database' (a triage draft saved on
    every change) after `l`, `t` and a new colour as coach."""
    steps = ["l", "t", "down", "enter", "type:x", "ctrl+s", "escape", "escape", "escape"]
    # --db on the demo's sample, as a coach opens a team's database (the start has its own test)
    run = await replay(tmp_path, "coach", (80, 24), steps, demo=False)
    assert run.screens[0] == "TriageListScreen"
    assert run.screens[-1] == "BoardScreen"
    assert run.db_before == run.db_after


async def test_replay_poll_tick_while_the_board_reloads_after_a_sick_call(tmp_path: Path) -> None:
    """Was: NoMatches 'VisitPanel' from poll_changes -> refresh_from_db -> _show_selection: a
    poll tick landed while the board was recomposed after the sick call was stored. On the code
    that crashed, a tick 9 to 15 event-loop turns after ctrl+s hit that window (12 is its
    middle; `~N:KEY` in tests/explorer.py)."""
    steps = ["s", "~12:ctrl+s", "<poll>", "escape", "<poll>", "down"]
    run = await replay(tmp_path, "member", (200, 50), steps)
    assert absences_of(tmp_path / "demo.db", "BS") == [(DAY.isoformat(), DAY.isoformat())]
    assert "CoverScreen" not in run.screens  # a member's sick call waits for the planner's cover
    assert run.screens[-1] == "BoardScreen"


async def test_replay_find_box_takes_markup_characters(tmp_path: Path) -> None:
    """Found by the explorer (its first long run: seeds 4, 6 and 7): MarkupError from find.py
    on_input_changed when the text typed into the / box is no valid markup ("[/"), as the
    query went into an Option prompt."""
    steps = ["slash", "type:[/", "backspace", "type:[b]x", "escape"]
    run = await replay(tmp_path, "planner", (200, 50), steps)
    assert run.screens == ["FindScreen"] * 4 + ["BoardScreen"]


@pytest.mark.parametrize(
    "steps",
    [
        # A member at 80x24 starts on her route list (issue 13): esc first shows the board.
        pytest.param(["escape", "right_square_bracket", "s", "escape", "down"], id="tomorrow"),
        pytest.param(
            ["escape", "s", "ctrl+s", "escape", "s", "ctrl+s", "escape"], id="already-sick"
        ),
    ],
)
async def test_replay_member_sick_call_when_off_the_board(tmp_path: Path, steps: list[str]) -> None:
    """Found by the explorer (seed 1, member, 80x24): InvalidSelectValueError from the sick-call
    form's carer Select when the member is not on duty on the board's day (another day, or
    already reported sick): her own carer id is its value but not among its options."""
    run = await replay(tmp_path, "member", (80, 24), steps)
    assert run.screens[-1] == "BoardScreen"
    assert len(absences_of(tmp_path / "demo.db", "BS")) <= 1


# --- the explorer itself: a crash anywhere in the app is seen ------------------------------------
def _boom() -> None:
    raise RuntimeError("boom")


async def test_explorer_sees_an_exception_in_a_key_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BoardScreen, "action_toggle_panel", lambda self: _boom())
    run = await explore(PERSONAS["planner"], (80, 24), tmp_path, steps=["down", "i", "down"])
    assert [c.error_type for c in run.crashes] == ["RuntimeError"], run.report()
    assert run.steps == ["down", "i"]  # a replay stops at its crash
    assert "tests/test_explore.py" in run.crashes[0].where and "_boom" in run.crashes[0].where
    assert "replay: python bench/explore.py --role planner --size 80x24 --keys" in run.report()


async def test_explorer_sees_an_exception_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def action(self: BoardScreen) -> None:
        self.run_worker(_boom, thread=True)

    monkeypatch.setattr(BoardScreen, "action_toggle_panel", action)
    # a member at 80x24 starts on her route list: esc shows the board, where i opens the panel
    steps = ["escape", "i", "down", "down"]
    run = await explore(PERSONAS["member"], (80, 24), tmp_path, steps=steps)
    assert run.crashed and "boom" in run.crashes[0].error, run.report()


async def test_explorer_sees_an_exception_in_a_screen_callback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def action(self: BoardScreen) -> None:
        self.app.push_screen(HelpScreen(), lambda _result: _boom())

    monkeypatch.setattr(BoardScreen, "action_help", action)
    run = await explore(PERSONAS["planner"], (80, 24), tmp_path, steps=["f1", "escape", "down"])
    assert run.crashed and "boom" in run.crashes[0].error, run.report()
    assert run.steps == ["f1", "escape"]


async def test_explorer_sees_the_app_stop_without_a_quit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BoardScreen, "action_toggle_panel", lambda self: self.app.exit())
    run = await explore(PERSONAS["planner"], (80, 24), tmp_path, steps=["i", "down"])
    assert run.crashed and "no quit" in run.crashes[0].error, run.report()


async def test_explorer_starts_again_after_a_quit_and_sees_a_coach_write(tmp_path: Path) -> None:
    run = await explore(PERSONAS["planner"], (80, 24), tmp_path, steps=["q", "down", "ctrl+q"])
    assert not run.crashed, run.report()
    assert run.starts == 3 and run.screens[1] == "BoardScreen"
    coach = Run("coach", (80, 24), 1, db_before="a", db_after="b")
    assert coach.failed() and "changed the database" in coach.report()


def test_the_fingerprint_sees_a_write_in_the_file_or_its_log(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_fingerprint(path)  # an empty -wal is no change
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()  # in the -wal only, the file itself as it was
    assert db_fingerprint(path) != before
    conn.close()  # checkpointed into the file
    assert db_fingerprint(path) != before


async def test_a_random_run_goes_on_after_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A known crash must not end the exploration: the app starts again and the run goes on."""
    cursor = BoardScreen.action_cursor
    calls = []

    def once(self: BoardScreen, direction: str) -> None:
        calls.append(direction)
        if len(calls) == 1:
            _boom()
        cursor(self, direction)

    monkeypatch.setattr(BoardScreen, "action_cursor", once)
    run = await explore(PERSONAS["member"], (80, 24), tmp_path, seed=SEED, presses=30)
    assert [c.error_type for c in run.crashes] == ["RuntimeError"], run.report()
    assert run.starts >= 2 and run.presses >= 30
    assert f"--seed {SEED} --seeds 1 --presses {run.crashes[0].presses}" in run.report()


# --- the random runs (started with the module, see random_runs) -------------------------------
@pytest.fixture(scope="module", autouse=True)
def random_runs(request: pytest.FixtureRequest) -> Iterator[dict[tuple[str, str], Future[Run]]]:
    """The selected random runs start with the module, JOBS side by side in child processes,
    while the tests above run in this one; each random test below waits for its own run."""
    wanted = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "originalname", "") == "test_random_keys" and callspec is not None:
            wanted.append((callspec.params["role"], callspec.params["size"]))
    print(f"\nexplore: seed {SEED}, {PRESSES} presses per run")
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        yield {
            (role, size_id(size)): pool.submit(
                run_in_process, role, size, seed=SEED, presses=PRESSES
            )
            for role, size in wanted
        }


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("role", list(PERSONAS))
def test_random_keys(
    role: str, size: tuple[int, int], random_runs: dict[tuple[str, str], Future[Run]]
) -> None:
    run = random_runs[(role, size_id(size))].result()
    passed(run)  # a coach's database file is byte for byte as it was, too
    assert run.presses >= PRESSES, run.report()  # the whole way: a quit starts the app again
