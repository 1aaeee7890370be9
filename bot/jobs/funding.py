"""`pledge-deadlines`: funding deadlines that have passed; all-or-nothing targets missed
release their pledges, and every backer and the owner are told."""

from __future__ import annotations

from bot.context import Context
from bot.jobs import job
from bot.publish.funding import deadlines_passed
from bot.services import funding


@job("pledge-deadlines", "Close funding whose deadline passed; release all-or-nothing pledges short of target.",
     hour=0, minute=20)
def run(ctx: Context) -> str:
    closed = ctx.record(funding.close_past_deadlines, today=ctx.today(), now=ctx.clock.now())
    deadlines_passed(ctx, closed)
    released = sum(1 for item in closed if item.released)
    return f"closed {len(closed)} funding deadline{'s' if len(closed) != 1 else ''}, released {released}"
