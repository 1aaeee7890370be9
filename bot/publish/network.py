"""What the network's organisers and a joining workspace are told."""

from __future__ import annotations

from bot.context import Context
from bot.services import network
from bot.slack import messages
from bot.slack.messages import MessageRef
from bot.storage.models import NetworkMember
from bot.views.network import join_answered, join_request, joined_dm, members_list, waiting_dm


def organisers(ctx: Context, founder: NetworkMember) -> list[str]:
    """Who runs the network: whoever installed Dozen in the first workspace, and DOZEN_ADMINS."""
    return sorted({*([founder.installed_by] if founder.installed_by else []), *ctx.settings.admins})


def ask_organisers(ctx: Context, joined: NetworkMember) -> None:
    """A new workspace asks to join: its installer is told to wait; each organiser gets the
    request with Approve / Decline in the first workspace."""
    founder = ctx.read(network.home)
    if joined.installed_by:
        messages.dm(ctx.for_team(joined.team_id).client, joined.installed_by,
                    waiting_dm(joined, t=ctx.lang(joined.team_id, joined.installed_by)))
    if founder is None:
        return
    speaking = ctx.for_team(founder.team_id)
    sent = [messages.dm(speaking.client, person, *join_request(joined, t=ctx.lang(founder.team_id, person)))
            for person in organisers(ctx, founder)]
    ctx.record(network.record_request_dms, joined.team_id, [f"{founder.team_id}:{ref}" for ref in sent if ref])


def answered(ctx: Context, joined: NetworkMember, by: str) -> None:
    """Every organiser's copy of the request says who answered (in the first workspace's
    language: the copies are many); the workspace is told (its installer, in theirs)."""
    for stored in joined.request_dms:
        team_id, _, ref = stored.partition(":")
        text, blocks = join_answered(joined, by, t=ctx.team_lang(team_id))
        messages.update(ctx.for_team(team_id).client, MessageRef.parse(ref), text, blocks)
    if joined.installed_by:
        messages.dm(ctx.for_team(joined.team_id).client, joined.installed_by,
                    joined_dm(joined, t=ctx.lang(joined.team_id, joined.installed_by)))


def listing(ctx: Context, team_id: str, user_id: str) -> tuple[str, list[dict]]:
    founder = ctx.read(network.home)
    can_remove = founder is not None and founder.team_id == team_id and ctx.is_organiser(team_id, user_id)
    return members_list(ctx.read(network.members), can_remove=can_remove, t=ctx.lang(team_id, user_id))
