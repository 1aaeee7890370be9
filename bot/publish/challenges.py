"""Challenge posts: posting one, redrawing it as votes and money change, showing it privately.

A channel post speaks its workspace's language (each workspace's copy its own), or Welsh then
English where the workspace wants both (`channel_blocks`, `channel_text`: for any channel
post); what one person reads (replies, modals) speaks theirs."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.context import Context
from bot.publish.names import names_for
from bot.locale import ENGLISH, Lang, lang
from bot.services import board as board_service
from bot.services import challenges, funding, languages, stages
from bot.services.checkins import outcome_of
from bot.services.voting import Backed, VoteTarget, vote_count
from bot.services.workspace import get_config, vote_emojis
from bot.slack import messages
from bot.slack.messages import MessageRef
from bot.storage.models import Challenge
from bot.views.challenge_form import back_refused_modal, backed_modal, new_challenge_modal
from bot.views.challenges import (
    board_message,
    challenge_detail,
    challenge_list,
    challenge_message,
    posted_reply,
    stage_announcement,
)
from bot.views.checkins import outcome_lines
from bot.views.common import SAME_WORKSPACE, Names, metadata, one_after_another
from bot.views.funding import funding_lines

log = logging.getLogger(__name__)
Rendered = tuple[str, list[dict]]


# -- the language of channel posts -----------------------------------------------------------------
def channel_languages(session: Session, team_id: str) -> list[Lang]:
    """The languages of `team_id`'s channel posts, in order: its language, or Welsh then English."""
    language, bilingual, _ = languages.workspace(session, team_id)
    return [lang("cy"), lang("en")] if bilingual else [lang(language)]


def channel_blocks(ctx: Context, team_id: str, render: Callable[[Lang], Rendered], *,
                   session: Session | None = None) -> Rendered:
    """A channel post in `team_id` as `render(t)` draws it: in the workspace's language, or in
    Welsh then in English (one message, fallback text "cy / en") where it is bilingual. Pass
    `session` when already reading."""
    found = channel_languages(session, team_id) if session is not None else ctx.read(channel_languages, team_id)
    return one_after_another([render(t) for t in found])


def channel_text(ctx: Context, team_id: str, say: Callable[[Lang], str], *, session: Session | None = None) -> str:
    """A text-only channel post (a thread reply) in `team_id`'s language, or Welsh then English."""
    found = channel_languages(session, team_id) if session is not None else ctx.read(channel_languages, team_id)
    return "\n\n".join(dict.fromkeys(say(t) for t in found))


def currencies(session: Session, team_ids: list[str]) -> dict[str, str]:
    """The currency each of these workspaces counts money in (a challenge's money is counted in
    its own workspace's)."""
    return {team: languages.currency(session, team) for team in set(team_ids)}


# -- the post --------------------------------------------------------------------------------------
def open_form(ctx: Context, *, trigger_id: str, title: str = "", channel_id: str | None = None,
              response_url: str | None = None, team_id: str | None = None, user_id: str | None = None) -> None:
    """The new-challenge modal (from the command or an App Home button), in the language of
    whoever opens it (`team_id`, `user_id`)."""
    messages.open_modal(ctx.client, trigger_id, new_challenge_modal(
        title=title, private_metadata=metadata(channel=channel_id, response_url=response_url),
        t=ctx.lang(team_id, user_id)))


def _extra_lines(ctx: Context, session: Session, challenge: Challenge, t: Lang) -> list[str]:
    """What a challenge shows beyond its text: its funding line and, once delivered, its outcome."""
    lines = funding_lines(funding.state(session, challenge.team_id, challenge.id), ctx.today(),
                          currencies(session, [challenge.team_id])[challenge.team_id], t=t)
    outcome = outcome_of(session, challenge.team_id, challenge.id)
    return lines + (outcome_lines(outcome, t=t) if outcome else [])


def owner_elsewhere(ctx: Context, challenge: Challenge) -> Names:
    """The challenge's owner as other workspaces of the network see them: by name and workspace
    (asked once per drawing of all the copies, not once per copy)."""
    return names_for(ctx, "", [(challenge.team_id, challenge.owner_id)])  # "": nobody's own workspace


