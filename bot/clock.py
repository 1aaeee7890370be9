"""The one clock. Everything that needs the time asks a Clock, so tests and
`python -m bot job NAME --at ...` can say what time it is."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


class Clock:
    """The system clock (freezegun moves it in tests)."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        return datetime.now(timezone.utc)


class FixedClock(Clock):
    """A clock that always says the same time: a job run `--at` a given moment."""

    def __init__(self, at: datetime):
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware time")
        self._at = at.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._at


def week_start(day: date) -> date:
    """The Monday of the ISO week that contains `day`."""
    return day - timedelta(days=day.weekday())


def local_today(clock: Clock, tz: ZoneInfo) -> date:
    return clock.now().astimezone(tz).date()


def week_label(monday: date) -> str:
    """How people name a week: 'w/c 30 Nov'."""
    return f"w/c {monday.day} {monday.strftime('%b')}"


def iso_week_key(monday: date) -> str:
    """A week as ISO year and week number, e.g. '2026-W49'."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
