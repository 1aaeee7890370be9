"""Whose language: a person's own choice (`/dozen language`), else their Slack locale, else
their workspace's language (which channel posts use too)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.locale import LANGUAGES
from bot.services.errors import NotAllowed
from bot.services.workspace import get_config
from bot.storage.models import LanguageChoice


def chosen(session: Session, team_id: str, user_id: str) -> str | None:
    choice = session.get(LanguageChoice, (team_id, user_id))
    return choice.language if choice else None


def choose(session: Session, *, team_id: str, user_id: str, language: str, now: datetime) -> str:
    """Someone picks the language Dozen speaks to them in."""
    code = (language or "").strip().lower()
    if code not in LANGUAGES:
        raise NotAllowed("Dozen speaks {languages}: choose one, like `/dozen language cy`.",
                         languages=", ".join(f"{name} ({c})" for c, name in LANGUAGES.items()))
    choice = session.get(LanguageChoice, (team_id, user_id)) or LanguageChoice(team_id=team_id, user_id=user_id,
                                                                               language=code, chosen_at=now)
    choice.language, choice.chosen_at = code, now
    session.add(choice)
    return code


def workspace(session: Session, team_id: str) -> tuple[str, bool, str]:
    """(language of the workspace's channel posts, whether they are Welsh and English, currency)."""
    config = get_config(session, team_id)
    return config.language or "en", bool(config.bilingual), config.currency or "GBP"
