"""Borger indlagt: a citizen paused from one day to another; their visits then are cancelled
("indlagt") and come back as planned after the last day."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.store.plan_edit import pause_citizen
from kaffefoerst.ui.dates import parse_day
from kaffefoerst.ui.screens.plan_form import REFUSED, PlanForm, form_css
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel


class PauseCitizenScreen(PlanForm):
    """Dismisses with (short name, from, to, visits cancelled) when stored, or None."""

    DEFAULT_CSS = form_css("PauseCitizenScreen")

    def __init__(self, plan: DayPlan, citizen_id: int | None) -> None:
        super().__init__()
        self.plan = plan
        self.citizen_id = citizen_id

    def compose(self) -> ComposeResult:
        citizens = sorted(self.plan.citizens.values(), key=lambda c: (c.short_name, c.id))
        with VerticalScroll():
            yield Plain(t("plan_edit.form.pause_title"), classes="title")
            yield PlainLabel(t("plan_edit.form.citizen"))
            yield Select(
                [(f"{c.short_name}  ({c.name})", c.id) for c in citizens],
                value=self.citizen_id if self.citizen_id in self.plan.citizens else Select.NULL,
                id="citizen",
                prompt=t("plan_edit.pick_citizen"),
            )
            with Horizontal(classes="pair"):
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.from"))
                    yield Input(self.plan.day.isoformat(), id="from")
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.to"))
                    yield Input(self.plan.day.isoformat(), id="to")
            yield Plain("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t("plan_edit.save_button"), variant="warning", id="save")
                yield Button(t("plan_edit.cancel_button"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query("#citizen" if self.citizen_id is None else "#to"):
            field.focus()

    def action_save(self) -> None:
        citizen = self.query_one("#citizen", Select).value
        if not isinstance(citizen, int):
            self.error(t("plan_edit.pick_citizen"), "citizen")
            return
        days: list[date] = []
        for field in ("from", "to"):
            text = self.query_one(f"#{field}", Input).value
            day = parse_day(text, self.plan.day)
            if day is None:
                self.error(t("plan_edit.bad_date", value=text), field)
                return
            days.append(day)
        done = self.write(pause_citizen, citizen_id=citizen, from_day=days[0], to_day=days[1])
        if done is REFUSED:
            return
        _pause, cancelled = done
        name = self.plan.citizens[citizen].short_name
        self.dismiss((name, days[0], days[1], cancelled))
