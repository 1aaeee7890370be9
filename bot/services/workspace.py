"""Workspace settings and per-workspace sequences."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Counter, WorkspaceConfig

DEFAULT_VOTE_EMOJIS = ("+1",)


def get_config(session: Session, team_id: str) -> WorkspaceConfig:
    """The workspace's settings, or the defaults when an organiser never saved any."""
    return session.get(WorkspaceConfig, team_id) or WorkspaceConfig(team_id=team_id)


def vote_emojis(config: WorkspaceConfig) -> list[str]:
    emojis = [e.strip().strip(":") for e in (config.vote_emojis or "").split(",") if e.strip().strip(":")]
    return emojis or list(DEFAULT_VOTE_EMOJIS)


def next_number(session: Session, team_id: str, name: str) -> int:
    """The next value of a per-workspace sequence, atomically (UPDATE ... RETURNING)."""
    insert_ignoring_duplicates(session, Counter, {"team_id": team_id, "name": name, "value": 0}, ["team_id", "name"])
    statement = (
        update(Counter)
        .where(Counter.team_id == team_id, Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )
    return session.execute(statement).scalar_one()
