"""How a board row is laid out, as plain functions: names first, codes when nothing else fits,
overlaps drawn over the shared minutes, labels taking turns between lines, lines per row."""

from __future__ import annotations

from rich.style import Style

from kaffefoerst.domain.short_code import board_label, identifying_name, short_codes, split_title
from kaffefoerst.ui.board_lines import choose_lines
from kaffefoerst.ui.row_layout import Block, GapLook, Scale, draw_row, fit_label, gap_cells

LOOK = GapLook(
    hour=Style(dim=True), now=Style(bold=True), overlap=Style(reverse=True), text=Style()
)
A, B = Style(color="red"), Style(color="blue")


def block(c0: int, c1: int, name: str = "Lund", style: Style = A, code: str = "LU") -> Block:
    return Block(c0, c1, style, " ", name, "", code, ())


def test_the_identifying_name_leads_and_the_title_follows() -> None:
    assert identifying_name("Fru Lund") == "Lund"
    assert identifying_name("Hr. Holm") == "Holm"
    assert identifying_name("Ellen K.") == "Ellen K."
    assert identifying_name("Frederik") == "Frederik"  # one word is never a title alone
    assert split_title("Hr. Lund") == ("Lund", "Hr.")
    assert board_label("Fru Lund") == "Lund fru"
    assert board_label("Ellen K.") == "Ellen K."


def test_short_codes_are_unique_and_stay_when_citizens_are_added() -> None:
    first = short_codes([(1, "Fru Lund"), (2, "Hr. Lund"), (3, "Fru Lassen"), (4, "Ellen K.")])
    assert first == {1: "LU", 2: "LN", 3: "LA", 4: "EL"}
    later = short_codes(
        [(1, "Fru Lund"), (2, "Hr. Lund"), (3, "Fru Lassen"), (4, "Ellen K.")] + [(9, "Fru Lunde")]
    )
    assert {k: later[k] for k in first} == first
    many = short_codes([(i, "Fru Aa") for i in range(1, 6)])
    assert len(set(many.values())) == 5


def test_a_label_shows_the_name_then_symbols_and_a_code_when_no_name_fits() -> None:
    marked = Block(0, 3, A, " ", "Lund", "fru", "LU", (("!", None), ("▲", B)))
    assert "".join(c for c, _ in fit_label(marked, 12)) == "Lund fru!▲"
    assert "".join(c for c, _ in fit_label(marked, 6)) == "Lund!▲"
    assert "".join(c for c, _ in fit_label(marked, 4)) == "Lund"
    assert "".join(c for c, _ in fit_label(marked, 3)) == "LU!"
    assert "".join(c for c, _ in fit_label(marked, 1)) == "!"


def test_overlapping_visits_are_drawn_over_their_shared_minutes_not_pushed_right() -> None:
    first, second = block(2, 10, "Lund", A), block(6, 14, "Beck", B)
    [line] = draw_row([first, second], 1, [(" ", None)] * 20, LOOK)
    assert line.plain.index("Beck") == 6  # the later visit starts at its own minute
    assert line.plain.startswith("  Lund")
    shared = {span.style for span in line.spans if span.start >= 6 and span.end <= 10}
    assert shared == {LOOK.overlap}  # its name sits on the overlap's colour
    top, bottom = draw_row([first, second], 2, [(" ", None)] * 20, LOOK)
    assert top.plain[6:10] == "╳╳╳╳"  # where no label is, the shared minutes are marked
    assert bottom.plain[6:10] == "Beck"


def test_labels_take_turns_between_lines_and_run_on_as_plain_text() -> None:
    short = [block(0, 2, "Lund"), block(3, 5, "Beck", B), block(6, 8, "Holm")]
    top, bottom = draw_row(short, 2, [(" ", None)] * 20, LOOK)
    assert top.plain.startswith("Lund") and "Holm" in top.plain
    assert bottom.plain[3:7] == "Beck"
    one = draw_row(short, 1, [(" ", None)] * 20, LOOK)[0].plain
    assert "Lund" not in one  # alone on one line a 2-column block has room for its code
    styles = {span.style for span in top.spans if span.start >= 2 and span.end <= 4}
    assert A not in styles  # past its block the label is no longer in the block's colour


def test_free_time_shows_hour_ticks_and_the_now_line() -> None:
    scale = Scale(420, 900, 48)
    cells = gap_cells(48, scale.hour_cols(), scale.col(453), LOOK)
    assert cells[scale.col(480)][0] == "┆"
    assert cells[scale.col(453)][0] == "│"


def test_rows_get_more_lines_when_the_screen_has_room() -> None:
    assert choose_lines(50, 21, 2) == 2  # 200x50, the sample: every row on two lines
    assert choose_lines(80, 21, 2) == 3
    assert choose_lines(40, 21, 2) == 2  # a laptop scrolls for names
    assert choose_lines(24, 21, 2) == 1  # 80x24: the overview wins
    assert choose_lines(50, 100, 5) == 2  # a district scrolls either way


def test_a_moves_warnings_worked_out_for_two_routes_equal_all_worked_out(team) -> None:  # noqa: ANN001
    from kaffefoerst.domain.plan import moved
    from kaffefoerst.domain.warnings import plan_warnings
    from kaffefoerst.store.day_plan import load_day_plan
    from kaffefoerst.ui.board_view import BoardView
    from tests.builders import DAY

    store, ids = team
    with store.session() as session:
        plan = load_day_plan(session, DAY)
    view = BoardView(plan)
    visit = plan.visits[ids["v3"]]  # CD's 08:00 onto AB, where it overlaps 08:00 and 09:00
    plan.replace_visit(moved(visit, ids["AB"], 8 * 60 + 40, visit.version + 1))
    view.rebuild((ids["CD"], ids["AB"]))
    assert view.warnings == plan_warnings(plan)
    assert view.warnings[ids["v3"]]  # the move did make a warning
