"""visit citizen day index: some teams' citizens' visits over a window read from one index

The coach's figures for one team, the citizen card and who knows a citizen look at the visits
of chosen citizens over a window (store/visit_carers.came under the days-close rule). With an
index on citizen_id alone SQLite read every visit each citizen ever had from the table; this
index holds citizen, day, status and both carers, so it reads only the window and never the
table rows (bench/continuity.py: continuity for one team 0.4-0.6x). It starts with citizen_id,
so it replaces the index on citizen_id alone.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 10:45:12.943038
"""

from __future__ import annotations

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_citizen_id'))
        batch_op.create_index(
            'ix_visit_citizen_day',
            ['citizen_id', 'day', 'status', 'carer_id', 'second_carer_id'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_citizen_day')
        batch_op.create_index(batch_op.f('ix_visit_citizen_id'), ['citizen_id'], unique=False)
