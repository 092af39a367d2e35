"""Initials and PIN before anything else, when the board is served beyond this machine.

Wrong tries are counted in the database (domain/login.py), per initials and per browser
address, so closing the tab or opening more of them buys no extra guesses.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from kaffefoerst.io.pins import MAX_PIN_LENGTH, PinProblem, check_pin
from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain

MAX_TRIES = 5  # per tab; the real limit is counted in the database across tabs


class LoginScreen(Screen[str]):
    """Dismisses with the initials of whoever gave the right PIN; shows no citizen data."""

    DEFAULT_CSS = """
    LoginScreen Vertical { width: 50; height: auto; border: thick $primary; padding: 1 2;
        margin-top: 4; }
    LoginScreen #error { color: $error; text-style: bold; }
    """

    def __init__(self, pin_file: Path, address: str = "local") -> None:
        super().__init__()
        self.pin_file = pin_file
        self.address = address
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Center(), Vertical():
            yield Plain(t("login.title"))
            yield Input(id="initials", placeholder=t("login.initials"), max_length=4)
            yield Input(
                id="pin", placeholder=t("login.pin"), password=True, max_length=MAX_PIN_LENGTH
            )
            yield Plain("", id="error")

    def on_mount(self) -> None:
        self.query_one("#initials", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "initials":
            self.query_one("#pin", Input).focus()
            return
        from kaffefoerst.domain.login import log_in

        initials = self.query_one("#initials", Input).value.strip().upper()
        pin = self.query_one("#pin", Input).value
        self.query_one("#pin", Input).value = ""
        if not initials:
            self.query_one("#initials", Input).focus()
            return
        now = self.app.clock()  # type: ignore[attr-defined]
        try:
            result = log_in(
                self.app.store,  # type: ignore[attr-defined]
                initials,
                self.address,
                now,
                lambda: check_pin(self.pin_file, initials, pin),
            )
        except PinProblem as exc:
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
