"""The last guard before the terminal: every drawn line shows control characters as text.

Widgets draw names, notes, addresses and messages straight from the database, and Textual
passes their characters to the terminal as they are. This filter runs on every line every
widget draws (App filters apply to all of them), so data already stored is covered too.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from kaffefoerst.visible import CONTROL, visible


class VisibleControls(LineFilter):
    """Replace control characters in text segments with visible ones, keeping the width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(not segment.control and CONTROL.search(segment.text) for segment in segments):
            return segments
        # A control character takes no cell; its picture takes one. The line must keep the
        # width the layout gave it, so the end is cut rather than pushed past the edge.
        width = Segment.get_line_length(segments)
        shown = [
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in segments
        ]
        return Segment.adjust_line_length(shown, width)
