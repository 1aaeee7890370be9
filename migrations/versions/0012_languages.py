"""languages

Revision ID: 0012
Revises: 0011

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.storage.db


revision: str = '0012'
down_revision: Union[str, None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('language_choice',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('chosen_at', bot.storage.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id')
    )
    with op.batch_alter_table('workspace_config', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), server_default='en',
                                      nullable=False))
        batch_op.add_column(sa.Column('bilingual', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), server_default='GBP',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('workspace_config', schema=None) as batch_op:
        batch_op.drop_column('currency')
        batch_op.drop_column('bilingual')
        batch_op.drop_column('language')
    op.drop_table('language_choice')
