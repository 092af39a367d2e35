"""What the board shows and where the cursor is: rows, lanes, selection, a picked-up visit.

Kept free of widgets so that navigation can be reasoned about (and tested) on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.domain.short_code import short_codes
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
    """The selection is a visit *and* the row it was reached on: a two-carer visit sits on two
    rows, and the cursor stays on the one the planner is looking at. A row without visits can
    be selected too (``selected`` None), so every carer can be reached."""

    def __init__(
        self, plan: DayPlan, palette: BoardPalette | None = None, home: int | None = None
    ) -> None:
        self.plan = plan
        self.palette = palette or board_palette({})
        self.selected: int | None = None
        self.current: int | None = None  # index of the selected row
        self.pending: Pending | None = None
        self.rows: list[Row] = []
        self.lines = 1  # screen lines per row: chosen by the screen from its size
        self.now_min: int | None = None  # the now-line's minute, on today's board only
        self.codes: dict[int, str] = {}
        self._codes_of: object = None  # the citizens the codes were made for
        self.skip: set[int] = set()  # rows of folded or filtered-out teams: the cursor passes by
        # The first row of each folded team: the cursor stops there, on the team's one line.
        self.heads: set[int] = set()
        self.rebuild()
        if home is not None:  # a member starts on their own route
            self.select_carer(home)

    def rebuild(self, moved_between: tuple[int | None, ...] | None = None) -> None:
        """Re-read rows from the plan; the selection keeps its visit, else its row's carer.

        ``moved_between``: the routes a single move touched; only their warnings are worked
        out again (at district scale all of them cost more than the rest of a move)."""
        plan = self.plan
        key = self._row_key(self.current)
        if moved_between is None or not hasattr(self, "warnings"):
            self.warnings: dict[int, frozenset[RouteWarning]] = plan_warnings(plan)
        else:
            touched = {v.id for c in moved_between for v in plan.route(c)}
            kept = {k: w for k, w in self.warnings.items() if k not in touched}
            self.warnings = {**kept, **plan_warnings(plan, moved_between)}
        if self._codes_of is not plan.citizens:  # codes change only with the citizens
            self.codes = short_codes((c.id, c.short_name) for c in plan.citizens.values())
            self._codes_of = plan.citizens
        self.rows = []
        for carer_id in sorted(plan.absences, key=lambda c: plan.carers[c].initials):
            visits = plan.route(carer_id)
            if visits:
                lanes = pack_lanes(visits)
                self.rows += [Row(carer_id, i, ids, uncovered=True) for i, ids in enumerate(lanes)]
        self.rows += [Row(None, i, ids) for i, ids in enumerate(pack_lanes(plan.route(None)))]
        self.rows += [Row(c.id, 0, [v.id for v in plan.route(c.id)]) for c in plan.on_duty]
        self._restore(key)

    def _row_key(self, index: int | None) -> tuple[int | None, bool] | None:
        if index is None or not 0 <= index < len(self.rows):
            return None
        row = self.rows[index]
        return (row.carer_id, row.uncovered)

    def _restore(self, key: tuple[int | None, bool] | None) -> None:
        same_row = [i for i, r in enumerate(self.rows) if (r.carer_id, r.uncovered) == key]
        if self.selected in self.plan.visits:
            here = [i for i in same_row if self.selected in self.rows[i].visit_ids]
            self.current = here[0] if here else self.row_of(self.selected)
            return
        if same_row:  # the visit left (moved away, another day): stay on the row
            index = same_row[0]
            ids = self.rows[index].visit_ids
            on_line = index in self.heads  # a folded team's line keeps the cursor, no visit
            self.current, self.selected = index, (ids[0] if ids and not on_line else None)
            return
        self.selected = self._first_visit()
        self.current = self.row_of(self.selected)

    def _first_visit(self) -> int | None:
        return next((ids[0] for ids in (r.visit_ids for r in self.rows) if ids), None)

    def row_of(self, visit_id: int | None) -> int | None:
        for i, row in enumerate(self.rows):
            if visit_id in row.visit_ids:
                return i
        return None

    def current_row(self) -> int | None:
        """The selected row: where the cursor is, even for a visit shown on two rows."""
        index = self.current
        valid = index is not None and 0 <= index < len(self.rows)
        if valid and (self.selected is None or self.selected in self.rows[index].visit_ids):  # type: ignore[index]
            return index
        return self.row_of(self.selected)

    def on_team_line(self) -> bool:
        """Whether the cursor stands on a folded team's one line (not on a route)."""
        index = self.current_row()
        return index is not None and index in self.heads

    def select(self, visit_id: int | None, row: int | None = None) -> None:
        self.selected = visit_id
        if row is not None and (visit_id is None or visit_id in self.rows[row].visit_ids):
            self.current = row
        else:
            self.current = self.row_of(visit_id)

    def select_carer(self, carer_id: int) -> bool:
        """Jump to a carer's row (their first visit, or the empty row itself)."""
        for i, row in enumerate(self.rows):
            if row.carer_id == carer_id and not row.uncovered:
                self.select(row.visit_ids[0] if row.visit_ids else None, i)
                return True
        return False

    def targets(self) -> list[int | None]:
        """Where a picked-up visit can go: the absent carer it came from (a new time there is
        no cover), unassigned, then every carer on duty."""
        first: list[int | None] = []
        if self.pending is not None:
            origin = self.plan.visits[self.pending.visit_id].carer_id
            if origin in self.plan.absences:
                first.append(origin)
        return [*first, None, *(c.id for c in self.plan.on_duty)]

    # Navigation: left/right along a row, up/down to the nearest visit on the next row with visits.
    def step_along(self, delta: int) -> None:
        index = self.current_row()
        if index is None:
            self.select(self._first_visit())
            return
        ids = self.rows[index].visit_ids
        if index in self.heads:  # a folded team's line has no visits to step along
            return
        if self.selected is None:
            if ids:
                self.select(ids[0] if delta > 0 else ids[-1], index)
            return
        pos = ids.index(self.selected) + delta
        if 0 <= pos < len(ids):
            self.select(ids[pos], index)

    def step_across(self, delta: int) -> None:
        index = self.current_row()
        if index is None:
            self.select(self._first_visit())
            return
        if self.selected is None:
            middle = (self.plan.shift_start + self.plan.shift_end) / 2
        else:
            middle = self._middle(self.selected)
        index += delta
        while 0 <= index < len(self.rows):
            if index in self.heads:  # a folded team: its one line is a stop
                self.select(None, index)
                return
            ids = self.rows[index].visit_ids
            if ids and index not in self.skip:
                self.select(min(ids, key=lambda i: abs(self._middle(i) - middle)), index)
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
        if self.pending is None or delta == 0:
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
