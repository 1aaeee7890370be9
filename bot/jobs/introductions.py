"""`introductions`: the weekly connector introductions, last week's "did you meet?", and pausing
people who ignored three in a row. One run per ISO week for every workspace (a claim), on
Tuesday, or the next working day in England and Wales when Tuesday is a bank holiday there
(introductions pair people across councils and nations: one calendar for all, the one most
councils follow)."""

from __future__ import annotations

from datetime import timedelta

from bot.bank_holidays import ENGLAND_AND_WALES, weekly_day
from bot.clock import iso_week_key, week_start
from bot.context import Context
from bot.jobs import job
from bot.publish import introductions as publish
from bot.services import introductions, job_runs

LEASE = timedelta(minutes=10)
TUESDAY = 1


@job("introductions", "Weekly introductions between people in different councils (connectors and those who opted "
                      "in); last week's \"did you meet?\"; pauses people who ignored three in a row.",
     weekday=TUESDAY, hour="10-17", minute=5)
def introduce(ctx: Context) -> str:
    today = ctx.today()
    week = week_start(today)
    day = weekly_day(week, TUESDAY, ENGLAND_AND_WALES)
    if day is None or today < day:
        when = "not this week" if day is None else f"{day:%A} {day.day} {day:%b}"
        why = "" if day == week + timedelta(days=TUESDAY) else " (bank holiday)"
        return f"introductions for {iso_week_key(week)} due {when}{why}"
    with job_runs.claimed(ctx.db, ctx.clock, job="introductions", period=iso_week_key(week), lease=LEASE,
                          team_id=job_runs.EVERY_WORKSPACE) as claim:
        if not claim.held:
            return f"introductions for {iso_week_key(week)} already made"
        now = ctx.clock.now()
        paused = ctx.record(introductions.judge_ignored, week, today, now)  # before this week's follow-ups
        publish.tell_paused(ctx, paused)
        asked = publish.send_followups(ctx, ctx.record(introductions.claim_followups, week, now))
        ctx.record(introductions.make_week, week, today, now)
        sent = publish.send_introductions(ctx, week)
    return (f"introduced {sent} pair{'s' if sent != 1 else ''} for {iso_week_key(week)}; "
            f"{asked} follow-up{'s' if asked != 1 else ''}; {len(paused)} paused")
