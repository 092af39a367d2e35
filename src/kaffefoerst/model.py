"""SQLModel tables: the one place the data's shape is defined.

Times of day are stored as minutes after midnight (``*_min``) so that route
arithmetic (gaps, overlaps, windows) stays integer and cheap; dates are ISO dates.
Every schema change here needs one Alembic revision in ``store/migrations/versions`` (made
with ``python -m kaffefoerst.store.new_revision``; see ARCHITECTURE.md; a test checks).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kaffefoerst.enums import (
    AbsenceKind,
    CoverSource,
    Profession,
    ShiftKind,
    TeamRole,
    TriageColour,
    VisitStatus,
)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    partner_team_id: int | None = Field(default=None, foreign_key="team.id")
    gap_min: int = 5
    meeting_min: int = 15


class Carer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    initials: str = Field(unique=True, index=True)
    name: str
    profession: Profession
    competences: str = ""  # comma-separated, e.g. "insulin,sår"
    phone: str = ""
    team_id: int = Field(foreign_key="team.id", index=True)
    on_call_substitute: bool = False  # tilkaldevikar
    # The care system's id (Nexus, CURA): a later import merges onto this row. None: made here.
    source_id: str | None = Field(default=None, unique=True, index=True)


class Citizen(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    short_name: str
    address: str
    area: str = ""
    team_id: int = Field(foreign_key="team.id", index=True)
    contact1_id: int | None = Field(default=None, foreign_key="carer.id")
    contact2_id: int | None = Field(default=None, foreign_key="carer.id")
    preferred_time: str = ""  # in the citizen's words, e.g. "gerne før 8"
    # Nøgle og adgang: where the key is, never a code ("nøgleboks ved bagdøren, kode hos
    # planlægger"); shown on every stop of the route list.
    access_note: str | None = None  # at most 200 characters (io/import_rules.TEXT_CAPS)
    # The care system's id (Nexus, CURA): a later import merges onto this row. None: made here.
    source_id: str | None = Field(default=None, unique=True, index=True)


class DeclinedCarer(SQLModel, table=True):
    """A carer the citizen has asked not to receive."""

    citizen_id: int = Field(foreign_key="citizen.id", primary_key=True)
    carer_id: int = Field(foreign_key="carer.id", primary_key=True)


class Service(SQLModel, table=True):
    """A ydelse, with what it takes to deliver it."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    law: str = ""  # SEL §83, SEL §83a, SUL §138
    professions: str = (
        ""  # comma-separated: professions, or competences standing in; empty = anyone
    )
    competence: str = ""  # a named competence needed, e.g. "insulin"
    # The care system's id (Nexus, CURA): a later import merges onto this row. None: made here.
    source_id: str | None = Field(default=None, unique=True, index=True)


