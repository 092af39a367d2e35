"""Write the sample team (two teams in Vojens) as CSV files next to this script.

Deterministic (random.Random(2026)); the service catalogue (kaffefoerst.io.sample_services) and
the citizens' names and weekly care (kaffefoerst.io.sample_needs) are shared with
bench/scale_data.py. Run: python sample_data/make_sample.py
Dates are absolute around ANCHOR (the plan day); the loader shifts them to "today".
"""

from __future__ import annotations

import csv
import random
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kaffefoerst.io.sample_needs import (
    CITIZEN_MEN,
    CITIZEN_WOMEN,
    SURNAMES,
    Need,
    care_needs,
    preferred_time,
)
from kaffefoerst.io.sample_services import NURSING, NURSING_CODES, SERVICES

OUT = Path(__file__).resolve().parent
ANCHOR = date(2026, 1, 5)  # a Monday
HISTORY_DAYS = 60
DAY, EVENING = (420, 900), (900, 1380)
FIRST_START = 440  # after the 07:00 meeting and the drive out
GAP_MIN = 5
rng = random.Random(2026)

# id, initials, name, profession, competences, team, on-call substitute, evening shift
CARERS = [
    (1, "MH", "Mette Holm", "SSA", "medicin,insulin,kompression", 1, 0, 0),
    (2, "AL", "Anne Lauridsen", "SPL", NURSING, 1, 0, 0),
    (3, "JK", "Jakob Kjeldsen", "SPL", NURSING, 1, 0, 0),
    (4, "LP", "Lene Paulsen", "SSA", "medicin,sår,kompression", 1, 0, 0),
    (5, "BS", "Birthe Schmidt", "SSH", "kompression", 1, 0, 0),
    (6, "HN", "Helle Nissen", "SSH", "", 1, 0, 0),
    (7, "KR", "Kirsten Rahbek", "SSH", "kompression", 1, 0, 0),
    (8, "TJ", "Trine Jessen", "SSH", "", 1, 0, 0),
    (9, "SE", "Sofie Ebbesen", "ERGO", "", 1, 0, 0),
    (10, "CM", "Camilla Mikkelsen", "SSA", "medicin,insulin,kompression", 1, 0, 1),
    (11, "IB", "Inge Bonde", "SPL", NURSING, 2, 0, 0),
    (12, "PD", "Peter Damgaard", "SPL", NURSING, 2, 0, 0),
    (13, "RA", "Rikke Asmussen", "SSA", "medicin,insulin,sår,kompression", 2, 0, 0),
    (14, "DH", "Dorte Hinrichsen", "SSA", "medicin,kompression", 2, 0, 0),
    (15, "GL", "Gitte Lassen", "SSH", "kompression", 2, 0, 0),
    (16, "MJ", "Maja Jepsen", "SSH", "", 2, 0, 0),
    (17, "SF", "Susanne Friis", "SSH", "kompression", 2, 0, 0),
    (18, "NK", "Nadia Kjær", "SSH", "", 2, 0, 0),
    (19, "OT", "Ole Thomsen", "UFAG", "", 2, 0, 0),
    (20, "EW", "Eva Wulff", "SSA", "medicin,insulin,kompression", 2, 0, 1),
    (21, "LB", "Lise Brodersen", "SSH", "kompression", 2, 1, 0),
    # The afternoon shift, 13:00-15:00 (001): the helpers off at 13:00 hand their last visits on.
    (22, "AM", "Anja Mortensen", "SSH", "kompression", 1, 0, 0),
    (23, "JB", "Jonas Bech", "SSH", "kompression", 2, 0, 0),
]
THERAPIST, ON_CALL = 9, 21
# Today's sick call: TJ Trine Jessen (SSH, Nord) phones in at 06:52; KR keeps contact with her.
SICK, BUDDY, REPORTED_BY = 8, 7, "MH"
# HN Helle Nissen (SSH, Nord) is in beredskab on the plan day: off duty, can be called in (000).
STANDBY = 6
# Written as local wall-clock time, like every date-time in the import format; the loader
# stores it in UTC, so the demo shows 06:52 whatever the machine's time zone.
REPORTED_AT = datetime.combine(ANCHOR, time(6, 52))
EVENING_CARERS = [c[0] for c in CARERS if c[7]]
# Shifts as worked in Haderslev (001): many care helpers go home at 13:00, and an afternoon
# helper per team takes 13:00-15:00. Added after the routing, from random streams of their own,
# so the morning plan (and the demo's sick call and warnings) stays as it was.
AFTERNOON = {1: 22, 2: 23}  # team -> afternoon helper
AFTERNOON_SHIFT = (780, 900)
OFF_AT_13 = {6, 7, 15, 16, 17, 18}  # HN, KR (Nord); GL, MJ, SF, NK (Syd)
EVENING_SEED = 15

SVC = {s[1]: s for s in SERVICES}

COLUMNS = {  # the model's column names, in the order of model.py
    "team": "id name partner_team_id gap_min meeting_min",
    "carer": "id initials name profession competences phone team_id on_call_substitute",
    "citizen": "id name short_name address area team_id contact1_id contact2_id preferred_time "
    "access_note",
    "declinedcarer": "citizen_id carer_id",
    "service": "id code name law professions competence",
    "visit": "id citizen_id day start_min duration_min window_from_min window_to_min fixed_time "
    "two_carers carer_id second_carer_id status version",
    "visitservice": "visit_id service_id",
    "shift": "id carer_id day kind start_min end_min",
    "absence": "id carer_id from_day to_day kind reported_at reported_by buddy_id note",
    "triagenote": "id citizen_id day colour points observation action responsible_id follow_up "
    "tell reason author created_at",
    "boarditem": "id citizen_id reason added_by added_at for_day discussed_in",
    "roleassignment": "id carer_id role from_day to_day",
    "coach": "id initials name",
}
AREAS = {  # team -> area -> streets
    1: {
        "Vojens Nord": ["Nørregade", "Lærkevej", "Bøgevej", "Tingvej", "Egevej", "Kongevej"],
        "Vojens Centrum": ["Vestergade", "Østergade", "Rådhuscentret", "Torvegade"],
        "Hammelev": ["Hammelev Bygade", "Kirkevænget", "Hammelev Skolevej"],
    },
    2: {
        "Vojens Syd": ["Søndergade", "Ribevej", "Skovvej", "Birkevej", "Ahornvej", "Sønderbakken"],
        "Jegerup": ["Jegerupvej", "Jegerup Bygade", "Stursbølvej"],
        "Maugstrup": ["Maugstrup Bygade", "Maugstrupvej"],
    },
}


