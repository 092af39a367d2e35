"""Who goes on a visit, in SQL: one row per carer, both carers of a two-carer visit counting.

The one SQL form of ``domain.plan.PlanVisit.carer_ids`` (the board's rule). Who came to a
citizen (``came``) is that over delivered visits: the coach's continuity figures, the citizen
card and "who knows the citizen" all count faces with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Subquery, select, union_all

from kaffefoerst.enums import VisitStatus
from kaffefoerst.model import Visit


def visit_carers(conditions: list[Any], *columns: Any, name: str = "visit_carers") -> Subquery:
    """``carer_id`` and ``columns`` for each carer of every visit matching ``conditions``."""
    return union_all(
        *(
            select(carer.label("carer_id"), *columns).where(*conditions, carer.is_not(None))
            for carer in (Visit.carer_id, Visit.second_carer_id)
        )
    ).subquery(name)


def came(conditions: list[Any], *columns: Any) -> Subquery:
    """(``citizen_id``, ``carer_id``, …) for delivered visits: who actually came. Cancelled and
    still planned visits do not count."""
    delivered = [Visit.status == VisitStatus.DELIVERED, *conditions]
    return visit_carers(delivered, Visit.citizen_id, *columns, name="faces")
