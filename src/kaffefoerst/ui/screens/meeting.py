"""Morgenmøde: an agenda a key away and a timer that warns but never blocks.

Digits switch agenda steps whenever no text field has focus; sending a message hands focus back
to the agenda, so the next digit is a step again (5 starts a new message).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.meeting import Attendee, loose_ends
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.io.minutes import change_lines, hhmm
from kaffefoerst.locale import t
from kaffefoerst.store.attendance import attendance, set_present
from kaffefoerst.store.day_plan import load_day_plan
from kaffefoerst.store.decisions import DecisionView, follow_ups_due
from kaffefoerst.store.discussion_board import BoardItemView, board_items
from kaffefoerst.store.inbox import InboxMessage, evening_inbox
from kaffefoerst.store.meeting_changes import changes_since, changes_start
from kaffefoerst.store.meetings import OpenMeeting, end_meeting
from kaffefoerst.store.shift_messages import RECIPIENTS, messages, write_message
from kaffefoerst.store.triage import triage_list
from kaffefoerst.ui.keys import Key
from kaffefoerst.ui.palette import board_palette
from kaffefoerst.ui.screen_keys import HELP, SMALL, bind_keys, fit_footer, keys_table
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.screens.decision import DecisionScreen, OutcomeScreen
from kaffefoerst.ui.screens.help import HelpScreen
from kaffefoerst.ui.screens.inbox import inbox_text
from kaffefoerst.ui.screens.triage_list import note_line
from kaffefoerst.ui.team_roles_text import roles_lines, who_text
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.screen_title import ScreenTitle
from kaffefoerst.ui.widgets.triage_chip import colour_cell

STEPS = ("attendance", "changes", "distribution", "triage", "messages")
MEETING_KEYS: tuple[Key, ...] = (
    # Digits switch steps (the agenda on screen shows them), so the footer leaves them out.
    *(Key(str(n), f"step('{s}')", f"meeting.step.{s}", show=False) for n, s in enumerate(STEPS, 1)),
    # F10: ctrl+e would be "end of line" while typing a message.
    Key("f10,ctrl+e", "end", "meeting.key.end", display="F10", footer_from=0),
    Key("escape", "board", "meeting.key.board", display="esc", footer_from=0),
    HELP,
)


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


def attendee_text(a: Attendee, present_style: str, absent_style: str) -> Text:
    """Symbol, word and colour all differ, so nobody has to tell two colours apart. Only the
    mark is coloured, on its own background: it stays readable on the highlighted line."""
    mark, word = ("[✓]", t("meeting.present")) if a.present else ("[ ]", t("meeting.not_present"))
    text = Text()
    text.append(mark, style=present_style if a.present else absent_style)
    text.append(f" {a.initials:<4} {a.name} · {word}")
    if a.arrives_min is not None:
        key = "meeting.called_in" if a.substitute else "meeting.arrives"
        text.append(f" · {t(key, time=hhmm(a.arrives_min))}")
    return text


def _badge(variables: dict[str, str], name: str, fallback: str) -> str:
    """The theme's colour (storskærm, lys …) as a badge style with readable text on it."""
    try:
        colour = Color.parse(variables.get(name, fallback))
    except Exception:  # a theme variable like "auto 87%" is no plain colour
        colour = Color.parse(fallback)
    return f"bold {colour.get_contrast_text(1.0).hex} on {colour.hex}"


def evening_report(evening: list[InboxMessage]) -> Text:
    """Yesterday's messages to the evening shift: which were read, and what it answered."""
    text = Text("\n" + t("inbox.yesterday") + "\n", style="bold")
    if not evening:
        text.append(t("inbox.none_yesterday"), style="")
    for m in evening:
        text.append_text(inbox_text(m))
        text.append("\n")
    return text


class EndAnyway(ConfirmScreen):
    """The yes/no question, with a yes button that says what it does here."""

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#yes", Button).label = t("meeting.end_button")


class AttendanceList(OptionList):
    """One key ticks or unticks the highlighted person: space as in a checklist, or enter."""

    BINDINGS = [Binding("space", "select", show=False)]


