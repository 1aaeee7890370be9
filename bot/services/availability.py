"""Availability: the hours a pool member offers each ISO week, and what is left free.

A week's offer is its availability row if the person set one, else their profile's
hours a week. Only confirmed bookings use hours up. The profile row is the lock for one
person's capacity: whoever changes offers or confirms bookings locks it first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, delete, select

from bot.bank_holidays import bank_holidays_in_week, nation_of_council
from bot.clock import week_start
from bot.locale import ENGLISH, N_
from bot.services.errors import Message, NotAllowed, ValidationFailed
from bot.services.languages import Told
from bot.storage.models import Availability, Booking, Profile

HOURS_MAX = 37.5
HOURS_MAX_TEXT = f"{HOURS_MAX:g}"
DEFAULT_SPAN = 12
PICKER_WEEKS = 26
MAX_SPAN = 52


def at(user_id: str | None) -> str:
    """A mention of someone in a message: <@U123>."""
    return f"<@{user_id}>"


class Hours(Message):
    """Hours of someone's time in a message (a value of a languages.Told), said the reader's
    way: "7.5h", "7,5 h"."""

    def __init__(self, value: float):
        super().__init__("{hours}", hours=value)

    def say(self, t) -> str:
        return t.hours(self.values["hours"])

    def __str__(self) -> str:
        return ENGLISH.hours(self.values["hours"])


@dataclass(frozen=True)
class WeekHours:
    week: date
    offered: float
    booked: float
    away: bool = False
    holidays: tuple[str, ...] = ()  # the bank holidays on its working days, where the person's council is

    @property
    def free(self) -> float:
        return max(0.0, self.offered - self.booked)


def coming_weeks(today: date, count: int) -> list[date]:
    """The next `count` weeks that have not started (Mondays after today)."""
    first = week_start(today) + timedelta(days=7)
    return [first + timedelta(weeks=i) for i in range(count)]


def has_started(week: date, today: date) -> bool:
    return week <= today


def lock_profile(session: Session, team_id: str, user_id: str) -> Profile | None:
    """Read someone's profile, locking it (PostgreSQL row lock) for a capacity change."""
    statement = select(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id).with_for_update()
    return session.exec(statement).first()


def confirmed_hours(session: Session, team_id: str, user_id: str, weeks: list[date]) -> dict[date, float]:
    if not weeks:
        return {}
    statement = (
        select(Booking.week_start, func.sum(Booking.hours))
        .where(Booking.person_team_id == team_id, Booking.person_id == user_id, Booking.status == "confirmed",
               Booking.week_start.in_(weeks))
        .group_by(Booking.week_start)
    )
    return {week: float(hours) for week, hours in session.exec(statement).all()}


def week_hours(session: Session, profile: Profile, weeks: list[date]) -> list[WeekHours]:
    rows = {
        row.week_start: row
        for row in session.exec(
            select(Availability).where(Availability.team_id == profile.team_id,
                                       Availability.user_id == profile.user_id,
                                       Availability.week_start.in_(weeks))
        ).all()
    }
    booked = confirmed_hours(session, profile.team_id, profile.user_id, weeks)
    holidays = week_holidays(profile, weeks)
    result = []
    for week in weeks:
        row = rows.get(week)
        offered = row.hours if row else profile.hours_per_week
        result.append(WeekHours(week, offered, booked.get(week, 0.0), bool(row and row.away), holidays[week]))
    return result


def week_holidays(profile: Profile, weeks: list[date]) -> dict[date, tuple[str, ...]]:
    """Each week's bank holidays (Monday to Friday) where the person's council is."""
    nation = nation_of_council(profile.council_code)
    return {week: tuple(dict.fromkeys(name for _, name in bank_holidays_in_week(week, nation))) for week in weeks}


