"""Who knows a citizen: delivered visits per carer over a recent window (who came: both carers
of a two-carer visit count, as store/visit_carers.came defines it). Delivered is the days-close
rule as it stands on ``today`` (``store.delivered``): the window ends before it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from kaffefoerst.model import Visit
from kaffefoerst.store.visit_carers import came

RECENT_DAYS = 14


def known_carers(
    session: Session, citizen_id: int, today: date, days: int = RECENT_DAYS
) -> list[tuple[int, int]]:
    """(carer id, delivered visits) in the ``days`` before ``today``, most visits first."""
    since = today - timedelta(days=days)
    both = came([Visit.citizen_id == citizen_id, Visit.day >= since, Visit.day < today], today)
    rows = session.execute(
        select(both.c.carer_id, func.count().label("n"))
        .group_by(both.c.carer_id)
        .order_by(func.count().desc(), both.c.carer_id)
    ).all()
    return [(r.carer_id, r.n) for r in rows]


def recent_by_citizen(
    session: Session, citizen_ids: list[int], today: date, days: int = RECENT_DAYS
) -> dict[int, dict[int, int]]:
    """For many citizens at once: delivered visits per carer in the ``days`` before ``today``."""
    if not citizen_ids:
        return {}
    since = today - timedelta(days=days)
    both = came([Visit.citizen_id.in_(citizen_ids), Visit.day >= since, Visit.day < today], today)
    found: dict[int, dict[int, int]] = {}
    for r in session.execute(
        select(both.c.citizen_id, both.c.carer_id, func.count().label("n")).group_by(
            both.c.citizen_id, both.c.carer_id
        )
    ):
        found.setdefault(r.citizen_id, {})[r.carer_id] = r.n
    return found