# Triage (early detection) around the plan day. A stream of its own, so that the notes never
# change a visit. Each entry: change-form points (domain/triage.py POINTS), observation, action,
# who must be told (RECIPIENTS), and for some an earlier note of the day before (daily follow-up).
TRIAGE_SEED = 6
YELLOW_NOTES = [
    ("appetite,drinking", "spiser kun halvdelen af morgenmaden og drikker under 1 liter om dagen",
     "væskeskema og kostregistrering i 3 dage; tilbyd mellemmåltid ved hvert besøg",
     "evening,relatives", "spiser mindre end vanligt, lader brødet ligge"),
    ("confusion,sleep", "mere forvirret om aftenen, vil ikke i seng",
     "urinstix ved morgenbesøget; observer for tegn på infektion", "evening,nurse", ""),
    ("skin", "rødme på hælen, forsvinder ikke ved tryk",
     "tryksårsprofylakse, vend hver 2. time; aflast hælen med pude", "nurse,evening", ""),
    ("mobility", "falder oftere, ustabil ved forflytning",
     "ergoterapeut vurderer forflytningen; rollator altid inden for rækkevidde",
     "visitator,relatives", "snublede på badeværelset, ingen synlig skade"),
    ("pain,mobility", "ondt i venstre knæ, vil ikke støtte på benet",
     "smertescore ved hvert besøg; kontakt egen læge hvis ikke bedre i morgen", "nurse", ""),
    ("mood,appetite", "trist og indesluttet, har ikke været ude i en uge",
     "tal med de pårørende om flere besøg; tilbyd en gåtur ved middagsbesøget", "relatives", ""),
    ("toilet", "hyppig vandladning og svie, lugter af urin",
     "urinstix ved morgenbesøget; sygeplejerske vurderer svaret", "nurse,evening", ""),
    ("breathing", "hoster og bliver forpustet ved påklædning",
     "mål temperatur og iltmætning morgen og aften", "evening,nurse", ""),
]  # fmt: skip
RED_NOTES = [  # the first is the evening shift's, the second follows a yellow note (escalation)
    ("breathing,confusion", "feber 38,9, hurtig vejrtrækning og pludselig forvirret",
     "sygeplejerske ser borgeren inden for 24 timer; egen læge kontaktes i morgen tidlig; "
     "temperatur og væske hver 4. time", "nurse,relatives", ""),
    ("drinking,appetite,confusion", "har næsten ikke drukket i to døgn, slap og svær at vække",
     "sygeplejerske ser borgeren inden for 24 timer; væskeskema; overvej akutteamet",
     "nurse,evening,relatives", "drikker mindre, tør mund og mørk urin"),
]  # fmt: skip
# Back to green, a shared decision at the meeting: yellow notes (days before the plan day), then
# green with its reason.
GREEN_AGAIN = [
    ([(24, "appetite", "spiser mindre efter hjemkomsten fra sygehuset",
       "kostregistrering i 3 dage; vejes på mandag", "relatives")],
     22, "spiser igen hele portioner, vægten er stabil – aftalt på morgenmødet"),
    ([(12, "skin", "rødme på ballen efter mange timer i lænestolen",
       "aflastning, skift stilling hver 2. time; tjek huden ved bad", "evening")],
     10, "rødmen er væk efter fire dages aflastning; fortsat fokus ved bad"),
    ([(6, "confusion,toilet", "forvirret, finder ikke rundt i egen stue; hyppig vandladning",
       "urinstix; sygeplejerske vurderer svaret", "nurse,relatives"),
      (5, "confusion", "urinvejsinfektion bekræftet, antibiotika startet af egen læge",
       "giv antibiotika som ordineret; observer om forvirringen aftager", "evening,relatives")],
     3, "antibiotikakuren virker, borgeren er sig selv igen – besluttet på morgenmødet"),
]  # fmt: skip
BOARD_REASON = "tiltagende uro om aftenen – skal vi tale med pårørende?"
BOARD_BY = 10  # CM, Nord's evening shift, puts the citizen on the board at 21:10 yesterday


@dataclass
class Citizen:
    id: int
    team: int
    contacts: tuple[int, int]
    regulars: list[int]
    nurse: int
    needs: list[Need] = field(default_factory=list)
    declined: set[int] = field(default_factory=set)
    seen: dict[int, date] = field(default_factory=dict)  # carer -> last visit


@dataclass(eq=False)
class Visit:
    citizen: Citizen
    day: date
    target: int
    dur: int
    wf: int | None
    wt: int | None
    fixed: bool
    two: bool
    codes: list[str]
    start: int = 0
    carer: int | None = None
    second: int | None = None
    status: str = "PLANNED"
    id: int = 0


def t5(lo: int, hi: int) -> int:
    return rng.randrange(lo, hi + 1, 5)


def can_do(cid: int, codes: list[str]) -> bool:
    _, _, _, prof, comps, *_ = CARERS[cid - 1]
    for code in codes:
        _, _, _, _, profs, comp = SVC[code]
        if (profs and prof not in profs.split(",")) or (comp and comp not in comps.split(",")):
            return False
    return True


# Nøgle og adgang: where the key is, never its code (the code stays with the planner).
ACCESS_NOTES = (
    "Nøgleboks ved bagdøren, kode hos planlægger",
    "Ring på, datter lukker op",
    "Nøgle i nøglesystem",
    "Nøgleboks ved hoveddøren, kode hos planlægger",
    "Døren er åben, bank på og gå ind",
    "Ring på, borgeren lukker selv op (tager tid)",
    "Nøgle hos naboen i nr. 12 hvis ingen lukker op",
    "Brug bagdøren i gården",
    "Elektronisk lås, app-adgang via planlægger",
    "Ring på 2 gange, hunden lukkes ind først",
)


