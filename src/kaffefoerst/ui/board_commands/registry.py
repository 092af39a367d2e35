"""Every board command by the action its key binds (`ui/keys.py`): the board's dispatch."""

from __future__ import annotations

from kaffefoerst.ui.board_commands import (
    days,
    look_up,
    meeting,
    moving,
    plan_edits,
    sick_cover,
    teams,
    triage,
)
from kaffefoerst.ui.board_commands.base import BoardCommand

COMMANDS: dict[str, type[BoardCommand]] = {
    command.action: command
    for command in (
        moving.Pick,
        moving.Drop,
        moving.LetGo,
        moving.MoveTo,
        moving.Undo,
        look_up.Find,
        look_up.Route,
        look_up.Figures,
        look_up.Help,
        look_up.TogglePanel,
        sick_cover.SickCall,
        sick_cover.Cover,
        sick_cover.Back,
        triage.TriageNote,
        triage.BoardItem,
        triage.TriageList,
        meeting.Meeting,
        meeting.Minutes,
        meeting.Roles,
        meeting.Inbox,
        plan_edits.AddVisit,
        plan_edits.CancelVisit,
        plan_edits.Duration,
        plan_edits.AddCitizen,
        plan_edits.PauseCitizen,
        plan_edits.ImportPlan,
        teams.FilterTeams,
        teams.FoldTeam,
        teams.OpenTeam,
        teams.UnfoldTeams,
        days.DayStep,
        days.ShiftView,
    )
}
