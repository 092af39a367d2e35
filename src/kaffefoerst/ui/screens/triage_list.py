"""Triagelisten: red first, then yellow; due follow-ups stand out; history per citizen."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from kaffefoerst.locale import t
from kaffefoerst.store.figures import team_list
from kaffefoerst.store.triage import NoteView, TriageRow, drafts_of, history, triage_list
from kaffefoerst.ui.keys import Key
from kaffefoerst.ui.palette import board_palette
from kaffefoerst.ui.screen_keys import HELP, SMALL, TEAMS, bind_keys, fit_footer, keys_table
from kaffefoerst.ui.screens.board_item import BoardItemScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.screens.triage_note import TriageNoteScreen
from kaffefoerst.ui.team_choice import ask, hidden_teams, shown_names
from kaffefoerst.ui.team_roles_text import who_text
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.screen_title import ScreenTitle
from kaffefoerst.ui.widgets.triage_chip import colour_cell

LIST_KEYS: tuple[Key, ...] = (
    # priority: before the table's own ⏎
    Key("enter", "history", "triage.key.history", display="⏎", footer_from=0, priority=True),
    Key("t", "note", "triage.key.note", footer_from=0, short="small_screens.note"),
    # footer_from: left out of a footer too narrow for every key (help lists it)
    Key("p", "board_item", "triage.key.board_item", footer_from=SMALL, short="small_screens.item"),
    TEAMS,
    Key("escape", "close", "triage.key.back", display="esc", footer_from=0),
    HELP,
)
SCREEN = "triage_list"  # the team choice is remembered under this name (ui/team_choice.py)
# Below SMALL the action goes (the line under the table has it) and the rest fit whole.
WIDE = ("colour", "citizen", "observation", "action", "responsible", "follow_up")
NARROW = ("colour", "citizen", "observation", "responsible", "follow_up")


def _day(day: date | None, narrow: bool) -> str:
    """A follow-up day: 2026-12-01, or 1/12 where a column must fit 80 columns."""
    if day is None:
        return "–"
    return t("board_size.short_date", day=day.day, month=day.month) if narrow else day.isoformat()


def note_line(note: NoteView) -> str:
    points = ", ".join(t(f"triage.point.{p}") for p in note.points)
    what = " – ".join(x for x in (points, note.observation) if x)
    return what or note.reason


class TriageListScreen(Screen[None]):
    DEFAULT_CSS = """
    TriageListScreen #explain { padding: 0 1; text-style: bold; height: auto; }
    TriageListScreen DataTable { height: 1fr; }
    TriageListScreen #detail { padding: 0 1; height: auto; max-height: 8; background: $boost; }
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.rows: list[TriageRow] = []
        self.teams: dict[int, str] = {}
        bind_keys(self, LIST_KEYS)

    def compose(self) -> ComposeResult:
        yield ScreenTitle(who_text(self.app.user), self.app.clock, id="title")
        yield Plain(t("triage.list_title"), id="explain")
        yield DataTable(id="triage", cursor_type="row", zebra_stripes=True)
        yield Plain(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        with self.app.store.session() as session:
            self.teams = dict(team_list(session))
        fit_footer(self, LIST_KEYS)
        self.refresh_rows()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        fit_footer(self, LIST_KEYS)
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

    def _narrow(self) -> bool:
        return self.app.size.width < SMALL

    def _columns(self, table: DataTable[object]) -> tuple[str, ...]:
        """Every column fits the screen: the text columns share what the others leave."""
        narrow = self._narrow()
        names = NARROW if narrow else WIDE
        fixed = (
            {"colour": 7, "citizen": 14, "responsible": 5, "follow_up": 19}
            if narrow
            else {"colour": 8, "citizen": 16, "responsible": 10, "follow_up": 24}
        )
        spare = max(20, self.app.size.width - sum(fixed.values()) - 2 * len(names) - 2)
        text = (
            {"observation": spare}
            if narrow
            else {
                "observation": spare * 3 // 5,
                "action": spare - spare * 3 // 5,
            }
        )
        widths = {**fixed, **text}
        for name in names:
            short = narrow and name == "responsible"  # "Ansv.": initials fit under it
            head = t(f"small_screens.{name}" if short else f"triage.col.{name}")
            table.add_column(head, width=widths[name], key=name)
        return names

    def refresh_rows(self) -> None:
        """Read the list again; the rows shown are those of the teams chosen with `f`."""
        with self.app.store.session() as session:
            every = triage_list(session, self.day)
        hidden = hidden_teams(self.app, SCREEN, self.teams)
        self.rows = [row for row in every if row.team_id not in hidden]
        self.query_one("#title", ScreenTitle).show(
            t("team_choice.triage_title", teams=shown_names(self.teams, hidden))
        )
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        names = self._columns(table)
        palette = board_palette(self.app.get_css_variables())
        narrow = self._narrow()
        for row in self.rows:
            n = row.latest
            follow = _day(n.follow_up, narrow)
            if row.due:
                late = n.follow_up is not None and n.follow_up < self.day
                follow_cell = Text(
                    f"! {follow} " + t("triage.overdue" if late else "triage.due"),
                    style="bold reverse",
                )
            else:
                follow_cell = Text(follow)
            cells = {
                "colour": colour_cell(row.colour, palette),
                "citizen": row.short_name,
                "observation": note_line(n),
                "action": n.action,
                "responsible": n.responsible,
                "follow_up": follow_cell,
            }
            table.add_row(*(cells[name] for name in names), key=str(row.citizen_id))
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
        else:
            self.query_one("#detail", Static).update("")  # no row: no note under the table
        legend = t("triage.list_title") if self.rows else t("triage.list_empty")
        gone = len(every) - len(self.rows)
        if gone:  # filtered away, not gone: say how many
            legend += " " + t("team_choice.triage_hidden", n=gone)
        self.query_one("#explain", Static).update(legend)

    def action_filter_teams(self) -> None:
        question = t("team_choice.question_triage")
        ask(self, SCREEN, self.teams, lambda _hidden: self.refresh_rows(), question)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys_table(t("team_choice.help_triage"), LIST_KEYS, self)))

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
