"""One board line: a row header (initials, profession, phone, load) and the visits as blocks."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from rich.style import Style
from rich.text import Text

from kaffefoerst.domain.plan import CarerInfo, PlanVisit
from kaffefoerst.domain.short_code import board_label, split_title
from kaffefoerst.locale import t
from kaffefoerst.ui.board_view import BoardView, Row
from kaffefoerst.ui.palette import BoardPalette
from kaffefoerst.ui.row_layout import (
    HEADER_WIDE,
    Block,
    Cell,
    GapLook,
    Scale,
    draw_row,
    gap_cells,
    header_width,
)

LOAD_CELLS = 5
FIXED = "◆"
TWO_CARERS = "²"
WARNING = "!"
COVERING = "«"
OUTSIDE = "¤"  # last changed by someone outside the team's own hands
TRIAGE_MARK = {"RED": "▲", "YELLOW": "△"}  # a symbol as well as a colour, never colour alone
UNASSIGNED_FILL = "·"  # open visits differ by more than colour: a pattern in their blocks
UNCOVERED_FILL = "╱"


def shift_label(carer: CarerInfo) -> str:
    """The carer's own hours, '07–13'; empty for someone without a shift row."""
    if carer.shift_start is None or carer.shift_end is None:
        return ""
    return f"{carer.shift_start // 60:02d}–{carer.shift_end // 60 % 24:02d}"


def visit_marks(view: BoardView, visit: PlanVisit) -> list[tuple[str, Style | None]]:
    """The symbols a block shows after the name; triage in its own colour as well."""
    plan, palette = view.plan, view.palette
    marks: list[tuple[str, Style | None]] = []
    if view.warnings.get(visit.id):
        marks.append((WARNING, None))
    if visit.fixed_time:
        marks.append((FIXED, None))
    if visit.two_carers:
        marks.append((TWO_CARERS, None))
    if visit.id in plan.covers:
        marks.append((COVERING, None))
    if visit.id in plan.outside:
        marks.append((OUTSIDE, None))
    colour = plan.colours.get(visit.citizen_id)
    mark = TRIAGE_MARK.get(colour.value) if colour else None
    if mark:
        tint = palette.triage_red if colour.value == "RED" else palette.triage_yellow  # type: ignore[union-attr]
        marks.append((mark, tint))
    return marks


def visit_label(view: BoardView, visit: PlanVisit) -> str:
    """The whole label as text: the identifying name, the title, then the symbols."""
    citizen = view.plan.citizens[visit.citizen_id]
    return board_label(citizen.short_name) + "".join(m for m, _ in visit_marks(view, visit))


