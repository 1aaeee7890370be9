"""Errors whose messages are written for the person who caused them, in their language.

A service raises an error with an English message template and its values, never finished
English; the edge (a listener) says it in the person's language (`error.say(t)`):

    raise NotAllowed("Only {owner}, who posted {challenge}, can close it.", owner=..., challenge="C-12")
    raise ValidationFailed({"hours": Message("Enter the hours you need, like 4 or 7.5.")})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """Something to tell a person: an English template (the catalogue's msgid) and its values."""

    template: str
    values: dict[str, Any] = field(default_factory=dict)

    def __init__(self, template: str, **values: Any):
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "values", values)

    def say(self, t: Any) -> str:
        """In `t`'s language (a bot.locale.Lang)."""
        return t._(self.template, **self.values)

    def __str__(self) -> str:
        return self.template.format(**self.values) if self.values else self.template


def say(message: Message | str, t: Any) -> str:
    """A message in `t`'s language (plain strings are said as they are)."""
    return message.say(t) if isinstance(message, Message) else str(message)


class DomainError(Exception):
    """Something a person asked for cannot be done; `say(t)` tells them why in their language
    (`message` is the English)."""

    def __init__(self, template: str, field: str | None = None, **values: Any):
        self.said = Message(template, **values)
        super().__init__(str(self.said))
        self.field = field

    @property
    def message(self) -> str:
        return str(self.said)

    def say(self, t: Any) -> str:
        return self.said.say(t)


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class ValidationFailed(DomainError):
    """One or more fields are wrong: `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, Message | str]):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors

    def say_all(self, t: Any) -> dict[str, str]:
        """Each field's error in `t`'s language (for `response_action: errors`)."""
        return {name: say(error, t) for name, error in self.errors.items()}

    def say(self, t: Any) -> str:
        return "; ".join(self.say_all(t).values())
