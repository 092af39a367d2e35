"""Static and Label that draw text as text: citizen names, notes and messages are data, and a
'[' in them must never be read as Textual markup (a stray '[/]' raised MarkupError)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Label, Static


class Plain(Static):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)


class PlainLabel(Label):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)