class RouteRow:
    """Draws one row of the board from the shared BoardView: a header and the blocks, as
    ``lines`` Rich Text lines. Not a widget: the board body (widgets/board_body.py) draws
    only the rows on screen and keeps each row's lines until that row changes."""

    def __init__(self, view: BoardView, row_index: int) -> None:
        self.view = view
        self.row_index = row_index

    @property
    def row(self) -> Row:
        return self.view.rows[self.row_index]

    def draw(self, total: int, height: int) -> list[Text]:
        """The row at ``total`` columns (header included) and ``height`` lines."""
        view, row = self.view, self.row
        head_w = header_width(total)
        plan = view.plan
        scale = Scale(plan.shift_start, plan.shift_end, total - head_w)
        heads = self._header(row, head_w, height)
        blocks = draw_row(self._blocks(row, scale), height, self._free(scale), self._look())
        out = []
        for head, body in zip(heads, blocks, strict=True):
            line = Text(no_wrap=True, overflow="crop")
            line.append_text(head)
            line.append_text(body)
            out.append(line)
        return out

    def _look(self) -> GapLook:
        p = self.view.palette
        return GapLook(hour=p.hour, now=p.now, overlap=p.overlap, text=p.header)

    def _free(self, scale: Scale) -> list[Cell]:
        """Free time on this row: hour ticks and the now-line (the place for shift greying)."""
        now = self.view.now_min
        inside = now is not None and scale.start <= now < scale.start + scale.span
        now_col = scale.col(now) if inside else None  # type: ignore[arg-type]
        cells = gap_cells(scale.width, scale.hour_cols(), now_col, self._look())
        return self._off_shift(cells, scale)

    def _off_shift(self, cells: list[Cell], scale: Scale) -> list[Cell]:
        """Free time outside the carer's own shift is greyed (a helper off at 13:00, an
        afternoon shift from 13:00); its hour ticks stay, in the greyed look."""
        row = self.row
        carer = None if row.carer_id is None else self.view.plan.carers.get(row.carer_id)
        if carer is None or row.uncovered or carer.shift_start is None or carer.shift_end is None:
            return cells
        off = self.view.palette.off_shift
        first, last = scale.col(carer.shift_start), scale.col(carer.shift_end)
        for col in [*range(0, min(first, scale.width)), *range(max(last, 0), scale.width)]:
            cells[col] = (cells[col][0], off)
        return cells

    def _header(self, row: Row, width: int, height: int) -> list[Text]:
        style = self.view.palette.header
        blank = [Text(" " * width) for _ in range(height - 1)]
        if row.carer_id is None or row.uncovered:
            label = ""
            if row.lane == 0 and row.carer_id is None:
                label = t("board.unassigned")
            elif row.lane == 0:
                absent = self.view.plan.carers[row.carer_id]  # type: ignore[index]
                label = t("board.uncovered", initials=absent.initials)
                if height == 1 and len(label) >= width:  # one line, narrow: the short form
                    label = t("board_size.uncovered_short", initials=absent.initials)
                style = self.view.palette.uncovered_header
            if height > 1 and len(label) >= width:  # "Mangler dækning: TJ" over two lines
                wrapped = textwrap.wrap(label, width - 1)[:height]
                heads = [Text(part.ljust(width)[:width], style=style) for part in wrapped]
                return heads + [Text(" " * width)] * (height - len(heads))
            return [Text(label.ljust(width)[:width], style=style), *blank]
        carer = self.view.plan.carers[row.carer_id]
        view = self.view
        if view.selected is None and view.pending is None and view.current == self.row_index:
            style = view.palette.selected  # an empty route is selected: its name lights up
        first = Text(f"{carer.initials:<4}", style=style)
        hours = shift_label(carer)  # the carer's own hours, '07–13'
        if width >= HEADER_WIDE:
            first.append(f"{carer.profession:<5}{hours:<6}{carer.phone:<10}", style=style)
            first.append_text(self._load(carer, LOAD_CELLS))
            second = Text(carer.name, style=style)
        elif height > 1:
            first.append(f"{carer.profession:<5}{hours}", style=style)
            second = self._load(carer, LOAD_CELLS)
        else:
            first.append(f"{hours} " if hours else "", style=style)
            pct = self._load(carer, 0)
            pct.plain = pct.plain.strip()  # one narrow line: no room for the bar's padding
            first.append_text(pct)
            second = Text()
        heads = [first, second][:height] + blank[1:]
        for head in heads:
            head.truncate(width - 1)
            head.pad_right(width - head.cell_len)
        return heads

    def _load(self, carer: CarerInfo, cells: int) -> Text:
        load = self.view.plan.load(carer.id)
        filled = min(cells, round(load * cells))
        palette = self.view.palette
        style = palette.load_high if load > 0.9 else palette.load
        return Text.assemble(
            ("█" * filled + "░" * (cells - filled), style),
            (f"{round(load * 100):>4}%", style),
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

    def _blocks(self, row: Row, scale: Scale) -> list[Block]:
        view = self.view
        palette = view.palette
        fill = " "
        if row.uncovered:
            fill = UNCOVERED_FILL
        elif row.carer_id is None:
            fill = UNASSIGNED_FILL
        blocks = []
        for n, (visit, picked) in enumerate(self._placed(row)):
            c0, c1 = scale.block(visit.start_min, visit.end_min)
            citizen = view.plan.citizens[visit.citizen_id]
            name, title = split_title(citizen.short_name)
            blocks.append(
                Block(
                    c0=c0,
                    c1=c1,
                    style=self._visit_style(visit, picked, n, palette),
                    fill=fill,
                    name=name,
                    title=title.casefold(),
                    code=view.codes.get(visit.citizen_id, ""),
                    marks=tuple(visit_marks(view, visit)),
                )
            )
        return blocks

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
        if self.row.carer_id is None:
            return palette.unassigned
        return palette.visit if n % 2 == 0 else palette.visit_alt
