"""Many screens, one SQLite file: N processes doing random moves, a watcher polling for changes.

The sample team is loaded into a temporary database for ``TODAY``. Then, for ``--seconds``:

- ``--workers`` processes (default 10), each with its own ``Store.open_sqlite``, loop: pick a
  random visit of the day's plan, a random carer on duty and a start inside the shift, read the
  visit's version, ``move_visit(expected_version=...)`` as actor ``W<n>``. Counted: commits,
  ``StaleVisit`` refusals (expected: another worker moved it between our read and our write),
  ``database is locked`` after the 5 s busy timeout (should be ~0; reported apart), and any
  other exception (must be 0; type and message kept).
- one watcher process polls ``latest_change()`` every 50 ms, as a board does every 0.5 s. Every
  commit's (audit id, ``time.time()`` just after the commit) is kept by its worker; the delay is
  the watcher's first poll that returned an id >= that one, minus the commit time.

Afterwards the audit log is replayed against the database (``check_replay``): every visit's final
carer and start equal its last move's ``after`` (or its state before the run), every move's
``before`` equals the previous move's ``after`` (no write based on a stale read), every version
equals its version before the run (1 for the sample) + its number of moves, and the log holds
exactly the moves the workers were told had committed. Exit status 1 on a lost update or an
unexpected error.

Start method 'spawn', not 'fork': the parent has opened the database (to load the sample), and a
forked child would inherit that SQLite connection, its file descriptors and locks, and the
engine's pool (SQLite: do not carry an open connection across fork()). Spawned children start
clean and open their own Store, just as separate app processes (terminals, textual-serve tabs)
do. The ~1 s of imports per child is kept out of the timing by a barrier.

    python bench/concurrency.py [--workers 10] [--seconds 60] [--hot K] [--seed S]
"""

from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kaffefoerst.domain.errors import DatabaseBusy, StaleVisit
from kaffefoerst.io.sample import load_sample
from kaffefoerst.model import AuditEvent, Visit
from kaffefoerst.store import Store
from kaffefoerst.store.changes import latest_change
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.moves import Placement, move_visit

TODAY = date(2026, 3, 2)  # a Monday: a full weekday's plan
WATCH_SECONDS = 0.05  # the watcher's poll; the app polls every 0.5 s
APP_POLL_SECONDS = 0.5
MAX_KEPT_ERRORS = 20  # per worker: type and message of the first unexpected errors

State = tuple[int | None, int]  # (carer_id, start_min)


# --- the replay check ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every visit's placement and version, and the newest audit id, before a run."""

    visits: dict[int, tuple[int | None, int, int]]  # id -> (carer_id, start_min, version)
    audit_id: int


def snapshot(store: Store) -> Snapshot:
    with store.session() as session:
        rows = session.execute(select(Visit.id, Visit.carer_id, Visit.start_min, Visit.version))
        visits = {r.id: (r.carer_id, r.start_min, r.version) for r in rows}
        return Snapshot(visits, latest_change(session))


@dataclass(slots=True)
class Replay:
    moves: int = 0  # move events in the log since the snapshot
    visits_moved: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _state(text: str) -> State:
    data = json.loads(text)
    return data["carer_id"], data["start_min"]


