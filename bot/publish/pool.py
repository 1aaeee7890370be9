"""The talent pool as people see it: the nomination and profile forms, the nomination post and
its redraws, and the DMs to the nominee, the nominator and the line manager."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.context import Context
from bot.locale import ENGLISH, Lang
from bot.services import pool
from bot.services.voting import VoteTarget, vote_count
from bot.services.workspace import get_config, vote_emojis
from bot.slack import messages
from bot.slack.messages import MessageRef
from bot.storage.models import Nomination, Profile
from bot.views.common import metadata
from bot.views.pool import (
    manager_answered,
    manager_decline_modal,
    manager_request,
    membership_decided,
    nomination_modal,
    nomination_post,
    nominator_accepted,
    nominator_declined,
    nominee_answered,
    nominee_dm,
    profile_modal,
    profile_saved,
)

log = logging.getLogger(__name__)


# -- forms -----------------------------------------------------------------------------------
def open_profile(ctx: Context, *, trigger_id: str, team_id: str, user_id: str, why: str = "",
                 channel_id: str | None = None, response_url: str | None = None) -> None:
    """Open someone's own profile form: prefilled from their profile, or from a nomination
    of them still waiting for an answer (saving it accepts that nomination)."""
    with ctx.db.reading() as session:
        profile = pool.get_profile(session, team_id, user_id)
        nomination = None if profile else pool.open_nomination_of(session, team_id, user_id)
    meta = metadata(nomination=nomination.id if nomination else None, channel=channel_id, response_url=response_url)
    view = profile_modal(private_metadata=meta, profile=profile, nomination=nomination,
                         self_nomination=profile is None and nomination is None, why=why,
                         t=ctx.lang(team_id, user_id))
    messages.open_modal(ctx.client, trigger_id, view)


def open_nomination_form(ctx: Context, *, trigger_id: str, nominee_id: str, why: str, t: Lang = ENGLISH,
                         channel_id: str | None = None, response_url: str | None = None) -> None:
    """The nomination form for someone else, prefilled with who and why (in `t`, the nominator's language)."""
    messages.open_modal(ctx.client, trigger_id, nomination_modal(
        nominee_id=nominee_id, why=why, private_metadata=metadata(channel=channel_id, response_url=response_url),
        t=t))


def open_decline_form(ctx: Context, *, trigger_id: str, profile: Profile) -> None:
    """The line manager's form to decline someone's place, with an optional reason."""
    messages.open_modal(ctx.client, trigger_id, manager_decline_modal(
        profile.id, profile.user_id, t=ctx.lang(profile.team_id, profile.line_manager_id)))


# -- the nomination post ---------------------------------------------------------------------
def nominations_channel(ctx: Context, team_id: str, typed_in: str | None) -> str | None:
    """Where nominations go: the organisers' nominations channel, else the channel the
    command was typed in (never a DM)."""
    configured = ctx.read(get_config, team_id).nominations_channel
    if configured:
        return configured
    return typed_in if typed_in and not typed_in.startswith("D") else None


def post_nomination(ctx: Context, nomination: Nomination, channel_id: str | None) -> None:
    """Post a nomination for votes and remember where (nowhere when there is no channel)."""
    if not channel_id:
        return
    with ctx.db.reading() as session:
        emojis = vote_emojis(get_config(session, nomination.team_id))
        profile = pool.get_profile(session, nomination.team_id, nomination.nominee_id)
    text, blocks = nomination_post(nomination, votes=0, emojis=emojis, profile_status=profile and profile.status,
                                   t=ctx.team_lang(nomination.team_id))
    try:
        ref = messages.post(ctx.client, channel_id, text, blocks)
    except SlackApiError as error:
        log.info("nomination %s not posted in %s: %s", nomination.short_id, channel_id, error.response.get("error"))
        return
    ctx.record(pool.record_nomination_post, nomination.team_id, nomination.id, ref.channel, ref.ts)


def redraw_nomination(ctx: Context, target: VoteTarget) -> None:
    """Redraw a nomination's post as it stands now (votes, the nominee's answer, the manager's)."""
    with ctx.db.reading() as session:
        nomination = pool.get_nomination(session, target.team_id, target.target_id)
        votes = vote_count(session, "nomination", nomination.id)
        emojis = vote_emojis(get_config(session, target.team_id))
        profile = pool.get_profile(session, target.team_id, nomination.nominee_id)
    status = profile.status if profile and nomination.status == "accepted" else None
    text, blocks = nomination_post(nomination, votes=votes, emojis=emojis, profile_status=status,
                                   t=ctx.team_lang(target.team_id))
    messages.update(ctx.client, MessageRef.of(nomination.channel_id, nomination.message_ts), text, blocks)


def redraw_nominations_of(ctx: Context, team_id: str, user_id: str) -> None:
    """Redraw (soon, coalesced) every posted nomination of this person: their status changed."""
    for nomination in ctx.read(pool.nominations_involving, team_id, user_id):
        if nomination.nominee_id == user_id and nomination.message_ts:
            ctx.redraw(VoteTarget(team_id, "nomination", nomination.id))


# -- nominations -----------------------------------------------------------------------------
def nominated(ctx: Context, nomination: Nomination, typed_in: str | None) -> str:
    """Ask the nominee, post the nomination for votes; returns what to tell the nominator (in
    their language)."""
    team_id = nomination.team_id
    ref = messages.dm(ctx.client, nomination.nominee_id,
                      *nominee_dm(nomination, t=ctx.lang(team_id, nomination.nominee_id)))
    if ref:
        ctx.record(pool.record_nominee_dm, team_id, nomination.id, ref.channel, ref.ts)
    channel = nominations_channel(ctx, team_id, typed_in)
    post_nomination(ctx, nomination, channel)
    t = ctx.lang(team_id, nomination.nominator_id)
    nominee = f"<@{nomination.nominee_id}>"
    if channel:
        return t._("Thank you! I've asked {nominee} whether they'd like to join the talent pool and posted it in "
                   "{channel} for votes. I'll let you know what they decide.", nominee=nominee,
                   channel="<#" + channel + ">")
    return t._("Thank you! I've asked {nominee} whether they'd like to join the talent pool. I'll let you know what "
               "they decide.", nominee=nominee)


def nomination_declined(ctx: Context, nomination: Nomination, nominator: str | None, nominee_id: str) -> None:
    """The nominee said no: their DM shows it, and whoever nominated them is told kindly."""
    team_id = nomination.team_id
    messages.update(ctx.client, MessageRef.of(nomination.dm_channel, nomination.dm_ts),
                    *nominee_answered(nomination, t=ctx.lang(team_id, nominee_id)))
    if nominator and nominator != nominee_id:
        messages.dm(ctx.client, nominator, nominator_declined(nominee_id, t=ctx.lang(team_id, nominator)))


# -- profiles and the line manager -----------------------------------------------------------
def ask_manager(ctx: Context, profile: Profile) -> None:
    """Ask the line manager to approve someone's time in the pool, and remember the DM."""
    ref = messages.dm(ctx.client, profile.line_manager_id,
                      *manager_request(profile, t=ctx.lang(profile.team_id, profile.line_manager_id)))
    if ref:
        ctx.record(pool.record_manager_request, profile.team_id, profile.id, ref.channel, ref.ts)


def profile_submitted(ctx: Context, saved: pool.SavedProfile, typed_in: str | None) -> str:
    """What saving a profile sets off: the nominator hears they said yes (or a self-nomination
    is posted), the line manager is asked, the nomination posts are redrawn. Returns what to
    tell the person."""
    profile, nomination = saved.profile, saved.nomination
    t = ctx.lang(profile.team_id, profile.user_id)
    if nomination is not None and not nomination.is_self:  # they accepted someone's nomination
        messages.update(ctx.client, MessageRef.of(nomination.dm_channel, nomination.dm_ts),
                        *nominee_answered(nomination, t=t))
        messages.dm(ctx.client, nomination.nominator_id,
                    nominator_accepted(profile.user_id, t=ctx.lang(profile.team_id, nomination.nominator_id)))
    elif nomination is not None and nomination.channel_id is None:  # they put themselves forward
        post_nomination(ctx, nomination, nominations_channel(ctx, profile.team_id, typed_in))
    if saved.needs_manager:
        ask_manager(ctx, profile)
    redraw_nominations_of(ctx, profile.team_id, profile.user_id)
    return profile_saved(profile, saved.needs_manager, t=t)


def membership_answered(ctx: Context, profile: Profile) -> None:
    """The line manager answered: their DM shows it, the person is told, the posts redrawn."""
    messages.update(ctx.client, MessageRef.of(profile.approval_channel, profile.approval_ts),
                    *manager_answered(profile, t=ctx.lang(profile.team_id, profile.line_manager_id)))
    messages.dm(ctx.client, profile.user_id, membership_decided(profile, t=ctx.lang(profile.team_id, profile.user_id)))
    redraw_nominations_of(ctx, profile.team_id, profile.user_id)
