"""Shown when the database holds no team yet: how to get started, never a blank screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Markdown


class WelcomeScreen(Screen[None]):
    DEFAULT_CSS = """
    WelcomeScreen Vertical { width: 90; max-width: 100%; height: auto; margin: 2 0; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Center(), Vertical():
            yield Markdown(self.text)
        yield Footer()