def check_replay(
    store: Store, before: Snapshot, committed: list[int] | None = None, *, limit: int = 20
) -> Replay:
    """Replay the move events after the snapshot, in id order, against the database now.

    (a) final (carer, start) of every visit = its last move's ``after``, or its snapshot state;
    (b) every move's ``before`` = the previous move's ``after`` for that visit (or the snapshot);
    (c) every version = snapshot version (1 for a freshly loaded team) + number of its moves;
    (d) if ``committed`` (the audit ids the movers were handed back) is given, the log's move
        events are exactly those: none missing, none extra.
    Other actions on visits since the snapshot are reported too: this replay cannot account
    for them.
    """
    result = Replay()
    problems: list[str] = []
    state: dict[int, State] = {vid: (c, s) for vid, (c, s, _) in before.visits.items()}
    moves: Counter[int] = Counter()
    logged: list[int] = []
    with store.session() as session:
        events = session.execute(
            select(
                AuditEvent.id,
                AuditEvent.action,
                AuditEvent.entity_id,
                AuditEvent.before,
                AuditEvent.after,
            )
            .where(AuditEvent.entity == "visit", AuditEvent.id > before.audit_id)
            .order_by(AuditEvent.id)
        )
        for e in events:
            if e.action != "move":
                problems.append(f"event {e.id}: action {e.action!r} on visit {e.entity_id}")
                continue
            logged.append(e.id)
            if e.entity_id not in state:
                problems.append(f"event {e.id}: visit {e.entity_id} unknown before the run")
                continue
            was = _state(e.before)
            if was != state[e.entity_id]:
                problems.append(
                    f"(b) event {e.id} visit {e.entity_id}: before {was} "
                    f"!= previous after {state[e.entity_id]}"
                )
            state[e.entity_id] = _state(e.after)
            moves[e.entity_id] += 1
        now = {
            r.id: (r.carer_id, r.start_min, r.version)
            for r in session.execute(
                select(Visit.id, Visit.carer_id, Visit.start_min, Visit.version)
            )
        }
    for vid, (carer_id, start_min, version) in now.items():
        if vid not in before.visits:
            problems.append(f"visit {vid}: new since the snapshot")
            continue
        if (carer_id, start_min) != state[vid]:
            problems.append(
                f"(a) visit {vid}: final {(carer_id, start_min)} != replayed {state[vid]}"
            )
        expected = before.visits[vid][2] + moves[vid]
        if version != expected:
            problems.append(
                f"(c) visit {vid}: version {version} != {before.visits[vid][2]} + "
                f"{moves[vid]} moves"
            )
    problems.extend(f"visit {vid}: gone since the snapshot" for vid in before.visits.keys() - now)
    if committed is not None:
        told, log = set(committed), set(logged)
        if len(told) != len(committed):
            problems.append(f"(d) {len(committed) - len(told)} audit ids handed out twice")
        if told - log:
            problems.append(f"(d) {len(told - log)} committed moves missing from the log")
        if log - told:
            problems.append(f"(d) {len(log - told)} moves in the log no worker committed")
    result.moves = len(logged)
    result.visits_moved = len(moves)
    result.problems = problems[:limit] + (
        [f"… and {len(problems) - limit} more"] if len(problems) > limit else []
    )
    return result


# --- one worker ----------------------------------------------------------------------------


def is_locked(exc: BaseException) -> bool:
    """The store says DatabaseBusy where the driver said "database is locked"."""
    return isinstance(exc, DatabaseBusy)


def move_loop(
    store: Store,
    worker: int,
    day: date,
    should_stop: Callable[[], bool],
    rng: random.Random,
    *,
    hot: int = 0,
) -> dict[str, Any]:
    """Random moves until ``should_stop()``; counts, commit records and call times back.

    ``hot`` > 0 draws visits from the plan's first ``hot`` visits only: more collisions.
    """
    actor = f"W{worker}"
    with store.session() as session:
        plan = load_day_plan(session, day)
    visit_ids = sorted(plan.visits)
    if hot:
        visit_ids = visit_ids[:hot]
    durations = {vid: plan.visits[vid].duration_min for vid in visit_ids}
    carers = [c for c in plan.on_duty if c.shift_start is not None and c.shift_end is not None]
    counts = Counter[str]()
    commits: list[tuple[int, float]] = []  # (audit id, time.time() just after the commit)
    call_seconds: list[float] = []  # read version + move_visit, busy waits included
    errors: list[tuple[str, str]] = []
    locked: list[str] = []
    while not should_stop():
        visit_id = rng.choice(visit_ids)
        carer = rng.choice(carers)
        first = max(carer.shift_start, plan.shift_start)  # type: ignore[type-var]
        last = min(carer.shift_end, plan.shift_end) - durations[visit_id]  # type: ignore[type-var]
        target = Placement(carer.id, rng.randrange(first, max(first, last) + 1))
        counts["attempted"] += 1
        start = time.perf_counter()
        try:
            with store.session() as session:
                version = session.scalar(select(Visit.version).where(Visit.id == visit_id))
                assert version is not None
                done = move_visit(
                    session,
                    visit_id=visit_id,
                    target=target,
                    expected_version=version,
                    actor=actor,
                    now=datetime.now(UTC),
                    reason="bench",
                )
                commits.append((done.audit_id, time.time()))
            counts["committed"] += 1
        except StaleVisit:
            counts["stale"] += 1
        except Exception as exc:  # every other kind is counted, none may pass unnoticed
            if is_locked(exc):
                counts["locked"] += 1
                if len(locked) < MAX_KEPT_ERRORS:
                    locked.append(str(getattr(exc.__cause__, "orig", exc)))
            else:
                counts["other"] += 1
                if len(errors) < MAX_KEPT_ERRORS:
                    errors.append((type(exc).__name__, str(exc)[:300]))
        call_seconds.append(time.perf_counter() - start)
    return {
        "worker": worker,
        "counts": dict(counts),
        "commits": commits,
        "call_seconds": call_seconds,
        "errors": errors,
        "locked": locked,
    }


