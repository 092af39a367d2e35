"""Cover quality: the old visit-by-visit proposal against the whole-route one, in one run.

    python bench/cover_quality.py [--days 20] [--runs 11]

The old algorithm is kept callable here (``bench/cover_old.py``, a verbatim copy of
``domain/cover.py`` before issue 14), not in src. Both get the same plan, the same "who knows
whom" (14 days of delivered visits) and the new one also the day's standby colleagues.

Cases:
- the sample team (``sample_data/``), TJ sick (the demo's sick call);
- 20 generated sick-call days at Vojens scale (``bench/scale_data.py``: 5 teams, 100 staff, 352
  citizens, ~800 visits), each its own district (seed 1..20) with 2-6 day-shift carers sick, as
  about 5 % of the day staff are (DOMAIN.md, Table 4.1). The generated districts have no
  beredskab, so there the new proposal has the substitutes for blocks and nothing else extra.

Measures, over the visits of the absent carers:
- faces: distinct carers per covered citizen-day (every visit of the citizen that shift counts,
  the covered ones with their proposed carer; a citizen-day counts if one of its visits is covered);
- handovers: changes of carer along each absent route, in time order (an uncovered visit counts
  as a carer of its own, so a gap in the cover is a handover too);
- known: share of visits given to a contact person or a carer who knows the citizen (visited
  them in the last 14 days, or visits them that day);
- uncovered: visits left with nobody (the new proposal's requests to the partner team counted
  here too, and shown apart); "other team": visits booked on another team's carer;
- ms: median time of ``propose`` alone over ``--runs`` runs (Vojens target: 300 ms), and for the
  new one the whole cover-screen path (plan, who knows whom, standby, propose) at Vojens.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from kaffefoerst.domain.cover_route import propose as propose_new
from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.enums import AbsenceKind, CoverSource
from kaffefoerst.io.sample import load_sample
from kaffefoerst.store import Store
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.knowledge import recent_by_citizen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cover_old  # noqa: E402  (bench/cover_old.py: the algorithm before issue 14)
import scale_data  # noqa: E402  (bench/scale_data.py)

TODAY = date(2026, 3, 2)  # a Monday: a full weekday's plan
TARGET_MS = 300.0
Recent = dict[int, dict[int, int]]
Chosen = dict[int, int | None]  # visit -> carer, None: nobody


@dataclass
class Result:
    faces: list[int] = field(default_factory=list)
    handovers: int = 0
    known: int = 0
    visits: int = 0
    uncovered: int = 0
    requests: int = 0
    other_team: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, other: Result) -> None:
        self.faces += other.faces
        self.handovers += other.handovers
        self.known += other.known
        self.visits += other.visits
        self.uncovered += other.uncovered
        self.requests += other.requests
        self.other_team += other.other_team
        self.ms += other.ms


def old(plan: DayPlan, recent: Recent, _standby: frozenset[int]) -> tuple[Chosen, int]:
    lines = cover_old.propose(plan, recent)
    chosen = {ln.visit_id: ln.choice.carer_id if ln.choice else None for ln in lines}
    return chosen, 0


def new(plan: DayPlan, recent: Recent, standby: frozenset[int]) -> tuple[Chosen, int]:
    lines = propose_new(plan, recent, None, standby)
    chosen = {ln.visit_id: ln.choice.carer_id if ln.choice else None for ln in lines}
    return chosen, sum(ln.source is CoverSource.REQUEST for ln in lines)


Propose = Callable[[DayPlan, Recent, frozenset[int]], tuple[Chosen, int]]


def measure(
    plan: DayPlan, recent: Recent, standby: frozenset[int], fn: Propose, runs: int
) -> Result:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        chosen, requests = fn(plan, recent, standby)
        times.append((time.perf_counter() - t0) * 1000)
    absent = plan.uncovered()
    r = Result(ms=[statistics.median(times)], requests=requests, visits=len(absent))
    by_citizen: dict[int, list[PlanVisit]] = {}
    for visit in plan.visits.values():
        by_citizen.setdefault(visit.citizen_id, []).append(visit)
    for citizen_id in sorted({v.citizen_id for v in absent}):
        if not any(chosen.get(v.id) for v in by_citizen[citizen_id]):
            continue
        faces = set()
        for visit in by_citizen[citizen_id]:
            if visit.id in chosen:
                if chosen[visit.id] is not None:
                    faces.add(chosen[visit.id])
            elif visit.carer_id is not None:
                faces.add(visit.carer_id)
        r.faces.append(len(faces))
    for carer_id in plan.absences:
        route = [chosen[v.id] for v in plan.route(carer_id) if v.id in chosen]
        r.handovers += sum(a != b for a, b in zip(route, route[1:], strict=False))
    for visit in absent:
        carer = chosen[visit.id]
        citizen = plan.citizens[visit.citizen_id]
        if carer is None:
            r.uncovered += 1
            continue
        today = {c for v in by_citizen[visit.citizen_id] for c in v.carer_ids()} - {visit.carer_id}
        if (
            carer in citizen.contact_ids
            or recent.get(citizen.id, {}).get(carer, 0) > 0
            or carer in today
        ):
            r.known += 1
        absent_team = plan.carers[plan.absent_on(visit) or 0].team_id
        c = plan.carers[carer]
        if not c.substitute and c.team_id != absent_team:
            r.other_team += 1
    return r


def inputs(store: Store, today: date) -> tuple[DayPlan, Recent, frozenset[int], float]:
    """What the cover screen reads, and how long that takes (ms)."""
    t0 = time.perf_counter()
    with store.session() as session:
        plan = load_day_plan(session, today)
        citizens = sorted({v.citizen_id for v in plan.uncovered()})
        recent = recent_by_citizen(session, citizens, today)
        standby = plan.standby()
    return plan, recent, standby, (time.perf_counter() - t0) * 1000


def sick_day(folder: Path, seed: int) -> Store:
    store = Store.open_sqlite(folder / f"vojens{seed}.db")
    scale_data.build_scale_db(
        store, TODAY, teams=5, staff=100, citizens=352, visits_per_day=800, history_days=60,
        seed=seed,
    )  # fmt: skip
    rng = random.Random(seed)
    with store.session() as session:
        plan = load_day_plan(session, TODAY)
        routes = [c for c in plan.on_duty if not c.substitute and plan.route(c.id)]
        for carer in rng.sample(routes, rng.randint(2, 6)):
            mark_absent(
                session,
                carer_id=carer.id,
                from_day=TODAY,
                to_day=TODAY,
                kind=AbsenceKind.SICK,
                actor="BENCH",
                now=datetime(2026, 3, 2, 5, 52, tzinfo=UTC),
            )
    return store


def row(label: str, r: Result) -> str:
    faces = statistics.mean(r.faces) if r.faces else 0.0
    return (
        f"| {label} | {faces:.2f} | {r.handovers} | {r.known / max(r.visits, 1):.0%} | "
        f"{r.uncovered - r.requests} | {r.requests} | {r.other_team} | "
        f"{statistics.median(r.ms):.1f} |"
    )


HEADER = (
    "| case | faces per covered citizen-day | handovers | to contact/known | left uncovered "
    "| asked of partner team | booked in other team | propose ms |\n"
    "|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    lines = [HEADER]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open_sqlite(Path(tmp) / "sample.db")
        load_sample(store, TODAY)
        plan, recent, standby, _ = inputs(store, TODAY)
        store.close()
        n = len(plan.uncovered())
        for label, fn in (("old", old), ("new", new)):
            lines.append(
                row(
                    f"sample, TJ sick ({n} visits): {label}",
                    measure(plan, recent, standby, fn, args.runs),
                )
            )
        totals = {"old": Result(), "new": Result()}
        screen_ms, sick_visits, worst = [], 0, {"old": 0.0, "new": 0.0}
        for seed in range(1, args.days + 1):
            store = sick_day(Path(tmp), seed)
            try:
                reads = [inputs(store, TODAY) for _ in range(3)]  # the first one warms up
                plan, recent, standby, _ = reads[-1]
                read_ms = statistics.median(r[3] for r in reads[1:])
            finally:
                store.close()
            sick_visits += len(plan.uncovered())
            for label, fn in (("old", old), ("new", new)):
                r = measure(plan, recent, standby, fn, args.runs)
                totals[label].add(r)
                worst[label] = max(worst[label], r.ms[0])
                if label == "new":
                    screen_ms.append(read_ms + r.ms[0])
            print(
                f"day {seed}: {len(plan.absences)} sick, {len(plan.uncovered())} visits", flush=True
            )
        for label in ("old", "new"):
            lines.append(
                row(f"Vojens, {args.days} days ({sick_visits} visits): {label}", totals[label])
            )
    print("\n".join(lines))
    median_screen = statistics.median(screen_ms)
    verdict = "ok" if median_screen <= TARGET_MS else "MISSED"  # medians, as bench/cover.py
    print(
        "\nVojens, new, the whole cover-screen path (plan + who knows whom + standby + propose, "
        f"warm): median {median_screen:.1f} ms, worst day {max(screen_ms):.1f} ms; propose alone, "
        f"worst day: old {worst['old']:.1f} ms, new {worst['new']:.1f} ms; "
        f"target <= {TARGET_MS:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()
