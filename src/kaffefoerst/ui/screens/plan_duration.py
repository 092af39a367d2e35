"""Ret varighed: the team's duration for the selected visit (kept against later imports)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input

from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.locale import t
from kaffefoerst.store.plan_edit import set_duration
from kaffefoerst.ui.screens.plan_form import REFUSED, PlanForm, form_css
from kaffefoerst.ui.times import parse_minutes
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel
from kaffefoerst.ui.widgets.visit_panel import hhmm


class DurationScreen(PlanForm):
    """Dismisses with the new duration when stored, or None."""

    DEFAULT_CSS = form_css("DurationScreen")

    def __init__(self, plan: DayPlan, visit: PlanVisit) -> None:
        super().__init__()
        self.plan = plan
        self.visit = visit

    def compose(self) -> ComposeResult:
        visit = self.visit
        title = t(
            "plan_edit.form.duration_title",
            start=hhmm(visit.start_min),
            citizen=self.plan.citizens[visit.citizen_id].short_name,
            minutes=visit.duration_min,
        )
        with VerticalScroll():
            yield Plain(title, classes="title")
            yield PlainLabel(t("plan_edit.form.duration"))
            yield Input(str(visit.duration_min), id="duration")
            yield Plain(t("plan_edit.form.duration_note"))
            yield Plain("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t("plan_edit.save_button"), variant="primary", id="save")
                yield Button(t("plan_edit.cancel_button"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query("#duration"):
            field.focus()

    def action_save(self) -> None:
        text = self.query_one("#duration", Input).value
        minutes = parse_minutes(text)
        if minutes is None:
            self.error(t("plan_edit.bad_minutes", value=text), "duration")
            return
        done = self.write(
            set_duration,
            visit_id=self.visit.id,
            expected_version=self.visit.version,
            duration_min=minutes,
        )
        if done is not REFUSED:
            self.dismiss(minutes)