def member_profile(session: Session, team_id: str, user_id: str, *, lock: bool = False) -> Profile:
    """The person's profile if they are a pool member; otherwise say how to join."""
    if lock:
        profile = lock_profile(session, team_id, user_id)
    else:
        profile = session.exec(select(Profile).where(Profile.team_id == team_id, Profile.user_id == user_id)).first()
    if profile is None or profile.status == "manager_declined":
        raise NotAllowed(
            "Only talent pool members can set availability. To join, ask a colleague to nominate you "
            "(`/nominate @you`) or put yourself forward with `/nominate` and your own name."
        )
    if profile.status == "awaiting_manager":
        raise NotAllowed(
            "You'll be able to set availability once your line manager approves your place in the pool. "
            "I've asked {manager}.", manager=at(profile.line_manager_id)
        )
    return profile


def member_weeks(session: Session, team_id: str, user_id: str, weeks: list[date]) -> tuple[Profile, list[WeekHours]]:
    """A pool member's profile and their hours in `weeks`; NotAllowed for anyone else."""
    profile = member_profile(session, team_id, user_id)
    return profile, week_hours(session, profile, weeks)


def parse_week(text: str | None) -> date | None:
    """A week as a form gives it (its Monday, ISO), or None."""
    try:
        value = date.fromisoformat(text or "")
    except ValueError:
        return None
    return value if value.weekday() == 0 else None


def _parse_hours(text: str | None) -> tuple[float | None, Message | None]:
    text = (text or "").strip()
    try:
        hours = float(text)
    except ValueError:
        return None, Message("Enter the hours a week you can give, from 0 to 37.5.")
    if hours != hours or not 0 <= hours <= HOURS_MAX:
        return None, Message("Hours a week must be between 0 and {most}.", most=HOURS_MAX_TEXT)
    if hours * 2 != int(hours * 2):
        return None, Message("Hours go in half hours, like 3.5.")
    return hours, None


def set_availability(session: Session, *, team_id: str, user_id: str, hours_text: str, from_week: str | None,
                     until_week: str | None, away_weeks: list[str], today: date,
                     now: datetime) -> list[WeekHours]:
    """Offer `hours` in every week from..until, 0 in the weeks away. Refused, naming the
    week, where that would drop below hours already booked."""
    profile = member_profile(session, team_id, user_id, lock=True)
    errors: dict[str, Message] = {}
    hours, error = _parse_hours(hours_text)
    if error:
        errors["hours"] = error
    first_allowed = coming_weeks(today, 1)[0]
    start, end = parse_week(from_week), parse_week(until_week)
    if start is None:
        errors["from_week"] = Message("Choose the first week.")
    elif start < first_allowed:
        errors["from_week"] = Told(N_("That week has started; the first you can set is {week}."),
                                   week=first_allowed)
    if end is None:
        errors["until_week"] = Message("Choose the last week.")
    elif start and end < start:
        errors["until_week"] = Message("The last week can't be before the first.")
    elif start and (end - start).days // 7 + 1 > MAX_SPAN:
        errors["until_week"] = Message("Set at most {n} weeks at a time.", n=MAX_SPAN)
    away = set()
    for text in away_weeks:
        week = parse_week(text)
        if week is None or (start and end and not start <= week <= end):
            errors["away"] = Message("Weeks away must be within the weeks you are setting.")
            break
        away.add(week)
    if errors:
        raise ValidationFailed(errors)

    weeks = [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]
    booked = confirmed_hours(session, team_id, user_id, weeks)
    for week in weeks:
        offered = 0.0 if week in away else hours
        if offered < booked.get(week, 0.0):
            field = "away" if week in away else "hours"
            too_few = Told(N_("You have {hours} booked in {week}, so you can't offer less than that there. Leave "
                              "that week out, or cancel the booking first."), hours=Hours(booked[week]), week=week)
            raise ValidationFailed({field: too_few})
    session.exec(delete(Availability).where(Availability.team_id == team_id, Availability.user_id == user_id,
                                            Availability.week_start.in_(weeks)))
    for week in weeks:
        session.add(Availability(team_id=team_id, user_id=user_id, week_start=week,
                                 hours=0.0 if week in away else hours, away=week in away, updated_at=now))
    session.flush()
    return week_hours(session, profile, weeks)
