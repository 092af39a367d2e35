"""Which day and shift the board shows: `[` and `]` step a day, `v` the day or evening shift."""

from __future__ import annotations

from datetime import timedelta

from kaffefoerst.enums import ShiftKind
from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import BoardCommand
from kaffefoerst.ui.widgets.board_header import long_date


class DayStep(BoardCommand):
    """Step a day, but only across the days the database holds: past its edge the board would
    be empty, which looks like lost data."""

    action = "day"

    async def run(self, delta: int) -> None:  # type: ignore[override]
        board = self.board
        wanted = board.day + timedelta(days=delta)
        span = board.data.plan_span()
        if span is None or not span[0] <= wanted <= span[1]:
            key = "shifts.no_earlier" if delta < 0 else "shifts.no_later"
            edge = board.day if span is None else span[0] if delta < 0 else span[1]
            board.notify(t(key, day=long_date(edge)), severity="warning")
            return
        board.day = wanted
        await board.reload()


class ShiftView(BoardCommand):
    """`v` switches the shift shown: the day shift's board or the evening shift's."""

    action = "shift_view"

    async def run(self) -> None:  # type: ignore[override]
        board = self.board
        board.shift = ShiftKind.EVENING if board.shift is ShiftKind.DAY else ShiftKind.DAY
        await board.reload()
        board.notify(t("shifts.showing", shift=t(f"shift.{board.shift.value}")))
