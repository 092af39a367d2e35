"""Benchmark data at district and municipality scale, generated straight into a database.

No CSV: the rows are built in memory with one seeded ``random.Random`` and go to SQLite through
one raw DB-API connection, ``executemany`` inside ``BEGIN IMMEDIATE`` (the bulk-load idiom of
``kaffefoerst.store.sqlite_bulk_load``). Same arguments and seed, same rows.

What it models (the sample team's ideas, ``sample_data/make_sample.py``, at larger sizes; the
citizens' names and weekly care come from the same generator, ``kaffefoerst.io.sample_needs``):

- teams in partner pairs (venskabsteams), staff mixed as in DOMAIN.md: mostly SSH, some SSA,
  nurses (SPL) with every nursing competence, a therapist in larger teams, an unskilled helper in
  a few, one or two evening carers per team and a tilkaldevikar (no shifts) per team pair;
- a shift for every carer on every day (DAY 420-900, EVENING 900-1380), except the substitutes;
- citizens in teams, each with two contact persons (SSH/SSA of the team), two regulars and a
  nurse; a few decline one carer;
- weekly visit patterns (practical help for everyone, care packages for as many citizens as the
  visit volume asks for), services with the sample's codes and requirements, fixed-time
  medicine, about 4 % two-carer visits, windows around the target start;
- each day routed greedily in time order: a visit goes to the best-scoring qualified carer of
  the citizen's team who has room for it after the last visit, with a drive of 5-15 minutes, so
  routes never overlap. Plan day (``today``): PLANNED, about 3 % left unassigned. History (the
  days before): DELIVERED or, about 2.5 %, CANCELLED; what did not fit was delivered late, by
  the partner team, or not at all.

    python bench/scale_data.py vojens|municipality PATH [--date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import gc
import random
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kaffefoerst.io.sample_needs import (
    CITIZEN_MEN,
    CITIZEN_WOMEN,
    SURNAMES,
    Need,
    care_needs,
    preferred_time,
    t5,
)
from kaffefoerst.io.sample_services import NURSING, NURSING_CODES, SERVICES

if TYPE_CHECKING:
    from kaffefoerst.store import Store

DAY_SHIFT, EVENING_SHIFT = (420, 900), (900, 1380)
DAY_FIRST, EVENING_FIRST = 440, 915  # first start: after the morning meeting and the drive out
GAP_MIN, GAP_MAX = 5, 15  # the drive between two visits
UNASSIGNED_SHARE = 0.03  # of the plan day's visits
TWO_CARER_SHARE = 0.04
CANCELLED_SHARE = 0.025
SPREAD = 0.2  # share of visits given to whoever has room, preferences aside

SERVICE_ID = {s[1]: s[0] for s in SERVICES}
REQUIRES = {s[1]: (frozenset(s[4].split(",")) if s[4] else None, s[5]) for s in SERVICES}
TRAINING_CODES = frozenset({"TRÆN", "REH"})
TWO_CARER_CODES = frozenset({"PP-M", "BAD", "PP-D"})
# Added to a carer's preference score by the kind of visit: nurses are kept for nursing,
# therapists for training; the unskilled helper is welcome for the practical help he may do.
PENALTY: dict[str, dict[str, float]] = {
    "nursing": {},
    "training": {"SPL": 4.0, "ERGO": -4.0, "FYS": -4.0},
    "care": {"SPL": 4.0, "ERGO": 2.0, "FYS": 2.0, "UFAG": -2.0},
}


def _words(text: str) -> list[str]:
    return text.split()


TEAM_NAMES = _words(
    "Nord Syd Centrum Øst Vest Hammelev Jegerup Maugstrup Gram Fjorden Braine Hjortebro Slivsø "
    "Starup Sommersted Skrydstrup Hoptrup Moltrup Øsby Halk Marstrup Vilstrup Bevtoft Toftlund"
)
STREETS = _words(
    "Nørregade Lærkevej Bøgevej Tingvej Egevej Kongevej Vestergade Østergade Torvegade Bygaden "
    "Kirkevænget Skolevej Søndergade Ribevej Skovvej Birkevej Ahornvej Sønderbakken Møllevej "
    "Engvej Markvej Stationsvej Parkvej Rosenvej Syrenvej Kastanievej Granvej Bakkevej"
)
STAFF_FIRST = _words(
    "Mette Anne Lene Birthe Helle Kirsten Trine Sofie Camilla Inge Rikke Dorte Gitte Maja Susanne "
    "Nadia Eva Lise Louise Julie Sara Mia Emma Line Pia Tina Hanne Jette Lone Malene Maria Signe "
    "Stine Charlotte Heidi Janne Katrine Mads Peter Jakob Ole Thomas Martin Søren Lars Henrik "
    "Ahmad Fatima Aisha Yasmin Agnieszka Kasia Ioana"
)
# Foreign-key order, and the columns written (every column of each table, as in model.py).
COLUMNS = {
    "team": "id name partner_team_id gap_min meeting_min",
    "carer": "id initials name profession competences phone team_id on_call_substitute",
    "citizen": "id name short_name address area team_id contact1_id contact2_id preferred_time",
    "declinedcarer": "citizen_id carer_id",
    "service": "id code name law professions competence",
    "visit": "id citizen_id day start_min duration_min window_from_min window_to_min fixed_time "
    "two_carers carer_id second_carer_id status version",
    "visitservice": "visit_id service_id",
    "shift": "id carer_id day kind start_min end_min",
}


@dataclass(slots=True)
class _Carer:
    id: int
    team: int  # index into the team list
    profession: str
    competences: frozenset[str]
    kind: str  # day, evening, on_call


@dataclass(slots=True)
class _Citizen:
    id: int
    team: int
    prefs: dict[int, float]  # carer id -> preference score (lower is better)
    declined: int  # a carer id, or 0
    pref: str  # the preferred time asked for (PREFERRED)
    needs: list[Need] = field(default_factory=list)


@dataclass(slots=True)
class _Visit:
    citizen: _Citizen
    need: Need
    start: int
    carer: int | None = None
    second: int | None = None


def build_scale_db(
    store: Store,
    today: date,
    *,
    teams: int,
    staff: int,
    citizens: int,
    visits_per_day: int,
    history_days: int,
    seed: int = 1,
) -> dict[str, int]:
    """Generate a district into an empty database: plan day ``today``, history before it.

    ``visits_per_day`` is the count on a weekday (Monday to Friday): practical help, half the
    midday care and the nurses' weekly tasks are weekday-only, so weekends run at about 70 %
    (care-heavy districts) down to 40 % (mostly practical help) of it. Returns the number of rows
    written per table.
    """
    if teams < 1 or staff < 5 * teams or citizens < teams:
        raise ValueError("need at least one team, 5 staff per team and a citizen per team")
    gc_was_on = gc.isenabled()
    gc.disable()  # hundreds of thousands of small tuples; collections would only rescan them
    try:
        rows = _generate(today, teams, staff, citizens, visits_per_day, history_days, seed)
        return _insert(store, rows)
    finally:
        if gc_was_on:
            gc.enable()


def vojens(store: Store, today: date) -> dict[str, int]:
    """Haderslev district Vojens: 5 teams, 100 staff, 352 citizens, ~800 visits a weekday."""
    return build_scale_db(
        store, today, teams=5, staff=100, citizens=352, visits_per_day=800, history_days=60
    )


def municipality(store: Store, today: date) -> dict[str, int]:
    """A whole municipality: 20 teams, 400 staff, 1,900 citizens, 100 days of history.

    600 visits a weekday and about 250 on a weekend day (most citizens here get practical help
    only) make about 500 a day on average, DESIGN.md's figure.
    """
    return build_scale_db(
        store, today, teams=20, staff=400, citizens=1900, visits_per_day=600, history_days=100
    )


PRESETS = {"vojens": vojens, "municipality": municipality}


# --- generation -------------------------------------------------------------------------------


class _Generator:
    def __init__(self, teams: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_teams = teams
        self.carers: list[_Carer] = []
        self.citizens: list[_Citizen] = []
        self.team_carers: list[dict[str, list[int]]] = [
            {"day": [], "evening": [], "on_call": []} for _ in range(teams)
        ]
        self.partner = [t + 1 if t % 2 == 0 else t - 1 for t in range(teams)]
        if teams % 2:
            self.partner[-1] = -1  # the odd one out has no partner
        self._qualified: dict[tuple[int, str, tuple[str, ...]], list[int]] = {}
        self.penalty: dict[str, dict[int, float]] = {kind: {} for kind in PENALTY}

    # staff ---------------------------------------------------------------------------------

    def make_staff(self, staff: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        rng = self.rng
        team_rows = []
        for t in range(self.n_teams):
            name = TEAM_NAMES[t] if t < len(TEAM_NAMES) else f"Team {t + 1}"
            partner = self.partner[t] + 1 if self.partner[t] >= 0 else None
            team_rows.append((t + 1, name, partner, GAP_MIN, 15))
        carer_rows: list[tuple[object, ...]] = []
        used: set[str] = set()
        base, extra = divmod(staff, self.n_teams)
        for t in range(self.n_teams):
            for profession, competences, kind in _roles(base + (t < extra), t):
                cid = len(self.carers) + 1
                first, last = rng.choice(STAFF_FIRST), rng.choice(SURNAMES)
                initials = _initials(first, last, used, rng)
                phone = f"{rng.randint(20, 61)}{rng.randint(10, 99)} {rng.randint(1000, 9999)}"
                comps = frozenset(competences.split(",")) if competences else frozenset()
                self.carers.append(_Carer(cid, t, profession, comps, kind))
                self.team_carers[t][kind].append(cid)
                carer_rows.append(
                    (cid, initials, f"{first} {last}", profession, competences, phone, t + 1,
                     int(kind == "on_call"))
                )  # fmt: skip
                for visit_kind, table in PENALTY.items():
                    self.penalty[visit_kind][cid] = table.get(profession, 0.0)
        return team_rows, carer_rows

    def can_do(self, cid: int, codes: tuple[str, ...]) -> bool:
        carer = self.carers[cid - 1]
        for code in codes:
            professions, competence = REQUIRES[code]
            if professions is not None and carer.profession not in professions:
                return False
            if competence and competence not in carer.competences:
                return False
        return True

    def qualified(self, team: int, kind: str, codes: tuple[str, ...]) -> list[int]:
        key = (team, kind, codes)
        found = self._qualified.get(key)
        if found is None:
            found = [c for c in self.team_carers[team][kind] if self.can_do(c, codes)]
            self._qualified[key] = found
        return found

    # citizens ------------------------------------------------------------------------------

    def make_citizens(self, count: int) -> list[tuple[object, ...]]:
        rng = self.rng
        rows: list[tuple[object, ...]] = []
        shorts: set[str] = set()
        base, extra = divmod(count, self.n_teams)
        for t in range(self.n_teams):
            day = self.team_carers[t]["day"]
            pool = [c for c in day if self.carers[c - 1].profession in ("SSH", "SSA")]
            nurses = [c for c in day if self.carers[c - 1].profession == "SPL"] or pool
            ssh = [c for c in pool if self.carers[c - 1].profession == "SSH"] or pool
            for k in range(base + (t < extra)):
                cid = len(self.citizens) + 1
                woman = rng.random() < 0.68
                first = rng.choice(CITIZEN_WOMEN if woman else CITIZEN_MEN)
                last = rng.choice(SURNAMES)
                short = _short_name(woman, first, last, shorts)
                c1 = pool[(k * 7) % len(pool)]
                c2 = rng.choice([p for p in pool if p != c1] or pool)
                others = [p for p in pool if p not in (c1, c2)]
                regulars = rng.sample(others, min(2, len(others)))
                prefs = {c1: 0.0, c2: 1.0, nurses[k % len(nurses)]: 1.5}
                prefs.update(dict.fromkeys(regulars, 2.0))
                declined = 0
                if rng.random() < 0.03:
                    strangers = [p for p in ssh if p not in prefs]
                    declined = rng.choice(strangers) if strangers else 0
                pref = preferred_time(rng)
                self.citizens.append(_Citizen(cid, t, prefs, declined, pref))
                area = TEAM_NAMES[t] if t < len(TEAM_NAMES) else f"Område {t + 1}"
                town = "6500 Vojens" if t < 5 else "6100 Haderslev"
                address = f"{rng.choice(STREETS)} {rng.randint(1, 80)}, {town}"
                rows.append(
                    (cid, f"{first} {last}", short, address, area, t + 1, c1, c2, pref)
                )  # fmt: skip
        return rows

    def make_needs(self, visits_per_day: int) -> None:
        """Practical help for everyone; then care packages until the weekday volume is reached."""
        rng = self.rng
        total = 0.0
        for c in self.citizens:
            if rng.random() < 0.6:
                need = Need(("REN",), t5(rng, 560, 800), t5(rng, 45, 60), None,
                            frozenset({rng.randrange(5)}), fortnight=c.id % 2)  # fmt: skip
            else:
                need = Need(("IND",), t5(rng, 600, 800), 30, None, frozenset({rng.randrange(5)}))
            c.needs.append(need)
            total += need.per_weekday
        order = list(self.citizens)
        rng.shuffle(order)
        for c in order:
            if total >= visits_per_day:
                break
            package = self._package(c)
            c.needs.extend(package)
            total += sum(n.per_weekday for n in package)
        # Two carers (lifts) for personal care, until about 4 % of the volume.
        lifts = [
            (c, i) for c in order for i, n in enumerate(c.needs) if n.codes[0] in TWO_CARER_CODES
        ]
        rng.shuffle(lifts)
        two = 0.0
        for c, i in lifts:
            if two >= TWO_CARER_SHARE * total:
                break
            c.needs[i] = replace(c.needs[i], two=True)
            two += c.needs[i].per_weekday

    def _package(self, c: _Citizen) -> list[Need]:
        """The sample team's weekly care for a citizen who gets personal care or nursing (its
        practical help came first; lifts are added for the whole district), with an evening
        visit for some, and only what someone in the team can do (a small team may have no
        therapist)."""
        out = care_needs(self.rng, c.pref, c.id % 2, lifts=False, housework=False, evening=True)
        return [
            n for n in out if self.qualified(c.team, "evening" if n.evening else "day", n.codes)
        ]

    # routing -------------------------------------------------------------------------------

    def day_visits(self, day: date) -> list[tuple[_Citizen, Need]]:
        weekday, parity = day.weekday(), day.isocalendar().week % 2
        return [
            (c, n)
            for c in self.citizens
            for n in c.needs
            if weekday in n.weekdays and n.fortnight in (None, parity)
        ]

    def route_day(self, day: date, plan_day: bool) -> list[_Visit]:
        """The day's visits, routed; on the plan day ``carer`` None means unassigned."""
        rng = self.rng
        groups: dict[tuple[int, bool], list[_Visit]] = defaultdict(list)
        for c, n in self.day_visits(day):
            groups[(c.team, n.evening)].append(_Visit(c, n, n.target))
        cursor = {c.id: -1000 for c in self.carers}  # end of each carer's last visit
        out: list[_Visit] = []
        unplaced: list[_Visit] = []
        for (team, evening), visits in sorted(groups.items(), key=lambda g: g[0]):
            visits.sort(key=lambda v: (v.need.target, not v.need.fixed, v.citizen.id))
            for v in visits:
                if not self._place(v, team, evening, cursor, relaxed=False):
                    unplaced.append(v)
            out += visits
        if not plan_day:
            for v in unplaced:  # late, then by the partner team, else it did not happen
                team, evening = v.citizen.team, v.need.evening
                partner = self.partner[team]
                if not self._place(v, team, evening, cursor, relaxed=True) and partner >= 0:
                    self._place(v, partner, evening, cursor, relaxed=True)
            out = [v for v in out if v.carer is not None]
        else:
            left = sum(v.carer is None for v in out)
            want = round(UNASSIGNED_SHARE * len(out))
            pool = [v for v in out if v.carer is not None and not (v.need.fixed or v.need.two)]
            for v in rng.sample(pool, max(0, min(want - left, len(pool)))):
                v.start, v.carer = v.need.target, None
        return out

    def _place(
        self, v: _Visit, team: int, evening: bool, cursor: dict[int, int], *, relaxed: bool
    ) -> bool:
        """Give the visit to the best-scoring qualified carer with room after their last visit."""
        c, n = v.citizen, v.need
        rng = self.rng
        first, end = (EVENING_FIRST, EVENING_SHIFT[1]) if evening else (DAY_FIRST, DAY_SHIFT[1])
        wf, wt = _window(n)
        if relaxed:
            earliest, latest = first, end - n.dur
        else:
            earliest = max(first, n.target - (0 if n.fixed else 15), wf if wf is not None else 0)
            latest = min(wt if wt is not None else end, end - n.dur)
        codes = n.codes
        kind = "nursing" if NURSING_CODES.intersection(codes) else "care"
        if TRAINING_CODES.intersection(codes):
            kind = "training"
        penalty = self.penalty[kind]
        prefs = {} if rng.random() < SPREAD else c.prefs
        gap = rng.randint(GAP_MIN, GAP_MAX)
        target = n.target
        options = []
        for cid in self.qualified(team, "evening" if evening else "day", codes):
            start = cursor[cid] + gap
            if start < earliest:
                start = earliest
            if start > latest or cid == c.declined:
                continue
            score = prefs.get(cid, 5.0) + penalty[cid] + abs(start - target) / 15
            options.append((score + rng.random() * 1.5, cid, start))
        if not options:
            return False
        options.sort()
        if n.two:
            a = options[0]
            b = next((b for b in options[1:] if max(a[2], b[2]) <= latest), None)
            if b is None:
                return False
            v.start, v.carer, v.second = max(a[2], b[2]), a[1], b[1]
            cursor[a[1]] = cursor[b[1]] = v.start + n.dur
        else:
            _, v.carer, v.start = options[0]
            cursor[v.carer] = v.start + n.dur
        return True