def access(cid: int) -> str:
    """About half the citizens have a key note. Its own Random per citizen, so the module's
    rng (which makes everything else) draws exactly as before."""
    own = random.Random(f"access-{cid}")
    return own.choice(ACCESS_NOTES) if own.random() < 0.5 else ""


def make_citizens() -> tuple[list[list[object]], dict[int, Citizen]]:
    rows: list[list[object]] = []
    citizens: dict[int, Citizen] = {}
    shorts: set[str] = set()
    for cid in range(1, 81):
        team = 1 if cid <= 40 else 2
        woman = rng.random() < 0.68
        first, last = rng.choice(CITIZEN_WOMEN if woman else CITIZEN_MEN), rng.choice(SURNAMES)
        short = f"{'Fru' if woman else 'Hr.'} {last}"
        if short in shorts or len(short) > 12:
            short = f"{first} {last[0]}."
        if short in shorts:
            short = f"{first[:5]} {last[:2]}."
        shorts.add(short)
        area = rng.choice(list(AREAS[team]))
        street = rng.choice(AREAS[team][area])
        number = str(rng.randint(1, 60))
        if street == "Rådhuscentret":
            number += f", {rng.randint(1, 3)}. th."
        pool = [
            c[0]
            for c in CARERS
            if c[5] == team and c[3] in ("SSH", "SSA") and c[6:] == (0, 0)
            and c[0] not in AFTERNOON.values()
        ]
        nurses = [c[0] for c in CARERS if c[5] == team and c[3] == "SPL"]
        c1 = pool[(cid * 7) % len(pool)]
        c2 = rng.choice([p for p in pool if p != c1])
        regulars = rng.sample([p for p in pool if p not in (c1, c2)], 2)
        c = Citizen(cid, team, (c1, c2), regulars, nurses[cid % 2])
        pref = preferred_time(rng)
        c.needs = care_needs(rng, pref, cid % 2) or [Need(("TRY",), t5(570, 660), 10, 45)]
        citizens[cid] = c
        address = f"{street} {number}, 6500 Vojens"
        rows.append([cid, f"{first} {last}", short, address, area, team, c1, c2, pref, access(cid)])
    return rows, citizens


def shifts_for(day: date, plan_day: bool) -> list[int]:
    """Day carers on duty: everyone on the plan day; history has days off, weekends, sickness."""
    week = day.isocalendar().week
    on = []
    for cid, *_, on_call, evening in CARERS:
        if on_call or evening or cid in AFTERNOON.values():
            continue
        if plan_day:
            if cid != STANDBY:
                on.append(cid)
        elif rng.random() < 0.05:  # phoned in sick
            continue
        elif day.weekday() >= 5:
            if (cid + week) % 4 and cid not in (THERAPIST, 19):
                on.append(cid)
        elif (cid + week) % 2 or day.weekday() != (cid * 3 + week) % 5:  # a day off every 2nd week
            on.append(cid)
    return on


def visits_for(day: date, citizens: dict[int, Citizen]) -> list[Visit]:
    out = []
    parity = day.isocalendar().week % 2
    for c in citizens.values():
        for n in c.needs:
            if day.weekday() not in n.weekdays or n.fortnight not in (None, parity):
                continue
            wf = None if n.slack is None else max(DAY[0], n.target - n.slack)
            wt = None if n.slack is None else n.target + n.slack
            out.append(Visit(c, day, n.target, n.dur, wf, wt, n.fixed, n.two, list(n.codes)))
    return out


def score(cid: int, v: Visit, start: int) -> float:
    c, team = v.citizen, CARERS[cid - 1][5]
    nursing = bool(NURSING_CODES & set(v.codes))
    if cid == THERAPIST:
        base = 1.0 if {"TRÆN", "REH"} & set(v.codes) else 7.0
    elif CARERS[cid - 1][3] == "UFAG":
        base = 1.0 if team == c.team else 6.0
    elif cid in c.contacts:
        base = float(c.contacts.index(cid))
    elif nursing and cid == c.nurse:
        base = 1.5
    elif cid in c.regulars:
        base = 2.0
    else:
        base = 5.0 if team == c.team else 8.0
    if CARERS[cid - 1][3] == "SPL" and not nursing:
        base += 4
    if cid in c.seen:  # knows the citizen: same day, or this week
        base -= 2.5 if c.seen[cid] == v.day else 1.0 if (v.day - c.seen[cid]).days < 7 else 0
    return base + abs(start - v.target) / 15 + rng.random() * 1.5


def fit(busy: list[tuple[int, int]], v: Visit, lo: int, hi: int) -> int | None:
    """The start nearest the target that leaves a drive of 5-15 minutes to every other visit."""
    drive = rng.randint(GAP_MIN, 12)
    early = 0 if v.fixed else 15
    starts = [max(lo, v.target - early)]
    starts += [b1 + drive for _, b1 in busy] + [b0 - drive - v.dur for b0, _ in busy]
    ok = [
        s
        for s in starts
        if lo <= s <= hi
        and FIRST_START <= s <= DAY[1] - v.dur
        and all(s + v.dur + drive <= b0 or s >= b1 + drive for b0, b1 in busy)
    ]
    return min(ok, key=lambda s: abs(s - v.target), default=None)


