"""Ny borger: a citizen added to a team, with contact persons and a preferred time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.store.plan_edit import add_citizen
from kaffefoerst.ui.screens.plan_form import REFUSED, PlanForm, form_css
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel


class AddCitizenScreen(PlanForm):
    """Dismisses with (citizen id, short name) when stored, or None."""

    DEFAULT_CSS = form_css("AddCitizenScreen")

    def __init__(self, plan: DayPlan, team_id: int | None) -> None:
        super().__init__()
        self.plan = plan
        self.team_id = team_id

    def compose(self) -> ComposeResult:
        teams = [
            (team.name, team.id) for team in sorted(self.plan.teams.values(), key=lambda x: x.name)
        ]
        carers = sorted(
            (c for c in self.plan.carers.values() if not c.substitute), key=lambda c: c.initials
        )
        people = [(f"{c.initials}  {c.name}", c.id) for c in carers]
        with VerticalScroll():
            yield Plain(t("plan_edit.form.citizen_title"), classes="title")
            yield PlainLabel(t("plan_edit.form.name"))
            yield Input(id="name")
            yield PlainLabel(t("plan_edit.form.short_name"))
            yield Input(id="short_name", max_length=40)
            yield PlainLabel(t("plan_edit.form.address"))
            yield Input(id="address")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.area"))
                    yield Input(id="area")
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.team"))
                    yield Select(
                        teams,
                        value=self.team_id if self.team_id in self.plan.teams else Select.NULL,
                        id="team",
                        prompt=t("plan_edit.pick_team"),
                    )
            with Horizontal(classes="pair"):
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.contact1"))
                    yield Select(people, id="contact1", prompt=t("plan_edit.none"))
                with Vertical():
                    yield PlainLabel(t("plan_edit.form.contact2"))
                    yield Select(people, id="contact2", prompt=t("plan_edit.none"))
            yield PlainLabel(t("plan_edit.form.preferred"))
            yield Input(id="preferred")
            yield Plain("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t("plan_edit.save_button"), variant="primary", id="save")
                yield Button(t("plan_edit.cancel_button"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query("#name"):
            field.focus()

    def _text(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def action_save(self) -> None:
        team = self.query_one("#team", Select).value
        if not isinstance(team, int):
            self.error(t("plan_edit.pick_team"), "team")
            return
        contacts = tuple(
            value
            for value in (self.query_one(f"#contact{n}", Select).value for n in (1, 2))
            if isinstance(value, int)
        )
        citizen_id = self.write(
            add_citizen,
            name=self._text("name"),
            short_name=self._text("short_name"),
            address=self._text("address"),
            area=self._text("area"),
            team_id=team,
            contact_ids=tuple(dict.fromkeys(contacts)),
            preferred_time=self._text("preferred"),
        )
        if citizen_id is not REFUSED:
            self.dismiss((citizen_id, self._text("short_name").strip()))
