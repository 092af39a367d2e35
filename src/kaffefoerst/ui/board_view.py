"""What the board shows and where the cursor is: rows, lanes, selection, a picked-up visit.

Kept free of widgets so that navigation can be reasoned about (and tested) on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaffefoerst.domain.plan_types import DayPlan, PlanVisit
from kaffefoerst.domain.warnings import RouteWarning, plan_warnings
from kaffefoerst.ui.palette import BoardPalette, board_palette

LANE_PAD_MIN = 5  # unassigned visits closer than this share no lane, so labels stay apart
STEP_MIN = 5


@dataclass(slots=True)
class Row:
    """One line on the board: a carer's route, or one lane of the unassigned visits."""

    carer_id: int | None
    lane: int = 0
    visit_ids: list[int] = field(default_factory=list)
    uncovered: bool = False  # an absent carer's visits: 'Mangler dækning'


@dataclass(slots=True)
class Pending:
    """A picked-up visit and where it would land; nothing is stored until it is dropped."""

    visit_id: int
    carer_id: int | None
    start_min: int


def pack_lanes(visits: list[PlanVisit]) -> list[list[int]]:
    lanes: list[list[int]] = []
    ends: list[int] = []
    for visit in visits:
        for i, end in enumerate(ends):
            if visit.start_min >= end + LANE_PAD_MIN:
                lanes[i].append(visit.id)
                ends[i] = visit.end_min
                break
        else:
            lanes.append([visit.id])
            ends.append(visit.end_min)
    return lanes or [[]]


class BoardView:
    def __init__(self, plan: DayPlan, palette: BoardPalette | None = None) -> None:
        self.plan = plan
        self.palette = palette or board_palette({})
        self.selected: int | None = None
        self.pending: Pending | None = None
        self.rebuild()

    def rebuild(self) -> None:
        plan = self.plan
        self.warnings: dict[int, frozenset[RouteWarning]] = plan_warnings(plan)
        self.rows: list[Row] = []
        for carer_id in sorted(plan.absences, key=lambda c: plan.carers[c].initials):
            visits = plan.route(carer_id)
            if visits:
                lanes = pack_lanes(visits)
                self.rows += [Row(carer_id, i, ids, uncovered=True) for i, ids in enumerate(lanes)]
        self.rows += [Row(None, i, ids) for i, ids in enumerate(pack_lanes(plan.route(None)))]
        self.rows += [Row(c.id, 0, [v.id for v in plan.route(c.id)]) for c in plan.on_duty]
        if self.selected not in plan.visits:
            self.selected = self._first_visit()

    def _first_visit(self) -> int | None:
        return next((ids[0] for ids in (r.visit_ids for r in self.rows) if ids), None)

    def row_of(self, visit_id: int | None) -> int | None:
        for i, row in enumerate(self.rows):
            if visit_id in row.visit_ids:
                return i
        return None

    def targets(self) -> list[int | None]:
        """Where a picked-up visit can go: unassigned first, then every carer on duty."""
        return [None, *(c.id for c in self.plan.on_duty)]

    # Navigation: left/right along a row, up/down to the nearest visit on the next row with visits.
    def step_along(self, delta: int) -> None:
        index = self.row_of(self.selected)
        if index is None:
            self.selected = self._first_visit()
            return
        ids = self.rows[index].visit_ids
        pos = ids.index(self.selected) + delta  # type: ignore[arg-type]
        if 0 <= pos < len(ids):
            self.selected = ids[pos]

    def step_across(self, delta: int) -> None:
        index = self.row_of(self.selected)
        if index is None:
            self.selected = self._first_visit()
            return
        here = self.plan.visits[self.selected]  # type: ignore[index]
        middle = here.start_min + here.duration_min / 2
        index += delta
        while 0 <= index < len(self.rows):
            ids = self.rows[index].visit_ids
            if ids:
                self.selected = min(ids, key=lambda i: abs(self._middle(i) - middle))
                return
            index += delta

    def _middle(self, visit_id: int) -> float:
        v = self.plan.visits[visit_id]
        return v.start_min + v.duration_min / 2

    # Picking up and placing.
    def pick(self) -> Pending | None:
        if self.selected is None:
            return None
        visit = self.plan.visits[self.selected]
        self.pending = Pending(visit.id, visit.carer_id, visit.start_min)
        return self.pending

    def shift_carer(self, delta: int) -> None:
        if self.pending is None:
            return
        targets = self.targets()
        pos = targets.index(self.pending.carer_id) if self.pending.carer_id in targets else 0
        self.pending.carer_id = targets[max(0, min(len(targets) - 1, pos + delta))]

    def shift_time(self, delta_min: int) -> None:
        if self.pending is None:
            return
        visit = self.plan.visits[self.pending.visit_id]
        latest = self.plan.shift_end - visit.duration_min
        start = self.pending.start_min + delta_min
        self.pending.start_min = max(self.plan.shift_start, min(latest, start))

    def cancel(self) -> None:
        self.pending = None
