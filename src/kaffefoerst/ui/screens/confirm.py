"""A yes/no question that must be answered before a risky change is stored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 70; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 2; }
    """

    def __init__(self, question: str, ask: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.ask = ask or t("confirm.ask")
        self._bindings.bind("y,j", "answer(True)", t("confirm.yes"))
        self._bindings.bind("n,escape", "answer(False)", t("confirm.no"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(self.question, id="question")
            yield Plain(self.ask)
            with Horizontal():
                yield Button(t("confirm.yes_button"), variant="warning", id="yes")
                yield Button(t("confirm.no_button"), variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
