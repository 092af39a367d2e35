"""Triagelisten: red first, then yellow; due follow-ups stand out; history per citizen."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from kaffefoerst.locale import t
from kaffefoerst.store.triage import NoteView, TriageRow, drafts_of, history, triage_list
from kaffefoerst.ui.palette import board_palette
from kaffefoerst.ui.screens.board_item import BoardItemScreen
from kaffefoerst.ui.screens.triage_note import TriageNoteScreen
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.triage_chip import colour_cell

LIST_KEYS = (
    ("enter", "history", "triage.key.history"),
    ("t", "note", "triage.key.note"),
    ("p", "board_item", "triage.key.board_item"),
    ("escape", "close", "triage.key.back"),
)


def note_line(note: NoteView) -> str:
    points = ", ".join(t(f"triage.point.{p}") for p in note.points)
    what = " – ".join(x for x in (points, note.observation) if x)
    return what or note.reason


class TriageListScreen(Screen[None]):
    DEFAULT_CSS = """
    TriageListScreen #title { padding: 0 1; text-style: bold; }
    TriageListScreen DataTable { height: 1fr; }
    TriageListScreen #detail { padding: 0 1; height: auto; max-height: 8; background: $boost; }
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.rows: list[TriageRow] = []
        for keys, action, text in LIST_KEYS:
            self._bindings.bind(keys, action, t(text), priority=keys == "enter")

    def compose(self) -> ComposeResult:
        yield Plain(t("triage.list_title"), id="title")
        yield DataTable(id="triage", cursor_type="row", zebra_stripes=True)
        yield Plain(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.refresh_rows()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        """The selected note in full, wrapped: on a laptop the table's text columns are cut."""
        row = self._current()
        text = ""
        if row is not None:
            n = row.latest
            text = t(
                "board_size.triage_detail",
                citizen=row.short_name,
                what=note_line(n) or "–",
                action=n.action or "–",
                who=n.responsible or "–",
                follow=n.follow_up.isoformat() if n.follow_up else "–",
            )
        self.query_one("#detail", Static).update(text)

    def _columns(self, table: DataTable[object]) -> None:
        """Every column fits the screen: the two text columns share what the others leave."""
        fixed = {"colour": 8, "citizen": 16, "responsible": 10, "follow_up": 22}
        spare = max(20, self.app.size.width - sum(fixed.values()) - 2 * 6 - 2)
        widths = {**fixed, "observation": spare * 3 // 5, "action": spare - spare * 3 // 5}
        for name in ("colour", "citizen", "observation", "action", "responsible", "follow_up"):
            table.add_column(t(f"triage.col.{name}"), width=widths[name], key=name)

    def refresh_rows(self) -> None:
        with self.app.store.session() as session:
            self.rows = triage_list(session, self.day)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        self._columns(table)
        palette = board_palette(self.app.get_css_variables())
        for row in self.rows:
            n = row.latest
            follow = n.follow_up.isoformat() if n.follow_up else "–"
            if row.due:
                late = n.follow_up is not None and n.follow_up < self.day
                follow_cell = Text(
                    f"! {follow} " + t("triage.overdue" if late else "triage.due"),
                    style="bold reverse",
                )
            else:
                follow_cell = Text(follow)
            table.add_row(
                colour_cell(row.colour, palette),
                row.short_name,
                note_line(n),
                n.action,
                n.responsible,
                follow_cell,
                key=str(row.citizen_id),
            )
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
        else:
            self.query_one("#title", Static).update(t("triage.list_empty"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A coach reads the list; writing a note or a board item is hidden and refused."""
        right = {"note": "triage_note", "board_item": "board_item"}.get(action)
        return right is None or self.app.user.may(right)

    def _current(self) -> TriageRow | None:
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if self.rows and table.cursor_row >= 0 else None

    def action_history(self) -> None:
        row = self._current()
        if row is not None:
            with self.app.store.session() as session:
                notes = history(session, row.citizen_id)
            self.app.push_screen(HistoryScreen(row.short_name, notes))

    def action_note(self) -> None:
        row = self._current()
        if row is None:
            return
        with self.app.store.session() as session:
            draft = dict(drafts_of(session, self.app.actor)).get(row.citizen_id)
        self.app.push_screen(
            TriageNoteScreen(row.citizen_id, row.short_name, row.colour, self.day, draft),
            lambda _id: self.refresh_rows(),
        )

    def action_board_item(self) -> None:
        row = self._current()
        if row is not None:
            screen = BoardItemScreen(row.citizen_id, row.short_name, self.day + timedelta(days=1))
            self.app.push_screen(screen, lambda i: i and self.notify(t("board_item.added")))

    def action_close(self) -> None:
        self.dismiss(None)


class HistoryScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen > VerticalScroll {
        width: 100; max-width: 98%; height: 80%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, name: str, notes: list[NoteView]) -> None:
        super().__init__()
        self.citizen = name
        self.notes = notes
        self._bindings.bind("escape,enter", "close", t("triage.key.back"))

    def compose(self) -> ComposeResult:
        palette = board_palette(self.app.get_css_variables())
        with VerticalScroll():
            yield Plain(Text(t("triage.history_title", citizen=self.citizen), style="bold"))
            for n in self.notes:
                head = Text.assemble(
                    colour_cell(n.colour, palette),
                    f"  {n.day.isoformat()}  {t('triage.by', author=n.author)}",
                )
                body = [note_line(n)]
                if n.action:
                    body.append(t("triage.field.action") + ": " + n.action)
                if n.responsible or n.follow_up:
                    follow = n.follow_up.isoformat() if n.follow_up else "–"
                    body.append(
                        t("triage.responsible_follow", who=n.responsible or "–", day=follow)
                    )
                yield Plain(head)
                yield Plain("\n".join(body) + "\n")

    def action_close(self) -> None:
        self.dismiss(None)
