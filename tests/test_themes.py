"""Themes: the shipped files load cleanly, broken ones are reported, the wheel ships them."""

from __future__ import annotations

import colorsys
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Footer, Label

from kaffefoerst.config import resource_dir
from kaffefoerst.ui.themes import TEXTUAL_FALLBACK, Problem, load_themes, pick_theme

REPO = Path(__file__).resolve().parents[1]

GOOD = """
name = "{name}"
primary = "#C8915A"
background = "#1E1812"
"""


def write(folder: Path, file: str, text: str) -> Path:
    path = folder / file
    path.write_text(text, encoding="utf-8")
    return path


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        c = Color.parse(colour)

        def channel(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- the shipped themes ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    themes, problems = load_themes(resource_dir("themes"))
    return {theme.name: theme for theme in themes}, problems


def test_shipped_themes_load_without_problems(shipped):
    themes, problems = shipped
    assert problems == []
    assert {"kaffe", "storskaerm"} <= set(themes)


def test_default_theme_is_dark_kaffe(shipped):
    themes, _ = shipped
    assert themes["kaffe"].dark is True
    assert pick_theme(themes.values(), None) == ("kaffe", None)


def test_each_shipped_file_is_named_after_its_theme():
    for path in resource_dir("themes").glob("*.toml"):
        assert tomllib.loads(path.read_text("utf-8"))["name"] == path.stem


@pytest.mark.parametrize("name", ["kaffe", "storskaerm", "lys"])
def test_text_is_readable_on_every_ground(shipped, name):
    themes, _ = shipped
    if name not in themes:
        pytest.skip(f"{name} is not shipped")
    theme = themes[name]
    for ground in (theme.background, theme.surface, theme.panel):
        assert contrast(theme.foreground, ground) >= 7, (name, ground)  # WCAG AAA
    for key in ("primary", "warning", "error", "success"):
        assert contrast(getattr(theme, key), theme.background) >= 4.5, (name, key)  # WCAG AA


def test_storskaerm_is_high_contrast_with_distinct_status_colours(shipped):
    themes, _ = shipped
    theme = themes["storskaerm"]
    assert contrast(theme.foreground, theme.background) >= 18
    assert Color.parse(theme.background).brightness < 0.05
    assert theme.text_alpha == 1.0  # no dimmed text at 3 m
    hues = {}
    for key in ("primary", "warning", "error", "success"):
        colour = Color.parse(getattr(theme, key))
        hue, _, saturation = colorsys.rgb_to_hls(colour.r / 255, colour.g / 255, colour.b / 255)
        assert saturation >= 0.8, key
        hues[key] = hue * 360
    keys = sorted(hues)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            distance = abs(hues[a] - hues[b])
            assert min(distance, 360 - distance) >= 40, (a, b, hues)


class ThemeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Tavle")
        yield Footer()


async def test_textual_accepts_every_shipped_theme(shipped):
    themes, _ = shipped
    app = ThemeApp()
    async with app.run_test(size=(60, 10)) as pilot:
        for theme in themes.values():
            app.register_theme(theme)
            app.theme = theme.name
            await pilot.pause()
            assert app.current_theme.name == theme.name
            assert app.get_css_variables()["block-cursor-text-style"]


# --- broken files ---------------------------------------------------------------------------


def test_broken_files_are_reported_and_the_rest_still_load(tmp_path):
    write(tmp_path, "a_good.toml", GOOD.format(name="god"))
    write(tmp_path, "b_toml.toml", 'name = "x"\nprimary = \n')
    write(tmp_path, "c_colour.toml", GOOD.format(name="farve") + 'error = "#12345g"\n')
    write(tmp_path, "d_noname.toml", 'primary = "#ffffff"\n')
    write(tmp_path, "e_unknown.toml", GOOD.format(name="ukendt") + 'primry = "#ffffff"\n')
    write(tmp_path, "f_variable.toml", GOOD.format(name="var") + '[variables]\nborder = "#xyz"\n')
    write(tmp_path, "g_type.toml", GOOD.format(name="type") + 'dark = "ja"\n')
    write(tmp_path, "h_duplicate.toml", GOOD.format(name="god"))
    write(tmp_path, "i_good.toml", GOOD.format(name="også-god"))
    (tmp_path / "j_latin1.toml").write_bytes(
        'name = "bl\xe5"\nprimary = "#fff"\n'.encode("latin-1")
    )
    write(tmp_path, "notes.txt", "not a theme")

    themes, problems = load_themes(tmp_path)

    assert [theme.name for theme in themes] == ["god", "også-god"]
    assert all(isinstance(problem, Problem) for problem in problems)
    assert all(problem.key == "theme.broken" for problem in problems)
    reasons = {problem.fields["file"]: problem.fields["reason"] for problem in problems}
    assert sorted(reasons) == [
        "b_toml.toml",
        "c_colour.toml",
        "d_noname.toml",
        "e_unknown.toml",
        "f_variable.toml",
        "g_type.toml",
        "h_duplicate.toml",
        "j_latin1.toml",
    ]
    assert "TOML" in reasons["b_toml.toml"] and "line 2" in reasons["b_toml.toml"]
    assert "'error'" in reasons["c_colour.toml"] and "#12345g" in reasons["c_colour.toml"]
    assert "'name'" in reasons["d_noname.toml"]
    assert "'primry'" in reasons["e_unknown.toml"]
    assert "variables.border" in reasons["f_variable.toml"]
    assert "'dark'" in reasons["g_type.toml"]
    assert "a_good.toml" in reasons["h_duplicate.toml"]
    assert "UTF-8" in reasons["j_latin1.toml"]


@pytest.mark.parametrize(
    "extra",
    [
        'name = ""\nprimary = "#fff"\n',
        'name = 3\nprimary = "#fff"\n',
        'name = "x"\n',  # Theme needs primary
        'name = "x"\nprimary = 0xffffff\n',
        'name = "x"\nprimary = "#fff"\ntext_alpha = 2\n',
        'name = "x"\nprimary = "#fff"\nvariables = "border"\n',
        'name = "x"\nprimary = "#fff"\n[variables]\nborder = 1\n',
        'name = "x"\nprimary = "#fff"\n[variables]\nborder = "#ffffff 35"\n',
    ],
)
def test_each_kind_of_mistake_is_a_problem_not_an_exception(tmp_path, extra):
    write(tmp_path, "bad.toml", extra)
    themes, problems = load_themes(tmp_path)
    assert themes == []
    assert [(p.key, p.fields["file"]) for p in problems] == [("theme.broken", "bad.toml")]


def test_every_theme_field_and_textual_variable_forms_are_accepted(tmp_path):
    write(
        tmp_path,
        "full.toml",
        """
        name = "fuld"
        primary = "rgb(200, 145, 90)"
        secondary = "hsl(30, 40%, 50%)"
        accent = "gold"
        warning = "#fa0"
        error = "#ff000080"
        success = "ansi_green"
        foreground = "white"
        background = "#000"
        surface = "#111111"
        panel = "#222"
        boost = "#ffffff0a"
        dark = true
        ansi = false
        luminosity_spread = 0.2
        text_alpha = 1
        [variables]
        block-cursor-text-style = "none"
        input-selection-background = "#81a1c1 35%"
        footer-key-foreground = "$accent"
        """,
    )
    themes, problems = load_themes(tmp_path)
    assert problems == []
    assert themes[0].variables["input-selection-background"] == "#81a1c1 35%"


def test_missing_folder_is_a_problem_not_an_exception(tmp_path):
    themes, problems = load_themes(tmp_path / "nowhere")
    assert themes == []
    assert [p.key for p in problems] == ["theme.broken"]


def test_problem_is_a_key_and_fields_pair_for_the_catalogue(tmp_path):
    write(tmp_path, "bad.toml", "name = ")
    _, [problem] = load_themes(tmp_path)
    key, fields = problem
    assert key == "theme.broken"
    assert set(fields) == {"file", "reason"}
    assert isinstance(problem.text(), str)


# --- choosing -------------------------------------------------------------------------------


def test_unknown_requested_theme_falls_back_with_a_problem(shipped):
    themes, _ = shipped
    name, problem = pick_theme(themes.values(), "solarised")
    assert name == "kaffe"
    assert problem is not None
    assert problem.key == "theme.unknown"
    assert problem.fields["name"] == "solarised"
    assert problem.fields["fallback"] == "kaffe"
    assert "storskaerm" in problem.fields["choices"].split(", ")


def test_known_theme_is_picked_and_danish_spelling_is_forgiven(shipped):
    themes, _ = shipped
    assert pick_theme(themes.values(), "storskaerm") == ("storskaerm", None)
    assert pick_theme(themes.values(), "Storskærm") == ("storskaerm", None)
    assert pick_theme(list(themes), "storskaerm") == ("storskaerm", None)  # names work too


def test_fallback_when_even_the_default_is_missing():
    assert pick_theme([], None) == (TEXTUAL_FALLBACK, None)
    name, problem = pick_theme([], "kaffe")
    assert name == TEXTUAL_FALLBACK
    assert problem is not None and problem.fields["fallback"] == TEXTUAL_FALLBACK


# --- packaging ------------------------------------------------------------------------------


def test_pyproject_puts_themes_and_sample_data_in_the_wheel():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    force = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force["themes"] == "kaffefoerst/themes"
    assert force["sample_data"] == "kaffefoerst/sample_data"


def test_the_wheel_ships_themes_sample_data_locale_and_migrations(tmp_path):
    """Builds the real wheel: about 0.6 s with hatchling installed, 2-3 s via an isolated build."""
    try:
        import hatchling  # noqa: F401

        isolation = ["--no-build-isolation"]
    except ImportError:  # pip fetches hatchling into a throwaway build environment
        isolation = []
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *isolation]
        + ["-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("kaffefoerst-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kaffefoerst/themes/kaffe.toml" in names
    assert "kaffefoerst/themes/storskaerm.toml" in names
    for folder in ("themes", "sample_data"):
        shipped = {
            f"kaffefoerst/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert shipped <= names, shipped - names
    assert {"kaffefoerst/locale/da.toml", "kaffefoerst/locale/en.toml"} <= names
    # Alembic runs from the package: no alembic.ini, the scripts and the snapshot ship.
    migrations = "kaffefoerst/store/migrations/"
    for name in ("env.py", "script.py.mako", "head_sqlite.sql", "versions/0006_baseline.py"):
        assert migrations + name in names, name
