"""Roller: the team's rotating roles today; the planner gives one by hand (⏎, then a carer) or
plans the next turns by the rotation rule (o). Everyone may look."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.team_roles import ROLE_ORDER, TURN_DAYS, Turn
from kaffefoerst.enums import TeamRole
from kaffefoerst.locale import t
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.team_roles import give_roles, rotate
from kaffefoerst.ui.team_roles_text import roles_lines
from kaffefoerst.ui.widgets.plain import Plain

TURNS_AHEAD = 4  # `o` plans this many turns: a month of weekly phone duty


class TeamRolesScreen(ModalScreen[bool]):
    """Dismisses with True when a role was changed (the board's header reads them again)."""

    DEFAULT_CSS = """
    TeamRolesScreen { align: center middle; }
    TeamRolesScreen > Vertical {
        width: 90; max-width: 98%; height: 80%; border: thick $primary; background: $surface;
    }
    TeamRolesScreen OptionList { height: 1fr; }
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.role: TeamRole | None = None  # chosen, now picking its carer
        self.changed = False
        self._bindings.bind("o", "rotate", t("team_roles.key.rotate"))
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Plain(t("team_roles.title"), id="title")
            yield OptionList(id="options")
            yield Plain(t("team_roles.help"), id="help")

    def on_mount(self) -> None:
        self._show_roles()

    def _plan(self) -> DayPlan:
        with self.app.store.session() as session:
            return load_day_plan(session, self.day)

    def _options(self) -> OptionList:
        return self.query_one("#options", OptionList)

    def _highlight_first(self, options: OptionList) -> None:
        """After the list is drawn: set before, the highlight is lost and ↓ only reaches line 1."""
        self.call_after_refresh(setattr, options, "highlighted", 0)

    def _show_roles(self) -> None:
        self.role = None
        plan = self._plan()
        options = self._options()
        options.clear_options()
        lines = roles_lines(plan)
        options.add_options(
            [Option(Text(line), id=r.value) for r, line in zip(ROLE_ORDER, lines, strict=True)]
        )
        self._highlight_first(options)
        options.focus()

    def _show_carers(self, role: TeamRole) -> None:
        self.role = role
        plan = self._plan()
        options = self._options()
        options.clear_options()
        carers = sorted(
            (c for c in plan.carers.values() if not c.substitute),
            key=lambda c: (
                plan.teams[c.team_id].name if c.team_id in plan.teams else "",
                c.initials,
            ),
        )
        options.add_options(
            [
                Option(Text(f"{c.initials:<4}{c.name:<24}{c.profession}"), id=str(c.id))
                for c in carers
            ]
        )
        self._highlight_first(options)
        days = TURN_DAYS[role]
        self.query_one("#title", Plain).update(
            t("team_roles.pick", role=t(f"team_roles.name.{role.value}"), days=days)
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.role is None:
            if not self.app.user.may("roles"):
                self.notify(t("team_roles.planner_only"), severity="warning")
                return
            self._show_carers(TeamRole(event.option.id or ""))
            return
        role, carer_id = self.role, int(event.option.id or 0)
        last = self.day + timedelta(days=TURN_DAYS[role] - 1)
        self._write(lambda session: give_roles(
            session,
            [Turn(role, carer_id, self.day, last)],
            actor=self.app.actor,
            now=self.app.clock(),
            user=self.app.user,
        ))  # fmt: skip

    def action_rotate(self) -> None:
        options = self._options()
        if self.role is not None or options.highlighted is None:
            return
        role = ROLE_ORDER[options.highlighted]

        def plan_turns(session: object) -> None:
            rotate(
                session,  # type: ignore[arg-type]
                role,
                self.day,
                TURNS_AHEAD,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            )

        self._write(
            plan_turns,
            t("team_roles.rotated", role=t(f"team_roles.name.{role.value}"), n=TURNS_AHEAD),
        )

    def _write(self, write: object, done: str | None = None) -> None:
        try:
            with self.app.store.session() as session:
                write(session)  # type: ignore[operator]
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="warning")
            return
        self.changed = True
        self.notify(done or t("team_roles.saved"))
        self.query_one("#title", Plain).update(t("team_roles.title"))
        self._show_roles()

    def action_close(self) -> None:
        if self.role is not None:
            self.query_one("#title", Plain).update(t("team_roles.title"))
            self._show_roles()
            return
        self.dismiss(self.changed)
