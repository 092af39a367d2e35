"""Morgenmøde: an agenda a key away and a timer that warns but never blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.handover import RECIPIENTS, board_items, messages, write_message
from kaffefoerst.domain.meeting import (
    OpenMeeting,
    changes_since,
    end_meeting,
    previous_meeting_start,
)
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.domain.triage import triage_list
from kaffefoerst.locale import t
from kaffefoerst.ui.screens.triage_list import colour_cell, note_line

STEPS = ("attendance", "changes", "distribution", "triage", "messages")


def clock_text(meeting: OpenMeeting, now: datetime) -> Text:
    elapsed = max(0, int((now.astimezone(UTC) - meeting.started_at).total_seconds()))
    over = elapsed >= meeting.planned_min * 60
    text = t(
        "meeting.timer",
        elapsed=f"{elapsed // 60:02d}:{elapsed % 60:02d}",
        planned=f"{meeting.planned_min:02d}:00",
    )
    return Text(
        text + (" " + t("meeting.over") if over else ""),
        style="bold reverse yellow" if over else "bold",
    )


class MeetingScreen(Screen[str | None]):
    """Dismisses with 'board' to show the board (the meeting goes on), 'ended', or None."""

    DEFAULT_CSS = """
    MeetingScreen #timer { padding: 0 1; height: 1; }
    MeetingScreen #agenda { width: 38; height: 1fr; }
    MeetingScreen ContentSwitcher { width: 1fr; height: 1fr; padding: 0 1; }
    MeetingScreen .step-title { text-style: bold; margin-bottom: 1; }
    MeetingScreen SelectionList { height: auto; max-height: 24; }
    MeetingScreen #message-row { height: auto; }
    MeetingScreen #recipient { width: 28; }
    MeetingScreen #message { width: 1fr; }
    """

    def __init__(self, plan: DayPlan, meeting: OpenMeeting) -> None:
        super().__init__()
        self.plan = plan
        self.meeting = meeting
        for n, step in enumerate(STEPS, start=1):
            self._bindings.bind(str(n), f"step('{step}')", t(f"meeting.step.{step}"), show=False)
        # F10: ctrl+e would be "end of line" while typing a message.
        self._bindings.bind("f10,ctrl+e", "end", t("meeting.key.end"), key_display="F10")
        self._bindings.bind("escape", "board", t("meeting.key.board"))

    def compose(self) -> ComposeResult:
        yield Static(id="timer")
        with Horizontal():
            yield OptionList(
                *(
                    Option(f"{n}  {t(f'meeting.step.{s}')}", id=s)
                    for n, s in enumerate(STEPS, start=1)
                ),
                id="agenda",
            )
            with ContentSwitcher(initial="attendance"):
                with VerticalScroll(id="attendance"):
                    yield Static(t("meeting.step.attendance"), classes="step-title")
                    yield SelectionList[str](
                        *((f"{c.initials}  {c.name}", c.initials, True) for c in self.plan.on_duty),
                        id="present",
                    )
                    yield Static(id="absences")
                with VerticalScroll(id="changes"):
                    yield Static(t("meeting.step.changes"), classes="step-title")
                    yield Static(id="change-list")
                with VerticalScroll(id="distribution"):
                    yield Static(t("meeting.distribution_help"))
                with VerticalScroll(id="triage"):
                    yield Static(t("meeting.step.triage"), classes="step-title")
                    yield Static(id="triage-list")
                with VerticalScroll(id="messages"):
                    yield Static(t("meeting.step.messages"), classes="step-title")
                    with Horizontal(id="message-row"):
                        yield Select(
                            [(t(f"message.to.{r}"), r) for r in RECIPIENTS],
                            value="EVENING",
                            allow_blank=False,
                            id="recipient",
                        )
                        yield Input(id="message", placeholder=t("meeting.message_placeholder"))
                    yield Static(id="message-list")
        yield Footer()

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)
        self._fill()
        self.query_one("#agenda", OptionList).focus()

    def _tick(self) -> None:
        self.query_one("#timer", Static).update(clock_text(self.meeting, self.app.clock()))

    def _fill(self) -> None:
        plan = self.plan
        absences = [
            t(
                "meeting.absent",
                carer=plan.carers[a.carer_id].initials,
                kind=t(f"absence.kind.{a.kind}"),
            )
            for a in plan.absences.values()
        ]
        self.query_one("#absences", Static).update("\n".join(absences) or t("meeting.no_absences"))
        with self.app.store.session() as session:
            since = previous_meeting_start(session, plan.day) or datetime.combine(
                plan.day - timedelta(days=1), datetime.min.time(), UTC
            )
            changes = changes_since(session, since)
            rows = triage_list(session, plan.day)
            items = board_items(session, plan.day)
            notes = messages(session, plan.day)
        lines = [
            f"{c.at.astimezone().strftime('%H:%M')}  {c.actor}  {t(f'change.{c.action}')} "
            f"{c.what}" + (f"  ! {t('change.outside')}" if c.outside else "")
            for c in changes
        ]
        self.query_one("#change-list", Static).update("\n".join(lines) or t("meeting.no_changes"))
        triage = Text()
        for row in rows:
            triage.append_text(colour_cell(row.colour))
            due = f"  ! {t('triage.due')}" if row.due else ""
            triage.append(f"  {row.short_name}: {note_line(row.latest)}{due}\n")
        if items:
            triage.append("\n" + t("meeting.board_items") + "\n", style="bold")
            for item in items:
                triage.append(f"  {item.short_name}: {item.reason} ({item.added_by})\n")
        self.query_one("#triage-list", Static).update(
            triage if triage.plain else t("meeting.no_triage")
        )
        self.query_one("#message-list", Static).update(
            "\n".join(f"{t(f'message.to.{m.recipient}')}: {m.text} — {m.author}" for m in notes)
            or t("meeting.no_messages")
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_step(event.option.id or "attendance")

    def action_step(self, step: str) -> None:
        if step == "distribution":
            self.dismiss("board")
            return
        self.query_one(ContentSwitcher).current = step
        index = STEPS.index(step)
        self.query_one("#agenda", OptionList).highlighted = index
        if step == "messages":
            self.query_one("#message", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        recipient = str(self.query_one("#recipient", Select).value)
        try:
            with self.app.store.session() as session:
                write_message(
                    session,
                    day=self.plan.day,
                    recipient=recipient,
                    text=event.value,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    user=self.app.user,
                )
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="warning")
            return
        event.input.value = ""
        self._fill()

    def action_end(self) -> None:
        present = list(self.query_one("#present", SelectionList).selected)
        try:
            with self.app.store.session() as session:
                end_meeting(
                    session,
                    meeting_id=self.meeting.id,
                    attendance=present,
                    now=self.app.clock(),
                    user=self.app.user,
                )
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="error")
            return
        self.dismiss("ended")

    def action_board(self) -> None:
        self.dismiss("board")
