"""Every text and symbol colour the board draws, against the ground it is drawn on, in every
shipped theme: text at least 4.5:1 (WCAG AA), symbols at least 3:1. Triage red and yellow stay
apart for a colleague with deuteranopia (simulated), and open visits differ by a pattern too."""

from __future__ import annotations

import math

import pytest
from rich.style import Style
from textual.color import Color

from kaffefoerst.config import resource_dir
from kaffefoerst.enums import TriageColour
from kaffefoerst.ui.palette import BoardPalette, board_palette
from kaffefoerst.ui.themes import load_themes
from kaffefoerst.ui.widgets.route_row import UNASSIGNED_FILL, UNCOVERED_FILL
from kaffefoerst.ui.widgets.triage_chip import colour_cell

TEXT = 4.5
SYMBOL = 3.0
DEUTAN_DISTANCE = 20.0  # CIE76 ΔE between red and yellow as a deuteranope sees them

THEMES = {theme.name: theme for theme in load_themes(resource_dir("themes"))[0]}


def luminance(colour: Color) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def variable(variables: dict[str, str], name: str, ground: Color | None = None) -> Color:
    """A Textual CSS variable as the colour it shows ('auto 87%': Textual's contrast text for
    the ground it stands on, at that strength)."""
    value = variables[name]
    if value.startswith("auto"):
        ground = ground or Color.parse(variables["background"])
        alpha = float(value.split()[1].rstrip("%")) / 100
        return ground + ground.get_contrast_text(alpha)
    return Color.parse(value)


def css_variables(name: str) -> dict[str, str]:
    """The variables as the app sees them: Textual's generated ones and the theme's own."""
    theme = THEMES[name]
    return {**theme.to_color_system().generate(), **theme.variables}


def fg_bg(style: Style, ground: Color) -> tuple[Color, Color]:
    bg = Color.from_rich_color(style.bgcolor) if style.bgcolor else ground
    assert style.color is not None
    return Color.from_rich_color(style.color), bg


def blocks(palette: BoardPalette) -> dict[str, Style]:
    """Every ground a block's text, pattern or symbol may stand on."""
    names = ("visit", "visit_alt", "warning", "uncovered", "unassigned", "overlap")
    return {name: getattr(palette, name) for name in (*names, "selected", "picked")}


def pairs(name: str) -> list[tuple[str, Color, Color, float]]:
    """(what, colour, ground, minimum) for everything the board and its frame draw."""
    variables = css_variables(name)
    ground = Color.parse(variables["background"])
    palette = board_palette(variables)
    found: list[tuple[str, Color, Color, float]] = []
    for what, style, minimum in (
        ("row header", palette.header, TEXT),
        ("uncovered header", palette.uncovered_header, TEXT),
        ("load", palette.load, TEXT),
        ("load high", palette.load_high, TEXT),
        ("hour tick", palette.hour, SYMBOL),
        ("hour tick off shift", palette.off_shift, SYMBOL),
        ("now-line", palette.now, SYMBOL),
    ):
        found.append((what, *fg_bg(style, ground), minimum))
    for what, style in blocks(palette).items():
        found.append((f"{what} block text", *fg_bg(style, ground), TEXT))
    for what, style in blocks(palette).items():
        for mark, tint in (("▲", palette.triage_red), ("△", palette.triage_yellow)):
            found.append((f"{mark} on {what}", *fg_bg(style + tint, ground), SYMBOL))
    for mark, tint in (("▲", palette.triage_red), ("△", palette.triage_yellow)):
        found.append((f"{mark} running on", *fg_bg(palette.header + tint, ground), SYMBOL))
    for colour in TriageColour:  # the side panel's, triage list's and meeting's triage text
        cell = colour_cell(colour, palette)
        found.append((f"triage text {colour}", *fg_bg(cell.style, ground), TEXT))  # type: ignore[arg-type]
    header = variable(variables, "primary-darken-3")  # BoardHeader in ui/app.tcss
    found.append(("board header", variable(variables, "text", header), header, TEXT))
    found.append(("team name", variable(variables, "secondary"), ground, TEXT))
    found.append(("legend", variable(variables, "text-muted"), ground, TEXT))
    footer = variable(variables, "footer-background")
    found.append(("footer key", variable(variables, "footer-key-foreground"), footer, TEXT))
    found.append(
        ("footer text", variable(variables, "footer-description-foreground"), footer, TEXT)
    )
    return found


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_and_symbol_stands_out_from_its_ground(name: str) -> None:
    assert pairs(name)
    weak = [
        f"{what}: {contrast(fg, bg):.2f} < {minimum}"
        for what, fg, bg, minimum in pairs(name)
        if contrast(fg, bg) < minimum
    ]
    assert weak == []


def deuteranopia(colour: Color) -> tuple[float, float, float]:
    """Machado, Oliveira and Fernandes (2009), severity 1.0, in linear RGB."""
    matrix = (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    )

    def linear(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    rgb = [linear(colour.r), linear(colour.g), linear(colour.b)]
    out = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix]
    return out[0], out[1], out[2]


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def triage_colour(style: Style) -> Color:
    """What carries the triage colour: the mark's own ground if it has one, else its ink."""
    return Color.from_rich_color(style.bgcolor or style.color)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_triage_red_and_yellow_stay_apart_for_deuteranopia(name: str) -> None:
    palette = board_palette(css_variables(name))
    red = lab(deuteranopia(triage_colour(palette.triage_red)))
    yellow = lab(deuteranopia(triage_colour(palette.triage_yellow)))
    assert math.dist(red, yellow) >= DEUTAN_DISTANCE


def test_the_simulation_merges_what_deuteranopes_confuse() -> None:
    """A check on the check: pure red and green, far apart to most, come close."""
    red, green = Color(220, 40, 40), Color(90, 140, 40)
    normal = math.dist(lab(deuteranopia(Color(0, 0, 255))), lab(deuteranopia(red)))
    assert math.dist(lab(deuteranopia(red)), lab(deuteranopia(green))) < normal / 3


def test_open_visits_differ_by_a_pattern_not_only_colour() -> None:
    assert UNASSIGNED_FILL.strip() and UNCOVERED_FILL.strip()
    assert UNASSIGNED_FILL != UNCOVERED_FILL
