"""How many visits on the sample day show whom they are with: read off the drawn board.

For each size the board is rendered headless (App.run_test) with the sample team, every route
row is scrolled into view, and the text drawn in that row's screen lines is read back (the way
Textual's own screenshot renders it; the board body says which row a screen line shows). A
visit counts as legible when its row shows a word that
starts with the first 4 letters of the citizen's identifying name (the surname of "Fru Lund",
the chosen "Ellen" of "Ellen K."; the whole name when it is shorter). "Fru" or "Hr." alone
never counts. A citizen with two visits on one row needs two such words; a two-carer visit
counts when either of its rows shows it.

    python bench/label_legibility.py            # the table for 200x50, 120x40 and 80x24
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests package

from tests.screen import screen_text  # noqa: E402

from kaffefoerst.domain.short_code import identifying_name  # noqa: E402
from kaffefoerst.io.sample import load_sample  # noqa: E402
from kaffefoerst.locale import set_language  # noqa: E402
from kaffefoerst.store import Store  # noqa: E402
from kaffefoerst.ui.app import make_app  # noqa: E402
from kaffefoerst.ui.widgets.board_body import BoardBody  # noqa: E402

DAY = date(2026, 3, 2)
CLOCK = datetime(2026, 3, 2, 7, 3, tzinfo=UTC)
SIZES = ((200, 50), (120, 40), (80, 24))
NEED = 4  # letters of the identifying name that make a visit legible
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Legibility:
    size: tuple[int, int]
    visits: int
    legible: int

    @property
    def share(self) -> float:
        return self.legible / self.visits if self.visits else 0.0


def wanted(short_name: str) -> str:
    """The letters a reader must see: the first word of the identifying name, at most 4."""
    words = WORD.findall(identifying_name(short_name))
    return words[0][:NEED] if words else short_name[:NEED]


def shows(lines: list[str], prefix: str) -> int:
    """How many words on these lines start with the prefix."""
    return sum(1 for line in lines for word in WORD.findall(line) if word.startswith(prefix))


async def drawn_rows(app, pilot) -> dict[int, list[str]]:  # noqa: ANN001
    """Each route row's screen lines, read from the rendered screen with the row in view."""
    drawn: dict[int, dict[int, str]] = {}
    body = app.screen.query_one(BoardBody)
    for index in sorted(body.tops):
        if index in drawn:
            continue
        body.scroll_to_row(index)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        region = body.content_region
        for y in range(region.height):
            found = body.row_at(y)
            if found is not None:
                row, part = found
                drawn.setdefault(row, {})[part] = lines[region.y + y][region.x : region.right]
    return {row: [parts[k] for k in sorted(parts)] for row, parts in drawn.items()}


async def measure(store: Store, size: tuple[int, int]) -> Legibility:
    app = make_app(store, today=DAY, clock=lambda: CLOCK, actor="MH")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.view  # type: ignore[attr-defined]
        plan = view.plan
        drawn = await drawn_rows(app, pilot)
        legible: set[int] = set()
        for index, lines in drawn.items():
            by_citizen: dict[int, list[int]] = {}
            for visit_id in view.rows[index].visit_ids:
                by_citizen.setdefault(plan.visits[visit_id].citizen_id, []).append(visit_id)
            for citizen_id, visit_ids in by_citizen.items():
                found = shows(lines, wanted(plan.citizens[citizen_id].short_name))
                legible.update(visit_ids[:found])
        return Legibility(size, len(plan.visits), len(legible))


def measure_all(sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Legibility]:
    set_language("da")
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open_sqlite(Path(folder) / "team.db")
        try:
            load_sample(store, DAY)
            return [asyncio.run(measure(store, size)) for size in sizes]
        finally:
            store.close()


def main() -> None:
    print("| Layout | Visits | Legible (>= 4 letters of the identifying name) |")
    print("|---|---|---|")
    for result in measure_all():
        width, height = result.size
        print(f"| {width}x{height} | {result.visits} | {result.legible} ({result.share:.0%}) |")


if __name__ == "__main__":
    main()
