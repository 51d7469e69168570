"""calendars: each session's event sequence, each group's secret feed token

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('learning_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('learning_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_learning_group_calendar_token', ['calendar_token'])


def downgrade() -> None:
    with op.batch_alter_table('learning_group', schema=None) as batch_op:
        batch_op.drop_constraint('uq_learning_group_calendar_token', type_='unique')
        batch_op.drop_column('calendar_token')
    with op.batch_alter_table('learning_session', schema=None) as batch_op:
        batch_op.drop_column('sequence')
