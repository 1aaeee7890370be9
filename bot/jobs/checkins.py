"""`checkins` (Mondays), `checkin-reminders` (Thursdays) and `outcomes` (after a cohort ends)."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import iso_week_key, week_start
from bot.context import Context
from bot.jobs import job
from bot.publish import checkins as publish
from bot.services import checkins, job_runs

LEASE = timedelta(minutes=10)


@job("checkins", "Monday check-in DMs to everyone on a cohort or booked on a challenge this week; "
                 "last week's summary to organisers.", day_of_week="mon", hour="9-17", minute=5)
def send_checkins(ctx: Context) -> str:
    week = week_start(ctx.today())
    with job_runs.claimed(ctx.db, ctx.clock, job="checkins", period=iso_week_key(week), lease=LEASE,
                          team_id=job_runs.EVERY_WORKSPACE) as claim:
        if not claim.held:
            return f"check-ins for {iso_week_key(week)} already sent"
        pending = ctx.record(checkins.create_due, week, ctx.clock.now())
        sent = publish.send_checkins(ctx, pending)
        summaries = publish.send_summaries(ctx, week - timedelta(weeks=1))
    return f"sent {sent} check-in{'s' if sent != 1 else ''} for {iso_week_key(week)}; {summaries} summaries"


@job("checkin-reminders", "Thursday reminders to those who haven't checked in this week (one a week at most).",
     day_of_week="thu", hour="9-17", minute=5)
def send_reminders(ctx: Context) -> str:
    week = week_start(ctx.today())
    due = ctx.record(checkins.claim_reminders, week, ctx.clock.now())
    publish.send_reminders(ctx, due)
    return f"reminded {len(due)} {'person' if len(due) == 1 else 'people'} for {iso_week_key(week)}"


@job("outcomes", "Ask each team of a cohort that has ended what it delivered.", hour=10, minute=0)
def ask_for_outcomes(ctx: Context) -> str:
    ended, asks = ctx.record(checkins.outcome_asks, ctx.today(), ctx.clock.now())
    publish.ask_for_outcomes(ctx, asks)
    return f"asked {len(ended)} ended cohort{'s' if len(ended) != 1 else ''} for outcomes ({len(asks)} DMs)"
