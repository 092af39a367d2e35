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
    DEFAULT_CSS = "BoardHeader { height: 1; width: 1fr; }"

    def __init__(self, plan: DayPlan, actor: str, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.plan = plan
        self.actor = actor  # initials and role, e.g. "MH (planlægger)"
        self.clock = clock

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)

    def on_resize(self) -> None:
        self._tick()

    def _tick(self) -> None:
        meeting = getattr(self.app, "meeting", None)
        timer = Text()
        if meeting is not None:
            # start-up: the meeting screen pulls SQLAlchemy; loaded once a meeting runs
            from kaffefoerst.ui.screens.meeting import clock_text

            timer = Text("  ").append_text(clock_text(meeting, self.clock()))
        room = (self.size.width or 200) - 2 - timer.cell_len  # padding 0 1
        line = Text(self.line(room))
        line.append_text(timer)
        self.update(line, layout=False)  # one line, full width: no layout pass each second

    def line(self, room: int) -> str:
        """The longest header that fits: who you are and the clock are always kept."""
        plan = self.plan
        fields = {
            "teams": " + ".join(sorted(team.name for team in plan.teams.values())) or "–",
            "date": long_date(plan.day),
            "shift": t(f"shift.{plan.shift.value}"),
            "hours": f"{plan.shift_start // 60:02d}–{plan.shift_end // 60 % 24:02d}",
            "actor": self.actor,
            "clock": self.clock().strftime("%H:%M"),
            "short_date": t("board_size.short_date", day=plan.day.day, month=plan.day.month),
        }
        texts = [t(key, **fields) for key in HEADER_LINES]
        roles = roles_compact(plan)
        if roles:  # today's roles after the clock, in the longer forms when they fit
            with_roles = {**fields, "clock": f"{fields['clock']} · {roles}"}
            texts = [t(key, **with_roles) for key in HEADER_LINES[:2]] + texts
        return next((text for text in texts if len(text) <= room), texts[-1])


# Longest first; each keeps the role (in the actor) and the clock.
HEADER_LINES = (
    "header.line",
    "board_size.header_medium",
    "board_size.header_short",
    "board_size.header_tiny",
)
