"""What matching says (why someone fits, which rules gave way), kept translatable without
importing the bot: a `Said` is an English `str.format` template (a catalogue message) and its
values. Said as it is, it is English; whoever shows it to a person passes their translator (a
`bot.locale.Lang`, or anything with `_`, `ngettext` and `number`): `said.say(t)`.

`N_` and `ngettext` here make a `Said`; their names are the catalogue's keywords, so the
templates are extracted where they are written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(template: str, **values: Any) -> Said:
    """Something to say: a template and its values (extracted into the catalogue)."""
    return Said(template, values)


def ngettext(singular: str, plural: str, n: int, **values: Any) -> Said:
    """Something to say whose form depends on `n` ({n} is filled in with it)."""
    return Said(singular, values, plural, n)


def _english(value: Any) -> Any:
    return f"{value:g}" if isinstance(value, float) else value


@dataclass(frozen=True)
class Said:
    template: str
    values: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None

    def say(self, t: Any = None) -> str:
        """In English (no `t`), or in `t`'s language; numbers as `t` writes them."""
        if t is None:
            values = {k: v.say() if isinstance(v, Said) else _english(v) for k, v in self.values.items()}
            if self.plural is None:
                return self.template.format(**values) if values else self.template
            return (self.template if self.n == 1 else self.plural).format(n=self.n, **values)
        values = {k: v.say(t) if isinstance(v, Said) else t.number(v) if isinstance(v, float) else v
                  for k, v in self.values.items()}
        if self.plural is None:
            return t._(self.template, **values)
        return t.ngettext(self.template, self.plural, self.n, **values)

    def __str__(self) -> str:
        return self.say()

    def as_dict(self) -> dict[str, Any]:
        """As JSON-ready values (to store what was said, and say it later in someone's language)."""
        said = {"said": self.template, "values": {k: v.as_dict() if isinstance(v, Said) else v
                                                  for k, v in self.values.items()}}
        if self.plural is not None:
            said.update(plural=self.plural, n=self.n)
        return said

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> Said:
        values = {k: cls.from_dict(v) if isinstance(v, dict) and "said" in v else v
                  for k, v in (stored.get("values") or {}).items()}
        return cls(stored["said"], values, stored.get("plural"), stored.get("n"))


def say(stored: Any, t: Any = None) -> str:
    """Something stored as said (`Said.as_dict`), or older plain text, in `t`'s language."""
    if isinstance(stored, Said):
        return stored.say(t)
    if isinstance(stored, dict) and "said" in stored:
        return Said.from_dict(stored).say(t)
    return str(stored)
