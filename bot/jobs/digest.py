"""`digest`: the weekly match digest, posted once per workspace per ISO week."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from bot.jobs import JobContext, job
from bot.services import digest, job_runs
from bot.services.workspace import get_config
from bot.views.digest import digest_messages

LEASE = timedelta(minutes=2)
PACE_SECONDS = 1.1  # Slack allows about one message per second per channel


@job("digest", "Post the weekly match digest in each workspace's digest channel (on its day, from its time).",
     minute="*/10")
def run(ctx: JobContext) -> str:
    with ctx.db.reading() as session:
        teams = [config.team_id for config in digest.workspaces_with_digests(session)]
    return "; ".join(post_digest(ctx, team) for team in teams) or "no workspace has a digest channel yet"


def post_digest(ctx: JobContext, team_id: str, *, channel: str | None = None) -> str:
    """Post this week's digest for one workspace unless it was posted already. Safe to run
    from several processes at once, and to run again after an interruption."""
    now = ctx.clock.now()
    local = now.astimezone(ctx.settings.tz)
    with ctx.db.reading() as session:
        config = get_config(session, team_id)
    channel = config.digest_channel or channel
    if not channel:
        return f"{team_id}: no digest channel"
    if not ctx.forced and not digest.is_due(config, local):
        return f"{team_id}: not due"
    period = digest.period_of(local.date())
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    key = {"team_id": team_id, "job": digest.JOB, "period": period, "owner": owner}
    with ctx.db.session() as session:
        state = job_runs.claim(session, now=now, lease=LEASE, **key)
    if state != job_runs.CLAIMED:
        return f"{team_id} {period}: {'already posted' if state == job_runs.DONE else 'being posted elsewhere'}"
    try:
        with ctx.db.reading() as session:
            stored = digest.parts(session, team_id, period)
            if not stored:  # plan outside the write lock: matching a large pool takes seconds
                plan, challenges, councils = digest.plan_week(session, team_id, period, local.date())
        if not stored:
            messages = digest_messages(digest.week_of_period(period), plan, challenges, councils)
            with ctx.db.session() as session:
                stored = digest.save_plan(session, team_id=team_id, period=period, plan=plan,
                                          messages=[(channel, text, blocks) for text, blocks in messages])
        posted = 0
        for part in stored:
            if part.ts:
                continue  # posted by a run that was interrupted later
            if posted:
                ctx.pause(PACE_SECONDS)
            response = ctx.client.chat_postMessage(channel=part.channel_id, text=part.text, blocks=part.blocks,
                                                   unfurl_links=False)
            with ctx.db.session() as session:
                digest.mark_posted(session, part, response["ts"], ctx.clock.now())
                job_runs.renew(session, now=ctx.clock.now(), lease=LEASE, **key)
            posted += 1
        with ctx.db.session() as session:
            job_runs.finish(session, now=ctx.clock.now(), **key)
    except BaseException:
        with ctx.db.session() as session:
            job_runs.release(session, **key)
        raise
    return f"{team_id} {period}: posted {posted} message{'s' if posted != 1 else ''} in {channel}"