def _generate(
    today: date, teams: int, staff: int, citizens: int, per_day: int, history: int, seed: int
) -> dict[str, list[tuple[object, ...]]]:
    g = _Generator(teams, seed)
    team_rows, carer_rows = g.make_staff(staff)
    citizen_rows = g.make_citizens(citizens)
    g.make_needs(per_day)
    declined_rows = [(c.id, c.declined) for c in g.citizens if c.declined]
    visit_rows: list[tuple[object, ...]] = []
    service_rows: list[tuple[int, int]] = []
    shift_rows: list[tuple[object, ...]] = []
    rng = g.rng
    on_shift = [c for c in g.carers if c.kind != "on_call"]
    for offset in range(-history, 1):
        day = today + timedelta(days=offset)
        iso = day.isoformat()
        for carer in on_shift:
            kind, (start, end) = (
                ("EVENING", EVENING_SHIFT) if carer.kind == "evening" else ("DAY", DAY_SHIFT)
            )
            shift_rows.append((len(shift_rows) + 1, carer.id, iso, kind, start, end))
        visits = g.route_day(day, plan_day=offset == 0)
        visits.sort(key=lambda v: (v.start, v.citizen.id))
        for v in visits:
            c, n = v.citizen, v.need
            if offset == 0:
                status = "PLANNED"
            else:
                status = "CANCELLED" if rng.random() < CANCELLED_SHARE else "DELIVERED"
            vid = len(visit_rows) + 1
            wf, wt = _window(n)
            visit_rows.append(
                (vid, c.id, iso, v.start, n.dur, wf, wt, int(n.fixed), int(n.two), v.carer,
                 v.second, status, 1)
            )  # fmt: skip
            service_rows += [(vid, SERVICE_ID[code]) for code in n.codes]
    return {
        "team": team_rows,
        "carer": carer_rows,
        "citizen": citizen_rows,
        "declinedcarer": declined_rows,
        "service": [tuple(s) for s in SERVICES],
        "visit": visit_rows,
        "visitservice": service_rows,
        "shift": shift_rows,
    }


