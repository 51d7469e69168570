"""reminders: one index on (group, member) instead of group alone

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 07:30:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_reminder_group_id', table_name='reminder')
    op.create_index('ix_reminder_group_member', 'reminder', ['group_id', 'member_id'])


def downgrade() -> None:
    op.drop_index('ix_reminder_group_member', table_name='reminder')
    op.create_index('ix_reminder_group_id', 'reminder', ['group_id'])
