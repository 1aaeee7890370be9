"""Money: hundredths (pence, öre, cents) in storage, never floats; amounts as people write them."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency

from bot.locale import ENGLISH, Lang
from bot.services.errors import Message

AMOUNT = re.compile(r"^(\d[\d,]*(?:\.\d+)?|\.\d+)(k|m)?$", re.IGNORECASE)
# What people put around a number: currency symbols and codes ("£1,500", "1 500 kr", "€40", "40 SEK").
CURRENCY_WORDS = re.compile(r"£|€|\$|\bkr\b\.?|\b(?:gbp|eur|sek|nok|dkk|usd)\b", re.IGNORECASE)
DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}(k|m)?$", re.IGNORECASE)  # "337,50": a decimal comma (Swedish, Danish…)
DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")  # "1.500": 1500 in Danish or German, 1.5 in English


class BadAmount(ValueError):
    """The text is not an amount of money; `said` says why, for a person, in their language
    (`str(error)` is the English)."""

    def __init__(self, said: Message):
        self.said = said
        super().__init__(str(said))


def parse_amount(text: str, *, maximum_pence: int | None = None, currency: str = "GBP") -> int:
    """An amount as people write it -> hundredths (pence, öre, cents): '£1,500', '1500', '1.5k',
    '99.99'; in any currency also '1 500 kr', '€40' or a decimal comma ('337,50'). Refuses
    anything else with a reason that speaks of the workspace's currency."""
    pounds_said = currency == "GBP"
    cleaned = CURRENCY_WORDS.sub("", text or "")
    cleaned = "".join(cleaned.split())  # spaces (and non-breaking ones) between thousands
    if DECIMAL_COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    if not cleaned:
        raise BadAmount(Message("Enter an amount in pounds, like 1500 or £1,500.") if pounds_said
                        else Message("Enter an amount, like 1500."))
    match = None if (not pounds_said and DOT_THOUSANDS.match(cleaned)) else AMOUNT.match(cleaned)
    if not match or (match.group(1).count(",") and not re.match(r"^\d{1,3}(,\d{3})*(\.\d+)?$", match.group(1))):
        raise BadAmount(Message("“{text}” is not an amount in pounds. Write it like 1500, £1,500 or 1.5k.",
                                text=text.strip()) if pounds_said
                        else Message("“{text}” is not an amount. Write it like 1500, 1 500 or 1.5k.",
                                     text=text.strip()))
    number, suffix = match.group(1).replace(",", ""), (match.group(2) or "").lower()
    try:
        pounds = Decimal(number)
    except InvalidOperation:
        raise BadAmount(Message("“{text}” is not an amount in pounds.", text=text.strip()) if pounds_said
                        else Message("“{text}” is not an amount.", text=text.strip())) from None
    pounds *= {"": 1, "k": 1000, "m": 1_000_000}[suffix]
    if pounds != pounds.quantize(Decimal("0.01")):
        raise BadAmount(Message("Amounts can have at most two decimal places (pence).") if pounds_said
                        else Message("Amounts can have at most two decimal places."))
    pence = int(pounds * 100)
    if pence <= 0:
        raise BadAmount(Message("The amount must be more than £0.") if pounds_said
                        else Message("The amount must be more than 0."))
    if maximum_pence is not None and pence > maximum_pence:
        raise BadAmount(Message("The amount can be at most {amount}.", amount=money_text(maximum_pence, currency)))
    return pence


def format_pence(pence: int | None) -> str:
    """12345 -> '£123.45'; 150000 -> '£1,500'."""
    if pence is None:
        return "—"
    pounds, remainder = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{pounds:,}" + (f".{remainder:02d}" if remainder else "")


def money_text(pence: int | None, currency: str = "GBP", t: Lang = ENGLISH) -> str:
    """An amount as people read it in `t`'s language: whole amounts without the pence, as
    format_pence ('£1,500', '£123.45'; '1 500 kr' in Swedish), from Babel's locale data."""
    if pence is None:
        return "—"
    locale = Locale.parse(t.locale)
    if pence % 100 == 0:
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
        return format_currency(pence // 100, currency, format=pattern, locale=locale, currency_digits=False)
    return format_currency(Decimal(pence) / 100, currency, locale=locale)


def pence_for_hours(rate_pence: int, unit: str, hours: float) -> int:
    """What `hours` cost at a rate per hour or per day of 7.5 hours, to the nearest penny."""
    per_hour = Decimal(rate_pence) / (Decimal("7.5") if unit == "day" else 1)
    return int((per_hour * Decimal(str(hours))).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
