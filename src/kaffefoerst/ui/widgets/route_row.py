"""One board line: a row header (initials, profession, phone, load) and the visits as blocks."""

from __future__ import annotations

from dataclasses import replace

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from kaffefoerst.domain.plan import CarerInfo, PlanVisit
from kaffefoerst.locale import t
from kaffefoerst.ui.board_view import BoardView, Row
from kaffefoerst.ui.palette import BoardPalette

HEADER_WIDE = 36
HEADER_NARROW = 26
LOAD_CELLS = 5
FIXED = "◆"
TWO_CARERS = "²"
WARNING = "!"
COVERING = "«"
OUTSIDE = "¤"  # last changed by someone outside the team's own hands
TRIAGE_MARK = {"RED": "▲", "YELLOW": "△"}  # a symbol as well as a colour, never colour alone


def header_width(total: int) -> int:
    return HEADER_WIDE if total >= 150 else HEADER_NARROW


class Scale:
    """Minutes of the shift mapped onto the columns right of the row header."""

    def __init__(self, shift_start: int, shift_end: int, width: int) -> None:
        self.start = shift_start
        self.span = max(1, shift_end - shift_start)
        self.width = max(1, width)

    def col(self, minute: int) -> int:
        return max(0, min(self.width, round((minute - self.start) * self.width / self.span)))

    def block(self, start: int, end: int) -> tuple[int, int]:
        c0 = self.col(start)
        return c0, max(c0 + 1, self.col(end))


def visit_label(view: BoardView, visit: PlanVisit) -> str:
    citizen = view.plan.citizens[visit.citizen_id]
    marks = ""
    if view.warnings.get(visit.id):
        marks += WARNING
    if visit.fixed_time:
        marks += FIXED
    if visit.two_carers:
        marks += TWO_CARERS
    if visit.id in view.plan.covers:
        marks += COVERING
    if visit.id in view.plan.outside:
        marks += OUTSIDE
    return marks + citizen.short_name


