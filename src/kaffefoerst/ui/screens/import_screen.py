"""Import from the care system (planner only): a folder or file path, optionally a column map;
the same messages as ``kaffefoerst import``; then the open conflicts, each answered with
keep ours (``o``) or take theirs (``t``)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t
from kaffefoerst.ui.widgets.plain import Plain


def clock(value: str) -> str:
    return f"{int(value) // 60:02d}:{int(value) % 60:02d}" if value else "–"


class ImportScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical {
        width: 96%; max-width: 150; height: 92%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    ImportScreen #messages { height: 1fr; min-height: 5; border: round $primary-lighten-2; }
    ImportScreen #conflicts { height: 1fr; min-height: 4; }
    ImportScreen .error { color: $error; }
    ImportScreen .hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.imported = False
        self._bindings.bind("escape", "close", t("key.cancel"))
        self._bindings.bind("o", "resolve('ours')", t("import_screen.keep_ours"))
        self._bindings.bind("t", "resolve('theirs')", t("import_screen.take_theirs"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("import_screen.title"))
            yield Input(id="path", placeholder=t("import_screen.path"))
            yield Input(id="map", placeholder=t("import_screen.map"))
            yield Plain(t("import_screen.hint"), classes="hint")
            yield VerticalScroll(id="messages")
            yield Plain("", id="conflicts_title")
            yield OptionList(id="conflicts")
            yield Plain(t("import_screen.keys"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self._show_conflicts()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # start-up: the import and the store load SQLAlchemy; ui/ imports none at module level
        from kaffefoerst.io.import_errors import lines
        from kaffefoerst.io.import_report import report_lines
        from kaffefoerst.io.import_run import import_path
        from kaffefoerst.problem import problem_line

        path = self.query_one("#path", Input).value.strip()
        map_text = self.query_one("#map", Input).value.strip()
        if not path:
            self.query_one("#path", Input).focus()
            return
        try:
            self.app.user.require("import")
            report = import_path(
                self.app.store,
                Path(path).expanduser(),
                actor=self.app.actor,
                now=self.app.clock(),
                map_file=Path(map_text).expanduser() if map_text else None,
            )
        except DomainError as exc:
            self._say(lines(exc, t), error=True)
            return
        except Exception as exc:  # noqa: BLE001 - a busy or broken database: one line, no crash
            self._say([problem_line(exc, self.app.store.path)], error=True)
            return
        self.imported = True
        self._say(report_lines(report, str(self.app.store.path or "")))
        self._show_conflicts()
        if self.conflicts:  # the next thing to do: answer them
            self.query_one("#conflicts", OptionList).focus()

    def _say(self, found: list[str], *, error: bool = False) -> None:
        box = self.query_one("#messages", VerticalScroll)
        box.remove_children()
        box.mount_all([Plain(line, classes="error" if error else "") for line in found])

    def _show_conflicts(self) -> None:
        from kaffefoerst.store.import_conflicts import (  # start-up: as above
            carer_names,
            open_conflicts,
        )

        with self.app.store.session() as session:
            found = open_conflicts(session)
            names = carer_names(session)
        self.conflicts = {str(c.id): c for c in found}
        options = self.query_one("#conflicts", OptionList)
        options.clear_options()
        title = (
            t("import_screen.conflicts", n=len(found)) if found else t("import_screen.no_conflicts")
        )
        self.query_one("#conflicts_title", Plain).update(title)
        for c in found:
            ours = self._side(c.ours, names)
            theirs = t("import_screen.cancelled") if c.cancel else self._side(c.theirs, names)
            line = t(
                "import_screen.conflict",
                id=c.visit_source_id,
                day=c.day,
                citizen=c.citizen,
                ours=ours,
                theirs=theirs,
            )
            options.add_option(Option(Text(line), id=str(c.id)))
        if found:
            options.highlighted = 0

    @staticmethod
    def _side(fields: dict[str, str], names: dict[str, str]) -> str:
        carer = names.get(fields.get("carer_id", ""), fields.get("carer_id", "")) or "–"
        return t(
            "import_screen.side",
            carer=carer,
            start=clock(fields.get("start_min", "")),
            minutes=fields.get("duration_min", ""),
        )

    def action_resolve(self, choice: str) -> None:
        from kaffefoerst.store.import_conflicts import resolve  # start-up: as above

        options = self.query_one("#conflicts", OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        try:
            with self.app.store.session() as session:
                resolve(
                    session, int(option.id or 0), choice, user=self.app.user, now=self.app.clock()
                )
        except DomainError as exc:
            self._say([t(exc.key, **exc.fields)], error=True)
            return
        self.imported = True
        conflict = self.conflicts[option.id or ""]
        self._say([t(f"import_screen.resolved_{choice}", id=conflict.visit_source_id)])
        self._show_conflicts()

    def action_close(self) -> None:
        self.dismiss(self.imported)