class MeetingScreen(Screen[str | None]):
    """Dismisses with 'board' to show the board (the meeting goes on), 'ended', or None."""

    DEFAULT_CSS = """
    MeetingScreen #agenda { width: 38; height: 1fr; }
    MeetingScreen.-small #agenda { width: 24; }
    MeetingScreen ContentSwitcher { width: 1fr; height: 1fr; padding: 0 1; }
    MeetingScreen .step-title { text-style: bold; margin-bottom: 1; }
    MeetingScreen #present { height: 1fr; min-height: 4; max-height: 24; }
    MeetingScreen #roles { height: auto; }
    MeetingScreen #discussion { height: auto; max-height: 12; margin-bottom: 1; }
    MeetingScreen #message-row { height: auto; }
    MeetingScreen #recipient { width: 28; }
    MeetingScreen #message { width: 1fr; }
    """

    def __init__(self, plan: DayPlan, meeting: OpenMeeting) -> None:
        super().__init__()
        self.plan = plan
        self.meeting = meeting
        self.attendees: list[Attendee] = []
        self.due: list[DecisionView] = []
        self.items: list[BoardItemView] = []
        bind_keys(self, MEETING_KEYS)

    def compose(self) -> ComposeResult:
        yield ScreenTitle(who_text(self.app.user), self.app.clock, id="timer")
        with Horizontal():
            yield OptionList(
                *(
                    Option(f"{n}  {t(f'meeting.step.{s}')}", id=s)
                    for n, s in enumerate(STEPS, start=1)
                ),
                id="agenda",
            )
            with ContentSwitcher(initial="attendance"):
                # Plain containers where a list or field takes focus: no invisible tab stop.
                with Vertical(id="attendance"):
                    yield Plain(t("meeting.step.attendance"), classes="step-title")
                    yield Plain(id="roles")
                    yield Plain(t("meeting.attendance_help"))
                    yield AttendanceList(id="present")
                    yield Plain(id="absences")
                with VerticalScroll(id="changes"):
                    yield Plain(t("meeting.step.changes"), classes="step-title")
                    yield Plain(id="change-list")
                    yield Plain(id="evening-report")
                with Vertical(id="distribution"):
                    yield Plain(t("meeting.distribution_help"))
                with VerticalScroll(id="triage"):
                    yield Plain(t("meeting.step.triage"), classes="step-title")
                    yield Plain(t("decisions.step_title"), classes="step-title")
                    yield OptionList(id="discussion")
                    yield Plain(id="triage-list")
                with Vertical(id="messages"):
                    yield Plain(t("meeting.step.messages"), classes="step-title")
                    with Horizontal(id="message-row"):
                        yield Select(
                            [(t(f"message.to.{r}"), r) for r in RECIPIENTS],
                            value="EVENING",
                            allow_blank=False,
                            id="recipient",
                        )
                        yield Input(id="message", placeholder=t("meeting.message_placeholder"))
                    yield Plain(id="message-list")
        yield Footer()

    def on_resize(self) -> None:
        fit_footer(self, MEETING_KEYS)
        self.set_class(self.size.width < SMALL, "-small")  # a narrower agenda at 80 columns

    def on_mount(self) -> None:
        fit_footer(self, MEETING_KEYS)
        self._tick()
        self.set_interval(1.0, self._tick)
        self._fill()
        self.query_one("#present", AttendanceList).focus()

    def _tick(self) -> None:
        self.query_one("#timer", ScreenTitle).show(clock_text(self.meeting, self.app.clock()))

    def _fill_attendance(self) -> None:
        """Re-read what is stored, so this screen never shows a tick the database lacks."""
        with self.app.store.session() as session:
            self.plan = load_day_plan(session, self.plan.day)
            self.attendees = attendance(session, self.meeting.id, self.plan)
        colours = self.app.get_css_variables()
        yes, no = _badge(colours, "success", "green"), _badge(colours, "error", "red")
        listing = self.query_one("#present", AttendanceList)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options(
            [Option(attendee_text(a, yes, no), id=str(a.carer_id)) for a in self.attendees]
        )
        if self.attendees:
            listing.highlighted = min(keep or 0, len(self.attendees) - 1)

    def _fill(self) -> None:
        self._fill_attendance()
        plan = self.plan
        roles = "\n".join([t("team_roles.today"), *(f"  {line}" for line in roles_lines(plan))])
        self.query_one("#roles", Static).update(roles + "\n")
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
            changes = changes_since(session, changes_start(session, plan.day))
            rows = triage_list(session, plan.day)
            items = board_items(session, plan.day)
            notes = messages(session, plan.day)
            evening = evening_inbox(session, plan.day - timedelta(days=1))
        lines = [line.removeprefix("- ") for line in change_lines([c.as_row() for c in changes], t)]
        self.query_one("#change-list", Static).update("\n".join(lines) or t("meeting.no_changes"))
        self.query_one("#evening-report", Static).update(evening_report(evening))
        triage = Text()
        palette = board_palette(self.app.get_css_variables())
        for row in rows:
            triage.append_text(colour_cell(row.colour, palette))
            due = f"  ! {t('triage.due')}" if row.due else ""
            triage.append(f"  {row.short_name}: {note_line(row.latest)}{due}\n")
        # The board's items are lines to decide on in #discussion, above.
        self.query_one("#triage-list", Static).update(
            triage if triage.plain else t("meeting.no_triage")
        )
        self._fill_discussion(items)
        self.query_one("#message-list", Static).update(
            "\n".join(f"{t(f'message.to.{m.recipient}')}: {m.text} — {m.author}" for m in notes)
            or t("meeting.no_messages")
        )

    def _fill_discussion(self, items: list[BoardItemView]) -> None:
        """The board's items to decide, and the follow-ups due today: each a line to ⏎ on."""
        with self.app.store.session() as session:
            self.due = follow_ups_due(session, self.plan.day)
        self.items = items
        listing = self.query_one("#discussion", OptionList)
        listing.clear_options()
        for v in self.due:
            line = t(
                "decisions.due",
                citizen=v.citizen,
                decision=v.decision,
                responsible=f"{v.responsible} {v.responsible_name}",
                day=v.follow_up.isoformat(),
            )
            listing.add_option(Option(Text(line), id=f"due-{v.id}"))
        for item in items:
            line = t(
                "decisions.item", citizen=item.short_name, reason=item.reason, by=item.added_by
            )
            listing.add_option(Option(Text(line), id=f"item-{item.id}"))
        if not self.due and not items:
            listing.add_option(Option(Text(t("decisions.none")), disabled=True))

    def _discuss(self, option_id: str) -> None:
        kind, _, number = option_id.partition("-")

        async def done(saved: bool | None) -> None:
            if saved:
                self._fill()

        if kind == "due":
            view = next(v for v in self.due if v.id == int(number))
            self.app.push_screen(OutcomeScreen(view), done)
        elif kind == "item":
            item = next(i for i in self.items if i.id == int(number))
            self.app.push_screen(DecisionScreen(self.plan, item, self.meeting.id), done)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "present":
            self._toggle(int(event.option.id or 0))
        elif event.option_list.id == "discussion":
            if not self.app.user.may("meeting"):
                self.notify(t("rights.denied", role=self.app.user.role.value, action="meeting"))
                return
            self._discuss(event.option.id or "")
        else:
            self.action_step(event.option.id or "attendance")

    def _toggle(self, carer_id: int) -> None:
        person = next((a for a in self.attendees if a.carer_id == carer_id), None)
        if person is None:
            return
        try:
            with self.app.store.session() as session:
                set_present(
                    session,
                    meeting_id=self.meeting.id,
                    carer_id=carer_id,
                    present=not person.present,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    user=self.app.user,
                )
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="warning")
        self._fill_attendance()

    def action_step(self, step: str) -> None:
        if step == "distribution":
            self.dismiss("board")
            return
        self.query_one(ContentSwitcher).current = step
        self.query_one("#agenda", OptionList).highlighted = STEPS.index(step)
        focus = {"attendance": "#present", "messages": "#message", "triage": "#discussion"}.get(
            step, f"#{step}"
        )
        self.query_one(focus).focus()

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
        self.query_one("#agenda", OptionList).focus()  # digits switch steps again
        self.notify(t("meeting.message_sent"))

    def action_end(self) -> None:
        with self.app.store.session() as session:
            open_ = loose_ends(load_day_plan(session, self.plan.day))
        if not open_:
            self._end()
            return
        question = t("meeting.loose_ends", unassigned=open_.unassigned, uncovered=open_.uncovered)

        def answered(yes: bool | None) -> None:
            if yes:
                self._end()

        self.app.push_screen(EndAnyway(question, t("meeting.end_anyway")), answered)

    def _end(self) -> None:
        try:
            with self.app.store.session() as session:
                end_meeting(
                    session, meeting_id=self.meeting.id, now=self.app.clock(), user=self.app.user
                )
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="error")
            return
        self.dismiss("ended")

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(keys_table(t("team_choice.help_meeting"), MEETING_KEYS, self))
        )

    def action_board(self) -> None:
        self.dismiss("board")