def _roles(n: int, team: int) -> list[tuple[str, str, str]]:
    """A team of ``n``: (profession, competences, kind) for each member, DOMAIN.md's mix."""
    roles: list[tuple[str, str, str]] = []
    if team % 2 == 0:  # one tilkaldevikar per team pair
        roles.append(("SSH", "kompression", "on_call"))
    evening = max(1, round(n * 0.08))
    roles += [("SSA", "medicin,insulin,kompression", "evening")] * evening
    nurses, ssa = max(1, round(n * 0.2)), max(1, round(n * 0.15))
    roles += [("SPL", NURSING, "day")] * nurses
    ssa_comps = ("medicin,insulin,kompression", "medicin,sår,kompression", "medicin,kompression")
    roles += [("SSA", ssa_comps[i % 3], "day") for i in range(ssa)]
    if n >= 12:
        roles.append(("ERGO" if team % 2 == 0 else "FYS", "", "day"))
    if n >= 16 and team % 3 == 0:
        roles.append(("UFAG", "", "day"))
    rest = max(1, n - len(roles))
    roles += [("SSH", "kompression" if i % 2 == 0 else "", "day") for i in range(rest)]
    return roles


def _initials(first: str, last: str, used: set[str], rng: random.Random) -> str:
    a, b = first.upper(), last.upper()
    for candidate in (a[0] + b[0], a[0] + b[:2], a[:2] + b[0], a[0] + b[0] + b[-1]):
        if candidate not in used:
            used.add(candidate)
            return candidate
    while True:
        candidate = a[0] + "".join(rng.choice("ABDEFGHIJKLMNOPRSTUVY") for _ in range(2))
        if candidate not in used:
            used.add(candidate)
            return candidate


