"""Which screen a member starts on: below this size the board's time axis cannot show whom a
visit is with (issue 13), so a member sees their own route list (Rute) instead.

Apart from the route screen so that every start can ask without importing it (bench below).
"""

from __future__ import annotations

from textual.geometry import Size

from kaffefoerst.domain.roles import Role, User

SMALL_WIDTH, SMALL_HEIGHT = 100, 30


def route_first(user: User, size: Size) -> bool:
    """A member on a small screen starts on their own route list instead of the board."""
    small = size.width < SMALL_WIDTH or size.height < SMALL_HEIGHT
    return small and user.role is Role.MEMBER and user.carer_id is not None
