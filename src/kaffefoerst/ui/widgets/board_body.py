"""The board's rows as one scrolling widget that draws only the lines on screen.

A district has 100 rows: as widgets, every cursor step paid for a layout of them all. Here the
body keeps a plain list of what each virtual line shows (a team's name, or line k of row i),
draws a row only when one of its lines comes on screen, and keeps its strips until the screen
says that row changed. Teams can be filtered out or folded to one summary line.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kaffefoerst.locale import t
from kaffefoerst.ui.board_view import BoardView
from kaffefoerst.ui.widgets.route_row import RouteRow


@dataclass(frozen=True, slots=True)
class Line:
    """What one virtual line shows: line ``part`` of row ``row``, or a team's name line."""

    row: int | None = None
    part: int = 0
    team: int | None = None


class BoardBody(ScrollView, can_focus=False):
    DEFAULT_CSS = "BoardBody { width: 1fr; height: 1fr; scrollbar-size-vertical: 1; }"

    def __init__(self, view: BoardView, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.view = view
        self.lines: list[Line] = []
        self.tops: dict[int, int] = {}  # row index -> its first virtual line
        self.team_tops: dict[int, int] = {}  # team id -> its name line
        self.folded: set[int] = set()  # team ids shown as one summary line
        self.hidden: set[int] = set()  # team ids filtered out
        self._strips: dict[int, list[Strip]] = {}
        self._drawn_width = 0

    # --- what is shown where ------------------------------------------------------------------
    def team_of(self, index: int) -> int | None:
        row = self.view.rows[index]
        if row.uncovered or row.carer_id is None:
            return None  # the open rows belong to the whole board
        return self.view.plan.carers[row.carer_id].team_id

    def relayout(self, keep: dict[int, int] | None = None) -> None:
        """Work out the virtual lines again: after a rebuild, a fold, a filter or new height.
        ``keep``: new row index -> old index of rows whose drawing is still right."""
        lines: list[Line] = []
        tops: dict[int, int] = {}
        heads: set[int] = set()
        self.team_tops = {}
        shown_team: int | None = None
        for index in range(len(self.view.rows)):
            team = self.team_of(index)
            if team in self.hidden:
                continue
            if team is not None and team != shown_team:
                shown_team = team
                self.team_tops[team] = len(lines)
                lines.append(Line(team=team))
                if team in self.folded:
                    heads.add(index)
            if team in self.folded:
                continue
            tops[index] = len(lines)
            lines.extend(Line(index, part) for part in range(self.view.lines))
        self.lines, self.tops, self.view.heads = lines, tops, heads
        self.view.skip = {i for i in range(len(self.view.rows)) if i not in tops}
        old = self._strips
        self._strips = {new: old[was] for new, was in (keep or {}).items() if was in old}
        self.virtual_size = Size(self.size.width, len(lines))
        self.refresh()

    def visible_rows(self) -> int:
        return len(self.tops)

    def team_lines(self) -> int:
        return sum(1 for line in self.lines if line.team is not None)

    # --- drawing ------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        number = y + self.scroll_offset.y
        if width <= 0 or not 0 <= number < len(self.lines):
            return Strip.blank(width, self.rich_style)
        if width != self._drawn_width:
            self._strips.clear()
            self._drawn_width = width
        line = self.lines[number]
        if line.row is None:
            return self._strip(self._team_text(line.team), width)  # type: ignore[arg-type]
        strips = self._strips.get(line.row)
        if strips is None:
            drawn = RouteRow(self.view, line.row).draw(width, self.view.lines)
            strips = [self._strip(text, width) for text in drawn]
            self._strips[line.row] = strips
        return strips[line.part] if line.part < len(strips) else Strip.blank(width)

    def _strip(self, text: Text, width: int) -> Strip:
        segments = text.render(self.app.console)
        # Padded first, so the padding gets the board's ground too (not the terminal's).
        return Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)

    def _team_text(self, team_id: int) -> Text:
        plan = self.view.plan
        name = plan.teams[team_id].name
        style = self.view.palette.team
        if team_id not in self.folded:
            return Text(t("board_district.team_open", name=name), style=style)
        carers = [c.id for c in plan.on_duty if c.team_id == team_id]
        visits = {v for c in carers for v in (x.id for x in plan.route(c))}
        warned = sum(1 for v in visits if self.view.warnings.get(v))
        summary = t(
            "board_district.team_folded",
            name=name,
            carers=len(carers),
            visits=len(visits),
            warnings=warned,
        )
        index = self.view.current_row()
        if index is not None and index in self.view.heads and self.team_of(index) == team_id:
            summary += t("board_team_line.open_hint")
            text = Text(summary)  # the cursor is on this line: lit as a selected route's name
            text.stylize(self.view.palette.selected)  # a span: Text.render drops a bare style
            return text
        return Text(summary, style=style)

    # --- what changed -------------------------------------------------------------------------
    def refresh_rows(self, *indices: int | None) -> None:
        """Draw these rows again; only their lines on screen are repainted."""
        for index in {i for i in indices if i is not None}:
            self._strips.pop(index, None)
            top = self.tops.get(index)
            if top is not None:
                self.refresh_lines(top, self.view.lines)
            elif index in self.view.heads:  # the cursor came to or left a folded team's line
                self.refresh_lines(self.team_tops[self.team_of(index)], 1)  # type: ignore[index]

    def refresh_all(self) -> None:
        self._strips.clear()
        self.refresh()

    def scroll_to_row(self, index: int) -> None:
        """Bring a row into view: nothing while it is on screen, else a jump that centres it
        (a scroll repaints the whole body; scrolling a row at a time did so on every step)."""
        top = self.tops.get(index)
        if top is None and index in self.view.heads:
            top = self.team_tops.get(self.team_of(index))  # type: ignore[arg-type]
        if top is None:
            return
        first, height = self.scroll_offset.y, self.size.height
        if first <= top and top + self.view.lines <= first + height:
            return
        region = Region(0, top, 1, self.view.lines)
        self.scroll_to_region(region, animate=False, center=True, immediate=True)

    def row_at(self, y: int) -> tuple[int, int] | None:
        """(row, line within it) drawn on the body's screen line ``y``, if any."""
        number = y + self.scroll_offset.y
        if 0 <= number < len(self.lines) and self.lines[number].row is not None:
            line = self.lines[number]
            return line.row, line.part  # type: ignore[return-value]
        return None