def _short_name(woman: bool, first: str, last: str, used: set[str]) -> str:
    """The board label, at most 12 characters, unique."""
    for short in (
        f"{'Fru' if woman else 'Hr.'} {last}",
        f"{first} {last[0]}.",
        f"{first[:5]} {last[:2]}.",
    ):
        if short not in used and len(short) <= 12:
            used.add(short)
            return short
    k = 2
    while f"{first[:6]} {last[0]}{k}" in used:
        k += 1
    used.add(f"{first[:6]} {last[0]}{k}")
    return f"{first[:6]} {last[0]}{k}"


def _window(n: Need) -> tuple[int | None, int | None]:
    if n.slack is None:
        return None, None
    floor = EVENING_SHIFT[0] if n.evening else DAY_SHIFT[0]
    return max(floor, n.target - n.slack), n.target + n.slack


# --- loading ----------------------------------------------------------------------------------


def _insert(store: Store, rows: dict[str, list[tuple[object, ...]]]) -> dict[str, int]:
    """One transaction on one raw connection, indexes rebuilt after the rows (as the bulk load)."""
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA foreign_keys = OFF")  # the generator points only at its own rows
        cur.execute("BEGIN IMMEDIATE")
        for name in COLUMNS:
            if cur.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone():
                raise ValueError(f"table {name} is not empty: build into a new database")
        indexes = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for index_name, _ in indexes:
            cur.execute(f'DROP INDEX "{index_name}"')
        counts: dict[str, int] = {}
        for name, columns in COLUMNS.items():
            names = columns.split()
            sql = f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            cur.executemany(sql, rows[name])
            counts[name] = len(rows[name])
        for _, sql in indexes:
            cur.execute(sql)
        raw.commit()
        return counts
    except BaseException:
        raw.rollback()
        raise
    finally:
        try:
            raw.cursor().execute("PRAGMA foreign_keys = ON")
        finally:
            raw.close()


