"""Whose language: a person's own choice (`/dozen language`), else their Slack locale, else
their workspace's language (which channel posts use too)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session

from bot.locale import ENGLISH, LANGUAGES
from bot.services.errors import DomainError, Message, NotAllowed
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


def currency(session: Session, team_id: str) -> str:
    """What a workspace counts money in (a challenge's money is counted in its workspace's)."""
    return workspace(session, team_id)[2]


class Told(Message):
    """A message whose values are said in the reader's language too: `week=` (a Monday) as they
    name weeks ("w/c 7 Dec"), `day=` (a date) as they write dates ("7 December 2026"), and any
    value that is itself a Message. Mark its template with N_ where it is written."""

    def _values(self, t: Any) -> dict[str, Any]:
        said = {}
        for key, value in self.values.items():
            if isinstance(value, Message):
                value = value.say(t)
            elif isinstance(value, date) and key == "week":
                value = t.week(value)
            elif isinstance(value, date) and key == "day":
                value = t.date(value, long=True)
            said[key] = value
        return said

    def say(self, t: Any) -> str:
        return t._(self.template, **self._values(t))

    def __str__(self) -> str:
        return self.say(ENGLISH)


E = TypeVar("E", bound=DomainError)


def refusal(kind: type[E], template: str, **values: Any) -> E:
    """A DomainError of `kind` whose message is `Told` (values said in the reader's language)."""
    error = kind(template, **values)
    error.said = Told(template, **values)
    error.args = (str(error.said),)
    return error
