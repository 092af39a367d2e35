"""A triage note, typed during the meeting: keyboard only, saved as a draft on every change."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, SelectionList, Static

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.triage import POINTS, RECIPIENTS, NoteInput
from kaffefoerst.enums import TriageColour
from kaffefoerst.locale import t
from kaffefoerst.store.triage import discard_draft, save_draft, save_note
from kaffefoerst.ui.dates import parse_day
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel

COLOURS = (TriageColour.GREEN, TriageColour.YELLOW, TriageColour.RED)
TEXT_FIELDS = ("observation", "action", "responsible", "follow_up", "reason")


class TriageNoteScreen(ModalScreen[int | None]):
    """Dismisses with the stored note's id, or None (the draft stays unless discarded)."""

    DEFAULT_CSS = """
    TriageNoteScreen { align: center middle; }
    TriageNoteScreen > VerticalScroll {
        width: 96; max-width: 100%; height: 95%; border: thick $primary; background: $surface;
        padding: 0 2;
    }
    TriageNoteScreen Label { margin-top: 1; text-style: bold; }
    TriageNoteScreen RadioSet { layout: horizontal; height: auto; width: 100%; }
    TriageNoteScreen SelectionList { height: auto; max-height: 8; }
    TriageNoteScreen #error { color: $error; text-style: bold; margin-top: 1; }
    TriageNoteScreen #buttons { height: auto; margin: 1 0; }
    TriageNoteScreen Button { margin-right: 2; }
    """

    def __init__(
        self,
        citizen_id: int,
        citizen_name: str,
        colour: TriageColour,
        today: date,
        draft: dict[str, object] | None = None,
    ) -> None:
        super().__init__()
        self.citizen_id = citizen_id
        self.citizen_name = citizen_name
        self.today = today
        self.values: dict[str, object] = {"colour": colour.value, "points": [], "tell": []}
        self.values.update(draft or {})
        self.restored = draft is not None
        self._ready = False
        self._bindings.bind("escape", "close", t("triage.key.close"))
        self._bindings.bind("ctrl+s", "save", t("triage.key.save"))
        self._bindings.bind("ctrl+d", "discard", t("triage.key.discard"))

    def compose(self) -> ComposeResult:
        v = self.values
        with VerticalScroll():
            yield Plain(t("triage.form_title", citizen=self.citizen_name), classes="title")
            if self.restored:
                yield Plain(t("triage.restored"), id="restored")
            yield Plain("", id="error")
            yield PlainLabel(t("triage.field.colour"))
            with RadioSet(id="colour"):
                for colour in COLOURS:
                    yield RadioButton(
                        t(f"triage.colour.{colour.value}"),
                        value=v["colour"] == colour.value,
                        name=colour.value,
                    )
            yield PlainLabel(t("triage.field.points"))
            yield SelectionList[str](
                *((t(f"triage.point.{p}"), p, p in v["points"]) for p in POINTS),  # type: ignore[operator]
                id="points",
            )
            for name in TEXT_FIELDS:
                yield PlainLabel(t(f"triage.field.{name}"))
                yield Input(
                    str(v.get(name, "") or ""), id=name, placeholder=t(f"triage.placeholder.{name}")
                )
            yield PlainLabel(t("triage.field.tell"))
            yield SelectionList[str](
                *((t(f"triage.tell.{r}"), r, r in v["tell"]) for r in RECIPIENTS),  # type: ignore[operator]
                id="tell",
            )
            with Horizontal(id="buttons"):
                yield Button(t("triage.save_button"), variant="primary", id="save")
                yield Button(t("triage.discard_button"), variant="error", id="discard")
                yield Button(t("triage.close_button"), id="close")

    def on_mount(self) -> None:
        if not self.app.user.may("triage_note"):  # a form that writes never opens without the right
            self.notify(t("rights.read_only"), severity="warning")
            self.dismiss(None)
            return
        self.query_one("#colour", RadioSet).focus()
        self._ready = True

    # --- the draft: every change is written at once ---------------------------------------
    def _collect(self) -> dict[str, object]:
        radio = self.query_one("#colour", RadioSet).pressed_button
        data: dict[str, object] = {
            "colour": radio.name if radio and radio.name else self.values["colour"],
            "points": list(self.query_one("#points", SelectionList).selected),
            "tell": list(self.query_one("#tell", SelectionList).selected),
        }
        for name in TEXT_FIELDS:
            data[name] = self.query_one(f"#{name}", Input).value
        return data

    def _changed(self) -> None:
        if not self._ready:
            return
        self.values = self._collect()
        with self.app.store.session() as session:
            save_draft(
                session,
                citizen_id=self.citizen_id,
                author=self.app.actor,
                data=self.values,
                now=self.app.clock(),
                user=self.app.user,
            )

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._changed()

    def on_radio_set_changed(self, _event: RadioSet.Changed) -> None:
        self._changed()

    def on_selection_list_selected_changed(self, _event: SelectionList.SelectedChanged) -> None:
        self._changed()

    # --- actions ---------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "discard": self.action_discard, "close": self.action_close}[
            event.button.id or "close"
        ]()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        data = self._collect()
        follow_text = str(data["follow_up"]).strip()
        follow_up = parse_day(follow_text, self.today) if follow_text else None
        if follow_text and follow_up is None:
            self._show_problems([t("triage.follow_up_bad", value=follow_text)])
            return
        note = NoteInput(
            citizen_id=self.citizen_id,
            colour=TriageColour(str(data["colour"])),
            points=tuple(data["points"]),  # type: ignore[arg-type]
            observation=str(data["observation"]),
            action=str(data["action"]),
            responsible=str(data["responsible"]),
            follow_up=follow_up,
            tell=tuple(data["tell"]),  # type: ignore[arg-type]
            reason=str(data["reason"]),
        )
        try:
            with self.app.store.session() as session:
                note_id = save_note(
                    session,
                    note,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    today=self.today,
                    user=self.app.user,
                )
        except DomainError as exc:
            problems = exc.fields.get("problems")
            keys = problems if isinstance(problems, list) else [exc.key]
            self._show_problems([t(k) for k in keys])
            return
        self.dismiss(note_id)

    def _show_problems(self, texts: list[str]) -> None:
        error = self.query_one("#error", Static)
        error.update("\n".join(f"• {x}" for x in texts))
        error.scroll_visible(animate=False)

    def action_discard(self) -> None:
        with self.app.store.session() as session:
            discard_draft(
                session, citizen_id=self.citizen_id, author=self.app.actor, user=self.app.user
            )
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
