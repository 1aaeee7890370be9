"""connector introductions

Revision ID: 0010
Revises: 0009

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.storage.db


revision: str = '0010'
down_revision: Union[str, None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('introduction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('first_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('second_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('reason', sa.JSON(), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', bot.storage.db.UTCDateTime(), nullable=False),
    sa.Column('followup', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('followup_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.Column('met', sa.Boolean(), nullable=True),
    sa.Column('answered_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('answered_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.Column('ignored_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_introduction_week', 'introduction', ['team_id', 'week_start'], unique=False)
    op.create_table('introduction_settings',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('opted_in', sa.Boolean(), nullable=False),
    sa.Column('opted_out', sa.Boolean(), nullable=False),
    sa.Column('snoozed_until', sa.Date(), nullable=True),
    sa.Column('ignored', sa.Integer(), nullable=False),
    sa.Column('paused_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.Column('updated_at', bot.storage.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id')
    )


def downgrade() -> None:
    op.drop_table('introduction_settings')
    op.drop_index('ix_introduction_week', table_name='introduction')
    op.drop_table('introduction')
