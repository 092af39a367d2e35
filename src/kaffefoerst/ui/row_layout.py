"""Where a route row's blocks and labels go: plain functions over columns, no widgets.

A row is ``lines`` screen lines high. Every visit's block covers its true minutes on every
line (never pushed right: minutes two visits share are drawn as overlap). Labels start where
their visit starts and may run on over free time; with two or more lines they take turns, so
each label also has the room under its neighbour's. Free time is drawn by ``gap_cells``, one
function, so other marks on free time (a carer's shift, the now-line) have one place to go.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

NEED = 4  # letters of a name that make it readable; fewer and the short code is clearer
HEADER_WIDE = 36  # initials, profession, own hours, phone, load
HEADER_NARROW = 15
WIDE_FROM = 150  # columns from which the row header has room for the phone number
Cell = tuple[str, Style | None]


class Scale:
    """Minutes of the shift mapped onto the columns right of the row header."""

    def __init__(self, shift_start: int, shift_end: int, width: int) -> None:
        self.start = shift_start
        self.span = max(1, shift_end - shift_start)
        self.width = max(1, width)

    def col(self, minute: int) -> int:
        return max(0, min(self.width, round((minute - self.start) * self.width / self.span)))

    def block(self, start: int, end: int) -> tuple[int, int]:
        c0 = min(self.col(start), self.width - 1)
        return c0, max(c0 + 1, self.col(end))

    def hour_cols(self) -> set[int]:
        first = self.start // 60 + 1
        return {self.col(h * 60) for h in range(first, (self.start + self.span) // 60 + 1)}


def header_width(total: int) -> int:
    return HEADER_WIDE if total >= WIDE_FROM else HEADER_NARROW


@dataclass(frozen=True, slots=True)
class Block:
    """One visit as the row draws it: its columns, look, and the words it may show."""

    c0: int
    c1: int
    style: Style
    fill: str  # what empty cells of the block show: ' ', or a pattern for open visits
    name: str  # the identifying name ("Lund")
    title: str  # "fru", "hr." or ""
    code: str  # the short code for blocks too small for a name
    marks: tuple[tuple[str, Style | None], ...]  # symbols; a style only where it tints


@dataclass(frozen=True, slots=True)
class GapLook:
    """How free time looks: an hour tick, the now-line, or nothing."""

    hour: Style
    now: Style
    overlap: Style
    text: Style  # a label running on over free time


def gap_cells(width: int, hours: set[int], now_col: int | None, look: GapLook) -> list[Cell]:
    cells: list[Cell] = [(" ", None)] * width
    for col in hours:
        if 0 <= col < width:
            cells[col] = ("┆", look.hour)
    if now_col is not None and 0 <= now_col < width:
        cells[now_col] = ("│", look.now)
    return cells


def place_labels(blocks: list[Block], lines: int, width: int) -> list[tuple[int, int]]:
    """(line, room) per block: the line whose last label began earliest, and the columns the
    label may use before the next label on that line (one free cell kept between labels that
    meet over free time)."""
    last = [-1] * lines
    chosen: list[int] = []
    for block in blocks:
        line = min(range(lines), key=lambda k: (last[k], k))
        chosen.append(line)
        last[line] = block.c0
    rooms = []
    for i, block in enumerate(blocks):
        after = (b.c0 for j, b in enumerate(blocks) if j > i and chosen[j] == chosen[i])
        following = next((c for c in after if c > block.c0), width)
        if following <= block.c0:
            rooms.append(0)
            continue
        room = following - block.c0
        if following > block.c1 and following < width:
            room -= 1
        rooms.append(max(room, min(block.c1, following) - block.c0))
    return list(zip(chosen, rooms, strict=True))


def fit_label(block: Block, room: int) -> list[Cell]:
    """The words a block shows in ``room`` columns: the name first (at least 4 letters), then
    the symbols, then the rest of the name and the title; the code when no name fits."""
    marks = list(block.marks)
    name = block.name
    need = min(NEED, len(name))
    if room >= need:
        shown = name[: max(need, room - len(marks))]
        rest = room - len(shown) - len(marks)
        title = f" {block.title}" if block.title and rest >= len(block.title) + 1 else ""
        cells: list[Cell] = [(c, None) for c in shown + title]
        return cells + marks[: room - len(cells)]
    if room >= len(block.code):
        return [(c, None) for c in block.code] + marks[: room - len(block.code)]
    return marks[:room] or [(c, None) for c in block.code[:room]]


def draw_row(
    blocks: list[Block], lines: int, background: list[Cell], look: GapLook
) -> list[Text]:
    """The row's lines right of the header: blocks over free time, then the labels."""
    width = len(background)
    grid = [list(background) for _ in range(lines)]
    cover = [0] * width
    for block in blocks:
        for col in range(block.c0, min(block.c1, width)):
            cover[col] += 1
            for line in grid:
                line[col] = (block.fill, block.style)
    for col, count in enumerate(cover):
        if count > 1:  # minutes two visits share: drawn as overlap, not pushed apart
            for line in grid:
                line[col] = ("╳", look.overlap)
    for block, (line, room) in zip(blocks, place_labels(blocks, lines, width), strict=True):
        for offset, (char, tint) in enumerate(fit_label(block, room)):
            col = block.c0 + offset
            if col >= width:
                break
            # Inside its block on the block's colour; running on, as plain text on the board's
            # ground, so the coloured cells of a label's own line are exactly its minutes.
            if block.c0 <= col < block.c1:  # shared minutes keep the overlap's colour
                base = look.overlap if cover[col] > 1 else block.style
            else:
                base = look.text
            grid[line][col] = (char, base + tint if tint else base)
    return [_text(line) for line in grid]


def _text(cells: list[Cell]) -> Text:
    text = Text(no_wrap=True, overflow="crop")
    run, style = "", None
    for char, cell_style in cells:
        if cell_style != style and run:
            text.append(run, style)
            run = ""
        run += char
        style = cell_style
    if run:
        text.append(run, style)
    return text
