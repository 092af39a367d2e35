"""Back from an absence early: end it, then offer the visits not yet started back to them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan
from kaffefoerst.locale import t
from kaffefoerst.store.absences import end_absence, give_back, versions_of
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.widgets.plain import Plain


class BackScreen(ModalScreen[bool]):
    """Dismisses True when something changed."""

    DEFAULT_CSS = """
    BackScreen { align: center middle; }
    BackScreen > Vertical {
        width: 80; height: auto; max-height: 80%; border: thick $primary; background: $surface;
    }
    """

    def __init__(self, plan: DayPlan) -> None:
        super().__init__()
        self.plan = plan
        self._bindings.bind("escape", "close", t("key.cancel"))

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text(
                    t(
                        "back.option",
                        carer=self.plan.carers[a.carer_id].initials,
                        name=self.plan.carers[a.carer_id].name,
                        kind=t(f"absence.kind.{a.kind}"),
                        start=a.from_day.isoformat(),
                        end=a.to_day.isoformat(),
                    )
                ),
                id=str(a.id),
            )
            for a in self.plan.absences.values()
        ]
        with Vertical():
            yield Plain(t("back.title"))
            yield OptionList(*options, id="absences")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        absence_id = int(event.option.id or 0)
        absence = next(a for a in self.plan.absences.values() if a.id == absence_id)
        initials = self.plan.carers[absence.carer_id].initials
        try:
            with self.app.store.session() as session:
                visits = end_absence(
                    session,
                    absence_id=absence_id,
                    back_day=self.plan.day,
                    actor=self.app.actor,
                    now=self.app.clock(),
                    user=self.app.user,
                )
                versions = versions_of(session, visits)
        except DomainError as exc:
            self.notify(t(exc.key, **exc.fields), severity="error")
            return
        if not visits:
            self.notify(t("back.done", carer=initials))
            self.dismiss(True)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    with self.app.store.session() as session:
                        n = give_back(
                            session,
                            versions=versions,
                            visit_ids=visits,
                            actor=self.app.actor,
                            now=self.app.clock(),
                            user=self.app.user,
                        )
                except DomainError as exc:
                    self.notify(t(exc.key, **exc.fields), severity="error", timeout=8)
                    self.dismiss(True)
                    return
                self.notify(t("back.given", n=n, carer=initials))
            else:
                self.notify(t("back.done", carer=initials))
            self.dismiss(True)

        question = t("back.offer", carer=initials, n=len(visits))
        self.app.push_screen(ConfirmScreen(question, t("back.ask")), answered)

    def action_close(self) -> None:
        self.dismiss(False)