def route_day(
    visits: list[Visit],
    on_duty: list[int],
    late: list[Visit] | None = None,
    plant: set[tuple[int, int]] | None = None,
    plan_day: bool = False,
) -> list[Visit]:
    """Greedy, fixed times first: each visit goes to the best-scoring carer with room for it.

    ``late`` visits (history only) may be delivered any time in the shift. A ``plant`` pair
    (citizen, declined carer) gets that carer once anyway: warning (e) on the plan day.
    """
    plant = plant if plant is not None else set()
    busy: dict[int, list[tuple[int, int]]] = {cid: [] for cid in on_duty}
    for v in visits:
        for cid in (v.carer, v.second):
            if cid is not None and v not in (late or ()):
                busy[cid].append((v.start, v.start + v.dur))
    left = []
    todo = late or visits
    for v in sorted(todo, key=lambda v: (not v.fixed, not v.two, v.wf or v.target, v.target)):
        lo, hi = (v.wf or FIRST_START, v.wt or DAY[1] - v.dur) if not late else (0, DAY[1])
        options = []
        for cid in on_duty:
            planted = (v.citizen.id, cid) in plant
            if (cid in v.citizen.declined and not planted) or not can_do(cid, v.codes):
                continue
            start = fit(busy[cid], v, lo, hi)
            if start is not None:
                options.append((score(cid, v, start) - 20 * planted, cid, start))
        options.sort()
        if v.two:  # a second carer who is free at the first one's start
            # The plan day's sick carer shares no visit, so her route is hers alone to cover.
            two = [o for o in options if not (plan_day and o[1] == SICK)]
            pairs = ((a, b, a[2]) for a in two for b in two if a[1] != b[1])
            chosen = next(((a[1], b[1], s) for a, b, s in pairs if fit(busy[b[1]], v, s, s)), None)
        else:
            chosen = (options[0][1], None, options[0][2]) if options else None
        if chosen is None:
            v.start = v.target
            left.append(v)
        else:
            v.carer, v.second, v.start = chosen
            if (v.citizen.id, v.carer) in plant:
                plant.clear()  # once is enough
            for cid in (v.carer, v.second):
                if cid is not None:
                    busy[cid].append((v.start, v.start + v.dur))
                    v.citizen.seen[cid] = v.day
    return left


def afternoon_shift(todays: list[Visit], on_duty: list[int], day: date) -> dict[int, tuple[int, int]]:
    """Each day carer's hours as worked. A helper in OFF_AT_13 goes home at 13:00 when the team's
    afternoon helper can take every visit of theirs that ends after 13:00, each within its
    window (one running over 13:00 first moves within its window to end at 13:00 or start at
    it); else they work on to 15:00 that day. The afternoon helper works 13:00-15:00 on
    weekdays and every other weekend."""
    hours = {cid: DAY for cid in on_duty}
    week = day.isocalendar().week
    for team, helper in AFTERNOON.items():
        if day.weekday() >= 5 and (helper + week) % 2:
            continue
        hours[helper] = AFTERNOON_SHIFT
        busy: list[tuple[int, int]] = []
        for cid in sorted(c for c in OFF_AT_13 if c in hours and CARERS[c - 1][5] == team):
            was = {v: v.start for v in todays if cid in (v.carer, v.second)}
            for v in was:
                if v.start < AFTERNOON_SHIFT[0] < v.start + v.dur:
                    retime(v, [w for w in was if w is not v])
            late = [v for v in todays if cid in (v.carer, v.second) and v.start + v.dur > 780]
            placed = place_afternoon(late, helper, busy)
            if placed is None:
                for v, start in was.items():
                    v.start = start
                continue
            for v, start in placed.items():
                if v.carer == cid:
                    v.carer = helper
                else:
                    v.second = helper
                v.start = start
                busy.append((start, start + v.dur))
            hours[cid] = (DAY[0], AFTERNOON_SHIFT[0])
    return hours


def place_afternoon(
    late: list[Visit], helper: int, busy: list[tuple[int, int]]
) -> dict[Visit, int] | None:
    """Starts for these visits on the afternoon helper's route, each as early as its window and
    the route allow (a fixed time stays); None if one does not fit."""
    taken = list(busy)
    placed: dict[Visit, int] = {}
    for v in sorted(late, key=lambda v: (v.start, v.citizen.id)):
        if helper in (v.carer, v.second) or helper in v.citizen.declined:
            return None
        if not can_do(helper, v.codes):
            return None
        lo = v.start if v.fixed else max(AFTERNOON_SHIFT[0], v.wf or AFTERNOON_SHIFT[0])
        hi = v.start if v.fixed else min(v.wt or AFTERNOON_SHIFT[1], AFTERNOON_SHIFT[1] - v.dur)
        start = next(
            (
                s
                for s in range(lo, hi + 1, 5)
                if s >= AFTERNOON_SHIFT[0]
                and s + v.dur <= AFTERNOON_SHIFT[1]
                and all(s + v.dur + GAP_MIN <= b0 or s >= b1 + GAP_MIN for b0, b1 in taken)
            ),
            None,
        )
        if start is None:
            return None
        placed[v] = start
        taken.append((start, start + v.dur))
    return placed


def retime(v: Visit, others: list[Visit]) -> None:
    """A visit running over 13:00 moves within its window: to end at 13:00 if the route has
    room, else to start at 13:00 (for the afternoon helper). Fixed times and two-carer visits
    stay put (the helper then works on to 15:00)."""
    if v.fixed or v.two:
        return
    early, late = AFTERNOON_SHIFT[0] - v.dur, AFTERNOON_SHIFT[0]
    free = all(early + v.dur + GAP_MIN <= w.start or early >= w.start + w.dur + GAP_MIN
               for w in others)  # fmt: skip
    if (v.wf is None or early >= v.wf) and free:
        v.start = early
    elif v.wt is None or late <= v.wt:
        v.start = late


EVENING_NEEDS = [  # services, target, minutes
    (["PP-A"], 1200, 25),
    (["PP-A", "MED"], 1230, 25),
    (["TOI"], 1050, 10),
    (["MED"], 1140, 10),
    (["TRY"], 1290, 10),
    (["MAD"], 1050, 20),
]


