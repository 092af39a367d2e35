"""The Textual app and the one factory that the CLI, the tests and the benchmarks share.

Imports inside methods are start-up: the store (SQLAlchemy, more than Textual's own import,
bench/startup.py) opens after the first paint; the plan's SQL and the user lookup (sqlite3,
~50 ms under load) are read in the first board's child; the login (~30 ms) and welcome
(~300 ms under load: Markdown) screens only when shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider as _ThemeProvider

from kaffefoerst.config import resource_dir
from kaffefoerst.domain.roles import Role, User
from kaffefoerst.locale import t
from kaffefoerst.ui.guard import GuardedApp
from kaffefoerst.ui.keys import BOARD_KEYS
from kaffefoerst.ui.notices import startup_notices
from kaffefoerst.ui.screens.board import BoardScreen
from kaffefoerst.ui.screens.who import WhoScreen
from kaffefoerst.ui.small_screen import route_first
from kaffefoerst.ui.themes import load_themes, pick_theme

if TYPE_CHECKING:
    from kaffefoerst.domain.plan import DayPlan
    from kaffefoerst.domain.route import RouteSheet
    from kaffefoerst.store import Store
    from kaffefoerst.store.meetings import OpenMeeting

DEFAULT_THEME = "kaffe"


class KaffeApp(GuardedApp):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "kaffefoerst"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        store: Store | Callable[[], Store],
        *,
        today: date,
        clock: Callable[[], datetime],
        user: User,
        theme: str | None = None,
        poll: bool = False,
        login: Path | None = None,
        role: Role | None = None,
        initial_plan: DayPlan | None = None,
        client: str | None = None,
        initial_sheets: list[RouteSheet] | None = None,
    ) -> None:
        super().__init__()
        self.login = login  # a PIN file: nobody sees citizen data before giving their PIN
        self.client = client or "local"  # the browser's address: wrong PINs are counted by it
        self.requested_role = role
        # A Store, or a way to open one: the demo draws its first board before the database
        # layer is even imported, and opens the store in a thread right after.
        self._store: Store | None = None if callable(store) else store
        self._open_store: Callable[[], Store] | None = store if callable(store) else None
        self._store_lock = threading.Lock()
        self.initial_plan = initial_plan
        self.initial_sheets = initial_sheets  # a member's route lists, read with the plan
        self.today = today
        self.clock = clock
        self.user = user
        self.actor = user.initials
        self.poll = poll  # live refresh from other processes; off in tests
        self.meeting: OpenMeeting | None = None  # the running morning meeting, if any
        # Teams hidden and folded, per screen name: a screen opened again shows the same.
        self.team_choices: dict[str, tuple[set[int], set[int]]] = {}
        self._bindings.bind("q", "quit", t("key.quit"), priority=False)
        # Before the first style pass: choosing a theme after mount would restyle everything.
        self._theme_problems = self._apply_theme(theme)

    @property
    def store(self) -> Store:
        with self._store_lock:
            if self._store is None:
                assert self._open_store is not None
                self._store = self._open_store()
            return self._store

    @property
    def store_ready(self) -> bool:
        return self._store is not None

    def on_mount(self) -> None:
        nobody = self.user.initials in ("", "?") and self.user.role is not Role.COACH
        if self.initial_plan is not None and not nobody:
            if not self._route_on_small_screen():
                self.push_screen(BoardScreen(self.today, self.initial_plan))
            return
        if self.login is not None:
            from kaffefoerst.ui.screens.login import LoginScreen

            self.push_screen(LoginScreen(self.login, self.client), self._logged_in)
            return
        from kaffefoerst.store.day_plan import has_team, load_day_plan

        if nobody:
            plan = self.initial_plan
            if plan is None:
                with self.store.session() as session:
                    ready = has_team(session)
                    plan = load_day_plan(session, self.today) if ready else None
            if plan is not None:
                self.push_screen(WhoScreen(plan), self._logged_in)
                return
        self._open_first_screen()

    def _logged_in(self, initials: str | None) -> None:
        from kaffefoerst.store.users import resolve_user

        if not initials:
            return
        with self.store.session() as session:
            self.user = resolve_user(session, initials, self.today, self.requested_role)
        self.actor = self.user.initials
        self._read_only_for_a_coach()
        self._open_first_screen()

    def _read_only_for_a_coach(self) -> None:
        """A coach's session reads only at the database itself, exactly like --role coach."""
        old = self.store
        if self.user.role is Role.COACH and not old.readonly and old.path is not None:
            from kaffefoerst.store import Store

            self._store = Store.open_sqlite(old.path, readonly=True)
            old.close()

    def _open_first_screen(self) -> None:
        from kaffefoerst.store.day_plan import has_team

        with self.store.session() as session:
            ready = has_team(session)
        if ready:
            if not self._route_on_small_screen():
                self.push_screen(BoardScreen(self.today))
        else:
            from kaffefoerst.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(t("welcome.text", db=self.store.path)))
        # After the first screen is up, so the notice lands on it.
        for text in self._theme_problems:
            self.notify(text, severity="warning", timeout=10)
        for text in startup_notices(self.store, self.user, self.clock()):
            self.notify(text, severity="warning", timeout=15)

    def _route_on_small_screen(self, size: Size | None = None) -> bool:
        """A member on a small screen starts on their own route list; esc shows the board
        (built only then, so the list is not kept waiting for a board nobody sees)."""
        if not route_first(self.user, size or self.size):
            return False
        # start-up: the route screen and its store/io modules cost ~0.1 s to import, paid only
        # by a member on a small screen (python -X importtime -c "import kaffefoerst.ui.app").
        from kaffefoerst.ui.screens.route import RouteScreen

        sheets, self.initial_sheets = self.initial_sheets, None  # only fresh at start
        self.push_screen(RouteScreen(self.today, self.user.carer_id, auto=True, sheets=sheets))
        return True

    def on_resize(self, event: events.Resize) -> None:
        """The choice is made again when the terminal changes size: a member's board shrunk
        below the limit shows their route list, which goes again when the screen grows."""
        top = self.screen_stack[-1] if len(self.screen_stack) > 1 else None
        small = route_first(self.user, event.size)
        if small and isinstance(top, BoardScreen):
            self._route_on_small_screen(event.size)
        elif not small and getattr(top, "auto", False):  # a route list opened for the size
            top.action_close()  # type: ignore[union-attr]

    def _apply_theme(self, requested: str | None) -> list[str]:
        themes, problems = load_themes(resource_dir("themes"))
        for theme in themes:
            self.register_theme(theme)
        name, problem = pick_theme(themes, requested, DEFAULT_THEME)
        if name:
            self.theme = name
        return [t(key, **fields) for key, fields in [*problems, *([problem] if problem else [])]]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Our messages carry names and notes: text, never markup (a '[' must not crash)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_command_palette(self) -> None:
        """Textual's palette, in the UI's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            palette = CommandPalette(id="--command-palette", placeholder=t("palette.search"))
            self.push_screen(palette)

    def search_themes(self) -> None:
        """The theme picker, in the UI's language."""
        self.push_screen(
            CommandPalette(providers=[_ThemeProvider], placeholder=t("palette.search_theme"))
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Our own words instead of Textual's English ones. Textual's Screenshot is left out: it
        writes citizen names to a shared Downloads folder; ours keeps them in the data folder."""
        yield SystemCommand(t("palette.theme"), t("palette.theme_help"), self.action_change_theme)
        yield SystemCommand(
            t("palette.screenshot"), t("palette.screenshot_help"), self.action_screenshot
        )
        yield SystemCommand(t("palette.quit"), t("palette.quit_help"), self.action_quit)
        if not isinstance(screen, BoardScreen):
            return
        for key in BOARD_KEYS:
            # Arrow keys are no commands; the rest are offered when they apply right now.
            if not key.palette or screen.check_action(key.action.partition("(")[0], ()) is False:
                continue
            yield SystemCommand(
                t(key.text),
                t("palette.key", key=key.display or key.keys),
                _runner(screen, key.action),
            )


def _runner(screen: Screen[object], action: str) -> Callable[[], object]:
    async def run() -> None:
        await screen.run_action(action)

    return run


def local_now() -> datetime:
    """The wall clock with its UTC offset, so audit times are unambiguous."""
    return datetime.now().astimezone()


def make_app(
    store: Store | Callable[[], Store],
    *,
    today: date,
    clock: Callable[[], datetime] | None = None,
    actor: str = "?",
    theme: str | None = None,
    role: Role | None = Role.PLANNER,
    poll: bool = False,
    login: Path | None = None,
    user: User | None = None,
    initial_plan: DayPlan | None = None,
    client: str | None = None,
    initial_sheets: list[RouteSheet] | None = None,
) -> KaffeApp:
    """Build the app exactly as the CLI does; tests pass a fixed clock.

    ``role`` None takes the day's role assignment (planlægger today → planner, else member).
    ``store`` may be a function that opens it, with ``user`` and ``initial_plan`` already read
    (the demo's fast start); then nothing touches the database before the first paint.
    """
    if user is None and login:
        # Behind a login nobody is anybody yet: a coach's rights until the PIN is given (and
        # the store may open after the log-in's first paint).
        user = User("?", Role.COACH)
    if user is None:
        from kaffefoerst.store.users import resolve_user

        opened = store() if callable(store) else store
        with opened.session() as session:
            user = resolve_user(session, actor, today, role)
        store = opened
    clock = clock or local_now
    return KaffeApp(
        store,
        today=today,
        clock=clock,
        user=user,
        theme=theme,
        poll=poll,
        login=login,
        role=role,
        initial_plan=initial_plan,
        client=client,
        initial_sheets=initial_sheets,
    )
