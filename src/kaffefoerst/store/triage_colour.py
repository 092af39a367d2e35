"""A citizen's triage colour is their latest note's: the one definition of "latest note".

Latest is the highest id, not the latest day or time: two notes on one day (or with equal
clocks) are still told apart by the order they were saved. Plain SQL through ``store.sql.rows``
so the first board reads colours on a bare sqlite3 connection, without any database library;
the ORM queries in ``store/triage.py`` use the same text as a subquery.
"""

from __future__ import annotations

from kaffefoerst.enums import TriageColour
from kaffefoerst.store.sql import rows

# One row per citizen with notes: the id of their latest note.
LATEST_NOTE_IDS = "SELECT max(id) AS id FROM triagenote GROUP BY citizen_id"
_LATEST_COLOURS = (
    "SELECT t.citizen_id, t.colour FROM triagenote t"
    f" JOIN ({LATEST_NOTE_IDS}) latest ON latest.id = t.id"
)


def current_colours(source: object) -> dict[int, TriageColour]:
    """Every citizen's latest colour (citizens without notes are green by default and absent).
    ``source`` is a Session or a bare sqlite3 connection."""
    return {r.citizen_id: TriageColour(r.colour) for r in rows(source, _LATEST_COLOURS)}
