"""a Slack identity keeps its workspace in a column of its own, not in the user id

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 07:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite keeps the first unique constraint unnamed: batch mode finds it by this name.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
_IDENTITY = sa.table(
    'identity',
    sa.column('id', sa.Integer),
    sa.column('platform', sa.String),
    sa.column('workspace', sa.String),
    sa.column('external_id', sa.String),
)


def _old_constraint() -> str:
    return 'uq_identity_platform' if op.get_bind().dialect.name == 'sqlite' else 'identity_platform_external_id_key'


def upgrade() -> None:
    with op.batch_alter_table('identity', naming_convention=_NAMES) as batch_op:
        batch_op.add_column(sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default=''))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_IDENTITY.c.id, _IDENTITY.c.external_id).where(
            _IDENTITY.c.platform == 'slack', _IDENTITY.c.external_id.contains(':')
        )
    ).all()
    for row_id, key in rows:
        team, _, user = key.partition(':')
        bind.execute(
            sa.update(_IDENTITY).where(_IDENTITY.c.id == row_id).values(workspace=team, external_id=user)
        )
    with op.batch_alter_table('identity', naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint(_old_constraint(), type_='unique')
        batch_op.create_unique_constraint('uq_identity_account', ['platform', 'workspace', 'external_id'])


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_IDENTITY.c.id, _IDENTITY.c.workspace, _IDENTITY.c.external_id).where(
            _IDENTITY.c.workspace != ''
        )
    ).all()
    for row_id, team, user in rows:
        bind.execute(
            sa.update(_IDENTITY).where(_IDENTITY.c.id == row_id).values(external_id=f'{team}:{user}')
        )
    with op.batch_alter_table('identity', naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint('uq_identity_account', type_='unique')
        batch_op.create_unique_constraint(_old_constraint(), ['platform', 'external_id'])
        batch_op.drop_column('workspace')
