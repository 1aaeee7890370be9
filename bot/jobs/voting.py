"""`voting-windows`: voting on a challenge closes when its voting window ends (set by the
organisers in `/dozen config`: 4 weeks from posting unless they chose otherwise). Reactions
stop counting at that moment (`services.voting.VOTABLE`); this job says so on the posts."""

from __future__ import annotations

from bot.context import Context
from bot.jobs import job
from bot.publish.redraws import redraw
from bot.services import stages
from bot.services.voting import VoteTarget


@job("voting-windows", "Close voting on challenges whose voting window has ended; their posts say so.",
     minute=7)
def run(ctx: Context) -> str:
    closed = ctx.record(stages.close_voting_windows, now=ctx.clock.now())
    for challenge in closed:  # now, not coalesced: a run from cron exits when it returns
        redraw(ctx, VoteTarget(challenge.team_id, "challenge", challenge.id))
    names = ", ".join(f"{c.team_id} {c.short_id}" for c in closed)
    return f"closed voting on {len(closed)} challenge{'s' if len(closed) != 1 else ''}" + (f": {names}" if names else "")
