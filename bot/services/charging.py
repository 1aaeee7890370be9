"""Council rates and the monthly cross-charging statement: what each council charges for its
people's time, and who owes whom for the confirmed bookings of a month."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlmodel import Session, select

from bot.locale import ENGLISH, Lang
from bot.reference import council_name
from bot.services import audit, languages
from bot.services.bookings import seen_from
from bot.services.errors import Message, NotAllowed, ValidationFailed
from bot.services.money import BadAmount, money_text, parse_amount
from bot.services.spreadsheet import csv_text
from bot.storage.models import Booking, Challenge, CouncilRate

RATE_MAX_PENCE = 1_000_000  # £10,000 an hour or a day is surely a typo
RATE_UNITS = ("hour", "day")


def set_rate(session: Session, *, team_id: str, council_code: str, amount_text: str, unit: str, user_id: str,
             now: datetime) -> CouncilRate:
    errors: dict[str, Message] = {}
    try:
        currency = languages.currency(session, team_id)
        pence = parse_amount(amount_text, maximum_pence=RATE_MAX_PENCE, currency=currency)
    except BadAmount as error:
        pence = None
        errors["rate_amount"] = error.said
    if unit not in RATE_UNITS:
        errors["rate_unit"] = Message("Choose per hour or per day.")
    if errors:
        raise ValidationFailed(errors)
    rate = session.get(CouncilRate, (team_id, council_code)) or CouncilRate(
        team_id=team_id, council_code=council_code, rate_pence=pence)
    rate.rate_pence, rate.unit, rate.updated_at, rate.updated_by = pence, unit, now, user_id
    audit.record(session, team_id=team_id, actor_id=user_id, action="rate.changed", subject=f"council {council_code}",
                 now=now)
    session.add(rate)
    session.flush()
    return rate


def rates(session: Session, team_id: str) -> list[CouncilRate]:
    return list(session.exec(select(CouncilRate).where(CouncilRate.team_id == team_id)).all())


def rate_text(rate_pence: int | None, unit: str | None, t: Lang = ENGLISH, currency: str = "GBP") -> str:
    """'£45/hour', in `t`'s language and the workspace's currency."""
    if rate_pence is None:
        return t._("no rate set")
    amount = money_text(rate_pence, currency, t)
    if unit == "day":
        # Translators: a rate for someone's time, e.g. "£350/day".
        return t._("{amount}/day", amount=amount)
    # Translators: a rate for someone's time, e.g. "£45/hour".
    return t._("{amount}/hour", amount=amount) if unit == "hour" else f"{amount}/{unit}"


def parse_month(text: str) -> date:
    try:
        month = datetime.strptime((text or "").strip(), "%Y-%m").date()
    except ValueError:
        raise NotAllowed("“{text}” is not a month: write it as YYYY-MM, like 2026-12.", text=text) from None
    return month


def _month_range(month: date) -> tuple[date, date]:
    return month, date(month.year + month.month // 12, month.month % 12 + 1, 1)


def people_in_month(session: Session, team_id: str, month: date) -> list[str]:
    start, end = _month_range(month)
    statement = select(Booking.person_id).where(seen_from(team_id), Booking.status == "confirmed",
                                                Booking.week_start >= start, Booking.week_start < end).distinct()
    return list(session.exec(statement).all())


def month_statement(session: Session, team_id: str, month: date, names: dict[str, str],
                    t: Lang = ENGLISH) -> tuple[str, int]:
    """The cross-charging CSV for confirmed bookings in weeks starting in `month`: one row
    per booking, then a total per pair of councils, its headers in `t`'s language (the
    organiser's). Returns (csv text, number of bookings)."""
    currency = languages.currency(session, team_id)
    month, following = _month_range(month)
    statement = (
        select(Booking, Challenge)
        .join(Challenge, Challenge.id == Booking.challenge_id)
        .where(seen_from(team_id), Booking.status == "confirmed", Booking.week_start >= month,
               Booking.week_start < following)
        .order_by(Booking.week_start, Booking.provider_council, Booking.booking_council, Booking.id)
    )
    rows = session.exec(statement).all()
    # Translators: the columns of the cross-charging statement (a CSV file for a spreadsheet).
    lines: list[list[str]] = [[t._("week"), t._("provider council"), t._("person"), t._("booking council"),
                               t._("challenge"), t._("hours"), t._("rate"), t._("amount")]]
    totals: dict[tuple[str, str], list] = defaultdict(lambda: [0.0, 0])
    for booking, challenge in rows:
        lines.append([
            booking.week_start.isoformat(), council_name(booking.provider_council),
            names.get(booking.person_id, booking.person_id), council_name(booking.booking_council),
            f"{challenge.short_id} {challenge.title}", f"{booking.hours:g}",
            rate_text(booking.rate_pence, booking.rate_unit, t, currency), _pounds(booking.amount_pence or 0),
        ])
        total = totals[(booking.provider_council, booking.booking_council)]
        total[0] += booking.hours
        total[1] += booking.amount_pence or 0
    # Translators: the first cell of the rows of totals in the cross-charging statement.
    total_label = t._("total")
    lines += [[], [total_label, t._("provider council"), "", t._("booking council"), "", t._("hours"), "",
                   t._("amount")]]
    for (provider, booker), (hours, pence) in sorted(totals.items()):
        lines.append([total_label, council_name(provider), "", council_name(booker), "", f"{hours:g}", "",
                      _pounds(pence)])
    return csv_text(lines), len(rows)


def _pounds(pence: int) -> str:
    """Plain pounds for spreadsheets: 12345 -> '123.45'."""
    return f"{pence // 100}.{pence % 100:02d}"