def _render_post(ctx: Context, session: Session, challenge: Challenge, team_id: str | None = None,
                 elsewhere: Names = SAME_WORKSPACE) -> Rendered:
    """The post as `team_id`'s copy of it shows it (each workspace chooses its vote emoji and
    the language of its posts; `elsewhere`: how a copy names the owner)."""
    team_id = team_id or challenge.team_id
    names = SAME_WORKSPACE if team_id == challenge.team_id else elsewhere
    votes = vote_count(session, "challenge", challenge.id)
    emojis = vote_emojis(get_config(session, team_id))
    moves = stages.history(session, challenge.team_id, challenge.id)
    voting_open = stages.voting_open(challenge, ctx.clock.now())
    return channel_blocks(ctx, team_id, lambda t: challenge_message(
        challenge, votes, emojis, _extra_lines(ctx, session, challenge, t), moves=moves, voting_open=voting_open,
        names=names, t=t), session=session)


def listing(ctx: Context, team_id: str, *, t: Lang = ENGLISH) -> Rendered:
    """`/challenge list`: open challenges, most votes first."""
    with ctx.db.reading() as session:
        summaries = challenges.list_open(session, team_id)
        money = funding.states(session, team_id, [s.challenge.id for s in summaries])
        counted_in = currencies(session, [s.challenge.team_id for s in summaries])
    return challenge_list(summaries, money, counted_in, t=t)


def detail(ctx: Context, team_id: str, ref: str, *, t: Lang = ENGLISH) -> Rendered:
    """`/challenge show C-12`; raises NotFound for an unknown reference."""
    with ctx.db.reading() as session:
        challenge = challenges.get(session, team_id, ref)
        votes = vote_count(session, "challenge", challenge.id)
        lines = _extra_lines(ctx, session, challenge, t)
        moves = stages.history(session, team_id, challenge.id)
    names = names_for(ctx, team_id, [(challenge.team_id, challenge.owner_id)])
    return challenge_detail(challenge, votes, lines, moves, names=names, t=t)


def board(ctx: Context, team_id: str, *, t: Lang = ENGLISH) -> Rendered:
    """`/challenge board`: this workspace's challenges by stage (the network's, when it has one)."""
    with ctx.db.reading() as session:
        lanes = board_service.lanes(session, [team_id])
        counted_in = currencies(session, [card.challenge.team_id for lane in lanes for card in lane.cards])
    return board_message(lanes, counted_in, t=t)


def target_channel(ctx: Context, team_id: str, typed_in: str | None) -> str | None:
    """Where a new challenge goes: the channel the command was typed in, or the organisers'
    challenges channel when it came from a DM or the Home tab."""
    if typed_in and not typed_in.startswith("D"):
        return typed_in
    return ctx.read(get_config, team_id).challenges_channel or typed_in


def post_new(ctx: Context, challenge: Challenge, typed_in: str | None, t: Lang | None = None) -> str:
    """Post a new challenge and remember where; returns what to tell its author (in `t`, by
    default their own language)."""
    t = t or ctx.lang(challenge.team_id, challenge.owner_id)
    channel_id = target_channel(ctx, challenge.team_id, typed_in)
    if not channel_id:
        return posted_reply(challenge, None, "no_channel", t=t)
    with ctx.db.reading() as session:
        text, blocks = _render_post(ctx, session, challenge)
    try:
        ref = messages.post(ctx.client, channel_id, text, blocks)
    except SlackApiError as error:
        problem = error.response.get("error", "unknown_error")
        log.info("challenge %s stored but not posted: %s", challenge.short_id, problem)
        return posted_reply(challenge, channel_id, problem, t=t)
    ctx.record(challenges.record_post, challenge.team_id, challenge.id, ref.channel, ref.ts)
    share(ctx, challenge)
    return posted_reply(challenge, channel_id, None, t=t)