def evening_visits(
    citizens: dict[int, Citizen], shift_rows: list[list[object]], first_id: int
) -> list[Visit]:
    """The evening shift's round (15:00-23:00), by the team's evening carer on the days they
    work: a few citizens each have one evening visit. Ids after every day visit, from a stream
    of their own, so the day plan keeps its ids and its numbers."""
    erng = random.Random(EVENING_SEED)
    needs = {
        cid: erng.choice(EVENING_NEEDS)
        for cid in sorted(citizens)
        if erng.random() < 0.14
    }
    working = {(r[1], r[2]) for r in shift_rows if r[3] == "EVENING"}
    out: list[Visit] = []
    days = sorted({r[2] for r in shift_rows})
    for day in days:
        for carer in EVENING_CARERS:
            if (carer, day) not in working:
                continue
            team = CARERS[carer - 1][5]
            mine = sorted(
                (cid for cid in needs if citizens[cid].team == team),
                key=lambda cid: (needs[cid][1], cid),
            )
            free = EVENING[0] + 20
            for cid in mine:
                codes, target, dur = needs[cid]
                start = max(target, free)
                if start + dur > EVENING[1] or start > target + 60:
                    continue
                v = Visit(citizens[cid], day, target, dur, target - 60, target + 60,
                          False, False, list(codes), start, carer)  # fmt: skip
                v.status = "PLANNED" if day == ANCHOR else "DELIVERED"
                out.append(v)
                free = start + dur + erng.randint(GAP_MIN, 15)
    for i, v in enumerate(out, first_id + 1):
        v.id = i
    return out


def check(visits: list[Visit], declined: dict[int, set[int]]) -> list[tuple[str, Visit]]:
    """The five board warnings, as domain/warnings.py computes them."""
    found: list[tuple[str, Visit]] = []
    routes: dict[int, list[Visit]] = defaultdict(list)
    for v in visits:
        for cid in (v.carer, v.second):
            if cid is not None:
                routes[cid].append(v)
                if not can_do(cid, v.codes):
                    found.append(("competence", v))
                if cid in declined[v.citizen.id]:
                    found.append(("declined", v))
        if (v.wf is not None and v.start < v.wf) or (v.wt is not None and v.start > v.wt):
            found.append(("outside_window", v))
    for route in routes.values():
        route.sort(key=lambda v: (v.start, v.id))
        for a, b in zip(route, route[1:], strict=False):
            gap = b.start - (a.start + a.dur)
            if gap < GAP_MIN:
                found.append(("overlap" if gap < 0 else "no_gap", b))
    return found


def inject_warnings(plan: list[Visit], declined: dict[int, set[int]]) -> dict[str, Visit]:
    """Bend the generated plan so that each of the five warnings shows up exactly once."""
    out: dict[str, Visit] = {}
    used: set[int] = set()  # one warning per route, so they do not mix
    for v in plan:  # (e) was planted by route_day: a carer the citizen has declined
        if v.carer in declined[v.citizen.id]:
            out["declined"] = v
            used.add(v.carer)

    def route(cid: int) -> list[Visit]:
        return sorted((w for w in plan if cid in (w.carer, w.second)), key=lambda w: w.start)

    def room(cid: int, v: Visit, s: int, margin: int = GAP_MIN) -> bool:
        return all(
            s + v.dur + margin <= w.start or s >= w.start + w.dur + margin
            for w in route(cid)
            if w is not v
        )

    def shift_one(kind: str, team: int, new_start: Callable[[Visit], int]) -> None:
        """(a) and (b): move a care helper's visit b towards the visit a before it."""
        for cid in (c[0] for c in CARERS if c[5] == team and c[3] == "SSH" and c[6:] == (0, 0)):
            r = route(cid)
            for a, b in zip(r, r[1:], strict=False):
                new = new_start(a)
                if not (b.second or b.fixed) and a.start < new < b.start and (b.wf or 0) <= new:
                    b.start, out[kind] = new, b
                    used.add(cid)
                    return

    shift_one("overlap", 1, lambda a: a.start + a.dur - 10)
    shift_one("no_gap", 2, lambda a: a.start + a.dur + 2)
    for v in plan:  # (c) a fixed-time visit planned 20 minutes after its window closes
        late = (v.wt or 0) + 20
        if "outside_window" in out or not v.fixed or v.second or v.carer in used | {None}:
            continue
        if v.carer is not None and room(v.carer, v, late):
            v.start, out["outside_window"] = late, v
            used.add(v.carer)

    single = [v for v in plan if v.carer and v.second is None and v.wf is not None]
    for v in sorted(single, key=lambda v: ("INS" not in v.codes, v.start)):
        if "competence" in out or v.carer in used or not {"INS", "MED"} & set(v.codes):
            continue
        for cid in (c[0] for c in CARERS if c[3] == "SSH" and c[5] == v.citizen.team):
            if cid in AFTERNOON.values():
                continue
            if cid in used | declined[v.citizen.id] | {ON_CALL}:
                continue
            starts = range(max(v.wf or 0, FIRST_START), (v.wt or 0) + 1, 5)
            start = next((s for s in starts if room(cid, v, s)), None)
            if start is not None:  # (d) insulin or medicine given to a care helper (SSH)
                used.update((cid, v.carer))
                v.carer, v.start, out["competence"] = cid, start, v
                break
    return out


def check_sick_call(plan: list[Visit], warned: dict[str, Visit]) -> list[Visit]:
    """Today's sick carer: 10-13 visits of their own, none of them shared or with a warning, and
    some citizens whose contact person is a colleague (so the proposal has someone to prefer)."""
    mine = [v for v in plan if SICK in (v.carer, v.second)]
    problems = []
    if not 10 <= len(mine) <= 13:
        problems.append(f"{len(mine)} visits")
    if any(v.second is not None for v in mine):
        problems.append("a two-carer visit")
    if any(SICK in (w.carer, w.second) or w in mine for w in warned.values()):
        problems.append("a board warning on the route")
    if not any(set(v.citizen.contacts) - {SICK} for v in mine):
        problems.append("no colleague is a contact person")
    if CARERS[BUDDY - 1][5] != CARERS[SICK - 1][5] or BUDDY == SICK:
        problems.append("the buddy is not a colleague in the same team")
    if problems:
        raise SystemExit(f"sick call for {CARERS[SICK - 1][1]}: " + ", ".join(problems))
    return mine


