"""The board's footer: compact below laptop width, so the morning's keys and `q Afslut` fit 80
columns (Textual's footer cuts what does not fit, and `q` comes last), and fewer keys the
narrower the screen (every key stays in help, F1/?, and the palette)."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.binding import Binding
from textual.widgets import Footer

from kaffefoerst.ui.keys import BOARD_KEYS, LAPTOP


class KeyFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < LAPTOP


def fit_board_footer(bindings: dict[str, list[Binding]], width: int) -> None:
    """On a narrow screen the board's footer keeps the morning's keys (the meeting among them);
    every key still works and is listed in help (F1/? on the legend line) and the palette."""
    for key in BOARD_KEYS:
        show = key.show and width >= key.footer_from
        for name in key.keys.split(","):
            bindings[name] = [
                replace(b, show=show) if b.action == key.action else b
                for b in bindings.get(name, [])
            ]
