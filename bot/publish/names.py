"""How people are named to someone: a mention (`<@U…>`) for people in their own workspace,
else their name and their workspace, since a mention of someone from another workspace shows
nothing in Slack."""

from __future__ import annotations

from collections.abc import Iterable

from bot.context import Context
from bot.services import network
from bot.services.pool import get_profile
from bot.slack.people import display_names
from bot.views.common import Names


def names_for(ctx: Context, viewer_team: str, people: Iterable[tuple[str | None, str | None]]) -> Names:
    """Names as someone in `viewer_team` sees the `(team, user)` people."""
    labels: dict[str, str] = {}
    for team, user in people:
        if not user or not team or team == viewer_team or user in labels:
            continue
        profile = ctx.read(get_profile, team, user)
        name = (profile.display_name if profile and profile.display_name
                else display_names(ctx.for_team(team).client, [user]).get(user, user))
        where = ctx.read(network.member, team)
        labels[user] = f"{name} ({where.name if where else team})"
    return Names(labels)