def stamp(day: date, minute: int, second: int = 0) -> str:
    """A local wall-clock date-time, as the import format writes it."""
    at = datetime.combine(day, time()) + timedelta(minutes=minute, seconds=second)
    return at.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Note:
    """One triagenote.csv row (without its id, given in time order at the end)."""

    citizen: int
    day: date
    colour: str
    author: int
    created_at: str  # local wall-clock time, sorts as text
    points: str = ""
    observation: str = ""
    action: str = ""
    responsible: int | None = None
    follow_up: date | None = None
    tell: str = ""
    reason: str = ""

    def row(self, note_id: int) -> list[object]:
        return [
            note_id,
            self.citizen,
            self.day,
            self.colour,
            self.points,
            self.observation,
            self.action,
            self.responsible,
            self.follow_up,
            self.tell,
            self.reason,
            CARERS[self.author - 1][1],
            self.created_at,
        ]


def make_triage(
    citizens: dict[int, Citizen], visits: list[Visit], shift_rows: list[list[object]]
) -> tuple[list[Note], list[list[object]]]:
    """Triage notes and the board item for the plan day's meeting.

    An observation is written by the carer who made the citizen's last visit that day, shortly
    after it; the evening shift writes in the evening; back to green is decided at a morning
    meeting. Today: 8 yellow (follow-up tomorrow, within 48 h), 2 red (the citizen's nurse,
    follow-up today, within 24 h), so exactly the two red follow-ups are due and none is overdue.
    """
    trng = random.Random(TRIAGE_SEED)
    yesterday = ANCHOR - timedelta(days=1)
    delivered: dict[tuple[int, date], list[Visit]] = defaultdict(list)
    for v in visits:
        if v.status == "DELIVERED" and v.carer is not None:
            delivered[v.citizen.id, v.day].append(v)
    on_day = {(r[1], r[2]) for r in shift_rows if r[3] == "DAY"}
    evening = {(r[1], r[2]) for r in shift_rows if r[3] == "EVENING"}
    today = {v.citizen.id for v in visits if v.day == ANCHOR}
    seen_yesterday = {cid for cid, day in delivered if day == yesterday}
    sick_route = {v.citizen.id for v in visits if v.day == ANCHOR and SICK in (v.carer, v.second)}
    notes: list[Note] = []

    def concern(cid: int, colour: str, when: date, entry: tuple[str, ...], days: int) -> None:
        """A yellow or red note by the carer of the last visit on or before ``when``."""
        tell = entry[3]
        day = when
        while not delivered.get((cid, day)):
            day -= timedelta(days=1)
        v = max(delivered[cid, day], key=lambda v: v.start)
        assert v.carer is not None
        at = stamp(day, v.start + v.dur + trng.randint(5, 40), trng.randrange(60))
        c = citizens[cid]
        responsible = c.nurse if colour == "RED" else next(x for x in c.contacts if x != SICK)
        follow_up = day + timedelta(days=days)
        notes.append(Note(cid, day, colour, v.carer, at, *entry[:3], responsible, follow_up, tell))

    pool = {t: sorted(c for c in today & seen_yesterday if citizens[c].team == t) for t in (1, 2)}
    red = [trng.choice([c for c in pool[1] if c not in sick_route]), trng.choice(pool[2])]
    first = trng.choice(sorted(sick_route & set(pool[1]) - set(red)))  # TJ's cover sees a mark
    rest = {t: [c for c in pool[t] if c not in (*red, first)] for t in (1, 2)}
    yellow = [first, *trng.sample(rest[1], 3), *trng.sample(rest[2], 4)]
    others = sorted(c for c in citizens if c not in (*red, *yellow))
    greens: list[int] = []
    for entries, _, _ in GREEN_AGAIN:  # seen on each day a note is written
        days = [ANCHOR - timedelta(days=ago) for ago, *_ in entries]
        fit = [c for c in others if c not in greens and all((c, d) in delivered for d in days)]
        greens.append(trng.choice(fit))
    board = trng.choice([c for c in others if c in today and c not in greens and c <= 40])

    # Red 1: the evening shift found it yesterday evening; red 2 has been yellow since Friday.
    (*red_entry, tell, _), (*entry, was) = RED_NOTES
    evening_carer = next(x[0] for x in CARERS if x[7] and x[5] == citizens[red[0]].team)
    assert (evening_carer, yesterday) in evening
    at = stamp(yesterday, 19 * 60 + trng.randint(0, 50), 12)
    nurse = citizens[red[0]].nurse
    notes.append(Note(red[0], yesterday, "RED", evening_carer, at, *red_entry, nurse, ANCHOR, tell))
    friday = ANCHOR - timedelta(days=3)
    concern(red[1], "YELLOW", friday, ("drinking", was, "væskeskema i 3 dage", "evening"), 2)
    concern(red[1], "RED", yesterday, tuple(entry), 1)
    for cid, (points, observation, action, tell, earlier) in zip(yellow, YELLOW_NOTES, strict=True):
        if earlier:  # followed up daily: the note of the day before, then yesterday's
            concern(
                cid, "YELLOW", yesterday - timedelta(days=1), (points, earlier, action, tell), 1
            )
        concern(cid, "YELLOW", yesterday, (points, observation, action, tell), 2)
    for cid, (entries, back, reason) in zip(greens, GREEN_AGAIN, strict=True):
        for ago, *yellow_entry in entries:
            concern(cid, "YELLOW", ANCHOR - timedelta(days=ago), tuple(yellow_entry), 2)
        day = ANCHOR - timedelta(days=back)
        team = citizens[cid].team
        present = [x for x in citizens[cid].contacts if (x, day) in on_day]
        present += [x[0] for x in CARERS if x[5] == team and (x[0], day) in on_day]
        at = stamp(day, 7 * 60 + trng.randint(4, 13), 40)  # at the morning meeting
        notes.append(Note(cid, day, "GREEN", present[0], at, reason=reason))

    notes.sort(key=lambda n: n.created_at)  # ids in time order: the latest note has the highest id
    assert (BOARD_BY, yesterday) in evening
    added = stamp(yesterday, 21 * 60 + 10, 5)
    return notes, [[1, board, BOARD_REASON, CARERS[BOARD_BY - 1][1], added, ANCHOR, None]]


