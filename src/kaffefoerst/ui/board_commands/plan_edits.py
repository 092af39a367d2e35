"""Editing the plan from the board (issue 12): add, cancel or re-time a visit, add or pause a
citizen, and bring the care system's plan in."""

from __future__ import annotations

from datetime import date

from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import BoardCommand
from kaffefoerst.ui.widgets.visit_panel import hhmm

NOTHING = "plan_edit.nothing_selected"


class AddVisit(BoardCommand):
    """`a`: a visit for the selected citizen (or any), on the selected carer's route."""

    action = "add_visit"
    right = "plan_edit"

    def run(self) -> None:
        from kaffefoerst.ui.screens.plan_visit import AddVisitScreen  # start-up: see board.py

        board, visit = self.board, self.visit()

        async def stored(result: tuple[int, date] | None) -> None:
            if result is None:
                return
            visit_id, day = result
            await board.reload()
            added = self.view.plan.visits.get(visit_id)
            if added is not None:
                self.view.select(added.id)
                board._show_selection()
                name = self.view.plan.citizens[added.citizen_id].short_name
                board.notify(t("plan_edit.added", citizen=name, start=hhmm(added.start_min)))
            else:  # another day, or outside this shift
                board.notify(t("plan_edit.added", citizen="", start=day.isoformat()))

        citizen = visit.citizen_id if visit else None
        self.app.push_screen(AddVisitScreen(self.view.plan, citizen, self.carer()), stored)


class CancelVisit(BoardCommand):
    action = "cancel_visit"
    right = "plan_edit"

    def run(self) -> None:
        from kaffefoerst.ui.screens.plan_cancel import CancelVisitScreen  # start-up: see board.py

        visit = self.chosen_visit(NOTHING)
        if visit is None:
            return
        name = self.view.plan.citizens[visit.citizen_id].short_name

        async def stored(reason: str | None) -> None:
            if reason is None:
                return
            await self.board.reload()
            why = t(f"plan_edit.reason.{reason}")
            self.board.notify(
                t("plan_edit.cancelled", citizen=name, start=hhmm(visit.start_min), reason=why)
            )

        self.app.push_screen(CancelVisitScreen(self.view.plan, visit), stored)


class Duration(BoardCommand):
    """`u`: a visit's length; a member changes only the visits on their own route."""

    action = "duration"
    right = "duration"

    def run(self) -> None:
        from kaffefoerst.ui.screens.plan_duration import DurationScreen  # start-up: see board.py

        visit = self.chosen_visit(NOTHING)
        if visit is None:
            return
        if not self.app.user.may_change_duration(visit.carer_ids()):
            self.board.notify(t("rights.not_your_route"), severity="warning")
            return
        name = self.view.plan.citizens[visit.citizen_id].short_name

        async def stored(minutes: int | None) -> None:
            if minutes is None:
                return
            await self.board.reload()
            self.board.notify(t("plan_edit.duration_done", citizen=name, minutes=minutes))

        self.app.push_screen(DurationScreen(self.view.plan, visit), stored)


class AddCitizen(BoardCommand):
    """`N`: a new citizen, in the selected carer's team."""

    action = "add_citizen"
    right = "plan_edit"

    def run(self) -> None:
        from kaffefoerst.ui.screens.plan_citizen import AddCitizenScreen  # start-up: see board.py

        carer = self.view.plan.carers.get(self.carer() or -1)

        async def stored(result: tuple[int, str] | None) -> None:
            if result is not None:
                await self.board.reload()
                self.board.notify(t("plan_edit.citizen_added", citizen=result[1]))

        team = carer.team_id if carer else None
        self.app.push_screen(AddCitizenScreen(self.view.plan, team), stored)


class PauseCitizen(BoardCommand):
    """`H`: a citizen's visits paused for some days (a hospital stay)."""

    action = "pause_citizen"
    right = "plan_edit"

    def run(self) -> None:
        from kaffefoerst.ui.screens.plan_pause import PauseCitizenScreen  # start-up: see board.py

        visit = self.visit()

        async def stored(result: tuple[str, date, date, int] | None) -> None:
            if result is None:
                return
            await self.board.reload()
            name, first, last, n = result
            text = t(
                "plan_edit.paused",
                citizen=name,
                start=first.isoformat(),
                end=last.isoformat(),
                n=n,
            )
            self.board.notify(text)

        citizen = visit.citizen_id if visit else None
        self.app.push_screen(PauseCitizenScreen(self.view.plan, citizen), stored)


class ImportPlan(BoardCommand):
    """`I`: the care system's plan in (planner only); the board reloads if anything changed."""

    action = "import_plan"
    right = "import"

    def run(self) -> None:
        from kaffefoerst.ui.screens.import_screen import ImportScreen  # start-up: see board.py

        self.app.push_screen(ImportScreen(), self.reload_if)