class Visit(SQLModel, table=True):
    # Who came over a window (store/visit_carers.came, the coach's figures) read from this index
    # alone: the days-close rule looks at status and day on every row of the window, and the
    # table lookups made "unique carers over 90 days" 40% slower (bench/continuity.py).
    # The same for some teams' citizens (a coach's own team, the citizen card): each citizen's
    # window read off this one, not every visit the citizen ever had from the table (continuity
    # for one team 0.4-0.6x; it replaces the index on citizen_id alone, its first column).
    __table_args__ = (
        Index("ix_visit_day_faces", "day", "status", "citizen_id", "carer_id", "second_carer_id"),
        Index("ix_visit_citizen_day", "citizen_id", "day", "status", "carer_id", "second_carer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    day: date = Field(index=True)
    start_min: int
    duration_min: int
    window_from_min: int | None = None
    window_to_min: int | None = None
    fixed_time: bool = False
    two_carers: bool = False
    carer_id: int | None = Field(default=None, foreign_key="carer.id", index=True)
    second_carer_id: int | None = Field(default=None, foreign_key="carer.id")
    status: VisitStatus = VisitStatus.PLANNED
    version: int = 1
    # The care system's id (Nexus, CURA): a later import merges onto this row. None: made here.
    source_id: str | None = Field(default=None, unique=True, index=True)
    # What the last import said (a hash of its fields): tells the care system's change from
    # the team's. None: loaded whole with the first import (the audit tells then).
    source_hash: str | None = None


class VisitService(SQLModel, table=True):
    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    service_id: int = Field(foreign_key="service.id", primary_key=True)


class Shift(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    carer_id: int = Field(foreign_key="carer.id", index=True)
    day: date = Field(index=True)
    kind: ShiftKind = ShiftKind.DAY
    start_min: int
    end_min: int
    # The care system's id (Nexus, CURA): a later import merges onto this row. None: made here.
    source_id: str | None = Field(default=None, unique=True, index=True)


class AuditEvent(SQLModel, table=True):
    """Who changed what, when and why; undo reads it back."""

    id: int | None = Field(default=None, primary_key=True)
    actor: str
    at: datetime  # UTC
    action: str
    entity: str
    entity_id: int
    before: str = "{}"  # JSON
    after: str = "{}"  # JSON
    reason: str = ""
    undoes_id: int | None = Field(default=None, foreign_key="auditevent.id")


class Absence(SQLModel, table=True):
    """A carer away for whole days (both ends included); ``buddy`` keeps contact with them."""

    id: int | None = Field(default=None, primary_key=True)
    carer_id: int = Field(foreign_key="carer.id", index=True)
    from_day: date = Field(index=True)
    to_day: date = Field(index=True)
    kind: AbsenceKind = AbsenceKind.SICK
    reported_at: datetime  # UTC
    reported_by: str
    buddy_id: int | None = Field(default=None, foreign_key="carer.id")
    note: str = ""
    # The care system's id (Nexus, CURA): a later import merges onto this row. None: made here.
    source_id: str | None = Field(default=None, unique=True, index=True)


class Cover(SQLModel, table=True):
    """Who covers a visit for an absent colleague, from where, decided by whom and when."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    absence_id: int = Field(foreign_key="absence.id", index=True)
    absent_carer_id: int = Field(foreign_key="carer.id")
    carer_id: int | None = Field(default=None, foreign_key="carer.id")  # None: left uncovered
    source: CoverSource
    decided_by: str
    decided_at: datetime  # UTC
    returned: bool = False  # given back when the absent carer came back early


class TriageNote(SQLModel, table=True):
    """One dated triage entry; the citizen's current colour is their latest entry's."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    day: date = Field(index=True)
    colour: TriageColour
    points: str = ""  # change-form points, comma-separated keys (appetite, pain, …)
    observation: str = ""  # what changed, in the team's words
    action: str = ""  # handling
    responsible_id: int | None = Field(default=None, foreign_key="carer.id")
    follow_up: date | None = None
    tell: str = ""  # comma-separated: evening, nurse, visitator, relatives
    reason: str = ""  # why back to green (a shared decision needs its why)
    author: str
    created_at: datetime  # UTC


class TriageDraft(SQLModel, table=True):
    """A note being typed, saved on every change so a crash or closed laptop loses nothing."""

    citizen_id: int = Field(foreign_key="citizen.id", primary_key=True)
    author: str = Field(primary_key=True)
    data: str = "{}"  # JSON of the form's fields
    updated_at: datetime  # UTC


class BoardItem(SQLModel, table=True):
    """A citizen put 'on the board' for the next meeting, with a reason (Aarhus's tavle)."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    reason: str
    added_by: str
    added_at: datetime  # UTC
    for_day: date = Field(index=True)
    discussed_in: int | None = Field(default=None, foreign_key="meeting.id")


class Message(SQLModel, table=True):
    """A written handover: the evening shift has no overlap with the day shift."""

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    recipient: str  # EVENING, NURSE, VISITATION, RELATIVES
    citizen_id: int | None = Field(default=None, foreign_key="citizen.id")
    text: str
    author: str
    created_at: datetime  # UTC
    # The evening shift's inbox: who of them read it, when; a reply points at what it answers.
    read_by: str = ""
    read_at: datetime | None = None  # UTC
    reply_to_id: int | None = Field(default=None, foreign_key="message.id")


class Meeting(SQLModel, table=True):
    """One morning meeting; its minutes are kept as JSON and rendered as Markdown on export."""

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    started_at: datetime  # UTC
    ended_at: datetime | None = None  # UTC
    started_by: str
    planned_min: int = 15
    minutes: str = ""  # JSON, written when the meeting ends


class Decision(SQLModel, table=True):
    """What a meeting decided about a citizen on the discussion board: responsibility goes to a
    named carer (004), with a follow-up date; the follow-up is closed with its outcome (003)."""

    id: int | None = Field(default=None, primary_key=True)
    board_item_id: int = Field(foreign_key="boarditem.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    decision: str
    responsible_id: int = Field(foreign_key="carer.id")
    follow_up: date = Field(index=True)
    decided_by: str
    decided_at: datetime  # UTC
    outcome: str = ""  # empty: the follow-up is still open
    outcome_by: str = ""
    outcome_at: datetime | None = None  # UTC


class RoleAssignment(SQLModel, table=True):
    """Who holds a rotating role, from one day to another (both included)."""

    id: int | None = Field(default=None, primary_key=True)
    carer_id: int = Field(foreign_key="carer.id", index=True)
    role: TeamRole
    from_day: date = Field(index=True)
    to_day: date = Field(index=True)


class MeetingAttendance(SQLModel, table=True):
    """Who was at a meeting, as ticked: a row once someone (un)ticked a person; until then the
    default from the day's plan holds (on shift from the start and not away)."""

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    carer_id: int = Field(foreign_key="carer.id", primary_key=True)
    present: bool
    changed_by: str
    changed_at: datetime  # UTC


class Coach(SQLModel, table=True):
    """Someone with the coach role who is not a carer: reads the board, figures and minutes.
    A coach's session, in a terminal or a browser, opens the database read-only."""

    id: int | None = Field(default=None, primary_key=True)
    initials: str = Field(unique=True, index=True)
    name: str


class LoginAttempt(SQLModel, table=True):
    """One browser log-in try, counted per initials and per client address across tabs and
    restarts. Stored as PENDING before the PIN is checked, so that tries in parallel cannot slip
    past the limit; then OK or WRONG. LOCKED: refused unchecked while a lock held."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)  # UTC
    initials: str = Field(index=True)
    address: str = Field(index=True)
    outcome: str  # PENDING, OK, WRONG, LOCKED


class LoginLock(SQLModel, table=True):
    """Initials (or a client address) refused for a while after too many wrong PINs."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # INITIALS or ADDRESS
    value: str = Field(index=True)
    since: datetime  # UTC
    until: datetime = Field(index=True)  # UTC


class ImportConflict(SQLModel, table=True):
    """A visit the team had changed when the care system changed it too. The team's version
    stands until the planner chooses: keep ours, or take theirs (the import's values)."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    theirs: str  # JSON: the import's fields in the care system's ids, services, cancelled
    theirs_hash: str
    found_at: datetime  # UTC
    found_by: str
    resolved_at: datetime | None = None  # UTC
    resolved_by: str = ""
    resolution: str = ""  # "ours" or "theirs"


class BaseVisit(SQLModel, table=True):
    """A recurring visit of the base plan (grundplan): the days ahead are generated from it.

    On the ISO ``weekdays`` (1 = Monday) of every ``every_weeks``-th week counted from the week
    of ``first_day``, up to ``last_day`` (None: open-ended)."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(default="", index=True)  # the care system's id, for re-imports
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    weekdays: str  # comma-separated ISO weekdays, e.g. "1,3,5"
    every_weeks: int = 1
    first_day: date
    last_day: date | None = None
    start_min: int
    duration_min: int
    window_from_min: int | None = None
    window_to_min: int | None = None
    fixed_time: bool = False
    two_carers: bool = False
    carer_id: int | None = Field(default=None, foreign_key="carer.id")  # the usual carer
    second_carer_id: int | None = Field(default=None, foreign_key="carer.id")
    services: str = ""  # comma-separated service codes, e.g. "PP-M,KOMP"


class GeneratedVisit(SQLModel, table=True):
    """A visit made from the base plan: which entry and day, so generating again adds nothing."""

    __table_args__ = (UniqueConstraint("base_visit_id", "day"),)

    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    base_visit_id: int = Field(foreign_key="basevisit.id")  # the unique pair indexes it
    day: date = Field(index=True)


class VisitDecision(SQLModel, table=True):
    """What the team decided about one visit, which a later import must not silently undo:
    the duration it set (None: the plan's) and why it cancelled the visit ("" if it did not)."""

    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    duration_min: int | None = None  # duration set by the team
    cancel_reason: str = ""  # a domain.plan_edit.CancelReason value
    decided_by: str
    decided_at: datetime  # UTC


class CitizenPause(SQLModel, table=True):
    """A citizen away (in hospital) from one day to another, both included: no visits then."""

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    from_day: date = Field(index=True)
    to_day: date = Field(index=True)
    reason: str = "HOSPITAL"  # a domain.plan_edit.CancelReason value
    created_by: str
    created_at: datetime  # UTC
