"""A triage colour as text: the theme's chip with its symbol, the same on the board, the side
panel, the triage list and the meeting (fixed red and yellow were pink on blue, brown on brown)."""

from __future__ import annotations

from rich.text import Text

from kaffefoerst.enums import TriageColour
from kaffefoerst.locale import t
from kaffefoerst.ui.palette import BoardPalette, triage_style
from kaffefoerst.ui.widgets.route_row import TRIAGE_MARK


def colour_cell(colour: TriageColour, palette: BoardPalette) -> Text:
    """The colour's symbol and name on a chip of the theme's triage colour (never colour alone)."""
    label = f" {TRIAGE_MARK.get(colour.value, '○')} {t(f'triage.colour.{colour.value}')} "
    return Text(label, style=triage_style(palette, colour.value))