# --- command line -----------------------------------------------------------------------------


def summary(path: Path, today: date) -> list[str]:
    """Plan-day and continuity figures, read back from the file."""
    conn = sqlite3.connect(path)
    try:
        day = today.isoformat()
        plan, unassigned, two, fixed = conn.execute(
            "SELECT count(*), sum(carer_id IS NULL), sum(two_carers), sum(fixed_time) "
            "FROM visit WHERE day = ?",
            (day,),
        ).fetchone()
        evening = conn.execute(
            "SELECT count(*) FROM visit WHERE day = ? AND start_min >= 900", (day,)
        ).fetchone()[0]
        routes = conn.execute(
            "SELECT count(DISTINCT carer_id) FROM visit WHERE day = ? AND start_min < 900",
            (day,),
        ).fetchone()[0]
        since = (today - timedelta(days=14)).isoformat()
        seen = conn.execute(
            "SELECT count(DISTINCT carer), count(DISTINCT visit_id) FROM ("
            " SELECT citizen_id, id AS visit_id, carer_id AS carer FROM visit"
            " WHERE day >= ? AND day < ? AND status = 'DELIVERED'"
            " UNION ALL SELECT citizen_id, id, second_carer_id FROM visit"
            " WHERE day >= ? AND day < ? AND status = 'DELIVERED'"
            " AND second_carer_id IS NOT NULL) GROUP BY citizen_id",
            (since, day, since, day),
        ).fetchall()
        history, cancelled = conn.execute(
            "SELECT count(*), sum(status = 'CANCELLED') FROM visit WHERE day < ?", (day,)
        ).fetchone()
    finally:
        conn.close()
    day_visits = plan - evening
    return [
        f"plan day {day}: {plan} visits ({evening} evening), {unassigned} unassigned, "
        f"{two} two-carer, {fixed} fixed time",
        f"day routes {routes}, {(day_visits - unassigned) / max(routes, 1):.1f} visits per route",
        f"history {history} visits, {cancelled} cancelled, "
        f"{history / max(1, _history_days(path, today)):.0f} a day",
        "unique carers per citizen, last 14 days of history, median: "
        f"{_median(r[0] for r in seen)} ({len(seen)} citizens), "
        f"{_median(r[0] for r in seen if r[1] >= 14)} for the "
        f"{sum(r[1] >= 14 for r in seen)} with a visit a day or more",
    ]


def _median(values: Iterable[int]) -> float:
    found = list(values)
    return statistics.median(found) if found else 0


def _history_days(path: Path, today: date) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT count(DISTINCT day) FROM visit WHERE day < ?", (today.isoformat(),)
        ).fetchone()[0]
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", choices=sorted(PRESETS))
    parser.add_argument("path", type=Path)
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    args = parser.parse_args(argv)
    from kaffefoerst.store import Store

    if args.path.exists() and args.path.stat().st_size:
        print(f"{args.path} exists; give a new file", file=sys.stderr)
        return 2
    store = Store.open_sqlite(args.path)
    try:
        start = time.perf_counter()
        counts = PRESETS[args.preset](store, args.date)
        seconds = time.perf_counter() - start
    finally:
        store.close()
    for name, count in counts.items():
        print(f"{name:14} {count:8}")
    print(f"{'total':14} {sum(counts.values()):8}")
    print(f"built in {seconds:.2f} s")
    for line in summary(args.path, args.date):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
