"""Initials and PIN before anything else, when the board is served beyond this machine.

Wrong tries are counted in the database (store/login.py), per initials and per browser
address, so closing the tab or opening more of them buys no extra guesses.

The two fields take their keys from the screen itself, in one queue: a browser sends a burst
("MH⏎123456⏎") faster than focus can move between two Input widgets, and with separate widgets
some of those keys landed in the wrong field.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.pins import MAX_PIN_LENGTH, check_pin
from kaffefoerst.locale import t

MAX_TRIES = 5  # per tab; the real limit is counted in the database across tabs
MAX_INITIALS = 4


class LoginScreen(Screen[str]):
    """Dismisses with the initials of whoever gave the right PIN; shows no citizen data."""

    DEFAULT_CSS = """
    LoginScreen Vertical { width: 50; height: auto; border: thick $primary; padding: 1 2;
        margin-top: 4; }
    LoginScreen .field { border: tall $surface-lighten-1; padding: 0 1; margin-top: 1; }
    LoginScreen .field.-active { border: tall $accent; }
    LoginScreen #error { color: $error; text-style: bold; margin-top: 1; }
    """

    def __init__(self, pin_file: Path, address: str = "local") -> None:
        super().__init__()
        self.pin_file = pin_file
        self.address = address
        self.tries = 0
        self.values = {"initials": "", "pin": ""}
        self.active = "initials"

    def compose(self) -> ComposeResult:
        with Center(), Vertical():
            yield Static(t("login.title"))
            yield Static(id="initials", classes="field -active")
            yield Static(id="pin", classes="field")
            yield Static("", id="error")

    def on_mount(self) -> None:
        self._show()
        if not self.app.store_ready:  # type: ignore[attr-defined]
            # The store opens while the PIN is typed, after the first paint (a thread importing
            # SQLAlchemy during it would hold the paint back); a problem shows when it is used.
            self.call_after_refresh(
                self.run_worker, self._open_store, thread=True, exit_on_error=False
            )

    def _open_store(self) -> None:
        with contextlib.suppress(DomainError):
            self.app.store  # type: ignore[attr-defined]  # noqa: B018 - opens it

    def _show(self) -> None:
        for name, placeholder, shown in (
            ("initials", t("login.initials"), self.values["initials"]),
            ("pin", t("login.pin"), "•" * len(self.values["pin"])),
        ):
            field = self.query_one(f"#{name}", Static)
            cursor = "▏" if name == self.active else ""
            field.update(f"{shown}{cursor}" if shown or cursor else f"[dim]{placeholder}[/]")
            field.set_class(name == self.active, "-active")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        if event.key in ("enter", "tab"):
            self._enter()
        elif event.key == "backspace":
            self.values[self.active] = self.values[self.active][:-1]
        elif event.key in ("shift+tab", "up"):
            self.active = "initials"
        elif event.key == "down":
            self.active = "pin"
        elif event.character is not None and event.is_printable:
            self._type(event.character)
        self._show()

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id in self.values:
            self.active = event.widget.id
            self._show()

    def on_paste(self, event: events.Paste) -> None:
        for character in event.text.strip():
            self._type(character)
        self._show()

    def _type(self, character: str) -> None:
        if self.active == "initials":
            if character.isalpha() and len(self.values["initials"]) < MAX_INITIALS:
                self.values["initials"] += character.upper()
        elif character.isdigit() and len(self.values["pin"]) < MAX_PIN_LENGTH:
            self.values["pin"] += character

    def _enter(self) -> None:
        if self.active == "initials":
            self.active = "pin"
            return
        if not self.values["initials"]:
            self.active = "initials"
            return
        self._log_in(self.values["initials"], self.values["pin"])
        self.values["pin"] = ""

    def _log_in(self, initials: str, pin: str) -> None:
        from kaffefoerst.store.login import log_in  # start-up: SQLAlchemy, after the paint

        now = self.app.clock()  # type: ignore[attr-defined]
        try:
            result = log_in(
                self.app.store,  # type: ignore[attr-defined]
                initials,
                self.address,
                now,
                lambda: check_pin(self.pin_file, initials, pin),
            )
        except DomainError as exc:
            self.query_one("#error", Static).update(t(exc.key, **exc.fields))
            return
        if result.ok:
            self.dismiss(result.initials)
            return
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.app.exit(message=t("login.closed"))
            return
        if result.locked_until is not None:
            until = result.locked_until.astimezone(now.tzinfo).strftime("%H:%M")
            message = t("login.locked", until=until)
        else:
            message = t("login.wrong", left=result.tries_left)
        self.query_one("#error", Static).update(message)
