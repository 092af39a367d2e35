"""Base plan (issue 12): the grundplan and the days generated from it, the team's decisions
about a visit (a duration set, a cancellation's reason) and citizens paused (in hospital).

Four new tables only; no existing table or row changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 07:31:54.434420
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "basevisit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("start_min", sa.Integer(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("window_from_min", sa.Integer(), nullable=True),
        sa.Column("window_to_min", sa.Integer(), nullable=True),
        sa.Column("fixed_time", sa.Boolean(), nullable=False),
        sa.Column("two_carers", sa.Boolean(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.Column("second_carer_id", sa.Integer(), nullable=True),
        sa.Column("services", sa.String(), nullable=False),
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
    with op.batch_alter_table("basevisit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_basevisit_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_basevisit_source_id"), ["source_id"], unique=False)

    op.create_table(
        "citizenpause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("from_day", sa.Date(), nullable=False),
        sa.Column("to_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("citizenpause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citizenpause_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_citizenpause_from_day"), ["from_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizenpause_to_day"), ["to_day"], unique=False)

    op.create_table(
        "generatedvisit",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("base_visit_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["base_visit_id"],
            ["basevisit.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("visit_id"),
        sa.UniqueConstraint("base_visit_id", "day"),
    )
    with op.batch_alter_table("generatedvisit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_generatedvisit_day"), ["day"], unique=False)

    op.create_table(
        "visitdecision",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.String(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("visit_id"),
    )


def downgrade() -> None:
    op.drop_table("visitdecision")
    with op.batch_alter_table("generatedvisit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_generatedvisit_day"))

    op.drop_table("generatedvisit")
    with op.batch_alter_table("citizenpause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizenpause_to_day"))
        batch_op.drop_index(batch_op.f("ix_citizenpause_from_day"))
        batch_op.drop_index(batch_op.f("ix_citizenpause_citizen_id"))

    op.drop_table("citizenpause")
    with op.batch_alter_table("basevisit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_basevisit_source_id"))
        batch_op.drop_index(batch_op.f("ix_basevisit_citizen_id"))

    op.drop_table("basevisit")
