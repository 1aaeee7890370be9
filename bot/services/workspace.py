"""Workspace settings and per-workspace sequences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session

from bot.locale import LANGUAGES
from bot.services import audit
from bot.services.errors import Message, ValidationFailed
from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Counter, WorkspaceConfig

DEFAULT_VOTE_EMOJIS = ("+1",)


def get_config(session: Session, team_id: str) -> WorkspaceConfig:
    """The workspace's settings, or the defaults when an organiser never saved any."""
    return session.get(WorkspaceConfig, team_id) or WorkspaceConfig(team_id=team_id)


def vote_emojis(config: WorkspaceConfig) -> list[str]:
    return parse_vote_emojis(config.vote_emojis)


def parse_vote_emojis(stored: str | None) -> list[str]:
    """The vote emoji as stored ("+1, :tada:") -> ["+1", "tada"]; the default when none."""
    emojis = [e.strip().strip(":") for e in (stored or "").split(",") if e.strip().strip(":")]
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


EMOJI_NAME = re.compile(r"^[a-z0-9_+\-']{1,64}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass
class ConfigDraft:
    challenges_channel: str | None = None
    nominations_channel: str | None = None
    digest_channel: str | None = None
    digest_day: str | None = "0"
    digest_time: str | None = "09:00"
    vote_emojis: str = "+1"
    manager_approval: str | None = "on"
    vote_threshold: str | None = "5"
    voting_window_weeks: str | None = "4"
    public_board: str | None = "off"
    language: str | None = "en"
    bilingual: str | None = "off"
    currency: str | None = "GBP"


CURRENCIES = ("GBP", "EUR", "SEK", "NOK", "DKK", "USD")  # what a workspace may count money in


VOTE_THRESHOLD_MAX = 1000
VOTING_WINDOW_MAX = 52


def _whole_number(text: str | None, low: int, high: int) -> int | None:
    try:
        value = int((text or "").strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


def update_config(session: Session, *, team_id: str, user_id: str, draft: ConfigDraft, now: datetime) -> WorkspaceConfig:
    """Save the organisers' settings, naming each field that is wrong."""
    errors: dict[str, Message] = {}
    emojis = [e.strip().strip(":") for e in re.split(r"[,\s]+", draft.vote_emojis or "") if e.strip().strip(":")]
    emojis = [e.split("::")[0] for e in emojis]  # a skin tone is the same vote
    bad = [e for e in emojis if not EMOJI_NAME.match(e)]
    if not emojis:
        errors["vote_emojis"] = Message("Give at least one emoji name, like +1.")
    elif bad:
        errors["vote_emojis"] = Message("Not an emoji name: {names}. Use names like +1 or raised_hands.",
                                        names=", ".join(bad))
    elif len(",".join(emojis)) > 500:
        errors["vote_emojis"] = Message("That is too many emoji.")
    if draft.digest_day not in {str(i) for i in range(7)}:
        errors["digest_day"] = Message("Choose a day of the week.")
    if not TIME.match(draft.digest_time or ""):
        errors["digest_time"] = Message("Choose a time, like 09:00.")
    if draft.manager_approval not in ("on", "off"):
        errors["manager_approval"] = Message("Choose on or off.")
    threshold = _whole_number(draft.vote_threshold, 1, VOTE_THRESHOLD_MAX)
    if threshold is None:
        errors["vote_threshold"] = Message("Give a whole number of votes from 1 to {maximum}, like 5.",
                                           maximum=VOTE_THRESHOLD_MAX)
    window = _whole_number(draft.voting_window_weeks, 0, VOTING_WINDOW_MAX)
    if window is None:
        errors["voting_window_weeks"] = Message("Give a whole number of weeks from 0 to {maximum}, like 4 "
                                                "(0: voting never closes).", maximum=VOTING_WINDOW_MAX)
    if draft.public_board not in ("on", "off"):
        errors["public_board"] = Message("Choose on or off.")
    if draft.language not in LANGUAGES:
        errors["language"] = Message("Choose a language.")
    if draft.bilingual not in ("on", "off"):
        errors["bilingual"] = Message("Choose on or off.")
    if draft.currency not in CURRENCIES:
        errors["currency"] = Message("Choose a currency.")
    if errors:
        raise ValidationFailed(errors)
    config = session.get(WorkspaceConfig, team_id) or WorkspaceConfig(team_id=team_id)
    config.challenges_channel = draft.challenges_channel or None
    config.nominations_channel = draft.nominations_channel or None
    config.digest_channel = draft.digest_channel or None
    config.digest_weekday = int(draft.digest_day)
    config.digest_time = draft.digest_time
    config.vote_emojis = ",".join(dict.fromkeys(emojis))
    config.manager_approval = draft.manager_approval == "on"
    config.vote_threshold, config.voting_window_weeks = threshold, window
    config.public_board = draft.public_board == "on"
    config.language, config.bilingual, config.currency = draft.language, draft.bilingual == "on", draft.currency
    config.updated_at, config.updated_by = now, user_id
    session.add(config)
    audit.record(session, team_id=team_id, actor_id=user_id, action="config.changed", subject=None, now=now)
    session.flush()
    return config