def share(ctx: Context, challenge: Challenge) -> int:
    """Post a copy of a challenge in the challenges channel of every other workspace of its
    network (where Dozen is installed and an organiser chose one); votes on any copy count."""
    with ctx.db.reading() as session:
        channels = challenges.sharing_channels(session, challenge.team_id)
    if not channels:
        return 0
    elsewhere = owner_elsewhere(ctx, challenge)
    with ctx.db.reading() as session:
        copies = [(team, channel, *_render_post(ctx, session, challenge, team, elsewhere))
                  for team, channel in channels]
    shared = 0
    for team, channel, text, blocks in copies:
        if not ctx.installed(team):
            continue
        ref = messages.try_post(ctx.for_team(team).client, channel, text, blocks)
        if ref is not None:
            ctx.record(challenges.record_copy, team, challenge.id, ref.channel, ref.ts)
            shared += 1
    return shared


def redraw(ctx: Context, target: VoteTarget) -> None:
    """Redraw a challenge's post as it stands now (votes, funding, stage), then announce in
    its thread the stage moves not yet announced (each claimed first: said once, whoever redraws)."""
    with ctx.db.reading() as session:
        challenge = challenges.get_by_id(session, target.team_id, target.target_id)
        posts = challenges.posts_of(session, challenge.id)
    copied = any(post.team_id != challenge.team_id for post in posts)
    elsewhere = owner_elsewhere(ctx, challenge) if copied else SAME_WORKSPACE
    with ctx.db.reading() as session:
        drawn = [(post, *_render_post(ctx, session, challenge, post.team_id, elsewhere)) for post in posts]
    for post, text, blocks in drawn:  # the original, then each workspace's copy, with its own token
        if post.team_id != challenge.team_id and not ctx.installed(post.team_id):
            continue  # Dozen was uninstalled there: it no longer speaks in that workspace
        ctx.for_team(post.team_id).client.chat_update(channel=post.channel_id, ts=post.ts, text=text, blocks=blocks)
    if challenge.channel_id and challenge.message_ts:
        announce_moves(ctx, challenge.team_id, challenge.id)


def announce_moves(ctx: Context, team_id: str, challenge_id: int) -> None:
    for item in ctx.record(stages.claim_announcements, team_id, challenge_id, ctx.clock.now()):
        said = channel_text(ctx, item.challenge.team_id,
                            lambda t, item=item: stage_announcement(item.challenge, item.move, t=t))
        try:
            in_thread(ctx, item.challenge, said)
        except SlackApiError as error:
            log.warning("stage of %s not announced: %s", item.challenge.short_id, error.response.get("error"))


def stage_may_have_moved(ctx: Context, team_id: str, challenge_id: int) -> None:
    """After a change that can move a challenge's stage (its service marked the post changed
    if it did): redraw and announce. Nothing is drawn when nothing changed."""
    ctx.redraw(VoteTarget(team_id, "challenge", challenge_id), marked=True)


def similar_form(draft: challenges.ChallengeDraft, similar: list[challenges.Similar], meta: dict, *,
                 t: Lang = ENGLISH) -> dict:
    """The new-challenge form again, under the challenges like it (the modal is updated, not closed)."""
    return new_challenge_modal(draft=draft, similar=similar, private_metadata=metadata(**meta, checked=1), t=t)


def backed(ctx: Context, view: dict, backed: Backed, *, t: Lang = ENGLISH) -> None:
    """After Back this one instead: the modal says so, with a link to the challenge; its post is redrawn."""
    challenge = backed.challenge
    link = messages.permalink(ctx.for_team(challenge.team_id).client,
                              MessageRef.of(challenge.channel_id, challenge.message_ts))
    messages.update_modal(ctx.client, view, backed_modal(challenge, backed.votes, backed.already, link, t=t))
    stage_may_have_moved(ctx, challenge.team_id, challenge.id)


def back_refused(ctx: Context, view: dict, message: str, *, t: Lang = ENGLISH) -> None:
    messages.update_modal(ctx.client, view, back_refused_modal(message, t=t))


def in_thread(ctx: Context, challenge: Challenge, text: str, blocks: list[dict] | None = None) -> MessageRef | None:
    """Say something in a challenge's thread (working in the open); None when it has no post.
    Say it in the challenge's workspace's language: `channel_text` / `channel_blocks`."""
    if not challenge.channel_id or not challenge.message_ts:
        return None
    return messages.post(ctx.for_team(challenge.team_id).client, challenge.channel_id, text, blocks,
                         thread_ts=challenge.message_ts)