def check_triage(notes: list[Note]) -> dict[int, Note]:
    """The latest note per citizen; stops if the demo's triage no longer reads as documented."""
    latest = {n.citizen: n for n in notes}  # in id order, so the last one wins
    colours = [n.colour for n in latest.values()]
    due = [n for n in latest.values() if n.follow_up is not None and n.follow_up <= ANCHOR]
    problems = []
    if colours.count("YELLOW") != 8 or colours.count("RED") != 2:
        problems.append(f"{colours.count('YELLOW')} yellow, {colours.count('RED')} red")
    if len(due) != 2 or any(n.follow_up != ANCHOR for n in due):
        problems.append(f"{len(due)} follow-ups due or overdue")
    if any(n.responsible == SICK for n in due):
        problems.append("the sick carer is responsible for a follow-up due today")
    if any(n.colour == "GREEN" and not n.reason for n in notes):
        problems.append("a green note without a reason")
    if any(n.follow_up is not None and n.follow_up > n.day + timedelta(days=2) for n in notes):
        problems.append("a follow-up more than 48 h away")
    if problems:
        raise SystemExit("triage: " + ", ".join(problems))
    return latest


# The base plan (grundplan.csv, read by kaffefoerst.io.base_plan_csv): the days after the plan
# day are generated from it. Not a table file: its ids are the care system's (text), and its
# services are codes.
BASE_COLUMNS = (
    "id citizen_id weekdays every_weeks first_day last_day start_min duration_min "
    "window_from_min window_to_min fixed_time two_carers carer_id second_carer_id services"
)


def base_plan_rows(citizens: dict[int, Citizen]) -> list[list[object]]:
    """Every citizen's recurring needs, each with a usual carer who may deliver it. Draws no
    random numbers, so writing it changes none of the other files."""
    monday = ANCHOR - timedelta(days=ANCHOR.weekday())
    rows: list[list[object]] = []
    for c in sorted(citizens.values(), key=lambda c: c.id):
        for n in c.needs:
            first, every = monday, 1
            if n.fortnight is not None:
                every = 2
                if monday.isocalendar().week % 2 != n.fortnight:
                    first = monday - timedelta(days=7)
            wf = None if n.slack is None else max(DAY[0], n.target - n.slack)
            wt = None if n.slack is None else n.target + n.slack
            able = [k for k in (*c.contacts, c.nurse, *c.regulars) if can_do(k, n.codes)]
            usual = able[0] if able else None
            second = able[1] if n.two and len(able) > 1 else None
            weekdays = ",".join(str(d + 1) for d in sorted(n.weekdays))
            rows.append([f"G{len(rows) + 1}", c.id, weekdays, every, first, None, n.target, n.dur,
                         wf, wt, n.fixed, n.two, usual, second, ",".join(n.codes)])  # fmt: skip
    return rows