def worker_main(
    path: str,
    worker: int,
    day: date,
    seed: int,
    hot: int,
    barrier: Any,
    stop: Any,
    results: Any,
) -> None:
    """A worker process: its own Store, ready at the barrier, moves until ``stop``."""
    try:
        store = Store.open_sqlite(Path(path))
        barrier.wait()
        try:
            out = move_loop(store, worker, day, stop.is_set, random.Random(seed), hot=hot)
        finally:
            store.close()
    except BaseException as exc:  # noqa: BLE001 — reported to the parent, never swallowed
        barrier.abort()
        out = {"worker": worker, "crashed": f"{type(exc).__name__}: {exc}"}
    results.put(out)


# --- the watcher ---------------------------------------------------------------------------


def watch_loop(store: Store, should_stop: Callable[[], bool], every: float) -> dict[str, Any]:
    """Poll ``latest_change`` every ``every`` seconds; log (time seen, id) when it moves on."""
    seen: list[tuple[float, int]] = []
    query_seconds: list[float] = []
    polls = failed = 0
    last = -1
    tick = time.monotonic()
    while not should_stop():
        start = time.perf_counter()
        try:
            with store.session() as session:
                newest = latest_change(session)
        except DatabaseBusy:  # as the board does: skip this tick
            failed += 1
        else:
            now = time.time()
            query_seconds.append(time.perf_counter() - start)
            polls += 1
            if newest != last:
                seen.append((now, newest))
                last = newest
        tick += every
        time.sleep(max(0.0, tick - time.monotonic()))
    return {"seen": seen, "query_seconds": query_seconds, "polls": polls, "failed": failed}


def watcher_main(path: str, every: float, barrier: Any, stop: Any, results: Any) -> None:
    try:
        store = Store.open_sqlite(Path(path))
        barrier.wait()
        try:
            out = watch_loop(store, stop.is_set, every)
        finally:
            store.close()
    except BaseException as exc:  # noqa: BLE001
        barrier.abort()
        out = {"crashed": f"{type(exc).__name__}: {exc}"}
    results.put(("watcher", out))


# --- the run -------------------------------------------------------------------------------


def delays(commits: list[tuple[int, float]], seen: list[tuple[float, int]]) -> list[float | None]:
    """Seconds from each commit to the first poll that returned an id >= its id (None: never)."""
    ids = [audit_id for _, audit_id in seen]  # non-decreasing: a max over an append-only log
    out: list[float | None] = []
    for audit_id, committed_at in commits:
        i = bisect.bisect_left(ids, audit_id)
        out.append(seen[i][0] - committed_at if i < len(seen) else None)
    return out


@dataclass(slots=True)
class Report:
    workers: int
    seconds: float  # start to stop, as the parent measured
    counts: Counter[str]
    per_worker_commits: list[int]
    errors: list[tuple[str, str]]
    locked: list[str]
    crashed: list[str]
    call_seconds: list[float]
    delays: list[float]
    unseen: int
    watcher: dict[str, Any]
    replay: Replay

    @property
    def ok(self) -> bool:
        return self.replay.ok and not self.errors and not self.crashed and not self.counts["other"]


def prepare(path: Path) -> Snapshot:
    store = Store.open_sqlite(path)
    try:
        load_sample(store, TODAY)
        return snapshot(store)
    finally:
        store.close()


