"""SQLModel tables. Every table carries `team_id`: no row belongs to two workspaces.

The schema is created only by the Alembic revisions in `migrations/`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.db import UTCDateTime


def _utc(**kwargs):
    return Field(sa_type=UTCDateTime, **kwargs)


class WorkspaceConfig(SQLModel, table=True):
    """Organiser settings for one workspace."""

    __tablename__ = "workspace_config"

    team_id: str = Field(primary_key=True, max_length=32)
    vote_emojis: str = Field(default="+1", max_length=500)  # comma-separated reaction names
    updated_at: datetime | None = _utc(default=None, nullable=True)
    updated_by: str | None = Field(default=None, max_length=32)


class Counter(SQLModel, table=True):
    """Per-workspace sequences, for short IDs people can type (C-12)."""

    __tablename__ = "counter"

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(primary_key=True, max_length=32)
    value: int = 0


class Challenge(SQLModel, table=True):
    __tablename__ = "challenge"
    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_challenge_team_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    number: int
    title: str = Field(max_length=150)
    problem: str = Field(sa_column=Column(Text, nullable=False))
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    other_skills: str | None = Field(default=None, max_length=500)
    council_code: str = Field(max_length=16)
    owner_id: str = Field(max_length=32)
    hours_per_week: float
    weeks: int
    status: str = Field(default="open", max_length=16)  # open | closed
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _utc()
    closed_at: datetime | None = _utc(default=None, nullable=True)
    closed_by: str | None = Field(default=None, max_length=32)

    @property
    def short_id(self) -> str:
        return f"C-{self.number}"


class Post(SQLModel, table=True):
    """A message Dozen posted that people vote on, found again from a reaction event."""

    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", "ts", name="uq_post_message"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # challenge | nomination
    target_id: int


class Reaction(SQLModel, table=True):
    """One vote emoji of one person on one target. A person's vote is counted once
    however many vote emojis they leave; it goes when the last one does."""

    __tablename__ = "reaction"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "target_id", "user_id", "emoji", name="uq_reaction"),
        Index("ix_reaction_target", "team_id", "kind", "target_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    target_id: int
    user_id: str = Field(max_length=32)
    emoji: str = Field(max_length=100)
    created_at: datetime = _utc()


class ProcessedEvent(SQLModel, table=True):
    """Events API deliveries already handled: Slack retries must change nothing."""

    __tablename__ = "processed_event"

    team_id: str = Field(primary_key=True, max_length=32)
    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = _utc(index=True)


class JobRun(SQLModel, table=True):
    """One scheduled job's claim on one period: the unique key makes each period's work
    happen once, however many processes try."""

    __tablename__ = "job_run"

    team_id: str = Field(primary_key=True, max_length=32)
    job: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=64)
    started_at: datetime = _utc()
    finished_at: datetime | None = _utc(default=None, nullable=True)
