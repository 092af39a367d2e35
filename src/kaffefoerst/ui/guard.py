"""What the app shows and writes outside its own screens, made safe for health data.

- Every drawn line shows control characters as text (a name cannot retitle or clear a terminal).
- A crash prints one clear line, never Textual's traceback with each frame's local variables
  (they can hold SQL parameters: a citizen's name or note). ``textual --dev`` keeps the
  traceback for developers.
- A screenshot goes to the data folder, owner-only, never to a shared Downloads folder.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.filter import LineFilter

from kaffefoerst.config import screenshot_dir
from kaffefoerst.io.private import write_private
from kaffefoerst.locale import t
from kaffefoerst.problem import problem_line
from kaffefoerst.ui.visible_filter import VisibleControls


class GuardedApp(App[None]):
    _visible_controls = VisibleControls()
    clock: Callable[[], datetime]  # set by KaffeApp: the one place that reads the time
    crash_line: str = ""  # printed once the terminal is restored (see run)

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._visible_controls]

    def _handle_exception(self, error: Exception) -> None:
        if "debug" in self.features:
            super()._handle_exception(error)
            return
        # As Textual's own handler (exit code 1, the error kept for test runners), but with
        # our line instead of a traceback; Rich would wrap or crop it, so run() prints it.
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        path = getattr(getattr(self, "_store", None), "path", "") or ""
        self.crash_line = t("error.prefix", message=problem_line(error, path))
        self.bell()
        self._close_messages_no_wait()

    def run(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - as App.run
        result = super().run(*args, **kwargs)
        if self.crash_line:
            print(self.crash_line, file=sys.stderr)
        return result

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Textual's screenshot, kept in the data folder at 0600 (names on it are health data)."""
        saved = save_screenshot(self, self.clock())
        if saved is None:
            self.notify(t("screenshot.failed"), severity="error")
        else:
            self.notify(t("screenshot.saved", path=saved), timeout=8)


def save_screenshot(app: App[None], now: datetime) -> Path | None:
    try:
        svg = app.export_screenshot()
        return write_private(screenshot_dir() / f"kaffefoerst-{now:%Y-%m-%d_%H%M%S}.svg", svg)
    except OSError:
        return None
