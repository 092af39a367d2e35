"""The evening shift's inbox: who may mark its messages read and answer them.

The evening shift has no overlap with the day shift (001), so what the meeting writes to it is
read on the evening board by the carers on that evening's shift, and what they answer is read
out the next morning."""

from __future__ import annotations

from collections.abc import Collection

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.roles import User

EVENING = "EVENING"  # the recipient the meeting writes to
DAY = "DAY"  # a reply from the evening shift, to the day shift


def require_evening_carer(user: User, evening_carers: Collection[int]) -> None:
    """Only someone on that evening's shift marks its messages read or answers them: a read
    mark says the evening shift has it."""
    user.require("message")
    if user.carer_id is None or user.carer_id not in evening_carers:
        raise DomainError("inbox.not_evening", initials=user.initials)
