"""Sygemelding / fravær: who is away, why, from when to when, and who keeps contact."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.enums import AbsenceKind
from kaffefoerst.locale import t
from kaffefoerst.store.absences import mark_absent
from kaffefoerst.ui.dates import parse_day
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel


class AbsenceScreen(ModalScreen[int | None]):
    """Dismisses with the stored absence's id, or None when cancelled."""

    DEFAULT_CSS = """
    AbsenceScreen { align: center middle; }
    AbsenceScreen > Vertical {
        width: 72; height: auto; border: thick $warning; background: $surface; padding: 0 2;
    }
    AbsenceScreen Label { margin-top: 1; }
    AbsenceScreen #dates { height: auto; }
    AbsenceScreen #dates Vertical { width: 1fr; height: auto; }
    AbsenceScreen #error { color: $error; text-style: bold; margin-top: 1; }
    AbsenceScreen #buttons { height: auto; margin: 1 0; }
    AbsenceScreen Button { margin-right: 2; }
    """

    def __init__(self, plan: DayPlan, carer_id: int | None) -> None:
        super().__init__()
        self.plan = plan
        self.carer_id = carer_id
        self._bindings.bind("escape", "cancel", t("key.cancel"))
        self._bindings.bind("ctrl+s", "save", t("absence.save"))

    def compose(self) -> ComposeResult:
        plan = self.plan
        user = self.app.user
        if not user.may("absence_others"):
            self.carer_id = user.carer_id
        people = list(plan.on_duty)
        # Off duty that day, or already away: still the person the form is for.
        if self.carer_id in plan.carers and all(c.id != self.carer_id for c in people):
            people.append(plan.carers[self.carer_id])  # type: ignore[index]
        carers = [
            (f"{c.initials}  {c.name} ({c.profession})", c.id)
            for c in people
            if user.may("absence_others") or c.id == user.carer_id
        ]
        kinds = [(t(f"absence.kind.{k.value}"), k.value) for k in AbsenceKind]
        with Vertical():
            yield Plain(t("absence.title"), classes="title")
            yield PlainLabel(t("absence.carer"))
            yield Select(
                carers,
                value=self.carer_id if self.carer_id is not None else Select.NULL,
                id="carer",
                prompt=t("absence.pick_carer"),
            )
            yield PlainLabel(t("absence.kind_label"))
            yield Select(kinds, value=AbsenceKind.SICK.value, allow_blank=False, id="kind")
            with Horizontal(id="dates"):
                with Vertical():
                    yield PlainLabel(t("absence.from"))
                    yield Input(plan.day.isoformat(), id="from")
                with Vertical():
                    yield PlainLabel(t("absence.to"))
                    yield Input(plan.day.isoformat(), id="to")
            yield PlainLabel(t("absence.buddy"))
            yield Select(self._buddies(), id="buddy", prompt=t("absence.no_buddy"))
            yield Plain("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t("absence.save_button"), variant="warning", id="save")
                yield Button(t("absence.cancel_button"), id="cancel")

    def _buddies(self) -> list[tuple[str, int]]:
        team = self.plan.carers[self.carer_id].team_id if self.carer_id else None
        return [
            (f"{c.initials}  {c.name}", c.id)
            for c in self.plan.carers.values()
            if c.id != self.carer_id and (team is None or c.team_id == team) and not c.substitute
        ]

    def on_mount(self) -> None:
        # query, not query_one: a key that lands while the app is quitting mounts no children.
        for field in self.query("#carer" if self.carer_id is None else "#kind"):
            field.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "carer" and isinstance(event.value, int):
            self.carer_id = event.value
            self.query_one("#buddy", Select).set_options(self._buddies())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def _error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def action_save(self) -> None:
        carer = self.query_one("#carer", Select).value
        if not isinstance(carer, int):
            self._error(t("absence.pick_carer"))
            return
        days: list[date] = []
        for field in ("from", "to"):
            text = self.query_one(f"#{field}", Input).value
            day = parse_day(text, self.plan.day)
            if day is None:
                self._error(t("absence.bad_date", value=text))
                self.query_one(f"#{field}", Input).focus()
                return
            days.append(day)
        buddy = self.query_one("#buddy", Select).value
        kind = AbsenceKind(str(self.query_one("#kind", Select).value))
        try:
            with self.app.store.session() as session:
                absence_id = mark_absent(
                    session,
                    carer_id=carer,
                    from_day=days[0],
                    to_day=days[1],
                    kind=kind,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    buddy_id=buddy if isinstance(buddy, int) else None,
                    user=self.app.user,
                )
        except DomainError as exc:
            self._error(t(exc.key, **exc.fields))
            return
        self.dismiss(absence_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
