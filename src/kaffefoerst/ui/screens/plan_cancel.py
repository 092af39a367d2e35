"""Aflys besøg: cancel the selected visit with a reason (indlagt, aflyst af borgeren, død)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Select

from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.domain.plan_edit import CancelReason
from kaffefoerst.locale import t
from kaffefoerst.store.plan_edit import cancel_visit
from kaffefoerst.ui.screens.plan_form import REFUSED, PlanForm, form_css
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel
from kaffefoerst.ui.widgets.visit_panel import hhmm


class CancelVisitScreen(PlanForm):
    """Dismisses with the reason when stored, or None."""

    DEFAULT_CSS = form_css("CancelVisitScreen")

    def __init__(self, plan: DayPlan, visit: PlanVisit) -> None:
        super().__init__()
        self.plan = plan
        self.visit = visit

    def compose(self) -> ComposeResult:
        visit = self.visit
        carer = self.plan.carers.get(visit.carer_id) if visit.carer_id else None
        title = t(
            "plan_edit.form.cancel_title",
            start=hhmm(visit.start_min),
            citizen=self.plan.citizens[visit.citizen_id].short_name,
            carer=carer.initials if carer else t("plan_edit.unassigned"),
        )
        reasons = [(t(f"plan_edit.reason.{r.value}"), r.value) for r in CancelReason]
        with VerticalScroll():
            yield Plain(title, classes="title")
            yield PlainLabel(t("plan_edit.form.reason"))
            yield Select(reasons, value=CancelReason.CITIZEN.value, allow_blank=False, id="reason")
            yield Plain("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t("plan_edit.save_button"), variant="warning", id="save")
                yield Button(t("plan_edit.cancel_button"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query("#reason"):
            field.focus()

    def action_save(self) -> None:
        reason = str(self.query_one("#reason", Select).value)
        done = self.write(
            cancel_visit,
            visit_id=self.visit.id,
            expected_version=self.visit.version,
            reason=reason,
        )
        if done is not REFUSED:
            self.dismiss(reason)
