"""The top line of a screen beside the board: what it shows on the left, who is at the keyboard
(with their role) and the clock on the right. At 80 columns the left text gives way, never the
role or the clock, as in the board's header."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static


class ScreenTitle(Static):
    DEFAULT_CSS = """
    ScreenTitle {
        height: 1; width: 1fr; padding: 0 1;
        background: $primary-darken-3; color: $text; text-style: bold;
    }
    """

    def __init__(self, who: str, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.who = who  # initials and role, e.g. "MH (planlægger)"
        self.clock = clock
        self.text = Text()

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(1.0, self._draw)

    def on_resize(self) -> None:
        self._draw()

    def show(self, text: str | Text) -> None:
        """What the screen shows now (its name, the teams chosen, a timer): text, never markup."""
        self.text = text if isinstance(text, Text) else Text(text)
        self._draw()

    def line(self, width: int) -> Text:
        right = f"{self.who} · {self.clock().strftime('%H:%M')}"
        room = max(0, width - len(right) - 2)  # two spaces between, at the least
        left = self.text.copy()
        if left.cell_len > room:
            left.truncate(max(0, room - 1))
            left.append("…")
        left.pad_right(max(0, width - left.cell_len - len(right)))
        left.append(right)
        return left

    def _draw(self) -> None:
        width = (self.size.width or 200) - 2  # padding 0 1
        self.update(self.line(width), layout=False)
