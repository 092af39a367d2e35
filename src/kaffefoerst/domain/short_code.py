"""What tells citizens apart on a crowded board: the name part that identifies them, and a
short code for blocks too narrow for any name.

"Fru Lund" and "Hr. Lund" are both "Lund" to a reader scanning the board; the title only
helps once the surname is read, so labels lead with the identifying name and the title follows.
The code is two capitals (three when two collide), handed out in citizen-id order, so a
citizen keeps their code as long as no earlier citizen is deleted (citizens are never deleted,
only moved to another team). The side panel and the route list show the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TITLES = ("fru", "frk.", "frk", "hr.", "hr")
_LETTERS = re.compile(r"[^\W\d_]+")


def split_title(short_name: str) -> tuple[str, str]:
    """("Lund", "Fru") for "Fru Lund"; ("Ellen K.", "") for a chosen short name."""
    words = short_name.split()
    if len(words) > 1 and words[0].casefold() in TITLES:
        return " ".join(words[1:]), words[0]
    return short_name.strip(), ""


def identifying_name(short_name: str) -> str:
    """The part of the short name that tells citizens apart: the surname, or the chosen name."""
    return split_title(short_name)[0]


def board_label(short_name: str) -> str:
    """The label a block shows: the identifying name first, the title after it, lower-case."""
    name, title = split_title(short_name)
    return f"{name} {title.casefold()}" if title else name


def short_codes(citizens: Iterable[tuple[int, str]]) -> dict[int, str]:
    """A code for each (id, short name): the identifying name's first two letters, else its
    first letter and a later one, else three letters, else a number; unique, by id order."""
    codes: dict[int, str] = {}
    used: set[str] = set()
    for citizen_id, short_name in sorted(citizens):
        letters = "".join(_LETTERS.findall(identifying_name(short_name))).upper() or "X"
        code = next((c for c in _candidates(letters) if c not in used), None)
        if code is None:
            n = 1
            while f"{letters[0]}{n}" in used:
                n += 1
            code = f"{letters[0]}{n}"
        used.add(code)
        codes[citizen_id] = code
    return codes


def _candidates(letters: str) -> Iterable[str]:
    first = letters[0]
    for other in letters[1:]:
        yield first + other
    for i, second in enumerate(letters[1:], 1):
        for third in letters[i + 1 :]:
            yield first + second + third
