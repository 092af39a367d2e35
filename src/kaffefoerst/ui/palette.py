"""Rich styles for the timeline, worked out once per theme.

Component classes would give every row ten styled virtual nodes (220 on the sample board), which
made the first paint several times slower; one shared palette keeps start-up close to bare Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.color import Color


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
    uncovered_header: Style
    selected: Style
    picked: Style
    load: Style
    load_high: Style
    hour: Style
    off_shift: Style = Style(dim=True)  # hours outside a carer's own shift


def _colour(variables: dict[str, str], name: str, fallback: str) -> Color:
    try:
        return Color.parse(variables.get(name, fallback))
    except Exception:  # a theme variable like "auto 87%" is no plain colour
        return Color.parse(fallback)


def _block(background: Color, fill: Color, amount: float, **flags: bool) -> Style:
    colour = background.blend(fill, amount)
    return Style(
        bgcolor=colour.rich_color, color=colour.get_contrast_text(0.95).rich_color, **flags
    )


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
        triage_red=Style(color=error.lighten(0.25).rich_color, bold=True),
        triage_yellow=Style(color=warning.rich_color, bold=True),
        selected=_block(bg, accent, 1.0, bold=True, underline=True),
        picked=_block(bg, warning, 1.0, bold=True, reverse=False),
        load=Style(color=success.rich_color),
        load_high=Style(color=warning.rich_color),
        hour=Style(color=bg.blend(fg, 0.3).rich_color),
        off_shift=Style(bgcolor=bg.blend(fg, 0.1).rich_color, color=bg.blend(fg, 0.3).rich_color),
    )
