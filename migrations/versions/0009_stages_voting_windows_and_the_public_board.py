"""stages, voting windows and the public board

Revision ID: 0009
Revises: 0008

Existing challenges get a stage from what is already known: a closed one is "closed", a
delivered one "delivered"; an open one is "in_progress" if it has a confirmed booking,
"funded" if its funding target was reached, "shortlisted" if 5 or more people voted for it
(the default threshold), else "proposed". Each gets a "proposed" history row at its posting
time and one for its current stage, both marked announced (nothing old is announced again).
Existing challenges have no voting window (voting on them stays open until they close);
new ones get the workspace's window from when they are posted.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.storage.db


revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('challenge_stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('at', bot.storage.db.UTCDateTime(), nullable=False),
    sa.Column('by_user', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('announced_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'challenge_id', 'stage', name='uq_challenge_stage')
    )
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='proposed', nullable=False))
        batch_op.add_column(sa.Column('close_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('voting_closes_at', bot.storage.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('voting_closed_at', bot.storage.db.UTCDateTime(), nullable=True))

    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_publicly', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('public_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))

    with op.batch_alter_table('workspace_config', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vote_threshold', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('voting_window_weeks', sa.Integer(), server_default='4', nullable=False))
        batch_op.add_column(sa.Column('public_board', sa.Boolean(), server_default=sa.false(), nullable=False))

    _stages_of_existing_challenges()


SHORTLIST_VOTES = 5  # the default threshold when this revision was written


def _stages_of_existing_challenges() -> None:
    connection = op.get_bind()
    challenge = sa.table('challenge', sa.column('id', sa.Integer()), sa.column('team_id', sa.String()),
                         sa.column('status', sa.String()), sa.column('stage', sa.String()),
                         sa.column('created_at', bot.storage.db.UTCDateTime()),
                         sa.column('closed_at', bot.storage.db.UTCDateTime()),
                         sa.column('closed_by', sa.String()))
    history = sa.table('challenge_stage', sa.column('team_id', sa.String()), sa.column('challenge_id', sa.Integer()),
                       sa.column('stage', sa.String()), sa.column('at', bot.storage.db.UTCDateTime()),
                       sa.column('by_user', sa.String()), sa.column('announced_at', bot.storage.db.UTCDateTime()))
    reaction = sa.table('reaction', sa.column('target_id', sa.Integer()), sa.column('kind', sa.String()),
                        sa.column('user_id', sa.String()))
    booking = sa.table('booking', sa.column('challenge_id', sa.Integer()), sa.column('status', sa.String()),
                       sa.column('decided_at', bot.storage.db.UTCDateTime()))
    funding = sa.table('funding', sa.column('challenge_id', sa.Integer()),
                       sa.column('reached_at', bot.storage.db.UTCDateTime()))
    outcome = sa.table('outcome', sa.column('challenge_id', sa.Integer()),
                       sa.column('submitted_at', bot.storage.db.UTCDateTime()))

    votes = dict(connection.execute(
        sa.select(reaction.c.target_id, sa.func.count(sa.distinct(reaction.c.user_id)))
        .where(reaction.c.kind == 'challenge').group_by(reaction.c.target_id)).all())
    booked = dict(connection.execute(
        sa.select(booking.c.challenge_id, sa.func.min(booking.c.decided_at))
        .where(booking.c.status == 'confirmed').group_by(booking.c.challenge_id)).all())
    reached = dict(connection.execute(
        sa.select(funding.c.challenge_id, funding.c.reached_at).where(funding.c.reached_at.is_not(None))).all())
    delivered = dict(connection.execute(sa.select(outcome.c.challenge_id, outcome.c.submitted_at)).all())

    rows = []
    for row in connection.execute(sa.select(challenge)).mappings().all():
        created = row['created_at']
        by, at = None, created
        if row['status'] == 'closed':
            stage, at, by = 'closed', row['closed_at'] or created, row['closed_by']
        elif row['status'] == 'delivered':
            stage, at = 'delivered', delivered.get(row['id']) or created
        elif row['id'] in booked:
            stage, at = 'in_progress', booked[row['id']] or created
        elif row['id'] in reached:
            stage, at = 'funded', reached[row['id']]
        elif votes.get(row['id'], 0) >= SHORTLIST_VOTES:
            stage = 'shortlisted'
        else:
            stage = 'proposed'
        connection.execute(sa.update(challenge).where(challenge.c.id == row['id']).values(stage=stage))
        rows.append(dict(team_id=row['team_id'], challenge_id=row['id'], stage='proposed', at=created, by_user=None,
                         announced_at=created))
        if stage != 'proposed':
            rows.append(dict(team_id=row['team_id'], challenge_id=row['id'], stage=stage, at=at, by_user=by,
                             announced_at=at))
    if rows:
        connection.execute(sa.insert(history), rows)


def downgrade() -> None:
    with op.batch_alter_table('workspace_config', schema=None) as batch_op:
        batch_op.drop_column('public_board')
        batch_op.drop_column('voting_window_weeks')
        batch_op.drop_column('vote_threshold')

    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('public_name')
        batch_op.drop_column('show_publicly')

    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.drop_column('voting_closed_at')
        batch_op.drop_column('voting_closes_at')
        batch_op.drop_column('close_reason')
        batch_op.drop_column('stage')

    op.drop_table('challenge_stage')
