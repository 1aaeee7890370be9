"""`digest`: the weekly match digest, posted once per workspace per ISO week."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.context import Context
from bot.jobs import job
from bot.publish.digest import post_digest
from bot.services import digest

# Workspaces are posted to side by side: each is paced on its own (about a message a second
# in its channel), so 400 workspaces take about as long as the slowest few, not their sum.
WORKSPACES_AT_ONCE = 32


@job("digest", "Post the weekly match digest in each workspace's digest channel (on its day, from its time; "
     "a bank holiday moves it to the next working day).",
     minute="*/10")
def run(ctx: Context) -> str:
    teams = [config.team_id for config in ctx.read(digest.workspaces_with_digests)
             if ctx.installed(config.team_id)]  # not where Dozen was uninstalled
    gathered = digest.Gathered()  # the network's pool and challenges, read once for all its workspaces
    if len(teams) <= 1:
        summaries = [post_digest(ctx, team, gathered=gathered).summary for team in teams]
    else:
        with ThreadPoolExecutor(max_workers=min(WORKSPACES_AT_ONCE, len(teams)), thread_name_prefix="digest") as pool:
            summaries = [outcome.summary
                         for outcome in pool.map(lambda team: post_digest(ctx, team, gathered=gathered), teams)]
    return "; ".join(summaries) or "no workspace has a digest channel yet"
