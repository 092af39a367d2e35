"""The days-close rule (``domain.days_close``) as one SQL condition: every figure that counts
delivered visits uses this, never ``status = 'DELIVERED'`` on its own."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, or_

from kaffefoerst.domain.days_close import CLOSES_AS_DELIVERED
from kaffefoerst.enums import VisitStatus
from kaffefoerst.model import Visit


def delivered(today: date, table: Any = Visit) -> Any:
    """True for a visit that counts as delivered on ``today``: marked so (by an import), or
    on a closed day (``day < today``, ``domain.days_close.is_closed``) and still planned."""
    closes = sorted(s.value for s in CLOSES_AS_DELIVERED)
    return or_(
        table.status == VisitStatus.DELIVERED,
        and_(table.status.in_(closes), table.day < today),
    )
