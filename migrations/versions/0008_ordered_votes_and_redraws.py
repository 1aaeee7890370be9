"""ordered votes and redraws

Revision ID: 0008
Revises: 0007

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.storage.db


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('reaction_order',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('emoji', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('event_ts', sa.Float(), nullable=False),
    sa.Column('added', sa.Boolean(), nullable=False),
    sa.Column('at', bot.storage.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'kind', 'target_id', 'user_id', 'emoji')
    )
    with op.batch_alter_table('reaction_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reaction_order_at'), ['at'], unique=False)

    op.create_table('post_redraw',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('drawn', sa.Integer(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('lease_until', bot.storage.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('team_id', 'kind', 'target_id')
    )


def downgrade() -> None:
    op.drop_table('post_redraw')
    with op.batch_alter_table('reaction_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reaction_order_at'))
    op.drop_table('reaction_order')
