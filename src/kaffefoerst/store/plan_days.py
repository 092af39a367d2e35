"""Which days the database holds a plan for: `[` and `]` on the board stop at its edges."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kaffefoerst.store.sql import rows

if TYPE_CHECKING:
    from sqlmodel import Session

# Both tables are indexed on day; a day with shifts but no visits (or the reverse) still counts.
_SPAN = (
    "SELECT min(first) AS first, max(last) AS last FROM ("
    " SELECT min(day) AS first, max(day) AS last FROM visit"
    " UNION ALL SELECT min(day), max(day) FROM shift)"
)


def plan_span(session: Session | object) -> tuple[date, date] | None:
    """The first and the last day with visits or shifts; None for an empty database."""
    found = rows(session, _SPAN, types={"first": "date", "last": "date"})
    if not found or found[0].first is None:
        return None
    return found[0].first, found[0].last
