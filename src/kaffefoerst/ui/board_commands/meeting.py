"""The morning meeting and what surrounds it: the meeting itself, its minutes, the day's roles
and the evening shift's inbox."""

from __future__ import annotations

from pathlib import Path

from kaffefoerst.locale import t
from kaffefoerst.ui.board_commands.base import BoardCommand


class Meeting(BoardCommand):
    """`M`: start (or rejoin) today's meeting; the board reads the day again after it."""

    action = "meeting"
    right = "meeting"

    def run(self) -> None:
        # start-up: see board.py
        from kaffefoerst.store.meetings import open_meeting, start_meeting
        from kaffefoerst.ui.screens.meeting import MeetingScreen

        app, board = self.app, self.board
        with app.store.session() as session:
            start_meeting(session, day=board.day, actor=app.actor, now=app.clock(), user=app.user)
            app.meeting = open_meeting(session, board.day)
        assert app.meeting is not None

        async def left(result: str | None) -> None:
            if result == "ended":
                app.meeting = None
                board.notify(t("meeting.ended"))
            await board.reload()

        app.push_screen(MeetingScreen(self.view.plan, app.meeting), left)


class Minutes(BoardCommand):
    action = "minutes"

    def run(self) -> None:
        from kaffefoerst.ui.screens.minutes import MinutesScreen  # start-up: see board.py

        self.app.push_screen(MinutesScreen(Path.cwd()))


class Roles(BoardCommand):
    """`o`: who holds the day's roles (telefonvagt, beredskab, …)."""

    action = "roles"

    def run(self) -> None:
        from kaffefoerst.ui.screens.team_roles import TeamRolesScreen  # start-up: see board.py

        self.app.push_screen(TeamRolesScreen(self.board.day), self.reload_if)


class Inbox(BoardCommand):
    """`e`: the messages the meeting wrote to the evening shift."""

    action = "inbox"

    def run(self) -> None:
        from kaffefoerst.ui.screens.inbox import InboxScreen  # start-up: see board.py

        self.app.push_screen(InboxScreen(self.board.day), self.reload_if)
