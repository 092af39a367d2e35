"""Put a citizen on the board for the next meeting, with a reason."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t
from kaffefoerst.store.discussion_board import put_on_board
from kaffefoerst.ui.widgets.plain import Plain


class BoardItemScreen(ModalScreen[int | None]):
    DEFAULT_CSS = """
    BoardItemScreen { align: center middle; }
    BoardItemScreen > Vertical {
        width: 80; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    BoardItemScreen #error { color: $error; text-style: bold; }
    """

    def __init__(self, citizen_id: int, citizen_name: str, for_day: date) -> None:
        super().__init__()
        self.citizen_id = citizen_id
        self.citizen_name = citizen_name
        self.for_day = for_day
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("board_item.title", citizen=self.citizen_name))
            yield Input(id="reason", placeholder=t("board_item.placeholder"))
            yield Plain("", id="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            with self.app.store.session() as session:
                item = put_on_board(
                    session,
                    citizen_id=self.citizen_id,
                    reason=event.value,
                    for_day=self.for_day,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    user=self.app.user,
                )
        except DomainError as exc:
            self.query_one("#error", Static).update(t(exc.key, **exc.fields))
            return
        self.dismiss(item)

    def action_close(self) -> None:
        self.dismiss(None)
