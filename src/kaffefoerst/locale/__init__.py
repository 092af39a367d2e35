"""UI text catalogues: Danish by default, English on request. Every UI string lives here."""

from __future__ import annotations

import tomllib
from importlib import resources

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

_catalogue: dict[str, str] = {}
_language = ""


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def load_catalogue(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(language)
    text = (resources.files("kaffefoerst.locale") / f"{language}.toml").read_text("utf-8")
    return _flatten(tomllib.loads(text))


def set_language(language: str) -> None:
    global _catalogue, _language
    _catalogue = load_catalogue(language)
    _language = language


def language() -> str:
    return _language or DEFAULT_LANGUAGE


def t(key: str, /, **fields: object) -> str:
    """The text for ``key`` in the current language; the key itself if missing (tests catch it)."""
    if not _catalogue:
        set_language(DEFAULT_LANGUAGE)
    template = _catalogue.get(key, key)
    return template.format(**fields) if fields else template
