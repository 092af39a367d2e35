"""The floor of our stack: a bare Textual app that imports sqlmodel and shows one line."""

import sqlmodel  # noqa: F401 - imported on purpose: our app cannot start without it
from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Ikke fordelt")


if __name__ == "__main__":
    Bare().run()
