"""Header: teams, date, shift, who is at the keyboard, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.ui.team_roles_text import roles_compact


def long_date(day: datetime | object) -> str:
    weekday = t(f"weekday.{day.weekday()}")  # type: ignore[attr-defined]
    month = t(f"month.{day.month}")  # type: ignore[attr-defined]
    return t("header.date", weekday=weekday, day=day.day, month=month, year=day.year)  # type: ignore[attr-defined]


class BoardHeader(Static):
    DEFAULT_CSS = "BoardHeader { height: 1; }"

    def __init__(self, plan: DayPlan, actor: str, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.plan = plan
        self.actor = actor  # initials and role, e.g. "MH (planlægger)"
        self.clock = clock

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        plan = self.plan
        teams = " + ".join(sorted(team.name for team in plan.teams.values())) or "–"
        shift = t(f"shift.{plan.shift.value}")
        hours = f"{plan.shift_start // 60:02d}–{plan.shift_end // 60 % 24:02d}"
        now = self.clock().strftime("%H:%M")
        roles = roles_compact(plan)
        if roles:  # compact: the whole line must fit a storskærm's width
            now = f"{now} · {roles}"
        meeting = getattr(self.app, "meeting", None)
        if meeting is not None:
            # start-up: the meeting screen pulls SQLAlchemy; loaded once a meeting runs
            from kaffefoerst.ui.screens.meeting import clock_text

            line = Text(
                t(
                    "header.line",
                    teams=teams,
                    date=long_date(plan.day),
                    shift=shift,
                    hours=hours,
                    actor=self.actor,
                    clock=now,
                )
                + "  "
            )
            line.append_text(clock_text(meeting, self.clock()))
            self.update(line)
            return
        self.update(
            t(
                "header.line",
                teams=teams,
                date=long_date(plan.day),
                shift=shift,
                hours=hours,
                actor=self.actor,
                clock=now,
            )
        )
