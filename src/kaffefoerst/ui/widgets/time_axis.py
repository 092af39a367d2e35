"""The hours across the top of the board, aligned with the route rows, and the time now."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from kaffefoerst.locale import t
from kaffefoerst.ui.board_view import BoardView
from kaffefoerst.ui.row_layout import Scale, header_width

NOW_MARK = "▼"
GUTTER = 1  # the board body keeps its scrollbar's column (ui/app.tcss), so the axis does too


class TimeAxis(Widget):
    DEFAULT_CSS = "TimeAxis { height: 1; }"

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.view = view

    def render(self) -> Text:
        total = (self.size.width or 121) - GUTTER
        head_w = header_width(total)
        plan = self.view.plan
        scale = Scale(plan.shift_start, plan.shift_end, total - head_w)
        cells = [" "] * scale.width
        for hour in range(plan.shift_start // 60, plan.shift_end // 60 + 1):
            col = scale.col(hour * 60)
            label = f"{hour % 24:02d}"
            for i, ch in enumerate(label):
                if col + i < scale.width:
                    cells[col + i] = ch
        text = Text(t("board.axis").ljust(head_w)[:head_w] + "".join(cells), no_wrap=True)
        now = self.view.now_min
        if now is not None and plan.shift_start <= now < plan.shift_end:
            col = head_w + scale.col(now)
            if text.plain[col : col + 1].isdigit():  # on an hour's digits: light it, keep it
                text.stylize(self.view.palette.now + Style(reverse=True), col, col + 1)
            else:
                text = text[:col] + Text(NOW_MARK, self.view.palette.now) + text[col + 1 :]
        return text
