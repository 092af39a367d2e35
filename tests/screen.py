"""The screen as plain text, rendered the way Textual's own screenshot does."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App


def screen_text(app: App[object]) -> str:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def text_when(pilot: object, app: App[object], ready: object, tries: int = 40) -> str:
    """The screen's text once ``ready(text)`` holds, or after ``tries`` pauses (then the caller's
    assertions say what is missing): under load a footer or notice is drawn a refresh late."""
    text = screen_text(app)
    for _ in range(tries):
        if ready(text):  # type: ignore[operator]
            break
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        text = screen_text(app)
    return text
