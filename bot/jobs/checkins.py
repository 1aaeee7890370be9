"""`checkins` (Mondays), `checkin-reminders` (Thursdays) and `outcomes` (after a cohort ends)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.bank_holidays import ENGLAND_AND_WALES, NATIONS, weekly_day
from bot.clock import iso_week_key, week_start
from bot.context import Context
from bot.jobs import job
from bot.publish import checkins as publish
from bot.services import checkins, job_runs

LEASE = timedelta(minutes=10)
MONDAY, THURSDAY = 0, 3


@job("checkins", "Monday check-in DMs to everyone on a cohort or booked on a challenge this week; "
                 "last week's summary to organisers.", weekday=MONDAY, hour="9-17", minute=5)
def send_checkins(ctx: Context) -> str:
    """Each nation's check-ins go out on its Monday, or its next working day after a bank holiday
    (a person's nation is their council's); a run later in the week sends any that are late."""
    today = ctx.today()
    week = week_start(today)
    due, waiting = _nations_due(week, MONDAY, today)
    sent = summaries = 0
    claimed_any = False
    for nation in due:
        with job_runs.claimed(ctx.db, ctx.clock, job="checkins", period=_period(week, nation), lease=LEASE,
                              team_id=job_runs.EVERY_WORKSPACE) as claim:
            if not claim.held:
                continue
            claimed_any = True
            pending = ctx.record(checkins.create_due, week, ctx.clock.now(), nations={nation})
            sent += publish.send_checkins(ctx, pending)
            summaries += publish.send_summaries(ctx, week - timedelta(weeks=1), nations={nation})
    later = f"; {_later(week, MONDAY, waiting)}" if waiting else ""
    if due and not claimed_any:
        return f"check-ins for {iso_week_key(week)} already sent{later}"
    return f"sent {sent} check-in{'s' if sent != 1 else ''} for {iso_week_key(week)}; {summaries} summaries{later}"


@job("checkin-reminders", "Thursday reminders to those who haven't checked in this week (one a week at most).",
     weekday=THURSDAY, hour="9-17", minute=5)
def send_reminders(ctx: Context) -> str:
    today = ctx.today()
    week = week_start(today)
    due, waiting = _nations_due(week, THURSDAY, today)
    reminded = ctx.record(checkins.claim_reminders, week, ctx.clock.now(), nations=set(due)) if due else []
    publish.send_reminders(ctx, reminded)
    later = f"; {_later(week, THURSDAY, waiting)}" if waiting else ""
    return (f"reminded {len(reminded)} {'person' if len(reminded) == 1 else 'people'} for {iso_week_key(week)}"
            f"{later}")


def _nations_due(week: date, weekday: int, today: date) -> tuple[list[str], dict[str, date | None]]:
    """The nations whose day for this weekly work has come (it is today or has passed this week),
    and the others with the day it comes (None: a bank holiday moved it out of the week)."""
    due, waiting = [], {}
    for nation in NATIONS:
        day = weekly_day(week, weekday, nation)
        if day is not None and day <= today:
            due.append(nation)
        else:
            waiting[nation] = day
    return due, waiting


def _later(week: date, weekday: int, waiting: dict[str, date | None]) -> str:
    """"due Tuesday 30 Mar in England and Wales and Northern Ireland (bank holiday)"."""
    by_day: dict[date | None, list[str]] = {}
    for nation, day in waiting.items():
        by_day.setdefault(day, []).append(nation)
    parts = []
    for day, nations in by_day.items():
        when = "not this week" if day is None else f"{day:%A} {day.day} {day:%b}"
        where = "" if len(nations) == len(NATIONS) else f" in {' and '.join(nations)}"
        why = "" if day == week + timedelta(days=weekday) else " (bank holiday)"
        parts.append(f"due {when}{where}{why}")
    return "; ".join(parts)


def _period(week: date, nation: str) -> str:
    """A nation's check-ins claim their week once. England and Wales keep the plain week key,
    as all check-ins did before nations had their own days."""
    key = iso_week_key(week)
    return key if nation == ENGLAND_AND_WALES else f"{key} {nation}"


@job("outcomes", "Ask each team of a cohort that has ended what it delivered.", hour=10, minute=0)
def ask_for_outcomes(ctx: Context) -> str:
    ended, asks = ctx.record(checkins.outcome_asks, ctx.today(), ctx.clock.now())
    publish.ask_for_outcomes(ctx, asks)
    return f"asked {len(ended)} ended cohort{'s' if len(ended) != 1 else ''} for outcomes ({len(asks)} DMs)"
