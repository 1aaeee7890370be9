"""When a job runs, in words, from its APScheduler cron fields: "every 10 minutes",
"hourly at :15", "daily at 03:30", "Tuesdays, hourly 10:05–17:05". Pure."""

from __future__ import annotations

import re

DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}
DAY_ORDER = list(DAY_NAMES)
MOVED = " (or the next working day when that is a bank holiday)"


def describe(schedule: dict, weekday: int | None = None) -> str:
    """A cron schedule in words. `weekday` (0 = Monday): a weekly job scheduled from that day to
    Friday that works on that day, or on the next working day after a bank holiday."""
    fields = {key: str(value).replace(" ", "") for key, value in schedule.items()}
    unknown = set(fields) - {"minute", "hour", "day_of_week"}
    if unknown:
        return _as_cron(schedule)
    try:
        days = (f"{DAY_NAMES[DAY_ORDER[weekday]]}s{MOVED}" if weekday is not None
                else _days(fields.get("day_of_week", "*")))
        when = _times(fields.get("minute", "0"), fields.get("hour", "*"))
    except ValueError:
        return _as_cron(schedule)
    if not days:
        return when
    if when.startswith("every") or when.startswith("hourly"):
        return f"{days}, {when}"
    return f"{days} {when.removeprefix('daily ')}"


def _days(text: str) -> str:
    """'' for every day; 'Mondays'; 'Monday to Friday'; 'Mondays and Thursdays'."""
    if text == "*":
        return ""
    if re.fullmatch(r"[a-z]{3}-[a-z]{3}", text):
        first, last = text.split("-")
        if first not in DAY_NAMES or last not in DAY_NAMES:
            raise ValueError(text)
        return f"{DAY_NAMES[first]} to {DAY_NAMES[last]}"
    names = text.split(",")
    if not all(name in DAY_NAMES for name in names):
        raise ValueError(text)
    plural = [f"{DAY_NAMES[name]}s" for name in names]
    return plural[0] if len(plural) == 1 else ", ".join(plural[:-1]) + " and " + plural[-1]


def _times(minute: str, hour: str) -> str:
    step = re.fullmatch(r"\*/(\d+)", minute)
    if step:
        if hour != "*":
            raise ValueError(hour)
        every = int(step.group(1))
        return "every minute" if every == 1 else f"every {every} minutes"
    if not minute.isdigit():
        raise ValueError(minute)
    m = int(minute)
    if hour == "*":
        return f"hourly at :{m:02d}"
    if hour.isdigit():
        return f"daily at {int(hour):02d}:{m:02d}"
    span = re.fullmatch(r"(\d+)-(\d+)", hour)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        return f"hourly {first:02d}:{m:02d}–{last:02d}:{m:02d}"
    hours = hour.split(",")
    if all(h.isdigit() for h in hours):
        return "daily at " + ", ".join(f"{int(h):02d}:{m:02d}" for h in hours)
    raise ValueError(hour)


def _as_cron(schedule: dict) -> str:
    return "cron " + " ".join(f"{key}={value}" for key, value in schedule.items())
