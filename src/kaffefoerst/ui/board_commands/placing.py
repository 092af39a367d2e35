"""Placing a visit: ask first when the new carer lacks a competence, declined the citizen, has
gone home or already has a visit then; store the move; show it where it landed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaffefoerst.domain.errors import DatabaseBusy, DomainError
from kaffefoerst.domain.plan import CarerInfo, PlanVisit, moved
from kaffefoerst.domain.warnings import (
    RouteWarning,
    carer_warnings,
    missing_competence,
    outside_shift,
    overlapping,
)
from kaffefoerst.locale import t
from kaffefoerst.ui.screens.confirm import ConfirmScreen
from kaffefoerst.ui.widgets.route_row import shift_label
from kaffefoerst.ui.widgets.visit_panel import hhmm

if TYPE_CHECKING:
    from kaffefoerst.store.moves import MoveDone
    from kaffefoerst.ui.screens.board import BoardScreen


def place(board: BoardScreen, visit_id: int, carer_id: int | None, start_min: int) -> None:
    """Store a move, asking first when the new carer lacks a competence or was declined."""
    plan = board.view.plan
    visit = plan.visits[visit_id]
    if carer_id == visit.carer_id and start_min == visit.start_min:
        let_go(board)
        return
    lines = risks(board, visit, carer_id, start_min)
    if lines:

        def answered(yes: bool | None) -> None:
            if yes:
                store_move(board, visit_id, carer_id, start_min)
            else:
                board.notify(t("move.not_moved"))

        board.app.push_screen(ConfirmScreen("\n".join(lines)), answered)
        return
    store_move(board, visit_id, carer_id, start_min)


def let_go(board: BoardScreen) -> None:
    """Put a picked-up visit back where it was."""
    view = board.view
    pending = view.pending
    view.cancel()
    board.refresh_bindings()
    if pending is not None:
        source = view.plan.visits[pending.visit_id].carer_id
        board._refresh_rows(*board._rows_of(source, pending.carer_id))
    board._show_selection()


def risks(board: BoardScreen, visit: PlanVisit, carer_id: int | None, start_min: int) -> list[str]:
    """What to ask before storing: a missing competence, a declined carer, a new overlap."""
    plan = board.view.plan
    if carer_id is None:
        return []
    carer = plan.carers[carer_id]
    lines = []
    if carer_id != visit.carer_id:
        found = carer_warnings(visit, carer, plan.citizens[visit.citizen_id])
        if RouteWarning.COMPETENCE in found:
            missing = ", ".join(missing_competence(visit, carer))
            lines.append(t("confirm.competence", carer=carer.initials, missing=missing))
        if RouteWarning.DECLINED in found:
            citizen = plan.citizens[visit.citizen_id].short_name
            lines.append(t("confirm.declined", carer=carer.initials, citizen=citizen))
    if outside_shift(visit, carer, start_min) and carer_id not in plan.absences:
        lines.append(outside_shift_line(carer, start_min))
    clash = overlapping(plan, visit.id, carer_id, start_min)
    if clash is not None and carer_id not in plan.absences:
        lines.append(
            t(
                "confirm.overlap",
                carer=carer.initials,
                citizen=plan.citizens[clash.citizen_id].short_name,
                start=hhmm(clash.start_min),
                end=hhmm(clash.end_min),
            )
        )
    return lines


def outside_shift_line(carer: CarerInfo, start_min: int) -> str:
    """'HN har vagt 07–13; besøget kl. 13:10 ligger uden for.' (a helper gone home)."""
    return t(
        "shifts.confirm_outside",
        carer=carer.initials,
        hours=shift_label(carer),
        start=hhmm(start_min),
    )


def store_move(board: BoardScreen, visit_id: int, carer_id: int | None, start_min: int) -> None:
    visit = board.view.plan.visits[visit_id]
    try:
        done = board.data.move(visit_id, carer_id, start_min, visit.version)
    except DatabaseBusy:
        board.notify(t("error.db_busy"), severity="error")
        return
    except DomainError as exc:
        board.notify(t(exc.key, **exc.fields), severity="error")
        board.call_later(board.reload)
        return
    show_moved(board, done, "move.done")


def show_moved(board: BoardScreen, done: MoveDone, message: str) -> None:
    """A stored move (or undo) on the board: the visit followed to its new row."""
    view = board.view
    plan = view.plan
    old_selected_row = view.current_row()
    view.pending = None
    board.refresh_bindings()
    visit = plan.visits.get(done.visit_id)
    if visit is None:  # a change on another day (undo)
        board.notify(t(message + "_elsewhere"))
        return
    placed = moved(visit, done.after.carer_id, done.after.start_min, done.version)
    plan.replace_visit(placed)
    view.selected = placed.id
    view.current = None  # follow the visit to its new row
    carer = plan.carers.get(done.after.carer_id) if done.after.carer_id else None
    where = carer.initials if carer else t("board.unassigned")
    citizen = plan.citizens[placed.citizen_id].short_name
    board.notify(t(message, citizen=citizen, to=where, at=hhmm(done.after.start_min)))
    board._rebuild(old_selected_row, (done.before.carer_id, done.after.carer_id))
