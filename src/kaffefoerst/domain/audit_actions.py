"""What an audit event records: one closed set of action names, written and read by store/.

A StrEnum, so its members equal the text already stored in the audit (old databases read
the same) and bind as that text in SQL.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # A visit placed: moved, given to a cover, a move undone, a cover given back on return.
    MOVE = "move"
    UNDO = "undo"
    COVER = "cover"
    GIVE_BACK = "give_back"
    # A carer's absence registered or ended early.
    ABSENCE = "absence"
    ABSENCE_END = "absence_end"
    TRIAGE = "triage"
    BOARD_ITEM = "board_item"  # the meeting's discussion board
    MESSAGE = "message"  # a message to the evening shift
    MESSAGE_READ = "message_read"  # the evening shift read it (its inbox)
    ATTENDANCE = "attendance"
    MEETING_END = "meeting_end"
    ROLE = "role"  # a rotating team role given to a carer for some days
    DECISION = "decision"  # a discussion item closed with a decision, a named responsible
    FOLLOW_UP = "follow_up"  # a decision's follow-up closed with its outcome
    # The plan edited on the board (issue 12): each is listed in "Ændringer siden i går" and
    # read by the changes export.
    VISIT_ADD = "visit_add"
    VISIT_CANCEL = "visit_cancel"
    VISIT_DURATION = "visit_duration"
    CITIZEN_ADD = "citizen_add"
    CITIZEN_PAUSE = "citizen_pause"
    # The base plan (grundplan) changed, and the days generated from it.
    BASE_PLAN = "base_plan"
    PLAN_GENERATE = "plan_generate"
    # The web log-in: each try, success and lock is audited.
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_REFUSED = "login_refused"
    LOGIN_LOCK = "login_lock"
    # The daily import: one event per run (counts), one per visit it changed or cancelled, and
    # the planner's answer to a conflict (the team had changed what the care system changed).
    IMPORT = "import"
    IMPORT_CHANGE = "import_change"
    IMPORT_CANCEL = "import_cancel"
    CONFLICT_KEEP = "conflict_keep"
    CONFLICT_TAKE = "conflict_take"


# Events that are not the team's own change to the plan: what the import brought in came from
# the care system, and keeping the team's version changes nothing. The changes export and
# "what the team changed" leave them out.
FROM_SOURCE = frozenset(
    {
        AuditAction.IMPORT,
        AuditAction.IMPORT_CHANGE,
        AuditAction.IMPORT_CANCEL,
        AuditAction.CONFLICT_KEEP,
    }
)


# Not an audit row: what a board's poll reports when the log ends before what it had seen
# (the file was restored from a backup), so that it reads everything again.
RESTORED = "restored"
