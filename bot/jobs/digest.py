"""`digest`: the weekly match digest, posted once per workspace per ISO week."""

from __future__ import annotations

from bot.context import Context
from bot.jobs import job
from bot.publish.digest import post_digest
from bot.services import digest


@job("digest", "Post the weekly match digest in each workspace's digest channel (on its day, from its time; "
     "a bank holiday moves it to the next working day).",
     minute="*/10")
def run(ctx: Context) -> str:
    teams = [config.team_id for config in ctx.read(digest.workspaces_with_digests)
             if ctx.installed(config.team_id)]  # not where Dozen was uninstalled
    return "; ".join(post_digest(ctx, team).summary for team in teams) or "no workspace has a digest channel yet"
