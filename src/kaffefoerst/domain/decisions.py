"""What makes a decision a decision: something decided, a named responsible and a follow-up
date (004: responsibility "kan kun gives videre til en anden navngiven medarbejder"); and a
follow-up is closed only with its outcome (003: agreements were not followed up)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from kaffefoerst.domain.errors import DomainError


def check_decision(
    decision: str,
    responsible_id: int | None,
    carers: Collection[int],
    follow_up: date | None,
    today: date,
) -> None:
    if not decision.strip():
        raise DomainError("decisions.missing_decision")
    if responsible_id is None or responsible_id not in carers:
        raise DomainError("decisions.missing_responsible")
    if follow_up is None:
        raise DomainError("decisions.missing_follow_up")
    if follow_up < today:
        raise DomainError("decisions.follow_up_past", day=follow_up.isoformat())


def check_outcome(outcome: str) -> None:
    if not outcome.strip():
        raise DomainError("decisions.missing_outcome")


def is_due(follow_up: date, outcome: str, today: date) -> bool:
    """A follow-up the meeting must take up: its day has come and it has no outcome yet."""
    return not outcome.strip() and follow_up <= today
