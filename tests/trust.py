"""What the trust tests share: a challenge posted without the form, and reading its count."""

from __future__ import annotations

import re

from bot.publish import challenges as publish
from bot.services import challenges, voting
from tests.slackdriver import blocks_text

CHANNEL = "CCHALLENGES"
DRAFT = challenges.ChallengeDraft(title="Cut the housing repairs backlog",
                                  problem="Tenants wait 9 weeks for repairs and call us repeatedly to chase them.",
                                  skills=["User research methods"], council_code="LDS", hours_per_week="7.5",
                                  weeks="6")


def posted_challenge(dozen, team_id: str = "T0DOZEN"):
    """A challenge posted in CCHALLENGES, as the form would post it; returns its message in the fake."""
    ctx = dozen.ctx
    made = ctx.write(challenges.create, team_id=team_id, owner_id="UALICE", draft=DRAFT, now=ctx.clock.now())
    publish.post_new(ctx, made, CHANNEL)
    post = dozen.fake.calls_to("chat.postMessage")[-1]
    return made, dozen.fake.message(post.result["channel"], post.result["ts"])


def shown_votes(message) -> int:
    """The count the post shows now."""
    line = [line for line in blocks_text(message.blocks).splitlines() if "vote" in line][-1]
    return int(re.search(r"\*(\d+) votes?\*", line).group(1))


def stored_votes(dozen, challenge) -> int:
    with dozen.db.reading() as session:
        return voting.vote_count(session, "challenge", challenge.id)
