"""Rich styles for the timeline, worked out once per theme.

Component classes would give every row ten styled virtual nodes (220 on the sample board), which
made the first paint several times slower; one shared palette keeps start-up close to bare Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.color import Color

SYMBOL_CONTRAST = 3.0  # WCAG 1.4.11 for graphics; text is held to 4.5 by the tests


@dataclass(frozen=True, slots=True)
class BoardPalette:
    header: Style
    visit: Style
    visit_alt: Style
    warning: Style
    uncovered: Style
    unassigned: Style
    overlap: Style
    now: Style
    triage_red: Style
    triage_yellow: Style
    triage_green: Style
    uncovered_header: Style
    selected: Style
    picked: Style
    load: Style
    load_high: Style
    hour: Style
    team: Style
    off_shift: Style = Style(dim=True)  # hours outside a carer's own shift


def _colour(variables: dict[str, str], name: str, fallback: str) -> Color:
    try:
        return Color.parse(variables.get(name, fallback))
    except Exception:  # a theme variable like "auto 87%" is no plain colour
        return Color.parse(fallback)


def contrast(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio: text needs 4.5, symbols 3 (tests/test_theme_contrast.py)."""

    def luminance(c: Color) -> float:
        def channel(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink(ground: Color) -> Color:
    """Black or white, whichever reads better on this ground (Textual's own choice goes by
    brightness and falls short of 4.5:1 on mid blues and reds)."""
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    return max((black, white), key=lambda c: contrast(c, ground))


def _visible(ground: Color, towards: Color, start: float, minimum: float) -> Color:
    """The faintest blend of ``towards`` into ``ground`` from ``start`` on that still stands
    out by ``minimum``: hour ticks stay quiet but visible from across the room."""
    amount = start
    while amount < 1 and contrast(ground.blend(towards, amount), ground) < minimum:
        amount += 0.05
    return ground.blend(towards, min(1.0, amount))


def _off_shift(bg: Color, fg: Color) -> Style:
    """Hours outside a carer's own shift: a faintly lighter ground, its hour ticks still 3:1."""
    ground = bg.blend(fg, 0.1)
    tick = _visible(ground, fg, 0.3, SYMBOL_CONTRAST)
    return Style(bgcolor=ground.rich_color, color=tick.rich_color)


def _hour_tick(variables: dict[str, str], bg: Color, fg: Color) -> Color:
    """A theme may name its hour-tick colour (the big screen wants them brighter than 3:1)."""
    if "hour-tick" in variables:
        return _colour(variables, "hour-tick", fg.hex)
    return _visible(bg, fg, 0.3, SYMBOL_CONTRAST)


def _block(background: Color, fill: Color, amount: float, **flags: bool) -> Style:
    colour = background.blend(fill, amount)
    return Style(bgcolor=colour.rich_color, color=ink(colour).rich_color, **flags)


def _chip(colour: Color) -> Style:
    """A triage mark is a small chip of its colour with the symbol inked on it, so it reads
    on any block (▲ red on a blue or red block, △ yellow on brown, were lost)."""
    return Style(bgcolor=colour.rich_color, color=ink(colour).rich_color, bold=True)


def board_palette(variables: dict[str, str]) -> BoardPalette:
    bg = _colour(variables, "background", "#121212")
    fg = _colour(variables, "foreground", "#e0e0e0")
    primary = _colour(variables, "primary", "#0178D4")
    error = _colour(variables, "error", "#B93C5B")
    accent = _colour(variables, "accent", "#FEA62B")
    warning = _colour(variables, "warning", "#FEA62B")
    success = _colour(variables, "success", "#4EBF71")
    secondary = _colour(variables, "secondary", "#9C7A5B")
    return BoardPalette(
        header=Style(color=fg.rich_color),
        visit=_block(bg, primary, 0.45),
        visit_alt=_block(bg, primary, 0.7),
        warning=_block(bg, error, 0.75, bold=True),
        uncovered=_block(bg, warning, 0.55, bold=True),
        unassigned=_block(bg, secondary, 0.5),
        overlap=_block(bg, error, 1.0, bold=True),
        now=Style(color=accent.rich_color, bold=True),
        uncovered_header=Style(color=warning.rich_color, bold=True),
        triage_red=_chip(_colour(variables, "triage-red", error.hex)),
        triage_yellow=_chip(_colour(variables, "triage-yellow", warning.hex)),
        triage_green=_chip(_colour(variables, "triage-green", success.hex)),
        selected=_block(bg, accent, 1.0, bold=True, underline=True),
        picked=_block(bg, warning, 1.0, bold=True, reverse=False),
        load=Style(color=success.rich_color),
        load_high=Style(color=warning.rich_color),
        hour=Style(color=_hour_tick(variables, bg, fg).rich_color),
        team=Style(color=secondary.rich_color, bold=True),
        off_shift=_off_shift(bg, fg),
    )


def triage_style(palette: BoardPalette, colour: str) -> Style:
    """The theme's chip for a triage colour (RED, YELLOW, GREEN): the board's marks, the side
    panel and the triage list all show the same colours, held to contrast by one test."""
    return {"RED": palette.triage_red, "YELLOW": palette.triage_yellow}.get(
        colour, palette.triage_green
    )
