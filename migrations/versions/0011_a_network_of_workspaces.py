"""a network of workspaces

Revision ID: 0011
Revises: 0010

Installations and OAuth states for many workspaces (the tables slack_sdk's SQLAlchemy stores
read and write, made here like every other table), the network's members, and who is where:
the booked person's workspace on a booking, and the name the network knows a pool member by.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.storage.db


revision: str = '0011'
down_revision: Union[str, None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _installation_columns(*, with_user: bool) -> list[sa.Column]:
    """As slack_sdk.oauth.installation_store.sqlalchemy defines them (slack_bots, slack_installations)."""
    columns = [
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(32), nullable=False),
        sa.Column("app_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32)),
        sa.Column("enterprise_name", sa.String(200)),
    ]
    if with_user:
        columns.append(sa.Column("enterprise_url", sa.String(200)))
    columns += [
        sa.Column("team_id", sa.String(32)),
        sa.Column("team_name", sa.String(200)),
        sa.Column("bot_token", sa.String(200)),
        sa.Column("bot_id", sa.String(32)),
        sa.Column("bot_user_id", sa.String(32)),
        sa.Column("bot_scopes", sa.String(1000)),
        sa.Column("bot_refresh_token", sa.String(200)),
        sa.Column("bot_token_expires_at", sa.DateTime()),
    ]
    if with_user:
        columns += [
            sa.Column("user_id", sa.String(32), nullable=False),
            sa.Column("user_token", sa.String(200)),
            sa.Column("user_scopes", sa.String(1000)),
            sa.Column("user_refresh_token", sa.String(200)),
            sa.Column("user_token_expires_at", sa.DateTime()),
            sa.Column("incoming_webhook_url", sa.String(200)),
            sa.Column("incoming_webhook_channel", sa.String(200)),
            sa.Column("incoming_webhook_channel_id", sa.String(200)),
            sa.Column("incoming_webhook_configuration_url", sa.String(200)),
        ]
    columns += [
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]
    if with_user:
        columns.append(sa.Column("token_type", sa.String(32)))
    columns.append(sa.Column("installed_at", sa.DateTime(), nullable=False, server_default=sa.func.now()))
    return columns


def upgrade() -> None:
    op.create_table("slack_bots", *_installation_columns(with_user=False))
    op.create_index("slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"])
    op.create_table("slack_installations", *_installation_columns(with_user=True))
    op.create_index("slack_installations_idx", "slack_installations",
                    ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"])
    op.create_table("slack_oauth_states",
                    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
                    sa.Column("state", sa.String(200), nullable=False),
                    sa.Column("expire_at", sa.DateTime(), nullable=False))

    op.create_table('network_member',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('enterprise_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('council_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('home', sa.Boolean(), nullable=False),
    sa.Column('installed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('requested_at', bot.storage.db.UTCDateTime(), nullable=False),
    sa.Column('decided_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('request_dms', sa.JSON(), nullable=False),
    sa.Column('uninstalled_at', bot.storage.db.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('team_id')
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    op.execute("UPDATE booking SET person_team_id = team_id")  # until now everyone was in one workspace
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.alter_column('person_team_id', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
                              nullable=False)
        batch_op.create_index(batch_op.f('ix_booking_person_team_id'), ['person_team_id'], unique=False)
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('display_name')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_person_team_id'))
        batch_op.drop_column('person_team_id')
    op.drop_table('network_member')
    op.drop_table('slack_oauth_states')
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table('slack_installations')
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table('slack_bots')
