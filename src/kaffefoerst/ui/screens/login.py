"""Initials and PIN before anything else, when the board is served beyond this machine."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from kaffefoerst.io.pins import PinProblem, check_pin
from kaffefoerst.locale import t

MAX_TRIES = 5


class LoginScreen(Screen[str]):
    """Dismisses with the initials of whoever gave the right PIN; shows no citizen data."""

    DEFAULT_CSS = """
    LoginScreen Vertical { width: 50; height: auto; border: thick $primary; padding: 1 2;
        margin-top: 4; }
    LoginScreen #error { color: $error; text-style: bold; }
    """

    def __init__(self, pin_file: Path) -> None:
        super().__init__()
        self.pin_file = pin_file
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Center(), Vertical():
            yield Static(t("login.title"))
            yield Input(id="initials", placeholder=t("login.initials"), max_length=4)
            yield Input(id="pin", placeholder=t("login.pin"), password=True, max_length=12)
            yield Static("", id="error")

    def on_mount(self) -> None:
        self.query_one("#initials", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "initials":
            self.query_one("#pin", Input).focus()
            return
        initials = self.query_one("#initials", Input).value.strip().upper()
        pin = self.query_one("#pin", Input).value
        try:
            ok = bool(initials) and check_pin(self.pin_file, initials, pin)
        except PinProblem as exc:
            self.query_one("#error", Static).update(t(exc.key, **exc.fields))
            return
        if ok:
            self.dismiss(initials)
            return
        self.tries += 1
        self.query_one("#pin", Input).value = ""
        if self.tries >= MAX_TRIES:
            self.app.exit(message=t("login.locked"))
            return
        self.query_one("#error", Static).update(t("login.wrong", left=MAX_TRIES - self.tries))
