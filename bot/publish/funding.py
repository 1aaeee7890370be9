"""Crowdfunding: the pledge and target forms, pledge DMs, target-reached announcements and
the DMs when a funding deadline passes."""

from __future__ import annotations

from bot.context import Context
from bot.publish.challenges import channel_text
from bot.services import funding, languages
from bot.services.voting import VoteTarget
from bot.slack import messages
from bot.slack.messages import MessageRef
from bot.storage.models import Challenge, Funding, Pledge
from bot.views.common import section
from bot.views.funding import (
    deadline_passed_dm,
    pledge_confirmation,
    pledge_modal,
    target_modal,
    target_reached_announcement,
    target_reached_dm,
    withdrawn_note,
)


def currency(ctx: Context, team_id: str) -> str:
    """The currency a workspace counts money in."""
    return ctx.read(languages.workspace, team_id)[2]


def open_pledge(ctx: Context, *, trigger_id: str, challenge: Challenge, amount: str = "",
                existing: Pledge | None = None, team_id: str | None = None, user_id: str | None = None) -> None:
    """The pledge form (in the language of whoever opens it): a new pledge (from `/pledge` or the
    post's button), or a change to one."""
    team_id = team_id or challenge.team_id
    messages.open_modal(ctx.client, trigger_id, pledge_modal(
        challenge, amount=amount, existing=existing, currency=currency(ctx, team_id), t=ctx.lang(team_id, user_id)))


def open_target(ctx: Context, *, trigger_id: str, challenge: Challenge, current: Funding | None,
                team_id: str | None = None, user_id: str | None = None) -> None:
    team_id = team_id or challenge.team_id
    messages.open_modal(ctx.client, trigger_id, target_modal(challenge, current, ctx.today(), currency(ctx, team_id),
                                                             t=ctx.lang(team_id, user_id)))


def announce_target_reached(ctx: Context, team_id: str, challenge_id: int) -> None:
    """Once, by whoever reached it: in the challenge's channel (its workspace's language, or Welsh
    then English), and to its owner and backers (each in their own)."""
    challenge, current, backers = ctx.read(funding.target_reached, team_id, challenge_id)
    home = ctx.for_team(challenge.team_id)
    money_in = currency(ctx, challenge.team_id)
    if challenge.channel_id:
        messages.post(home.client, challenge.channel_id, channel_text(
            ctx, challenge.team_id, lambda t: target_reached_announcement(challenge, current, money_in, t=t)))
    messages.dm(home.client, challenge.owner_id, target_reached_dm(
        challenge, current.funding, owner=True, t=ctx.lang(challenge.team_id, challenge.owner_id)))
    for their_team, backer in backers:  # each in their own workspace
        if backer != challenge.owner_id:
            messages.dm(ctx.for_team(their_team).client, backer,
                        target_reached_dm(challenge, current.funding, owner=False, t=ctx.lang(their_team, backer)))


def changed(ctx: Context, team_id: str, challenge_id: int, reached: bool) -> None:
    """After any change to a challenge's funding: announce a target just reached; redraw the post."""
    if reached:
        announce_target_reached(ctx, team_id, challenge_id)
    ctx.redraw(VoteTarget(team_id, "challenge", challenge_id))


def pledged(ctx: Context, user_id: str, outcome: funding.PledgeOutcome) -> None:
    """A pledge made or changed: thank its pledger (with buttons to change or withdraw it), in
    their language and their workspace's currency."""
    team_id = outcome.pledge.team_id
    messages.dm(ctx.client, user_id, *pledge_confirmation(outcome.pledge, outcome.challenge, outcome.funding,
                                                          currency(ctx, team_id), t=ctx.lang(team_id, user_id)))
    changed(ctx, outcome.challenge.team_id, outcome.pledge.challenge_id, outcome.reached)
    ctx.refresh_home(outcome.challenge.team_id, user_id)


def withdrawn(ctx: Context, user_id: str, outcome: funding.PledgeOutcome, clicked: MessageRef | None) -> None:
    """A pledge withdrawn: its confirmation (when the button was on it) says so, else a DM."""
    text = withdrawn_note(outcome.pledge, outcome.challenge, t=ctx.lang(outcome.pledge.team_id, user_id))
    if clicked is not None:
        messages.update(ctx.client, clicked, text, [section(text)])
    else:
        messages.dm(ctx.client, user_id, text)
    changed(ctx, outcome.challenge.team_id, outcome.pledge.challenge_id, False)
    ctx.refresh_home(outcome.challenge.team_id, user_id)


def deadlines_passed(ctx: Context, closed: list[funding.Closed]) -> None:
    """Tell every backer and the owner that a funding deadline passed (and whether pledges were released)."""
    for item in closed:
        owner = (item.challenge.team_id, item.challenge.owner_id)
        for their_team, person in sorted(set(item.backers) | {owner}):  # each in their own workspace
            messages.dm(ctx.for_team(their_team).client, person,
                        deadline_passed_dm(item.challenge, released=item.released, pledged=item.pledged_pence,
                                           target=item.funding.target_pence, owner=(their_team, person) == owner,
                                           currency=currency(ctx, their_team), t=ctx.lang(their_team, person)))
