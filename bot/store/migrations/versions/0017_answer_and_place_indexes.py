"""indexes for what crowds ask: a member's answers to a call (call, member), and a group's
places by status (group, status, seat) instead of group alone

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 15:40:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_call_answer_call_id', table_name='call_answer')
    op.create_index('ix_call_answer_call_member', 'call_answer', ['call_id', 'member_id'])
    op.drop_index('ix_membership_group_id', table_name='membership')
    op.create_index(
        'ix_membership_group_status', 'membership', ['group_id', 'status', 'takes_seat']
    )


def downgrade() -> None:
    op.drop_index('ix_membership_group_status', table_name='membership')
    op.create_index('ix_membership_group_id', 'membership', ['group_id'])
    op.drop_index('ix_call_answer_call_member', table_name='call_answer')
    op.create_index('ix_call_answer_call_id', 'call_answer', ['call_id'])
