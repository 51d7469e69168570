"""date order per member, due dates relative to a session

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 23:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_order', sa.String(length=3), nullable=True))
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_offset_days', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('due_offset_days')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('date_order')
