"""cohort members of other workspaces

Revision ID: 0013
Revises: 0012

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0013'
down_revision: Union[str, None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('cohort_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    op.execute("UPDATE cohort_member SET person_team_id = team_id")  # until now every member was of the cohort's
    with op.batch_alter_table('cohort_member', schema=None) as batch_op:
        batch_op.alter_column('person_team_id', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
                              nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('cohort_member', schema=None) as batch_op:
        batch_op.drop_column('person_team_id')