class RouteRow(Widget):
    """Renders from the shared BoardView; the screen refreshes only the rows a change touches."""

    DEFAULT_CSS = """
    RouteRow { height: 1; }
    """

    def __init__(self, view: BoardView, row_index: int) -> None:
        super().__init__()
        self.view = view
        self.row_index = row_index

    @property
    def row(self) -> Row:
        return self.view.rows[self.row_index]

    def render_line(self, y: int) -> Strip:
        """Line API: segments straight to a Strip, skipping Textual's conversion of Rich Text
        (that conversion was most of the board's first paint)."""
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        segments = self.line().render(self.app.console)
        return Strip(segments).apply_style(self.rich_style).adjust_cell_length(width)

    def line(self) -> Text:
        view, row = self.view, self.row
        total = self.size.width or 120
        head_w = header_width(total)
        scale = Scale(view.plan.shift_start, view.plan.shift_end, total - head_w)
        line = Text(no_wrap=True, overflow="crop")
        line.append_text(self._header(row, head_w))
        line.append_text(self._blocks(row, scale))
        return line

    def _header(self, row: Row, width: int) -> Text:
        style = self.view.palette.header
        if row.carer_id is None or row.uncovered:
            label = ""
            if row.lane == 0 and row.carer_id is None:
                label = t("board.unassigned")
            elif row.lane == 0:
                absent = self.view.plan.carers[row.carer_id]  # type: ignore[index]
                label = t("board.uncovered", initials=absent.initials)
                style = self.view.palette.uncovered_header
            return Text(label.ljust(width)[:width], style=style)
        carer = self.view.plan.carers[row.carer_id]
        view = self.view
        if view.selected is None and view.pending is None and view.current == self.row_index:
            style = view.palette.selected  # an empty route is selected: its name lights up
        text = Text(f"{carer.initials:<4}{carer.profession:<5}", style=style)
        text.append(f"{shift_label(carer):<6}", style=style)
        if width >= HEADER_WIDE:
            text.append(f"{carer.phone:<10}", style=style)
        text.append_text(self._load(carer))
        text.pad_right(width - text.cell_len)
        return text

    def _load(self, carer: CarerInfo) -> Text:
        load = self.view.plan.load(carer.id)
        filled = min(LOAD_CELLS, round(load * LOAD_CELLS))
        palette = self.view.palette
        style = palette.load_high if load > 0.9 else palette.load
        return Text.assemble(
            ("█" * filled + "░" * (LOAD_CELLS - filled), style),
            (f"{round(load * 100):>4}% ", style),
        )

    def _placed(self, row: Row) -> list[tuple[PlanVisit, bool]]:
        """The row's visits, with a picked-up visit drawn where it would land."""
        plan, pending = self.view.plan, self.view.pending
        items = [(plan.visits[i], False) for i in row.visit_ids]
        if pending is None:
            return items
        items = [(v, p) for v, p in items if v.id != pending.visit_id]
        lands_here = pending.carer_id == row.carer_id and (
            row.carer_id is not None or row.lane == 0
        )
        if lands_here:
            visit = plan.visits[pending.visit_id]
            ghost = replace(visit, start_min=pending.start_min)
            items.append((ghost, True))
            items.sort(key=lambda item: item[0].start_min)
        return items

    def _blocks(self, row: Row, scale: Scale) -> Text:
        palette = self.view.palette
        text = Text()
        cursor = 0
        hours = {scale.col(h * 60) for h in range(scale.start // 60 + 1, 24)}
        for n, (visit, picked) in enumerate(self._placed(row)):
            c0, c1 = scale.block(visit.start_min, visit.end_min)
            c0 = max(c0, cursor)
            if c0 >= scale.width:
                break
            c1 = min(max(c1, c0 + 1), scale.width)
            text.append_text(self._gap(cursor, c0, hours, scale))
            style = self._visit_style(visit, picked, n, palette)
            label = visit_label(self.view, visit)[: c1 - c0].ljust(c1 - c0)
            colour = self.view.plan.colours.get(visit.citizen_id)
            mark = TRIAGE_MARK.get(colour.value) if colour else None
            if mark and not picked:
                tint = palette.triage_red if colour.value == "RED" else palette.triage_yellow
                text.append(mark, style + tint)
                label = label[:-1] if len(label) > 1 else ""
            text.append(label, style)
            cursor = c1
        text.append_text(self._gap(cursor, scale.width, hours, scale))
        return text

    def _gap(self, c0: int, c1: int, hours: set[int], scale: Scale) -> Text:
        """Empty time, greyed where it lies outside the carer's own shift (a helper off at
        13:00, an afternoon shift from 13:00)."""
        palette = self.view.palette
        text = _gap(c0, c1, hours, palette.hour)
        row = self.row
        carer = None if row.carer_id is None else self.view.plan.carers.get(row.carer_id)
        if carer is None or row.uncovered or carer.shift_start is None or carer.shift_end is None:
            return text
        first, last = scale.col(carer.shift_start), scale.col(carer.shift_end)
        for lo, hi in ((c0, min(c1, first)), (max(c0, last), c1)):  # before, after the shift
            if lo < hi:
                text.stylize(palette.off_shift, lo - c0, hi - c0)
        return text

    def _visit_style(self, visit: PlanVisit, picked: bool, n: int, palette: BoardPalette) -> Style:
        if picked:
            return palette.picked
        selected = visit.id == self.view.selected and self.view.pending is None
        if selected and self.view.current_row() == self.row_index:
            return palette.selected
        if self.row.uncovered:
            return palette.uncovered
        if self.view.warnings.get(visit.id):
            return palette.warning
        return palette.visit if n % 2 == 0 else palette.visit_alt


def shift_label(carer: CarerInfo) -> str:
    """The carer's own hours, '07–13'; empty for someone without a shift row."""
    if carer.shift_start is None or carer.shift_end is None:
        return ""
    return f"{carer.shift_start // 60:02d}–{carer.shift_end // 60 % 24:02d}"


def _gap(c0: int, c1: int, hours: set[int], style: Style) -> Text:
    """Empty time, with a faint tick at each full hour so blocks can be read against the axis."""
    return Text("".join("┆" if c in hours else " " for c in range(c0, c1)), style=style)
