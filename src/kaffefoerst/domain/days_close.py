"""When a day has passed it closes: what its visits then count as (issue 12, point 3).

Nobody marks a visit done in kaffefoerst; the care system's own status is the record when an
import brings one. So a visit of a closed day counts as delivered unless it was cancelled (by
the team or by the import) or the import said it was not delivered. This is the one
definition; ``store.delivered`` turns it into SQL for the figures, and a test checks that the
two agree for every status on every side of ``today``.
"""

from __future__ import annotations

from datetime import date

from kaffefoerst.enums import VisitStatus

# The statuses a closed day turns into DELIVERED: planned and never cancelled.
CLOSES_AS_DELIVERED = frozenset({VisitStatus.PLANNED})


def is_closed(day: date, today: date) -> bool:
    """A day is closed once it has passed: today itself is still being worked."""
    return day < today


def outcome(status: VisitStatus, day: date, today: date) -> VisitStatus:
    """What a visit counts as on ``today``: its status, or DELIVERED once its day closed."""
    if is_closed(day, today) and status in CLOSES_AS_DELIVERED:
        return VisitStatus.DELIVERED
    return status


def counts_as_delivered(status: VisitStatus, day: date, today: date) -> bool:
    return outcome(status, day, today) is VisitStatus.DELIVERED


def open_days(first: date, end: date, today: date) -> int:
    """Days of [first, end) not yet closed on ``today``: a window holding any is not complete."""
    return max(0, (end - max(first, today)).days)
