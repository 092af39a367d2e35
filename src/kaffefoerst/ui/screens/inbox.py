"""Indbakke: the messages the meeting wrote to the evening shift. An evening carer marks each
read (⏎) and may answer the day shift (a); everyone else may read along."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t
from kaffefoerst.store.inbox import InboxMessage, evening_inbox, mark_read, reply_to
from kaffefoerst.ui.widgets.plain import Plain


def inbox_text(m: InboxMessage) -> Text:
    """'[✓] Fru Jensen: væskeskema … — AB · læst af KL 16:05', a mark and a word, never colour
    alone; replies on their own lines."""
    text = Text()
    if m.read_by and m.read_at is not None:
        text.append("[✓] ", style="bold")
        said = t("inbox.read", by=m.read_by, at=m.read_at.astimezone().strftime("%H:%M"))
    else:
        text.append("[ ] ", style="bold reverse")
        said = t("inbox.unread")
    text.append(f"{m.citizen}: " if m.citizen else "")
    text.append(f"{m.text} — {m.author} · {said}")
    for r in m.replies:
        text.append("\n    ↳ " + t("inbox.reply_line", author=r.author, text=r.text))
    return text


class InboxScreen(ModalScreen[bool]):
    """Dismisses with True when something was marked read or answered."""

    DEFAULT_CSS = """
    InboxScreen { align: center middle; }
    InboxScreen > Vertical {
        width: 110; max-width: 98%; height: 80%; border: thick $primary; background: $surface;
    }
    InboxScreen OptionList { height: 1fr; }
    InboxScreen #reply { display: none; }
    InboxScreen #reply.-open { display: block; }
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.messages: list[InboxMessage] = []
        self.changed = False
        self._bindings.bind("a", "reply", t("inbox.key.reply"))
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("inbox.title", day=self.day.strftime("%d.%m.")), id="title")
            yield OptionList(id="messages")
            yield Input(id="reply", placeholder=t("inbox.reply_placeholder"))
            yield Plain(t("inbox.help"), id="help")

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        with self.app.store.session() as session:
            self.messages = evening_inbox(session, self.day)
        listing = self.query_one("#messages", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(inbox_text(m), id=str(m.id)) for m in self.messages])
        if not self.messages:
            listing.add_option(Option(Text(t("inbox.empty")), disabled=True))
        listing.focus()
        if self.messages:
            self.call_after_refresh(setattr, listing, "highlighted", keep or 0)

    def _chosen(self) -> InboxMessage | None:
        index = self.query_one("#messages", OptionList).highlighted
        if index is None or index >= len(self.messages):
            return None
        return self.messages[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        message = self._chosen()
        if message is None:
            return
        self._write(
            lambda session: mark_read(
                session,
                message_id=message.id,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            ),
            t("inbox.marked"),
        )

    def action_reply(self) -> None:
        if self._chosen() is None:
            return
        box = self.query_one("#reply", Input)
        box.add_class("-open")
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        message = self._chosen()
        if message is None:
            return
        text = event.value

        def answer(session: object) -> None:
            reply_to(
                session,  # type: ignore[arg-type]
                message_id=message.id,
                text=text,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            )

        if self._write(answer, t("inbox.replied")):
            event.input.value = ""
            event.input.remove_class("-open")

    def _write(self, write: object, done: str) -> bool:
        try:
            with self.app.store.session() as session:
                write(session)  # type: ignore[operator]
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="warning")
            return False
        self.changed = True
        self.notify(done)
        self._fill()
        return True

    def action_close(self) -> None:
        box = self.query_one("#reply", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.query_one("#messages", OptionList).focus()
            return
        self.dismiss(self.changed)
