"""Beslutning: close a discussion item with a decision, a named responsible and a follow-up date;
or close a due follow-up with its outcome. ctrl+s saves, esc leaves without saving."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.store.decisions import DecisionView, close_follow_up, decide
from kaffefoerst.store.discussion_board import BoardItemView
from kaffefoerst.ui.dates import parse_day
from kaffefoerst.ui.widgets.plain import Plain, PlainLabel

FOLLOW_UP_DAYS = 2  # the default: within 48 hours, as a yellow triage note


class _Form(ModalScreen[bool]):
    DEFAULT_CSS = """
    _Form { align: center middle; }
    _Form > Vertical {
        width: 90; max-width: 98%; height: auto; border: thick $primary; background: $surface;
        padding: 0 2;
    }
    _Form Label { margin-top: 1; }
    _Form #error { color: $error; text-style: bold; margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._bindings.bind("ctrl+s", "save", t("decisions.save"))
        self._bindings.bind("escape", "cancel", t("key.cancel"))

    def _store(self, write: object, done: str) -> None:
        try:
            with self.app.store.session() as session:
                write(session)  # type: ignore[operator]
        except DomainError as exc:
            self.query_one("#error", Plain).update(t(exc.key, **exc.fields))
            return
        self.notify(done)
        self.dismiss(True)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(False)


class DecisionScreen(_Form):
    def __init__(self, plan: DayPlan, item: BoardItemView, meeting_id: int) -> None:
        super().__init__()
        self.plan = plan
        self.item = item
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        plan, item = self.plan, self.item
        people = sorted(plan.carers.values(), key=lambda c: (c.substitute, c.initials))
        follow_up = plan.day + timedelta(days=FOLLOW_UP_DAYS)
        with Vertical():
            yield Plain(t("decisions.decide_title", citizen=item.short_name, reason=item.reason))
            yield PlainLabel(t("decisions.decision"))
            yield Input(id="decision")
            yield PlainLabel(t("decisions.responsible"))
            yield Select(
                [(f"{c.initials}  {c.name}", c.id) for c in people],
                id="responsible",
                prompt=t("decisions.pick_responsible"),
            )
            yield PlainLabel(t("decisions.follow_up"))
            yield Input(follow_up.isoformat(), id="follow_up")
            yield Plain("", id="error")
            yield Plain(t("decisions.save"))

    def action_save(self) -> None:
        chosen = self.query_one("#responsible", Select).value
        responsible = chosen if isinstance(chosen, int) else None
        follow_up = parse_day(self.query_one("#follow_up", Input).value, self.plan.day)
        decision = self.query_one("#decision", Input).value
        self._store(
            lambda session: decide(
                session,
                board_item_id=self.item.id,
                decision=decision,
                responsible_id=responsible,
                follow_up=follow_up,
                today=self.plan.day,
                meeting_id=self.meeting_id,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            ),
            t("decisions.saved"),
        )


class OutcomeScreen(_Form):
    def __init__(self, view: DecisionView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        v = self.view
        with Vertical():
            yield Plain(
                t(
                    "decisions.outcome_title",
                    citizen=v.citizen,
                    decision=v.decision,
                    responsible=f"{v.responsible} {v.responsible_name}",
                )
            )
            yield PlainLabel(t("decisions.outcome"))
            yield Input(id="outcome")
            yield Plain("", id="error")
            yield Plain(t("decisions.save"))

    def action_save(self) -> None:
        outcome = self.query_one("#outcome", Input).value
        self._store(
            lambda session: close_follow_up(
                session,
                decision_id=self.view.id,
                outcome=outcome,
                actor=self.app.actor,
                now=self.app.clock(),
                user=self.app.user,
            ),
            t("decisions.closed"),
        )
