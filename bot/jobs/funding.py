"""`pledge-deadlines`: funding deadlines that have passed; all-or-nothing targets missed
release their pledges, and every backer and the owner are told."""

from __future__ import annotations

from bot.clock import local_today
from bot.commands.support import dm
from bot.jobs import JobContext, job
from bot.services import funding
from bot.views.funding import deadline_passed_dm


@job("pledge-deadlines", "Close funding whose deadline passed; release all-or-nothing pledges short of target.",
     hour=0, minute=20)
def run(ctx: JobContext) -> str:
    today = local_today(ctx.clock, ctx.settings.tz)
    with ctx.db.session() as session:
        closed = funding.close_past_deadlines(session, today=today, now=ctx.clock.now())
    for item in closed:
        for person in sorted(set(item.backers) | {item.challenge.owner_id}):
            dm(ctx.client, person, deadline_passed_dm(item.challenge, released=item.released,
                                                      pledged=item.pledged_pence,
                                                      target=item.funding.target_pence,
                                                      owner=person == item.challenge.owner_id))
    released = sum(1 for item in closed if item.released)
    return f"closed {len(closed)} funding deadline{'s' if len(closed) != 1 else ''}, released {released}"
