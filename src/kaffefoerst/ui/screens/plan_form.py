"""What the plan-editing forms share: their frame, the error line, save on ctrl+s or enter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.locale import t

REFUSED = object()  # what write() returns when the store said no

FORM_CSS = """
{name} {{ align: center middle; }}
{name} > VerticalScroll {{
    width: 76; max-width: 98%; height: auto; max-height: 98%;
    border: thick $primary; background: $surface; padding: 0 2;
}}
{name} Label {{ margin-top: 1; }}
{name} .pair {{ height: auto; }}
{name} .pair Vertical {{ width: 1fr; height: auto; }}
{name} #error {{ color: $error; text-style: bold; margin-top: 1; }}
{name} #buttons {{ height: auto; margin: 1 0; }}
{name} Button {{ margin-right: 2; }}
{name} SelectionList {{ height: auto; max-height: 8; }}
"""


def form_css(name: str) -> str:
    return FORM_CSS.format(name=name)


class PlanForm(ModalScreen[Any]):
    """A form over the board: esc closes, ctrl+s or enter saves, a refusal shows in #error
    and nothing is stored."""

    def __init__(self) -> None:
        super().__init__()
        self._bindings.bind("escape", "cancel", t("key.cancel"))
        self._bindings.bind("ctrl+s", "save", t("plan_edit.save"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def error(self, text: str, focus: str | None = None) -> None:
        self.query_one("#error", Static).update(text)
        if focus is not None:
            for field in self.query(f"#{focus}"):
                field.focus()

    def write(self, change: Callable[..., Any], *args: object, **fields: object) -> Any:  # noqa: ANN401
        """One audited change, as this person, now: its result, or ``REFUSED`` after the
        refusal is shown in #error (nothing stored)."""
        try:
            with self.app.store.session() as session:  # type: ignore[attr-defined]
                return change(
                    session,
                    *args,
                    actor=self.app.actor,  # type: ignore[attr-defined]
                    now=self.app.clock(),  # type: ignore[attr-defined]
                    user=self.app.user,  # type: ignore[attr-defined]
                    **fields,
                )
        except DomainError as exc:
            self.error(t(exc.key, **exc.fields))
            return REFUSED

    def action_save(self) -> None:  # pragma: no cover - every form has its own
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
