"""Every word Dozen says, in English, Welsh or Swedish.

One gettext catalogue per language (`bot/locale/<code>/LC_MESSAGES/messages.po`, extracted and
updated with Babel: see README "Languages"), read when first needed. Messages are English
`str.format` templates with named placeholders; dates, numbers, money and plural forms come
from Babel's locale data (Welsh has six plural forms), not from tables of our own.

    t = lang("cy")
    t._("Posted {challenge} in {channel}.", challenge="C-12", channel="<#C1>")
    t.ngettext("{n} vote", "{n} votes", 3)
    t.week(monday)      # "w/c 7 Rhag"; in Swedish "v. 50"
    t.money(150000)     # pence -> "£1,500.00"; a workspace may count in another currency
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

HERE = Path(__file__).parent
DOMAIN = "messages"
LANGUAGES = {"en": "English", "cy": "Cymraeg", "sv": "Svenska"}  # code -> its own name for itself
DEFAULT = "en"
LOCALES = {"en": "en_GB", "cy": "cy_GB", "sv": "sv_SE"}  # for dates, numbers and money


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Lang:
    code: str
    translations: gettext.NullTranslations = field(repr=False)

    @property
    def locale(self) -> str:
        return LOCALES[self.code]

    @property
    def name(self) -> str:
        return LANGUAGES[self.code]

    def _(self, message: str, **values: object) -> str:
        """The message in this language, its {placeholders} filled in."""
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form for `n` ({n} is filled in with it)."""
        return self.translations.ngettext(singular, plural, n).format(n=self.number(n), **values)

    def pgettext(self, context: str, message: str, **values: object) -> str:
        text = self.translations.pgettext(context, message)
        return text.format(**values) if values else text

    # -- dates, numbers, money -------------------------------------------------------------------
    def week(self, monday: date) -> str:
        """A week as people here name it: "w/c 7 Dec", "w/c 7 Rhag", "v. 50"."""
        # Translators: a Babel date pattern for naming a week by its Monday. Quote words in '…'.
        return format_date(monday, self._("'w/c' d MMM"), locale=self.locale)

    def date(self, day: date, *, long: bool = False) -> str:
        """7 December 2026 (long) or 7 Dec 2026."""
        return format_date(day, "d MMMM yyyy" if long else "d MMM yyyy", locale=self.locale)

    def day_month(self, day: date) -> str:
        return format_date(day, "d MMMM", locale=self.locale)

    def weekday(self, day: date) -> str:
        return format_date(day, "EEEE", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def hours(self, value: float) -> str:
        """7.5 -> "7.5h" ("7,5 h" in Swedish)."""
        # Translators: hours of someone's time, e.g. "7.5h"; {hours} is the number.
        return self._("{hours}h", hours=self.number(value))

    def money(self, pence: int, currency: str = "GBP") -> str:
        return format_currency(pence / 100, currency, locale=self.locale)


@lru_cache(maxsize=None)
def lang(code: str | None) -> Lang:
    """The language `code` (English for anything Dozen doesn't speak)."""
    code = code if code in LANGUAGES else DEFAULT
    return Lang(code, _translations(code))


def _translations(code: str) -> gettext.NullTranslations:
    """The catalogue, from its .po file: compiled in memory, so only the .po is kept in git."""
    path = HERE / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=Locale.parse(code), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


ENGLISH = lang(DEFAULT)


def from_slack_locale(slack_locale: str | None) -> str | None:
    """Slack's locale for a person ("cy-GB", "sv-SE", "en-US") as one of Dozen's languages."""
    code = (slack_locale or "").split("-")[0].lower()
    return code if code in LANGUAGES else None
