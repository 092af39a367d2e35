"""Tilføj besøg: a visit the team adds to a day (citizen, services, time, duration, window)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, SelectionList
from textual.widgets.selection_list import Selection

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.plan_edit import NewVisit
from kaffefoerst.locale import t
from kaffefoerst.store.plan_edit import add_visit, service_choices
from kaffefoerst.ui.dates import parse_day
from kaffefoerst.ui.screens.plan_form import REFUSED, PlanForm, form_css
from kaffefoerst.ui.times import parse_clock, parse_minutes
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel


class AddVisitScreen(PlanForm):
    """Dismisses with (visit id, day) when stored, or None."""

    DEFAULT_CSS = form_css("AddVisitScreen")

    def __init__(self, plan: DayPlan, citizen_id: int | None, carer_id: int | None) -> None:
        super().__init__()
        self.plan = plan
        self.citizen_id = citizen_id
        self.carer_id = carer_id

    def compose(self) -> ComposeResult:
        plan = self.plan
        citizens = sorted(plan.citizens.values(), key=lambda c: (c.short_name, c.id))
        with self.app.store.session() as session:
            services = service_choices(session)
        carers = [(f"{c.initials}  {c.name}", c.id) for c in plan.on_duty]
        with VerticalScroll():
            yield Plain(t("plan_edit.form.add_title"), classes="title")
            yield PlainLabel(t("plan_edit.form.citizen"))
            yield Select(
                [(f"{c.short_name}  ({c.name}, {c.address})", c.id) for c in citizens],
                value=self.citizen_id if self.citizen_id in plan.citizens else Select.NULL,
                id="citizen",
                prompt=t("plan_edit.pick_citizen"),
            )
            yield PlainLabel(t("plan_edit.form.services"))
            yield SelectionList[int](
                *(Selection(Text(f"{code}  {name}"), sid) for sid, code, name in services),
                id="services",
            )
            with Horizontal(classes="pair"):
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.day"))
                    yield Input(plan.day.isoformat(), id="day")
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.start"))
                    yield Input(id="start")
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.duration"))
                    yield Input("30", id="duration")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.window_from"))
                    yield Input(id="window_from")
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.window_to"))
                    yield Input(id="window_to")
            yield PlainLabel(t("plan_edit.form.carer"))
            yield Select(
                carers,
                value=self.carer_id if any(c[1] == self.carer_id for c in carers) else Select.NULL,
                id="carer",
                prompt=t("plan_edit.unassigned"),
            )
            yield Plain("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t("plan_edit.save_button"), variant="primary", id="save")
                yield Button(t("plan_edit.cancel_button"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query("#citizen" if self.citizen_id is None else "#services"):
            field.focus()

    def _clock(self, field: str, required: bool) -> int | None | bool:
        """Minutes, None when left empty (and allowed), False after showing an error."""
        text = self.query_one(f"#{field}", Input).value
        if not text.strip() and not required:
            return None
        value = parse_clock(text)
        if value is None:
            self.error(t("plan_edit.bad_clock", value=text), field)
            return False
        return value

    def action_save(self) -> None:
        citizen = self.query_one("#citizen", Select).value
        if not isinstance(citizen, int):
            self.error(t("plan_edit.pick_citizen"), "citizen")
            return
        day_text = self.query_one("#day", Input).value
        day = parse_day(day_text, self.plan.day)
        if day is None:
            self.error(t("plan_edit.bad_date", value=day_text), "day")
            return
        start = self._clock("start", required=True)
        window_from = self._clock("window_from", required=False)
        window_to = self._clock("window_to", required=False)
        if start is False or window_from is False or window_to is False:
            return
        minutes_text = self.query_one("#duration", Input).value
        minutes = parse_minutes(minutes_text)
        if minutes is None:
            self.error(t("plan_edit.bad_minutes", value=minutes_text), "duration")
            return
        carer = self.query_one("#carer", Select).value
        new = NewVisit(
            citizen_id=citizen,
            day=day,
            start_min=start,  # type: ignore[arg-type]
            duration_min=minutes,
            window_from_min=window_from,  # type: ignore[arg-type]
            window_to_min=window_to,  # type: ignore[arg-type]
            service_ids=tuple(self.query_one("#services", SelectionList).selected),
            carer_id=carer if isinstance(carer, int) else None,
        )
        self._store(new, day)

    def _store(self, new: NewVisit, day: date) -> None:
        visit_id = self.write(add_visit, new)
        if visit_id is not REFUSED:
            self.dismiss((visit_id, day))
