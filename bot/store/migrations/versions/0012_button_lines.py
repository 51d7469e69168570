"""button command lines kept under short tokens, shared by every process

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.types


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('button_line',
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('line', sa.Text(), nullable=False),
    sa.Column('created_at', bot.store.types.AwareDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token')
    )


def downgrade() -> None:
    op.drop_table('button_line')
