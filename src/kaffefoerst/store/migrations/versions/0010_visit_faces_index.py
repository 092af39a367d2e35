"""visit faces index: who came over a window is read from one index

The coach's figures (store/visit_carers.came under the days-close rule) look at day, status,
citizen and both carers of every visit in the window; this index holds all of them, so SQLite
never visits the table rows (bench/continuity.py).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:07:22.842047
"""

from __future__ import annotations

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(
            'ix_visit_day_faces',
            ['day', 'status', 'citizen_id', 'carer_id', 'second_carer_id'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_day_faces')
