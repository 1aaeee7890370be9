"""UK bank holidays by nation, and the working days they move Dozen's weekly work to.

Pure: dates in, dates out (the `holidays` package knows the dates, including days moved
because a holiday fell at a weekend). Councils in England and in Wales share one calendar;
Scotland and Northern Ireland each have their own. A weekly job whose day is a bank holiday
does its work on the next working day instead (Monday to Friday, not a bank holiday)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from bot.reference import councils

ENGLAND_AND_WALES = "England and Wales"
SCOTLAND = "Scotland"
NORTHERN_IRELAND = "Northern Ireland"
NATIONS = (ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND)
DEFAULT_NATION = ENGLAND_AND_WALES

_SUBDIVISION = {ENGLAND_AND_WALES: "ENG", SCOTLAND: "SCT", NORTHERN_IRELAND: "NIR"}
_OF_COUNCIL_NATION = {"England": ENGLAND_AND_WALES, "Wales": ENGLAND_AND_WALES, "Scotland": SCOTLAND,
                      "Northern Ireland": NORTHERN_IRELAND}
_OBSERVED = " (observed)"


def nation_of_council(code: str | None) -> str:
    """The bank holiday calendar a council follows (England and Wales when unknown)."""
    council = councils().get(code or "")
    return _OF_COUNCIL_NATION.get(council.nation if council else "", DEFAULT_NATION)


@lru_cache(maxsize=64)
def _year(nation: str, year: int) -> dict[date, str]:
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION.get(nation, "ENG"), years=year)
    return {day: name for day, name in calendar.items()}


def bank_holiday(day: date, nation: str) -> str | None:
    """The bank holiday's name on `day` ("Boxing Day" also for the Monday it moves to), or None."""
    name = _year(nation, day.year).get(day)
    if name is None:
        return None
    return name.split(";")[0].strip().removesuffix(_OBSERVED)


def is_working_day(day: date, nation: str) -> bool:
    """Monday to Friday and not a bank holiday in `nation`."""
    return day.weekday() < 5 and bank_holiday(day, nation) is None


def next_working_day(day: date, nation: str) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day, nation):
        day += timedelta(days=1)
    return day


def moved(day: date, nation: str) -> date:
    """When work meant for `day` happens: that day, or the next working day if it is a bank holiday."""
    return next_working_day(day, nation) if bank_holiday(day, nation) else day


def weekly_day(monday: date, weekday: int, nation: str) -> date | None:
    """The day in the ISO week starting `monday` when a weekly job meant for `weekday`
    (0 = Monday) does its work; None when a bank holiday moves it out of the week."""
    day = moved(monday + timedelta(days=weekday), nation)
    return day if day < monday + timedelta(days=7) else None


def bank_holidays_in_week(monday: date, nation: str) -> list[tuple[date, str]]:
    """The bank holidays on the working days (Monday to Friday) of the week starting `monday`."""
    days = (monday + timedelta(days=i) for i in range(5))
    return [(day, name) for day in days if (name := bank_holiday(day, nation))]


def week_note(monday: date, nation: str) -> str:
    """" (Easter Monday)" when the week has bank holidays, else ""."""
    names = list(dict.fromkeys(name for _, name in bank_holidays_in_week(monday, nation)))
    return f" ({', '.join(names)})" if names else ""
