"""Baseline: the schema of the last release before Alembic (its schema version 6).

Revision ID: 0006
Revises:
Create Date: 2026-11-30

Written by autogenerate from model.py, then reviewed against the frozen SQL of schema 1-6
(tests/fixtures/legacy_schema/): same tables, columns, keys and indexes. Those six versions only
ever added whole tables with their indexes, so a database from that release, at any of them,
reaches this schema by creating the tables it lacks; the tables it has are kept with their rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_created: set[str] = set()


def _create_table(name: str, *parts: sa.SchemaItem) -> None:
    if sa.inspect(op.get_bind()).has_table(name):
        return  # made by a release before Alembic
    op.create_table(name, *parts)
    _created.add(name)


def _create_index(name: str, table: str, columns: list[str], *, unique: bool) -> None:
    if table in _created:
        op.create_index(name, table, columns, unique=unique)


def upgrade() -> None:
    _created.clear()
    _create_table(
        "auditevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.String(), nullable=False),
        sa.Column("after", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["undoes_id"],
            ["auditevent.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_table(
        "coach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initials", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_coach_initials", "coach", ["initials"], unique=True)

    _create_table(
        "loginattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("initials", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_loginattempt_address", "loginattempt", ["address"], unique=False)
    _create_index("ix_loginattempt_at", "loginattempt", ["at"], unique=False)
    _create_index("ix_loginattempt_initials", "loginattempt", ["initials"], unique=False)

    _create_table(
        "loginlock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_loginlock_until", "loginlock", ["until"], unique=False)
    _create_index("ix_loginlock_value", "loginlock", ["value"], unique=False)

    _create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_by", sa.String(), nullable=False),
        sa.Column("planned_min", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_meeting_day", "meeting", ["day"], unique=False)

    _create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("law", sa.String(), nullable=False),
        sa.Column("professions", sa.String(), nullable=False),
        sa.Column("competence", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    _create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("partner_team_id", sa.Integer(), nullable=True),
        sa.Column("gap_min", sa.Integer(), nullable=False),
        sa.Column("meeting_min", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    _create_table(
        "carer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initials", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column(
            "profession",
            sa.Enum("SSH", "SSA", "SPL", "ERGO", "FYS", "UFAG", name="profession"),
            nullable=False,
        ),
        sa.Column("competences", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("on_call_substitute", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_carer_initials", "carer", ["initials"], unique=True)
    _create_index("ix_carer_team_id", "carer", ["team_id"], unique=False)

    _create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("to_day", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("SICK", "VACATION", "COURSE", "OTHER", name="absencekind"),
            nullable=False,
        ),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_by", sa.String(), nullable=False),
        sa.Column("buddy_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["buddy_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_absence_carer_id", "absence", ["carer_id"], unique=False)
    _create_index("ix_absence_from_day", "absence", ["from_day"], unique=False)
    _create_index("ix_absence_to_day", "absence", ["to_day"], unique=False)

    _create_table(
        "citizen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("short_name", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("contact1_id", sa.Integer(), nullable=True),
        sa.Column("contact2_id", sa.Integer(), nullable=True),
        sa.Column("preferred_time", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact1_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contact2_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_citizen_team_id", "citizen", ["team_id"], unique=False)

    _create_table(
        "meetingattendance",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.PrimaryKeyConstraint("meeting_id", "carer_id"),
    )
    _create_table(
        "roleassignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("PLANNER", "PHONE", "MENTOR", "WELLBEING", name="teamrole"),
            nullable=False,
        ),
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("to_day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_roleassignment_carer_id", "roleassignment", ["carer_id"], unique=False)
    _create_index("ix_roleassignment_from_day", "roleassignment", ["from_day"], unique=False)
    _create_index("ix_roleassignment_to_day", "roleassignment", ["to_day"], unique=False)

    _create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.Enum("DAY", "EVENING", "NIGHT", name="shiftkind"), nullable=False),
        sa.Column("start_min", sa.Integer(), nullable=False),
        sa.Column("end_min", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_shift_carer_id", "shift", ["carer_id"], unique=False)
    _create_index("ix_shift_day", "shift", ["day"], unique=False)

    _create_table(
        "boarditem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("added_by", sa.String(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("for_day", sa.Date(), nullable=False),
        sa.Column("discussed_in", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.ForeignKeyConstraint(
            ["discussed_in"],
            ["meeting.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_boarditem_citizen_id", "boarditem", ["citizen_id"], unique=False)
    _create_index("ix_boarditem_for_day", "boarditem", ["for_day"], unique=False)

    _create_table(
        "declinedcarer",
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.PrimaryKeyConstraint("citizen_id", "carer_id"),
    )
    _create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_message_day", "message", ["day"], unique=False)

    _create_table(
        "triagedraft",
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("data", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.PrimaryKeyConstraint("citizen_id", "author"),
    )
    _create_table(
        "triagenote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("colour", sa.Enum("GREEN", "YELLOW", "RED", name="triagecolour"), nullable=False),
        sa.Column("points", sa.String(), nullable=False),
        sa.Column("observation", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("follow_up", sa.Date(), nullable=True),
        sa.Column("tell", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["carer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_triagenote_citizen_id", "triagenote", ["citizen_id"], unique=False)
    _create_index("ix_triagenote_day", "triagenote", ["day"], unique=False)

    _create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_min", sa.Integer(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("window_from_min", sa.Integer(), nullable=True),
        sa.Column("window_to_min", sa.Integer(), nullable=True),
        sa.Column("fixed_time", sa.Boolean(), nullable=False),
        sa.Column("two_carers", sa.Boolean(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.Column("second_carer_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("PLANNED", "DELIVERED", "CANCELLED", name="visitstatus"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.ForeignKeyConstraint(
            ["second_carer_id"],
            ["carer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_visit_carer_id", "visit", ["carer_id"], unique=False)
    _create_index("ix_visit_citizen_id", "visit", ["citizen_id"], unique=False)
    _create_index("ix_visit_day", "visit", ["day"], unique=False)

    _create_table(
        "cover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("absence_id", sa.Integer(), nullable=False),
        sa.Column("absent_carer_id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum("OWN_TEAM", "PARTNER_TEAM", "SUBSTITUTE", "UNCOVERED", name="coversource"),
            nullable=False,
        ),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["absence_id"],
            ["absence.id"],
        ),
        sa.ForeignKeyConstraint(
            ["absent_carer_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    _create_index("ix_cover_absence_id", "cover", ["absence_id"], unique=False)
    _create_index("ix_cover_visit_id", "cover", ["visit_id"], unique=False)

    _create_table(
        "visitservice",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("visit_id", "service_id"),
    )


def downgrade() -> None:
    op.drop_table("visitservice")
    op.drop_table("cover")
    op.drop_table("visit")
    op.drop_table("triagenote")
    op.drop_table("triagedraft")
    op.drop_table("message")
    op.drop_table("declinedcarer")
    op.drop_table("boarditem")
    op.drop_table("shift")
    op.drop_table("roleassignment")
    op.drop_table("meetingattendance")
    op.drop_table("citizen")
    op.drop_table("absence")
    op.drop_table("carer")
    op.drop_table("team")
    op.drop_table("service")
    op.drop_table("meeting")
    op.drop_table("loginlock")
    op.drop_table("loginattempt")
    op.drop_table("coach")
    op.drop_table("auditevent")
