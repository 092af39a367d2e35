"""The citizens of the generated data and the visits they need each week: the sample team
(sample_data/make_sample.py) and the benchmark district (bench/scale_data.py) draw them with
this one generator, so a change to what a citizen gets reaches both. Each caller passes its
own seeded ``random.Random``; the draws happen in a fixed order, so the same seed gives the
same citizens (the sample's files are checked to stay byte for byte the same)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

WEEK = frozenset(range(7))  # 0 = Monday
WEEKDAYS = frozenset(range(5))


def _words(text: str) -> list[str]:
    return text.split()


CITIZEN_WOMEN = _words(
    "Karen Inger Kirsten Else Grethe Birthe Ruth Edith Gerda Anna Ellen Erna Jytte Lis Bodil "
    "Ingrid Dagmar Ebba Mary Helga Minna Tove Asta Agnes Marie Valborg Herdis Gudrun Oda Signe"
)
CITIZEN_MEN = _words(
    "Jens Poul Niels Hans Erik Knud Svend Aage Holger Kaj Arne Bent Verner Preben Mogens Ejnar "
    "Henning Frede Viggo Johannes Peter Christian Thorvald"
)
SURNAMES = _words(
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Poulsen Johansen Møller Knudsen Lorenzen Jessen "
    "Nissen Schmidt Hinrichsen Lassen Clausen Paulsen Carstensen Asmussen Bonde Skov Bruun Friis "
    "Iversen Hald Juhl Lund Holm Beck Wind Schou Bock"
)
PREFERRED = {  # preferred time -> range of the morning visit's target start
    "gerne før kl. 8": (445, 470),
    "tidligt op, helst kl. 7.30": (445, 455),
    "ikke før kl. 9": (540, 580),
    "sover længe, gerne efter 9.30": (570, 610),
    "": (445, 650),
}


@dataclass(frozen=True, slots=True)
class Need:
    """A recurring visit: which services, when, on which weekdays."""

    codes: tuple[str, ...]
    target: int
    dur: int
    slack: int | None  # window = target ± slack; None = no window (any time in the shift)
    weekdays: frozenset[int] = WEEK
    fortnight: int | None = None  # ISO week parity, or every week
    fixed: bool = False
    two: bool = False
    evening: bool = False

    def on(self, day: date) -> bool:
        return day.weekday() in self.weekdays and self.fortnight in (
            None,
            day.isocalendar().week % 2,
        )

    @property
    def per_weekday(self) -> float:
        """Visits on an average weekday (Monday to Friday)."""
        return len(self.weekdays & WEEKDAYS) * (0.5 if self.fortnight is not None else 1) / 5


def t5(rng: random.Random, lo: int, hi: int) -> int:
    """A time or a duration on the five minutes, ``lo`` to ``hi`` inclusive."""
    return rng.randrange(lo, hi + 1, 5)


def preferred_time(rng: random.Random) -> str:
    """What the citizen has asked for, most often nothing."""
    return rng.choice([*PREFERRED, "", "", "", ""])


def care_needs(
    rng: random.Random,
    pref: str,
    fortnight: int,
    *,
    lifts: bool = True,
    housework: bool = True,
    evening: bool = False,
) -> list[Need]:
    """A citizen's weekly pattern of personal care and nursing (the sample team's).

    ``lifts``: a morning-care citizen may need two carers (else the caller decides).
    ``housework``: cleaning, every week or every other (``fortnight``, the ISO week parity),
    and shopping. ``evening``: a toilet visit, a look-in or the evening medicine, for an evening
    shift. A switch that is off skips its draws; all on but ``evening`` is the sample's exact
    sequence.
    """
    r = rng.random
    out: list[Need] = []
    add = out.append
    morning = r() < 0.8
    komp, med_am = r() < 0.2, r() < 0.18
    two = lifts and morning and r() < 0.1
    bath_day = rng.randrange(5)
    if morning:
        base = ("PP-M",) + ("KOMP",) * komp + ("MED",) * med_am
        target, dur = t5(rng, *PREFERRED[pref]), t5(rng, 15, 35)
        add(Need(base, target, dur, 60, WEEK - {bath_day}, two=two))
        bath = (*base[:1], "BAD", *base[1:2])
        add(Need(bath, target, dur + 15, 60, frozenset({bath_day}), two=two))
    else:
        if komp:
            add(Need(("KOMP",), t5(rng, 450, 520), 10, 45))
        if r() < 0.6:
            add(Need(("BAD",), t5(rng, 540, 660), 40, 60, frozenset({bath_day}), two=two))
    if r() < 0.09:
        add(Need(("INS",), t5(rng, 450, 500), 10, 15, fixed=True))
    if r() < 0.26:
        add(Need(("MED",), t5(rng, 690, 750), t5(rng, 5, 10), 15, fixed=True))
    if med_am or r() < 0.15:
        add(Need(("DOS",), t5(rng, 600, 780), 20, 60, frozenset({rng.randrange(5)})))
    days = WEEKDAYS if r() < 0.5 else WEEK  # relatives help at weekends
    if r() < 0.4:
        codes = ("PP-D",) + ("MAD",) * (r() < 0.5)
        add(Need(codes, t5(rng, 700, 770), t5(rng, 15, 25), 40, days, two=two))
    elif r() < 0.3:
        add(Need(("MAD",), t5(rng, 690, 750), 15, 40, days))
    if r() < 0.25:
        at = t5(rng, 600, 660) if r() < 0.5 else t5(rng, 780, 820)
        add(Need(("TOI",), at, 10, 30, days))
    if r() < 0.14:
        add(Need(("TRY",), t5(rng, 570, 660), t5(rng, 5, 10), 45, days))
    if r() < 0.1:
        days = frozenset(rng.sample(range(5), rng.choice((2, 3))))
        add(Need(("SÅR",), t5(rng, 560, 760), t5(rng, 20, 40), 60, days))
    if r() < 0.05:
        add(Need(("KAT",), t5(rng, 600, 780), 20, 60, frozenset(rng.sample(range(5), 2))))
    if housework and r() < 0.6:
        days = frozenset({rng.randrange(5)})
        add(Need(("REN",), t5(rng, 560, 800), t5(rng, 45, 60), None, days, fortnight=fortnight))
    if housework and r() < 0.35:
        add(Need(("IND",), t5(rng, 600, 800), 30, None, frozenset({rng.randrange(5)})))
    if r() < 0.12:
        code = rng.choice(("TRÆN", "REH"))
        days = frozenset(rng.sample(range(5), 2 if code == "TRÆN" else 3))
        add(Need((code,), t5(rng, 560, 780), t5(rng, 30, 45), 60, days))
    if evening and r() < 0.3:
        kind = rng.randrange(3)
        if kind == 2:
            add(Need(("MED",), t5(rng, 1200, 1260), 10, 15, fixed=True, evening=True))
        else:
            code = ("TOI", "TRY")[kind]
            add(Need((code,), t5(rng, 1020, 1290), t5(rng, 10, 20), 45, evening=True))
    return out
