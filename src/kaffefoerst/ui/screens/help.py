"""F1 / ?: every key and every symbol on the board, or every key of another screen."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from kaffefoerst.locale import t
from kaffefoerst.ui.keys import BOARD_KEYS, PICKED_KEYS
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.route_row import (
    COVERING,
    FIXED,
    OUTSIDE,
    TRIAGE_MARK,
    TWO_CARERS,
    UNASSIGNED_FILL,
    UNCOVERED_FILL,
    WARNING,
)


def help_table() -> Table:
    table = Table(title=t("help.title"), show_header=False, expand=True, box=None)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key in BOARD_KEYS:
        table.add_row(key.display or key.keys, t(key.text))
    for keys, text in PICKED_KEYS:
        table.add_row(keys, t(text))
    table.add_row("ctrl+p", t("key.palette"))
    table.add_row("q", t("key.quit"))
    table.add_row("", "")
    table.add_row(WARNING, t("help.symbol_warning"))
    table.add_row(FIXED, t("help.symbol_fixed"))
    table.add_row(TWO_CARERS, t("help.symbol_two"))
    table.add_row(COVERING, t("help.symbol_covering"))
    table.add_row(OUTSIDE, t("help.symbol_outside"))
    table.add_row(TRIAGE_MARK["RED"], t("help.symbol_red"))
    table.add_row(TRIAGE_MARK["YELLOW"], t("help.symbol_yellow"))
    table.add_row("█░", t("help.symbol_load"))
    table.add_row(UNASSIGNED_FILL * 3, t("board_size.help_unassigned"))
    table.add_row(UNCOVERED_FILL * 3, t("board_size.help_uncovered"))
    table.add_row("╳╳", t("board_size.help_overlap"))
    table.add_row("│ ▼", t("board_size.help_now"))
    table.add_row("LU", t("board_size.help_code"))
    for name in ("overlap", "no_gap", "outside_window", "competence", "declined"):
        table.add_row("", t(f"warning.{name}"))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 95%; height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, table: Table | None = None) -> None:
        super().__init__()
        self.table = table  # another screen's keys (ui/screen_keys.py); the board's by default
        self._bindings.bind("escape,q,f1,question_mark", "close", t("help.close"))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Plain(self.table if self.table is not None else help_table())

    def action_close(self) -> None:
        self.dismiss(None)
