"""Rute: one carer's day as a list with full detail, wrapped to the screen, nothing cut.

What a member sees first on a small screen; the planner opens it from the board with `r`.
The words come from io/route_text.py, so the screen says what the printed list says.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from kaffefoerst.io.route_text import (
    contact_lines,
    sheet_notes,
    sheet_title,
    span,
    stop_details,
    stop_marks,
)
from kaffefoerst.locale import t
from kaffefoerst.store.route_sheets import load_route_sheets
from kaffefoerst.ui.board_data import BoardData
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.route_row import COVERING, FIXED, TRIAGE_MARK, TWO_CARERS, WARNING

if TYPE_CHECKING:
    from kaffefoerst.domain.route import RouteSheet, RouteStop

POLL_SECONDS = 1.0
ROUTE_KEYS = (
    ("left_square_bracket,left", "step(-1)", "route.key.prev", "["),
    ("right_square_bracket,right", "step(1)", "route.key.next", "]"),
    ("escape", "close", "route.key.back", "esc"),
)


def stop_text(number: int, stop: RouteStop) -> Text:
    """One stop as text (never markup): time and full name first, then the details."""
    text = Text()
    text.append(f"{number}. {span(stop.start_min, stop.end_min)}  ", style="bold")
    text.append(stop.citizen_name, style="bold underline")
    symbols = []
    if stop.warnings:
        symbols.append(WARNING)
    if stop.triage is not None:
        symbols.append(TRIAGE_MARK.get(stop.triage.colour.value, ""))
    if stop.fixed_time:
        symbols.append(FIXED)
    if stop.two_carers:
        symbols.append(TWO_CARERS)
    if stop.covers_for:
        symbols.append(COVERING)
    marks = stop_marks(stop, t)
    if marks:
        text.append(f"  {''.join(symbols)} {', '.join(marks)}", style="bold")
    for label, value in stop_details(stop, t):
        text.append("\n")
        text.append(f"{label}: ", style="dim")
        text.append(value)
    return text


class StopView(Static):
    """One visit on the route; its triage colour shows as a border as well as in words."""

    DEFAULT_CSS = """
    StopView { height: auto; padding: 0 1; margin: 0 0 1 0; border-left: outer $panel-lighten-2; }
    StopView.-red { border-left: outer $error; }
    StopView.-yellow { border-left: outer $warning; }
    """

    def __init__(self, number: int, stop: RouteStop) -> None:
        super().__init__(stop_text(number, stop), markup=False)
        self.stop = stop
        if stop.triage is not None:
            self.add_class(f"-{stop.triage.colour.value.lower()}")


class RouteScreen(Screen[None]):
    DEFAULT_CSS = """
    RouteScreen #route-title {
        background: $primary-darken-2; color: auto; text-style: bold; padding: 0 1;
    }
    RouteScreen #route-head { padding: 0 1; color: $text-muted; }
    RouteScreen #stops { height: 1fr; scrollbar-size-vertical: 1; }
    """
    AUTO_FOCUS = "#stops"

    def __init__(
        self,
        day: date,
        carer_id: int | None,
        *,
        auto: bool = False,
        sheets: list[RouteSheet] | None = None,
    ) -> None:
        super().__init__()
        self.day = day
        self.carer_id = carer_id
        self.auto = auto  # opened for a small screen, not by a key: closes when it grows
        self.sheets: list[RouteSheet] = []
        self._drawing = asyncio.Lock()  # a step and a reload must not interleave their redraws
        self._first = sheets  # read with the first board: drawn before the store is open
        self._watching = False
        self._read = False  # sheets have been read (an empty day shows as such, not loading)
        self.data = BoardData(self.app)
        for keys, action, text, display in ROUTE_KEYS:
            # Before the list's own scrolling keys: ← → change carer, ↑ ↓ scroll.
            self._bindings.bind(keys, action, t(text), key_display=display, priority=True)

    def compose(self) -> ComposeResult:
        # Sheets read with the first board are drawn in the first frame; otherwise a thread
        # reads them (see on_mount).
        self.sheets = self._first or []
        self._read = self._first is not None
        sheet = self.sheet()
        if sheet is not None:
            self.carer_id = sheet.carer_id
        title, head, stops = self._parts(sheet)
        yield Plain(title, id="route-title")
        yield Plain(head, id="route-head")
        with VerticalScroll(id="stops", can_focus=True):
            yield from stops
        yield Footer()

    def on_mount(self) -> None:
        # The store may still be opening (the fast start): read or open it in a thread.
        self.run_worker(self._load, thread=True, exclusive=True, group="route")

    def _load(self) -> None:
        if self._first is not None:  # already drawn: only open the store and start watching
            self._first = None
            self.app.store  # noqa: B018 - the property opens it, off the UI thread
            self.app.call_from_thread(self._watch)
            return
        with self.app.store.session() as session:
            sheets = load_route_sheets(session, self.day, also=self.app.user.carer_id)
        self.app.call_from_thread(self._loaded, sheets)

    async def _loaded(self, sheets: list[RouteSheet]) -> None:
        if self not in self.app.screen_stack:  # closed while the thread was reading
            return
        again = self._read  # a reload after others' changes keeps the reader's place
        self.sheets, self._read = sheets, True
        await self._show(keep_place=again)
        if self.app.store_ready:
            self._watch()

    def _watch(self) -> None:
        """From now on others' changes reload the list (set up once; later loads find it on)."""
        if self._watching or self not in self.app.screen_stack:
            return
        self._watching = True
        self.data.watch()
        if self.app.poll:
            self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        """Others' changes (a move, a cover, a triage note) show here within a second."""
        if self.is_current and self.data.new_changes() is not None:
            self.run_worker(self._load, thread=True, exclusive=True, group="route")

    def on_screen_resume(self) -> None:
        if self._watching and self.app.poll:
            self._poll()

    def sheet(self) -> RouteSheet | None:
        found = [s for s in self.sheets if s.carer_id == self.carer_id]
        return found[0] if found else (self.sheets[0] if self.sheets else None)

    async def _show(self, *, keep_place: bool = False) -> None:
        async with self._drawing:
            await self._draw(keep_place)

    def _parts(self, sheet: RouteSheet | None) -> tuple[str, str, list[StopView]]:
        """Title, head lines and one view per stop for a sheet."""
        if sheet is None:
            return t("route.no_sheets" if self._read else "route.loading"), "", []
        head = [" · ".join(sheet_notes(sheet, t))]
        for label, people in contact_lines(sheet, t):
            head.append(f"{label}: {'; '.join(people)}")
        views = [StopView(i, stop) for i, stop in enumerate(sheet.stops, 1)]
        return sheet_title(sheet, t), "\n".join(head), views

    async def _draw(self, keep_place: bool) -> None:
        sheet = self.sheet()
        if sheet is not None:
            self.carer_id = sheet.carer_id
        title, head, views = self._parts(sheet)
        self.query_one("#route-title", Plain).update(title)
        self.query_one("#route-head", Plain).update(head)
        stops = self.query_one("#stops", VerticalScroll)
        place = stops.scroll_y if keep_place else 0
        await stops.remove_children()
        await stops.mount_all(views)
        self.call_after_refresh(stops.scroll_to, y=place, animate=False)

    async def action_step(self, delta: int) -> None:
        """The previous or next carer's route, in board order (wrapping around)."""
        ids = [s.carer_id for s in self.sheets]
        if not ids:
            return
        index = ids.index(self.carer_id) if self.carer_id in ids else 0
        self.carer_id = ids[(index + delta) % len(ids)]
        await self._show()

    def action_close(self) -> None:
        """Back to the board: the one beneath, or a new one when the list was the first screen
        (index 0 of the stack is Textual's own)."""
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)
        else:
            self.app.switch_screen(BoardScreen(self.day))
