"""TOML themes from ``themes/`` loaded into ``textual.theme.Theme``.

A theme file holds the fields of :class:`textual.theme.Theme` at top level (``name``,
``primary``, ``background``, ``dark``, ...) and an optional ``[variables]`` table of Textual
CSS variables. A broken file never stops the app: it is skipped and reported as a
:class:`Problem`, a ``(key, fields)`` pair for the locale catalogue, which the app shows with
``notify``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from textual.color import Color, ColorParseError
from textual.theme import Theme

from kaffefoerst.locale import t

DEFAULT_THEME = "kaffe"
#: Textual's own dark theme, always registered: the last resort if no theme file loads.
TEXTUAL_FALLBACK = "textual-dark"

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_BOOL_FIELDS = ("dark", "ansi")
_FRACTION_FIELDS = ("luminosity_spread", "text_alpha")
_KNOWN_KEYS = frozenset(f.name for f in dataclasses.fields(Theme))
_VARIABLE_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# A variable value that claims to be a colour: "#rgb[a]", "#rrggbb[aa]", "rgb(...)", "hsl(...)",
# optionally followed by an alpha percentage ("#81a1c1 35%"). Other values ("bold", "none",
# "$primary") are passed to Textual as they are.
_COLOURISH = re.compile(r"^(#|rgba?\(|hsla?\()", re.IGNORECASE)
_PERCENT = re.compile(r"^\d{1,3}(\.\d+)?%$")


class Problem(NamedTuple):
    """Something to tell the user: a locale key and the fields its template needs."""

    key: str
    fields: dict[str, str]

    def text(self) -> str:
        """The message in the current UI language."""
        return t(self.key, **self.fields)


def load_themes(folder: Path) -> tuple[list[Theme], list[Problem]]:
    """Every ``*.toml`` in ``folder`` as a Theme (sorted by file name), plus what was skipped.

    Problems use the key ``theme.broken`` with the fields ``file`` and ``reason``. Never raises
    for a bad file or a missing folder.
    """
    themes: list[Theme] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    try:
        paths = sorted(p for p in Path(folder).iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError as exc:
        problems.append(_broken(Path(folder), f"cannot read the folder: {_os_reason(exc)}"))
        return themes, problems
    for path in paths:
        try:
            data = tomllib.loads(path.read_bytes().decode("utf-8"))
        except OSError as exc:
            problems.append(_broken(path, f"cannot read the file: {_os_reason(exc)}"))
            continue
        except UnicodeDecodeError:
            problems.append(_broken(path, "the file is not UTF-8 text"))
            continue
        except tomllib.TOMLDecodeError as exc:
            problems.append(_broken(path, f"invalid TOML: {exc}"))
            continue
        reasons = _check(data)
        name = data.get("name")
        if not reasons and name in seen:
            reasons.append(f"the name '{name}' is already used by {seen[name]}")
        if reasons:
            problems.append(_broken(path, "; ".join(reasons)))
            continue
        seen[name] = path.name
        themes.append(Theme(**data))
    return themes, problems


def pick_theme(
    themes: Iterable[Theme | str], requested: str | None, default: str = DEFAULT_THEME
) -> tuple[str, Problem | None]:
    """The theme name to use and, if ``requested`` is unknown, a ``theme.unknown`` problem.

    ``themes`` may be Theme objects or names (for example ``app.available_themes``). The
    requested name matches ignoring case and Danish letters, so ``Storskærm`` finds
    ``storskaerm``. An unknown name falls back to ``default``, or to Textual's own dark theme
    if ``default`` did not load either.
    """
    names = [theme if isinstance(theme, str) else theme.name for theme in themes]
    fallback = default if default in names else TEXTUAL_FALLBACK
    if requested is None or not requested.strip():
        return fallback, None
    if requested in names:
        return requested, None
    wanted = _normalise(requested)
    for name in names:
        if _normalise(name) == wanted:
            return name, None
    problem = Problem(
        "theme.unknown",
        {"name": requested, "choices": ", ".join(sorted(names)), "fallback": fallback},
    )
    return fallback, problem


def _check(data: dict[str, object]) -> list[str]:
    reasons: list[str] = []
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        reasons.append("unknown key " + ", ".join(f"'{key}'" for key in unknown))
    name = data.get("name")
    if name is None:
        reasons.append("missing key 'name'")
    elif not isinstance(name, str) or not name.strip() or name != name.strip():
        reasons.append(f"'name' must be a non-empty text without outer spaces, not {name!r}")
    if "primary" not in data:
        reasons.append("missing key 'primary'")
    for key in _COLOUR_FIELDS:
        if key in data:
            reason = _colour_reason(key, data[key])
            if reason:
                reasons.append(reason)
    for key in _BOOL_FIELDS:
        if key in data and not isinstance(data[key], bool):
            reasons.append(f"'{key}' must be true or false, not {data[key]!r}")
    for key in _FRACTION_FIELDS:
        value = data.get(key)
        if key in data and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1
        ):
            reasons.append(f"'{key}' must be a number from 0 to 1, not {value!r}")
    if "variables" in data:
        reasons.extend(_variables_reasons(data["variables"]))
    return reasons


def _colour_reason(key: str, value: object) -> str | None:
    if not isinstance(value, str):
        return f"'{key}' must be a colour text, not {value!r}"
    try:
        Color.parse(value)
    except ColorParseError:
        return f"'{key}' is not a colour: {value!r}"
    return None


def _variables_reasons(variables: object) -> list[str]:
    if not isinstance(variables, dict):
        return ["'variables' must be a table"]
    reasons = []
    for name, value in variables.items():
        where = f"variables.{name}"
        if not _VARIABLE_NAME.match(name):
            reasons.append(f"'{where}' is not a CSS variable name")
        elif not isinstance(value, str):
            reasons.append(f"'{where}' must be a text, not {value!r}")
        elif _COLOURISH.match(value.strip()):
            colour, _, alpha = value.strip().partition(" ")
            try:
                Color.parse(colour)
            except ColorParseError:
                reasons.append(f"'{where}' is not a colour: {value!r}")
                continue
            if alpha and not _PERCENT.match(alpha.strip()):
                reasons.append(f"'{where}' is not a colour: {value!r}")
    return reasons


def _broken(path: Path, reason: str) -> Problem:
    return Problem("theme.broken", {"file": path.name, "reason": reason})


def _os_reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def _normalise(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip().casefold()
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(danish, ascii_)
    return name
