"""Posting a workspace's weekly digest: planned once, stored in parts, each part posted once.

Safe to run from several processes at once (one claims the week) and to run again after an
interruption (parts already posted are not posted again)."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.publish.challenges import channel_languages
from bot.services import digest, job_runs, nations
from bot.services.digest import DigestOutcome, DigestStatus
from bot.services.workspace import get_config
from bot.slack import messages
from bot.views.digest import digest_in

LEASE = timedelta(minutes=2)  # renewed while posting, so a slow digest is never taken over
PACE_SECONDS = 1.1  # Slack allows about one message per second per channel


def post_digest(ctx: Context, team_id: str, *, channel: str | None = None,
                gathered: digest.Gathered | None = None) -> DigestOutcome:
    """Post this week's digest for one workspace unless it was posted already. `channel` is
    where to post when the workspace has no digest channel (`/dozen digest now` in a channel);
    `gathered` shares what matching reads between the workspaces of one run."""
    local = ctx.clock.now().astimezone(ctx.settings.tz)
    config = ctx.read(get_config, team_id)
    channel = config.digest_channel or channel
    if not channel:
        return DigestOutcome(team_id, DigestStatus.NO_CHANNEL)
    period = digest.period_of(local.date())
    if not ctx.forced:
        period = digest.due_period(config, local, ctx.read(nations.workspace_nation, team_id))
        if period is None:
            return DigestOutcome(team_id, DigestStatus.NOT_DUE)
    with job_runs.claimed(ctx.db, ctx.clock, job=digest.JOB, period=period, lease=LEASE, team_id=team_id) as claim:
        if not claim.held:
            status = DigestStatus.ALREADY_POSTED if claim.state == job_runs.DONE else DigestStatus.BEING_POSTED
            return DigestOutcome(team_id, status, period)
        parts = _planned_parts(ctx, team_id, period, channel, local.date(), gathered)
        posted = 0
        for part in parts:
            if part.ts:
                continue  # posted by a run that was interrupted later
            if posted:
                ctx.pause(PACE_SECONDS)
            ref = messages.post(ctx.for_team(team_id).client, part.channel_id, part.text, part.blocks)
            ctx.record(digest.mark_posted, part, ref.ts, ctx.clock.now())
            posted += 1
    return DigestOutcome(team_id, DigestStatus.POSTED, period, posted, channel)


def _planned_parts(ctx: Context, team_id: str, period: str, channel: str, today,
                   gathered: digest.Gathered | None = None):
    """The week's stored parts, planning and storing them first if this is the first run: in the
    workspace's language, or Welsh then English where its channel posts are bilingual."""
    with ctx.db.reading() as session:
        stored = digest.parts(session, team_id, period)
        if stored:
            return stored
        # planned outside the write lock: matching a large pool takes seconds
        plan, challenges, councils = digest.plan_week(session, team_id, period, today, gathered)
        elsewhere = digest.from_elsewhere(session, team_id)
        languages = channel_languages(session, team_id)
    rendered = digest_in(languages, digest.week_of_period(period), plan, challenges, councils, elsewhere)
    return ctx.record(digest.save_plan, team_id=team_id, period=period, plan=plan,
                     messages=[(channel, text, blocks) for text, blocks in rendered])