def write_base_plan(citizens: dict[int, Citizen]) -> None:
    with (OUT / "grundplan.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(BASE_COLUMNS.split())
        w.writerows(
            ["" if x is None else int(x) if isinstance(x, bool) else x for x in r]
            for r in base_plan_rows(citizens)
        )


def write(table: str, rows: list[list[object]]) -> None:
    with (OUT / f"{table}.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS[table].split())
        w.writerows(
            ["" if x is None else int(x) if isinstance(x, bool) else x for x in r] for r in rows
        )


def main() -> None:
    carer_rows = []
    phones = random.Random(EVENING_SEED)  # the afternoon helpers' own: no other number moves
    for cid, ini, name, prof, comps, team, on_call, _ in CARERS:
        draw = phones if cid in AFTERNOON.values() else rng
        phone = f"{draw.randint(20, 61)}{draw.randint(10, 99)} {draw.randint(1000, 9999)}"
        carer_rows.append([cid, ini, name, prof, comps, phone, team, on_call])
    citizen_rows, citizens = make_citizens()
    declined: dict[int, set[int]] = defaultdict(set)
    for cid in rng.sample(sorted(citizens), 8):
        c = citizens[cid]
        pool = [
            x[0]
            for x in CARERS
            if x[5] == c.team and x[3] == "SSH" and not x[6] and x[0] not in AFTERNOON.values()
        ]
        carer = rng.choice([p for p in pool if p not in c.contacts + tuple(c.regulars)] or pool)
        c.declined.add(carer)
        declined[cid].add(carer)

    visits: list[Visit] = []
    shift_rows: list[list[object]] = []
    dropped = 0
    for offset in range(-HISTORY_DAYS, 1):
        day = ANCHOR + timedelta(days=offset)
        on_duty = shifts_for(day, plan_day=offset == 0)
        todays = visits_for(day, citizens)
        plant = {(c, x) for c in declined for x in declined[c]} if offset == 0 else None
        left = route_day(todays, on_duty, plant=plant, plan_day=offset == 0)
        if offset < 0 and left:  # history: deliver late, else call in the substitute
            left = route_day(todays, on_duty, late=left)
            if len(left) > 1:
                on_duty.append(ON_CALL)
                left = route_day(todays, on_duty, late=left)
            dropped += len(left)
            todays = [v for v in todays if v not in left]
        routed = {v: v.start for v in todays}  # ids follow the routing, not the later re-times
        for cid, hours in afternoon_shift(todays, on_duty, day).items():
            shift_rows.append([len(shift_rows) + 1, cid, day, "DAY", *hours])
        for cid in EVENING_CARERS:  # weekdays, and every other weekend
            if day.weekday() < 5 or (cid + day.isocalendar().week) % 2:
                shift_rows.append([len(shift_rows) + 1, cid, day, "EVENING", *EVENING])
        if offset < 0:
            for v in todays:
                v.status = "CANCELLED" if rng.random() < 0.025 else "DELIVERED"
        else:
            unassigned = list(left)
            pool = [v for v in todays if v.carer and not (v.fixed or v.two or v.citizen.declined)]
            while len(unassigned) < 8:
                v = pool.pop(rng.randrange(len(pool)))
                v.carer, v.start = None, v.target
                routed[v] = v.target
                unassigned.append(v)
        visits += sorted(todays, key=lambda v: (routed[v], v.citizen.id))
    for i, v in enumerate(visits, 1):
        v.id = i
    plan = [v for v in visits if v.day == ANCHOR]
    warned = inject_warnings(plan, declined)
    sick_visits = check_sick_call(plan, warned)
    day_visits = list(visits)
    visits += evening_visits(citizens, shift_rows, len(visits))

    write("team", [[1, "Nord", 2, GAP_MIN, 15], [2, "Syd", 1, GAP_MIN, 15]])
    write("carer", carer_rows)
    write("citizen", citizen_rows)
    write("declinedcarer", [[c, k] for c in sorted(declined) for k in sorted(declined[c])])
    write("service", [list(s) for s in SERVICES])
    write("visit", [[v.id, v.citizen.id, v.day, v.start, v.dur, v.wf, v.wt, v.fixed, v.two,
                     v.carer, v.second, v.status, 1] for v in visits])  # fmt: skip
    write("visitservice", [[v.id, SVC[code][0]] for v in visits for code in v.codes])
    write("shift", shift_rows)
    reported = REPORTED_AT.strftime("%Y-%m-%d %H:%M:%S")
    note = "Feber. Ringer igen i morgen kl. 7."
    write("absence", [[1, SICK, ANCHOR, ANCHOR, "SICK", reported, REPORTED_BY, BUDDY, note]])
    # Rotating roles (Buurtzorg rotates them): MH is planlægger this week for both teams.
    week = [
        ANCHOR - timedelta(days=ANCHOR.weekday()),
        ANCHOR + timedelta(days=6 - ANCHOR.weekday()),
    ]
    write(
        "roleassignment",
        [
            [1, 1, "PLANNER", *week],
            [2, 2, "PHONE", *week],
            [3, 7, "WELLBEING", ANCHOR - timedelta(days=60), ANCHOR + timedelta(days=210)],
            [4, 3, "MENTOR", ANCHOR - timedelta(days=90), ANCHOR + timedelta(days=180)],
            [5, STANDBY, "STANDBY", ANCHOR, ANCHOR],
            [6, 4, "ASSESSOR", ANCHOR - timedelta(days=30), ANCHOR + timedelta(days=240)],
        ],
    )
    # The teams' coach: not a carer, reads the board and the figures (read-only).
    write("coach", [[1, "SV", "Sanne Vestergaard"]])
    notes, board_rows = make_triage(citizens, day_visits, shift_rows)
    latest = check_triage(notes)
    write("triagenote", [n.row(i) for i, n in enumerate(notes, 1)])
    write("boarditem", board_rows)
    (OUT / "anchor.txt").write_text(f"{ANCHOR.isoformat()}\n", encoding="utf-8")
    write_base_plan(citizens)

    history = [v for v in day_visits if v.day < ANCHOR]
    window = ANCHOR - timedelta(days=14)
    seen: dict[int, set[int]] = defaultdict(set)
    for v in history:
        if v.day >= window and v.status == "DELIVERED":
            seen[v.citizen.id].update(x for x in (v.carer, v.second) if x)
    median = statistics.median(len(s) for s in seen.values())
    cancelled = sum(v.status == "CANCELLED" for v in history)
    today = [r for r in shift_rows if r[2] == ANCHOR]
    off_at_13 = sorted(CARERS[r[1] - 1][1] for r in today if r[3] == "DAY" and r[5] == 780)
    afternoon = sum(r[4] == AFTERNOON_SHIFT[0] for r in today)
    print(f"carers {len(CARERS)} ({len(shifts_for(ANCHOR, True))} on the day shift today)")
    print(f"shifts today: off at 13:00 {','.join(off_at_13)}; afternoon 13-15 {afternoon}; "
          f"evening {sum(r[3] == 'EVENING' for r in today)}")  # fmt: skip
    evening = [v for v in visits if v.day == ANCHOR and v.start >= EVENING[0]]
    print(f"evening visits today {len(evening)}, evening history {len(visits) - len(day_visits) - len(evening)}")
    print(f"citizens {len(citizens)}")
    print(f"visits today {len(plan)}, unassigned {sum(v.carer is None for v in plan)}")
    print(f"history visits {len(history)}, cancelled {cancelled}, not placed {dropped}")
    print(f"median unique carers per citizen, last 14 days: {median}")
    sick, buddy = CARERS[SICK - 1][1], CARERS[BUDDY - 1][1]
    print(f"sick call: {sick} ({len(sick_visits)} visits today), reported 06:52, buddy {buddy}")
    colours = [n.colour for n in latest.values()]
    print(
        f"triage notes {len(notes)}: today {colours.count('YELLOW')} yellow, "
        f"{colours.count('RED')} red, {colours.count('GREEN')} green again"
    )
    for n in sorted(latest.values(), key=lambda n: (n.colour != "RED", n.citizen)):
        if n.colour != "GREEN" and n.responsible is not None:
            due = " (due today)" if n.follow_up == ANCHOR else ""
            who = CARERS[n.responsible - 1][1]
            print(f"  {n.colour:6} citizen {n.citizen}: {n.points}, {who}, {n.follow_up}{due}")
    print(f"board: citizen {board_rows[0][1]}, added by {board_rows[0][3]}")
    for kind, v in check(plan, declined):
        names = "/".join(CARERS[c - 1][1] for c in (v.carer, v.second) if c)
        print(f"  warning {kind}: visit {v.id} ({names}, citizen {v.citizen.id}, {v.codes})")
    if set(warned) != {"overlap", "no_gap", "outside_window", "competence", "declined"}:
        raise SystemExit(f"could not place every warning: {sorted(warned)}")
    if not 4 <= median <= 9:
        raise SystemExit(f"continuity median {median} outside 4-9")


if __name__ == "__main__":
    main()
