"""`retention`: delete what Dozen no longer needs to keep."""

from __future__ import annotations

from bot.context import Context
from bot.jobs import job
from bot.services.retention import purge


@job("retention", "Delete data past its keeping time: declined nominations after 90 days, expired booking "
                  "requests after a year, Slack event IDs after 7 days.", hour=3, minute=30)
def run(ctx: Context) -> str:
    done = ctx.record(purge, ctx.clock.now())
    return (f"purged {done.nominations} declined nominations, {done.requests} expired booking requests and "
            f"{done.events} event IDs (event IDs received before {done.events_before:%Y-%m-%d %H:%M} UTC)")
