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
    ATTENDANCE = "attendance"
    MEETING_END = "meeting_end"
    # The web log-in: each try, success and lock is audited.
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_REFUSED = "login_refused"
    LOGIN_LOCK = "login_lock"
