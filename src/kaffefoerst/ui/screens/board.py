"""Tavlen: every route of the day, moved by keyboard, each change stored with its author.

The board keeps drawing, the cursor and the dispatch from a key to its command; what each key
does is a command class in `ui/board_commands/`, what the board reads and writes goes through
`ui/board_data.py`. The screens a key opens (move to, sick call, cover, triage, meeting, inbox,
roles, figures, minutes) are imported in their command's `run`: each pulls SQLAlchemy in through
its store module, which costs more than Textual's own import (bench/startup.py), and the board
draws before the store is open (start-up; tests/test_layers.py keeps the database layer out of
the first paint).
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.domain.plan import DayPlan, PlanVisit
from kaffefoerst.domain.roles import Role
from kaffefoerst.domain.warnings import RouteWarning, warnings_if_placed
from kaffefoerst.enums import ShiftKind
from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import as_action
from kaffefoerst.ui.board_commands.placing import place
from kaffefoerst.ui.board_commands.registry import COMMANDS
from kaffefoerst.ui.board_commands.teams import restore_teams
from kaffefoerst.ui.board_commands.triage import reopen_draft
from kaffefoerst.ui.board_data import BoardData
from kaffefoerst.ui.board_lines import choose_lines
from kaffefoerst.ui.board_view import STEP_MIN, BoardView
from kaffefoerst.ui.cancelled_line import cancelled_line
from kaffefoerst.ui.change_notices import change_notices
from kaffefoerst.ui.keys import BOARD_KEYS
from kaffefoerst.ui.palette import board_palette
from kaffefoerst.ui.row_changes import row_keys, row_signatures, unchanged_rows
from kaffefoerst.ui.team_roles_text import who_text
from kaffefoerst.ui.widgets.board_body import BoardBody
from kaffefoerst.ui.widgets.board_header import BoardHeader
from kaffefoerst.ui.widgets.footer import KeyFooter, fit_board_footer
from kaffefoerst.ui.widgets.plain import Plain
from kaffefoerst.ui.widgets.route_row import FIXED, TWO_CARERS, WARNING
from kaffefoerst.ui.widgets.time_axis import TimeAxis
from kaffefoerst.ui.widgets.visit_panel import VisitPanel, status_line

POLL_SECONDS = 0.5  # others' changes show within a second
NOW_SECONDS = 20.0  # the now-line moves a column every few minutes at most


class BoardScreen(Screen[None]):
    AUTO_FOCUS = None  # keys live on the screen; focusing a child only restyles the board
    DEFAULT_CSS = "BoardScreen #inbox-line { height: 1; padding: 0 1; text-style: bold; }"

    def __init__(self, day: date, plan: DayPlan | None = None) -> None:
        super().__init__()
        self.day = day
        self._just_folded: tuple[int, int | None] | None = None  # (team, row the cursor went to)
        for key in BOARD_KEYS:
            self._bindings.bind(
                key.keys, key.action, t(key.text), show=key.show, key_display=key.display
            )
        self.data = BoardData(self.app)
        self.shift = plan.shift if plan is not None else ShiftKind.DAY  # `v`: dag or aften
        plan = plan if plan is not None else self._load_plan(day)
        user = self.app.user
        home = user.carer_id if user.role is Role.MEMBER else None
        self.view = BoardView(plan, board_palette(self.app.get_css_variables()), home)
        self._busy = False  # True while the rows are being rebuilt: nothing may query them
        self._picked_version = 0

    # --- data -----------------------------------------------------------------------------
    def _load_plan(self, day: date) -> DayPlan:
        return self.data.plan(day, self.shift)

    # --- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        who = who_text(self.app.user)
        yield BoardHeader(self.view.plan, who, self.app.clock)
        if self.view.plan.shift is ShiftKind.EVENING:  # the evening shift's inbox, a key away
            yield Plain("", id="inbox-line")
        with Horizontal(id="body"):
            with Vertical(id="timeline-box"):
                body = BoardBody(self.view, id="timeline")
                self._board_body = body
                yield TimeAxis(self.view)
                yield body
                if not self.view.plan.on_duty:
                    yield Plain(t("board.no_carers"), classes="empty-note")
                if self.view.plan.cancelled:  # after the routes, never read as open work
                    yield Plain(cancelled_line(self.view.plan), classes="cancelled-line")
            self._panel = VisitPanel(id="panel")
            yield self._panel
        legend = t("board.legend", warning=WARNING, fixed=FIXED, two=TWO_CARERS)
        self._legend = Plain(legend, id="legend")
        yield self._legend
        yield KeyFooter()

    # --- how many lines a row gets ---------------------------------------------------------
    def on_resize(self) -> None:
        self._choose_lines()
        fit_board_footer(self._bindings.key_to_bindings, self.size.width)
        self.refresh_bindings()
        self.call_after_refresh(self._show_selection)  # the panel may have folded

    def _choose_lines(self) -> None:
        """Lines per row from the screen and the rows shown: as many as let every row show (at
        most 3), and two even if the board then scrolls when 12 rows still fit: a laptop
        reads names better than it overviews. Re-chosen on every resize, fold and filter."""
        body = self._body()
        if body is None:
            return
        if not body.lines and self.view.rows:
            body.relayout()
        lines = choose_lines(self.size.height, body.visible_rows(), body.team_lines())
        if lines != self.view.lines or not body.lines:
            self.view.lines = lines
            body.relayout()

    def _tick_now(self) -> None:
        """The now-line: today's board only, from the app's clock (tests pass a fixed one)."""
        now = self.app.clock()
        minute = now.hour * 60 + now.minute if now.date() == self.day else None
        if minute != self.view.now_min:
            self.view.now_min = minute
            self._refresh_all_rows()
            for axis in self.query(TimeAxis):
                axis.refresh()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        restore_teams(self)
        self._tick_now()
        self.set_interval(NOW_SECONDS, self._tick_now)
        # Everything that needs the database comes after the board itself is drawn; when the
        # store is not open yet (the demo's fast start), a thread opens it first.
        if self.app.store_ready:
            self.call_after_refresh(self._store_ready)
        else:
            self.call_after_refresh(self._open_store)

    def _open_store(self) -> None:
        def open_it() -> None:
            self.app.store  # noqa: B018 - the property opens it, off the UI thread
            self.app.call_from_thread(self._store_ready)

        self.run_worker(open_it, thread=True, exclusive=True, group="store")

    def _prefetch(self) -> None:
        """Fill the panel's caches for every citizen of the day, off the UI thread."""
        if not self.app.store_ready:
            return
        day, generation = self.day, self.data.generation
        ids = sorted({v.citizen_id for v in self.view.plan.visits.values()})

        def fetch() -> None:
            known, notes = self.data.fetch_many(ids, day)
            self.app.call_from_thread(self.data.fill, generation, known, notes)

        self.run_worker(fetch, thread=True, group="prefetch")

    def _store_ready(self) -> None:
        self._prefetch()
        self.data.watch()
        self._show_inbox_line()

        self.run_worker(self._days_ahead, thread=True, group="days_ahead", exit_on_error=False)
        if self.app.poll:
            self.set_interval(POLL_SECONDS, self.poll_changes)
        self._show_selection()
        reopen_draft(self)

    def _days_ahead(self) -> None:
        """Make the days ahead from the base plan; a busy database just tries at the next start."""
        try:
            self.data.make_days_ahead()
        except DomainError:  # DatabaseBusy among them
            return

    def poll_changes(self) -> None:
        """Notice others' commits: one cheap query when nothing changed, else reload in place.

        Skipped while the rows are rebuilt or another screen is on top; it runs again when
        the board is shown (on_screen_resume)."""
        if self._busy or not self.is_current or not self.app.store_ready:
            return
        events = self.data.new_changes()
        if events is None:
            return
        if any(e.entity != "login" for e in events):  # a log-in try changes no plan
            self.refresh_from_db()
        if any(e.entity == "message" for e in events):  # written, read or answered elsewhere
            self._show_inbox_line()
        text = change_notices(events, self.view.plan, self.app.user, self.app.actor)
        if text:
            self.notify(text, timeout=6)

    def on_screen_resume(self) -> None:
        if self.app.store_ready and self.app.poll:
            self.poll_changes()

    def refresh_from_db(self) -> None:
        """Reload the day, keep the selection and a picked-up visit, redraw what changed."""
        view = self.view
        before = row_signatures(self.view)
        cancelled_before = set(view.plan.cancelled)
        old_selected_row = view.current_row()
        pending = view.pending
        view.plan = self._load_plan(self.day)
        self._prefetch()
        if pending is not None:
            now = view.plan.visits.get(pending.visit_id)
            old_version = self._picked_version
            if now is None or now.version != old_version:
                view.pending = None
                self.refresh_bindings()
                who = self.data.last_actor(pending.visit_id)
                self.notify(t("move.stale", by=who), severity="warning")
        keys_before = row_keys(self.view)
        view.rebuild()
        after = row_signatures(self.view)
        if len(after) != len(before) or set(view.plan.cancelled) != cancelled_before:
            keep = unchanged_rows(self.view, keys_before, before, after, old_selected_row)
            self.run_worker(self._remount(keep), exclusive=True, group="remount")
            return
        changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        if view.pending is not None:
            changed += self._rows_of(view.pending.carer_id)
        self._refresh_rows(*changed, old_selected_row, view.current_row())
        self._show_selection()

    def _theme_changed(self, _theme: object) -> None:
        self.view.palette = board_palette(self.app.get_css_variables())
        self._refresh_all_rows()

    def _body(self) -> BoardBody | None:
        """The body from the last compose (a DOM query per cursor step cost milliseconds)."""
        body = getattr(self, "_board_body", None)
        return body if body is not None and body.is_attached else None

    def _refresh_rows(self, *indices: int | None) -> None:
        """Redraw only these rows: the body repaints just their lines on screen."""
        body = self._body()
        if body is not None:
            body.refresh_rows(*indices)

    def _refresh_all_rows(self) -> None:
        body = self._body()
        if body is not None:
            body.refresh_all()

    def _rows_of(self, *carer_ids: int | None) -> list[int]:
        """Row indices of these carers' routes (None: every unassigned lane)."""
        return [i for i, row in enumerate(self.view.rows) if row.carer_id in carer_ids]

    def _show_selection(self, *, panel_after: bool = False) -> None:
        """Scroll to the cursor's row and fill the panel and status line for it.

        ``panel_after``: a cursor step draws the moved cursor first and the panel in the
        frame after it (the panel is the costliest thing on screen to draw; the cursor is
        what the eye follows). A newer step replaces a panel update not yet done."""
        panel = getattr(self, "_panel", None)
        if self._busy or panel is None or not panel.is_attached:  # mid-rebuild: shown after
            return
        index = self.view.current_row()
        body = self._body()
        if index is not None and body is not None:
            body.scroll_to_row(index)
        if panel_after:
            self._panel_due = True
            self.call_after_refresh(self._fill_panel_if_due)
            return
        self._fill_panel()

    def _fill_panel_if_due(self) -> None:
        if getattr(self, "_panel_due", False):
            self._fill_panel()

    def _fill_panel(self) -> None:
        self._panel_due = False
        panel = self._panel
        if self._busy or not panel.is_attached:
            return
        view = self.view
        visit = view.plan.visits.get(view.selected) if view.selected else None
        # Before the store is open (the first paint) nothing may touch the database: the
        # lookups would import SQLAlchemy and open the store on the UI thread.
        ready = self.app.store_ready
        known = self.data.known_for(visit.citizen_id, self.day) if visit and ready else []
        if visit is not None and view.pending is not None:
            p = view.pending  # where the picked-up visit now stands
            warnings = warnings_if_placed(view.plan, p.visit_id, p.carer_id, p.start_min)
        else:
            warnings = view.warnings.get(visit.id, frozenset()) if visit else frozenset()
        note = self.data.note_for(visit.citizen_id) if visit and ready else None
        index = view.current_row()
        row = view.rows[index] if index is not None else None
        on_row = row is not None and visit is None and not view.on_team_line()
        empty_carer = row.carer_id if on_row else None  # type: ignore[union-attr]
        panel.show_visit(
            view.plan,
            visit,
            warnings,
            known,
            view.pending,
            note,  # type: ignore[arg-type]
            empty_carer,
            view.codes.get(visit.citizen_id, "") if visit else "",
            view.palette,
        )
        self._show_status(visit, warnings, panel)

    def _show_status(
        self, visit: PlanVisit | None, warnings: frozenset[RouteWarning], panel: VisitPanel
    ) -> None:
        """With the panel folded, the line under the board names the selected visit and what
        is wrong with it; with the panel shown it explains the symbols."""
        legend = self._legend
        if visit is None or panel.display:
            text = t("board.legend", warning=WARNING, fixed=FIXED, two=TWO_CARERS)
        else:
            code = self.view.codes.get(visit.citizen_id, "")
            text = status_line(self.view.plan, visit, warnings, code)
        legend.update(text, layout=False)  # one line, full width
        legend.set_class(bool(warnings) and not panel.display and visit is not None, "-warning")

    def _rebuild(
        self, old_selected_row: int | None, moved_between: tuple[int | None, ...] | None = None
    ) -> None:
        """After a change: redraw the rows that changed; remount only if the lanes changed."""
        before = row_signatures(self.view)
        keys_before = row_keys(self.view)
        self.view.rebuild(moved_between)
        after = row_signatures(self.view)
        if len(after) != len(before):
            keep = unchanged_rows(self.view, keys_before, before, after, old_selected_row)
            self.run_worker(self._remount(keep), exclusive=True, group="remount")
            return
        changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        self._refresh_rows(*changed, old_selected_row, self.view.current_row())
        self._show_selection(panel_after=True)  # the moved row first, the panel a frame later

    async def _remount(self, keep: dict[int, int] | None = None) -> None:
        """The rows changed in number (a lane more or less): lay the body's lines out again,
        keeping the drawing of rows that did not change."""
        body = self._body()
        if body is not None:
            body.relayout(keep)
            self._choose_lines()
        self._show_selection(panel_after=True)  # the rows first, the panel a frame later

    # --- keys: the cursor here, everything else a command (ui/board_commands) ---------------
    # Each command's `action_<name>` is added below the class: Textual runs a key by that name.
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what does not apply now, and what this person's role may not do."""
        command = COMMANDS.get(action)
        return command.applies(self) if command is not None else True

    def action_cursor(self, direction: str) -> None:
        view = self.view
        if view.pending is not None:
            moves = {"up": (-1, 0), "down": (1, 0), "left": (0, -STEP_MIN), "right": (0, STEP_MIN)}
            carer_step, minutes = moves[direction]
            if carer_step and not self.app.user.may_move(view.pending.carer_id, None):
                self.notify(t("rights.not_your_route"), severity="warning")
                return
            was = view.pending.carer_id
            view.shift_carer(carer_step)
            view.shift_time(minutes)
            self._refresh_rows(*self._rows_of(was, view.pending.carer_id))
            self._show_selection()
            return
        old = view.current_row()
        if direction in ("left", "right"):
            view.step_along(-1 if direction == "left" else 1)
        else:
            view.step_across(-1 if direction == "up" else 1)
        self._refresh_rows(old, view.current_row())
        self._show_selection(panel_after=True)

    def jump_to(self, kind: str, target: int) -> None:
        """Select a carer's row, or a citizen's first visit of the day."""
        view = self.view
        old = view.current_row()
        if kind == "carer":
            view.select_carer(target)
        else:
            visits = sorted(
                (v for v in view.plan.visits.values() if v.citizen_id == target),
                key=lambda v: v.start_min,
            )
            if visits:
                view.select(visits[0].id)
        self._refresh_rows(old, view.current_row())
        self._show_selection()

    def place(self, visit_id: int, carer_id: int | None, start_min: int) -> None:
        """Store a move (asking first about a risk): `ui/board_commands/placing.py`."""
        place(self, visit_id, carer_id, start_min)

    async def reload(self) -> None:
        """Read the day again and redraw everything; the selection stays where it was."""
        self._busy = True
        try:
            self.view.plan = self._load_plan(self.day)
            self.view.pending = None
            self.view.rebuild()
            await self.recompose()
            restore_teams(self)
            self._prefetch()
        finally:
            self._busy = False
        self.refresh_bindings()
        self._show_selection()
        self._show_inbox_line()

    def _show_inbox_line(self) -> None:
        """On the evening board: how many messages the meeting wrote to it, how many unread."""
        lines = self.query("#inbox-line")
        if not lines or not self.app.store_ready:
            return
        total, unread = self.data.inbox_counts(self.day)
        lines.first(Plain).update(t("inbox.board_line", n=total, unread=unread))


for _name, _command in COMMANDS.items():
    setattr(BoardScreen, f"action_{_name}", as_action(_command))