def run(
    path: Path,
    *,
    workers: int = 10,
    seconds: float = 60.0,
    hot: int = 0,
    seed: int | None = None,
    every: float = WATCH_SECONDS,
) -> Report:
    """Load the sample into ``path`` (a new file), run the movers and the watcher, check."""
    before = prepare(path)
    seed = random.randrange(2**32) if seed is None else seed
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers + 2)  # the movers, the watcher and this process
    stop, stop_watch = ctx.Event(), ctx.Event()
    results, watched = ctx.Queue(), ctx.Queue()
    procs = [
        ctx.Process(
            target=worker_main,
            args=(str(path), n, TODAY, seed + n, hot, barrier, stop, results),
            name=f"mover-W{n}",
        )
        for n in range(1, workers + 1)
    ]
    watcher = ctx.Process(
        target=watcher_main, args=(str(path), every, barrier, stop_watch, watched), name="watcher"
    )
    for p in [*procs, watcher]:
        p.start()
    crashed: list[str] = []
    try:
        barrier.wait(timeout=120)
    except threading.BrokenBarrierError:
        stop.set()
        stop_watch.set()
        crashed.append("setup: a process failed before the start (see below)")
    started = time.perf_counter()
    if not crashed:
        time.sleep(seconds)
    stop.set()
    outs = [results.get(timeout=60) for _ in procs]  # drain before join: big lists in the pipe
    elapsed = time.perf_counter() - started
    time.sleep(max(0.2, 4 * every))  # let the watcher see the last commits
    stop_watch.set()
    _, watch = watched.get(timeout=60)
    for p in [*procs, watcher]:
        p.join(timeout=30)
    counts: Counter[str] = Counter()
    commits: list[tuple[int, float]] = []
    calls: list[float] = []
    errors: list[tuple[str, str]] = []
    locked: list[str] = []
    per_worker: list[int] = []
    for out in sorted(outs, key=lambda o: o["worker"]):
        if "crashed" in out:
            crashed.append(f"W{out['worker']}: {out['crashed']}")
            continue
        counts.update(out["counts"])
        commits.extend(out["commits"])
        calls.extend(out["call_seconds"])
        errors.extend(out["errors"])
        locked.extend(out["locked"])
        per_worker.append(out["counts"].get("committed", 0))
    if "crashed" in watch:
        crashed.append(f"watcher: {watch['crashed']}")
        watch = {"seen": [], "query_seconds": [], "polls": 0, "failed": 0}
    measured = delays(commits, watch["seen"])
    store = Store.open_sqlite(path)
    try:
        replay = check_replay(store, before, [audit_id for audit_id, _ in commits])
    finally:
        store.close()
    return Report(
        workers=workers,
        seconds=elapsed,
        counts=counts,
        per_worker_commits=per_worker,
        errors=errors,
        locked=locked,
        crashed=crashed,
        call_seconds=calls,
        delays=[d for d in measured if d is not None],
        unseen=sum(d is None for d in measured),
        watcher=watch,
        replay=replay,
    )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def print_report(r: Report) -> None:
    c = r.counts
    ms = 1000
    print(f"{r.workers} movers + 1 watcher on one SQLite file, {r.seconds:.1f} s")
    print(
        f"moves attempted {c['attempted']}, committed {c['committed']}, "
        f"stale (StaleVisit) {c['stale']}, locked {c['locked']}, other errors {c['other']}"
    )
    print(
        f"throughput {c['committed'] / r.seconds:.0f} commits/s; per mover "
        f"min {min(r.per_worker_commits, default=0)} max {max(r.per_worker_commits, default=0)}"
    )
    if r.call_seconds:
        print(
            f"move call (read version + move_visit, busy waits included) median "
            f"{statistics.median(r.call_seconds) * ms:.1f} ms, p95 "
            f"{pct(r.call_seconds, 0.95) * ms:.1f} ms, p99 {pct(r.call_seconds, 0.99) * ms:.1f} "
            f"ms, max {max(r.call_seconds) * ms:.0f} ms"
        )
    status = "OK" if r.replay.ok else "FAILED"
    print(
        f"lost-update check: {status}: {r.replay.moves} move events on "
        f"{r.replay.visits_moved} visits replayed; final state = replay, every before = "
        f"previous after, version = before + moves, log = committed moves"
        if r.replay.ok
        else f"lost-update check: {status}"
    )
    for problem in r.replay.problems:
        print(f"  {problem}")
    w = r.watcher
    query = statistics.median(w["query_seconds"]) * ms if w["query_seconds"] else float("nan")
    print(
        f"watcher: {w['polls']} polls every {WATCH_SECONDS * ms:.0f} ms, latest_change median "
        f"{query:.2f} ms, {w['failed']} polls failed (locked)"
    )
    if r.delays:
        median, p95 = statistics.median(r.delays), pct(r.delays, 0.95)
        print(
            f"change-to-visible delay ({len(r.delays)} commits, every one measured; "
            f"{r.unseen} unseen): median {median * ms:.1f} ms, p95 {p95 * ms:.1f} ms, "
            f"max {max(r.delays) * ms:.1f} ms"
        )
        print(
            f"the app polls every {APP_POLL_SECONDS:.1f} s instead of {WATCH_SECONDS:.2f} s, so "
            f"a screen sees a change after this delay plus up to {APP_POLL_SECONDS:.1f} s: "
            f"median about {(median + APP_POLL_SECONDS / 2) * ms:.0f} ms, worst about "
            f"{(p95 + APP_POLL_SECONDS) * ms:.0f} ms (p95 + a full interval); slightly "
            f"pessimistic, as the measured delay already holds this watcher's own ~"
            f"{WATCH_SECONDS / 2 * ms:.0f} ms"
        )
    if r.locked:
        print(f"'database is locked' after the busy timeout ({c['locked']}):")
        for text in sorted(set(r.locked)):
            print(f"  {text}")
    if r.errors:
        print("unexpected errors:")
        for kind, text in r.errors:
            print(f"  {kind}: {text}")
    for text in r.crashed:
        print(f"crashed: {text}")
    print("RESULT: " + ("OK" if r.ok else "FAILED"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--hot", type=int, default=0, help="move only the plan's first K visits")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = run(
            Path(folder) / "concurrency.db",
            workers=args.workers,
            seconds=args.seconds,
            hot=args.hot,
            seed=args.seed,
        )
    print_report(report)
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
