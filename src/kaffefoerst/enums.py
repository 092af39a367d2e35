"""The closed sets of values the data uses; plain enums, so screens can use them without
importing the database layer."""

from __future__ import annotations

from enum import StrEnum


class Profession(StrEnum):
    SSH = "SSH"
    SSA = "SSA"
    SPL = "SPL"
    ERGO = "ERGO"
    FYS = "FYS"
    UFAG = "UFAG"


class ShiftKind(StrEnum):
    """Stored by name; the UI shows dag/aften/nat from the locale catalogue."""

    DAY = "DAY"
    EVENING = "EVENING"
    NIGHT = "NIGHT"


class VisitStatus(StrEnum):
    PLANNED = "PLANNED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


class AbsenceKind(StrEnum):
    SICK = "SICK"
    VACATION = "VACATION"
    COURSE = "COURSE"
    OTHER = "OTHER"


class CoverSource(StrEnum):
    """Where a cover came from, measured against the absent carer's team (Buurtzorg order:
    own team, the standby colleague, a substitute; the partner team only by request)."""

    OWN_TEAM = "OWN_TEAM"
    STANDBY = "STANDBY"  # beredskab: a team member called in for a block of the route
    SUBSTITUTE = "SUBSTITUTE"
    PARTNER_TEAM = "PARTNER_TEAM"  # another team's carer, chosen by hand: "andet team"
    REQUEST = "REQUEST"  # asked of the partner team's planner; nothing booked, not covered yet
    UNCOVERED = "UNCOVERED"


class TriageColour(StrEnum):
    """Early detection: green usual state, yellow minor change (48 h), red serious (24 h)."""

    GREEN = "GREEN"
    YELLOW = "YELLOW"
    RED = "RED"


class TeamRole(StrEnum):
    """Rotating team roles (Buurtzorg rotates them); the planner may change every route."""

    PLANNER = "PLANNER"  # planlægger
    PHONE = "PHONE"  # telefonvagt
    MENTOR = "MENTOR"
    WELLBEING = "WELLBEING"  # trivselsjæger
    STANDBY = "STANDBY"  # beredskab: off duty, can be called in at short notice (000)
    ASSESSOR = "ASSESSOR"  # kontakt til visitationen (the needs assessor)
