"""Terminal plots for the team figures: a monthly trend with reference lines, and bars.

Plain Rich ``Text`` built from box-drawing and block characters, so a plot reads the same in
a terminal, under ``kaffefoerst serve`` and in a screenshot. Every plot also prints its
numbers: a person on a projector at 07:00 should not have to guess a value from a dot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

POINT = "●"
EIGHTHS = " ▏▎▍▌▋▊▉█"
REFERENCE_DASHES = ("╌", "┈", "┄")
ROWS, LABEL_EVERY = 13, 4  # 12 steps: a label at 0, 1/3, 2/3 and the top


@dataclass(frozen=True, slots=True)
class PlotStyle:
    axis: Style = Style(dim=True)
    point: Style = Style(bold=True)
    bar: Style = Style()
    references: tuple[Style, ...] = (Style(color="yellow"), Style(color="magenta"))


@dataclass(frozen=True, slots=True)
class Reference:
    value: float
    label: str


def _level(value: float, top: float, rows: int) -> int:
    """The row a value is drawn on, 0 at the bottom."""
    return max(0, min(rows - 1, round(value / top * (rows - 1))))


def trend_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    references: Sequence[Reference] = (),
    *,
    fmt: Callable[[float | None], str],
    column: int = 5,
    style: PlotStyle = PlotStyle(),
    legend_title: str = "",
) -> Text:
    """One point per column (a month), reference lines across, values printed underneath.
    ``legend_title`` says what the reference lines are, before their legend.

    The axis starts at zero: continuity is a count of people, and a cut axis would make a
    change of one face look like a collapse.
    """
    known = [v for v in values if v is not None]
    # A top that is a multiple of 3 puts the axis labels (every LABEL_EVERY rows) on whole
    # numbers of people: 0-3-6-9, 0-4-8-12, …
    highest = max([*known, *(r.value for r in references), 1.0])
    top = float(math.ceil((highest + 0.5) / 3) * 3)
    rows = ROWS
    width = column * len(values)
    grid: list[list[tuple[str, Style | None]]] = [[(" ", None)] * width for _ in range(rows)]
    for i, ref in enumerate(references):
        dash = REFERENCE_DASHES[i % len(REFERENCE_DASHES)]
        ref_style = style.references[i % len(style.references)]
        row = grid[_level(ref.value, top, rows)]
        for x in range(width):
            row[x] = (dash, ref_style)
    for i, value in enumerate(values):
        if value is not None:
            grid[_level(value, top, rows)][i * column + column // 2] = (POINT, style.point)
    text = Text(no_wrap=True, overflow="crop")
    for r in range(rows - 1, -1, -1):
        label = f"{top * r / (rows - 1):>4.0f} ┤" if r % LABEL_EVERY == 0 else "     │"
        text.append(label, style.axis)
        for char, cell_style in grid[r]:
            text.append(char, cell_style)
        text.append("\n")
    text.append("     └" + "─" * width + "\n", style.axis)
    text.append("      " + "".join(label.center(column) for label in labels) + "\n", style.axis)
    text.append("      " + "".join(fmt(v).center(column) for v in values))
    if references:
        text.append("\n      ")
        if legend_title:
            text.append(legend_title + " ", style.axis)
        for i, ref in enumerate(references):
            dash = REFERENCE_DASHES[i % len(REFERENCE_DASHES)]
            text.append(dash * 3 + " ", style.references[i % len(style.references)])
            text.append(ref.label + "   ")
    return text


def bar(fraction: float, width: int) -> str:
    """A bar of ``fraction`` × ``width`` cells, in eighths of a cell."""
    eighths = max(0, round(min(fraction, 1.0) * width * 8))
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def bar_chart(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    scale: float | None = None,
    width: int = 30,
    style: PlotStyle = PlotStyle(),
) -> Text:
    """Horizontal bars: (label, value or None for no bar, the value as text)."""
    values = [v for _, v, _ in rows if v is not None]
    top = scale or max([*values, 0.0]) or 1.0
    label_width = max((len(label) for label, _, _ in rows), default=0)
    text = Text(no_wrap=True, overflow="crop")
    for n, (label, value, shown) in enumerate(rows):
        if n:
            text.append("\n")
        text.append(label.ljust(label_width) + " ")
        text.append(bar(value / top if value is not None else 0.0, width), style.bar)
        text.append(" " + shown)
    return text
