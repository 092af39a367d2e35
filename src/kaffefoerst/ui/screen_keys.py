"""The keys of a screen beside the board (cover, triage list, figures, meeting): one table of
``Key`` feeds its bindings, its footer and its help (F1/?), as ``BOARD_KEYS`` does the board's.

At 80 columns Textual's footer cut its last keys (`q Afsl`, or esc, the way back). The footer
takes the first of these that fits the width: every key in full words; each in one word
(``Key.short``); one word, compact, without Textual's "^p palette" (ctrl+p still works, and help
lists it); and last that without the keys that start at a wider screen (``Key.footer_from``).
Every key keeps working and is listed in help.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.table import Table
from textual.screen import Screen
from textual.widgets import Footer

from kaffefoerst.locale import t
from kaffefoerst.ui.keys import Key

SMALL = 100  # columns: below this a screen lays out its tables for 80 columns
PALETTE = 11  # columns Textual's "▏^p palette" takes on the footer's right

HELP = Key("f1,question_mark", "help", "key.help", display="?", footer_from=0)
TEAMS = Key(
    "f", "filter_teams", "board_district.filter", footer_from=0, short="team_choice.key_short"
)


def bind_keys(screen: Screen[Any], keys: tuple[Key, ...]) -> None:
    for key in keys:
        screen._bindings.bind(
            key.keys,
            key.action,
            t(key.text),
            show=key.show,
            key_display=key.display,
            priority=key.priority,
        )


def _width(labels: list[tuple[str, str]], compact: bool) -> int:
    """Columns the footer takes: a key and its word, then two spaces (one when compact)."""
    return sum(len(key) + 1 + len(word) + (1 if compact else 2) for key, word in labels)


def footer_plan(keys: tuple[Key, ...], width: int) -> tuple[bool, bool, set[str]]:
    """(short words, compact, actions left out) for a footer ``width`` columns wide."""
    shown = [k for k in keys if k.show]
    quit_ = ("q", t("key.quit"))  # the app's own key, always last

    def labels(short: bool, keep: list[Key]) -> list[tuple[str, str]]:
        words = [t(k.short) if short and k.short else t(k.text) for k in keep]
        return [(k.display or k.keys.split(",")[0], w) for k, w in zip(keep, words, strict=True)]

    for short in (False, True):
        if _width([*labels(short, shown), quit_], compact=False) + PALETTE <= width:
            return short, False, set()
    if _width([*labels(True, shown), quit_], compact=True) <= width:
        return True, True, set()
    return True, True, {k.action for k in shown if k.footer_from > width}


def fit_footer(screen: Screen[Any], keys: tuple[Key, ...]) -> None:
    """The footer for the screen's width now: call it on mount and on every resize."""
    width = screen.size.width or screen.app.size.width
    short, compact, left_out = footer_plan(keys, width)
    bindings = screen._bindings.key_to_bindings
    for key in keys:
        show = key.show and key.action not in left_out
        text = t(key.short) if key.short and short else t(key.text)
        for name in key.keys.split(","):
            bindings[name] = [
                replace(b, show=show, description=text) if b.action == key.action else b
                for b in bindings.get(name, [])
            ]
    for footer in screen.query(Footer):
        footer.compact = compact
        footer.show_command_palette = not compact
    screen.refresh_bindings()


def keys_table(title: str, keys: tuple[Key, ...], screen: Screen[Any] | None = None) -> Table:
    """Every key of the screen in full words, then ctrl+p and q: what help (F1/?) shows. With
    ``screen``, the keys its user's role may not use are left out, as in its footer."""
    table = Table(title=title, show_header=False, expand=True, box=None)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key in keys:
        action = key.action.partition("(")[0]
        if screen is not None and screen.check_action(action, ()) is False:
            continue
        table.add_row(key.display or key.keys, t(key.text))
    table.add_row("ctrl+p", t("key.palette"))
    table.add_row("q", t("key.quit"))
    return table
