"""Referater: the minutes of past meetings, readable here and exported as Markdown."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, OptionList
from textual.widgets.option_list import Option

from kaffefoerst.io.minutes import export_minutes, minutes_markdown
from kaffefoerst.io.report import number
from kaffefoerst.locale import t
from kaffefoerst.store.meetings import MinutesView, all_minutes
from kaffefoerst.ui.widgets.plain import Plain


class MinutesScreen(Screen[None]):
    DEFAULT_CSS = """
    MinutesScreen #list { width: 40; height: 1fr; }
    MinutesScreen VerticalScroll { width: 1fr; height: 1fr; padding: 0 1; }
    MinutesScreen #title { padding: 0 1; text-style: bold; }
    """

    def __init__(self, export_dir: Path) -> None:
        super().__init__()
        self.export_dir = export_dir
        self.items: list[MinutesView] = []
        self._bindings.bind("x", "export", t("minutes.key.export"))
        self._bindings.bind("escape", "close", t("minutes.key.back"))

    def compose(self) -> ComposeResult:
        with self.app.store.session() as session:
            self.items = all_minutes(session)
        yield Plain(t("minutes.list_title") if self.items else t("minutes.none"), id="title")
        with Horizontal():
            yield OptionList(
                *(
                    Option(
                        Text(
                            t(
                                "minutes.option",
                                day=m.day.isoformat(),
                                chair=m.chair,
                                duration=number(m.duration_min),
                            )
                        ),
                        id=str(m.id),
                    )
                    for m in self.items
                ),
                id="list",
            )
            with VerticalScroll():
                yield Markdown(id="text")
        yield Footer()

    def on_mount(self) -> None:
        if self.items:
            self._show(self.items[0])
        self.query_one("#list", OptionList).focus()

    def _markdown(self, item: MinutesView) -> str:
        return minutes_markdown(item.minutes, t)

    def _show(self, item: MinutesView) -> None:
        self.query_one("#text", Markdown).update(self._markdown(item))

    def _current(self) -> MinutesView | None:
        index = self.query_one("#list", OptionList).highlighted
        return self.items[index] if self.items and index is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self._current()
        if item is not None:
            self._show(item)

    def action_export(self) -> None:
        item = self._current()
        if item is None:
            self.notify(t("minutes.none"), severity="warning")
            return
        path = self.export_dir / f"referat-{item.day.isoformat()}-{item.id}.md"
        try:
            export_minutes(self._markdown(item), path)
        except OSError as exc:
            self.notify(
                t("minutes.export_failed", path=path, reason=exc.strerror or exc), severity="error"
            )
            return
        self.notify(t("minutes.exported", path=path))

    def action_close(self) -> None:
        self.dismiss(None)
