"""Who goes on a visit, in SQL: one row per carer, both carers of a two-carer visit counting.

The one SQL form of ``domain.plan.PlanVisit.carer_ids`` (the board's rule). Who came to a
citizen (``came``) is that over delivered visits: the coach's continuity figures, the citizen
card and "who knows the citizen" all count faces with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Subquery, select, union_all

from kaffefoerst.model import Visit
from kaffefoerst.store.delivered import delivered


def visit_carers(conditions: list[Any], *columns: Any, name: str = "visit_carers") -> Subquery:
    """``carer_id`` and ``columns`` for each carer of every visit matching ``conditions``."""
    return union_all(
        *(
            select(carer.label("carer_id"), *columns).where(*conditions, carer.is_not(None))
            for carer in (Visit.carer_id, Visit.second_carer_id)
        )
    ).subquery(name)


def came(conditions: list[Any], today: date, *columns: Any) -> Subquery:
    """(``citizen_id``, ``carer_id``, …) for delivered visits: who actually came. Delivered is
    the days-close rule as it stands on ``today`` (``store.delivered``): a passed day's visit
    unless cancelled or imported as otherwise; a day not yet closed counts only what an import
    marked delivered."""
    done = [delivered(today), *conditions]
    return visit_carers(done, Visit.citizen_id, *columns, name="faces")
