"""Money: pence in storage, never floats; pounds as people write them."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency

from bot.locale import ENGLISH, Lang
from bot.services.errors import Message

AMOUNT = re.compile(r"^£?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|m)?$", re.IGNORECASE)


class BadAmount(ValueError):
    """The text is not an amount of money; `said` says why, for a person, in their language
    (`str(error)` is the English)."""

    def __init__(self, said: Message):
        self.said = said
        super().__init__(str(said))


def parse_pounds(text: str, *, maximum_pence: int | None = None) -> int:
    """'£1,500' / '1500' / '1.5k' / '99.99' -> pence. Refuses anything else with a reason."""
    cleaned = (text or "").strip().replace(" ", "")
    if not cleaned:
        raise BadAmount(Message("Enter an amount in pounds, like 1500 or £1,500."))
    match = AMOUNT.match(cleaned)
    if not match or (match.group(1).count(",") and not re.match(r"^\d{1,3}(,\d{3})*(\.\d+)?$", match.group(1))):
        raise BadAmount(Message("“{text}” is not an amount in pounds. Write it like 1500, £1,500 or 1.5k.",
                                text=text.strip()))
    number, suffix = match.group(1).replace(",", ""), (match.group(2) or "").lower()
    try:
        pounds = Decimal(number)
    except InvalidOperation:
        raise BadAmount(Message("“{text}” is not an amount in pounds.", text=text.strip())) from None
    pounds *= {"": 1, "k": 1000, "m": 1_000_000}[suffix]
    if pounds != pounds.quantize(Decimal("0.01")):
        raise BadAmount(Message("Amounts can have at most two decimal places (pence)."))
    pence = int(pounds * 100)
    if pence <= 0:
        raise BadAmount(Message("The amount must be more than £0."))
    if maximum_pence is not None and pence > maximum_pence:
        raise BadAmount(Message("The amount can be at most {amount}.", amount=format_pence(maximum_pence)))
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
