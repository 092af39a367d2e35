"""Which board rows a change touched, so only those are drawn again: a row's signature (what
its drawing depends on) before and after, and after a lane more or less, which rows are still
drawn exactly as before under their new index."""

from __future__ import annotations

from kaffefoerst.ui.board_view import BoardView

Signature = tuple[tuple[object, ...], ...]
RowKey = tuple[int | None, int, bool]  # carer, lane, uncovered


def row_signatures(view: BoardView) -> list[Signature]:
    """What a row's drawing depends on, so only rows whose signature changed are redrawn."""
    plan = view.plan
    visits = plan.visits
    return [
        tuple(
            (
                i,
                visits[i].start_min,
                visits[i].carer_id,
                visits[i].version,
                plan.colours.get(visits[i].citizen_id),
                i in plan.covers,
            )
            for i in row.visit_ids
        )
        for row in view.rows
    ]


def row_keys(view: BoardView) -> list[RowKey]:
    return [(row.carer_id, row.lane, row.uncovered) for row in view.rows]


def unchanged_rows(
    view: BoardView,
    keys_before: list[RowKey],
    before: list[Signature],
    after: list[Signature],
    old_selected_row: int | None,
) -> dict[int, int]:
    """New row index -> old index, for carers' rows drawn exactly as before (same route,
    same visits, not the selection's): a lane more or less shifts every index below it, and
    drawing every row of a district again made such a move slow."""
    # The picked-up visit's ghost is drawn in its carer's rows, old and new.
    picked = (view.pending.carer_id,) if view.pending is not None else ()
    old = {
        (key, sig): i
        for i, (key, sig) in enumerate(zip(keys_before, before, strict=True))
        # The open lanes are drawn together (a visit overlapping another lane is marked):
        # only a carer's row depends on its own visits alone.
        if i != old_selected_row and key[0] is not None and key[0] not in picked
    }
    current = view.current_row()
    keep = {}
    for new, key in enumerate(row_keys(view)):
        index = old.get((key, after[new]))
        if index is not None and new != current and key[0] not in picked:
            keep[new] = index
    return keep
