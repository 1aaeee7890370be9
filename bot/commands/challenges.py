"""`/challenge` and the new-challenge modal."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.commands.support import Deps, list_value, tell, text_value, usage_reply
from bot.services import challenges as service
from bot.services import funding
from bot.services.errors import DomainError, ValidationFailed
from bot.services.voting import VoteTarget, vote_count
from bot.services.workspace import get_config, vote_emojis
from bot.storage.models import Challenge
from bot.views.challenges import (
    CHALLENGE_USAGE,
    NEW_CHALLENGE_CALLBACK,
    challenge_detail,
    challenge_list,
    challenge_message,
    new_challenge_modal,
)
from bot.views.common import escape, metadata, read_metadata
from bot.services.checkins import outcome_of
from bot.views.cohorts import outcome_lines
from bot.views.funding import funding_lines

log = logging.getLogger(__name__)


def open_new_challenge(deps: Deps, *, trigger_id: str, title: str = "", channel_id: str | None = None,
                       response_url: str | None = None) -> None:
    """Open the new-challenge modal (from the command or an App Home button)."""
    deps.client.views_open(
        trigger_id=trigger_id,
        view=new_challenge_modal(title=title, private_metadata=metadata(channel=channel_id, response_url=response_url)),
    )


def challenge_channel(deps: Deps, team_id: str, typed_in: str | None) -> str | None:
    """Where a new challenge goes: the channel the command was typed in, or the
    organisers' challenges channel when it came from a DM or the Home tab."""
    if typed_in and not typed_in.startswith("D"):
        return typed_in
    with deps.db.reading() as session:
        return get_config(session, team_id).challenges_channel or typed_in


def render_post(deps: Deps, session, challenge: Challenge) -> tuple[str, list[dict]]:
    """The challenge post as it stands: votes, funding line, buttons."""
    votes = vote_count(session, challenge.team_id, "challenge", challenge.id)
    emojis = vote_emojis(get_config(session, challenge.team_id))
    return challenge_message(challenge, votes, emojis, extra_lines(deps, session, challenge))


def extra_lines(deps: Deps, session, challenge: Challenge) -> list[str]:
    """What a challenge shows beyond its text: its funding line and, once delivered, its outcome."""
    lines = funding_lines(funding.state(session, challenge.team_id, challenge.id), deps.today())
    outcome = outcome_of(session, challenge.team_id, challenge.id)
    return lines + (outcome_lines(outcome) if outcome else [])


def post_challenge(deps: Deps, challenge: Challenge, channel_id: str) -> str | None:
    """Post the challenge in a channel and remember the message; returns why not, if not."""
    with deps.db.reading() as session:
        text, blocks = render_post(deps, session, challenge)
    try:
        response = deps.client.chat_postMessage(channel=channel_id, text=text, blocks=blocks, unfurl_links=False)
    except SlackApiError as error:
        return error.response.get("error", "unknown_error")
    with deps.db.session() as session:
        challenge = service.get_by_id(session, challenge.team_id, challenge.id)
        service.record_post(session, challenge, response["channel"], response["ts"])
    return None


def redraw_challenge(deps: Deps, target: VoteTarget) -> None:
    with deps.db.reading() as session:
        challenge = service.get_by_id(session, target.team_id, target.target_id)
        text, blocks = render_post(deps, session, challenge)
    if not challenge.channel_id or not challenge.message_ts:
        return
    deps.client.chat_update(channel=challenge.channel_id, ts=challenge.message_ts, text=text, blocks=blocks)


def register(app: App, deps: Deps) -> None:
    deps.redrawers["challenge"] = lambda target: redraw_challenge(deps, target)

    @app.command("/challenge")
    def challenge_command(ack, command):
        words = (command.get("text") or "").strip().split(maxsplit=1)
        verb = words[0].lower() if words else ""
        rest = words[1].strip() if len(words) > 1 else ""
        team_id, user_id = command["team_id"], command["user_id"]

        if verb == "new":
            ack()
            open_new_challenge(
                deps,
                trigger_id=command["trigger_id"],
                title=rest,
                channel_id=command.get("channel_id"),
                response_url=command.get("response_url"),
            )
        elif verb == "list" and not rest:
            with deps.db.reading() as session:
                summaries = service.list_open(session, team_id)
                money = funding.states(session, team_id, [s.challenge.id for s in summaries])
            text, blocks = challenge_list(summaries, money)
            ack(response_type="ephemeral", text=text, blocks=blocks)
        elif verb == "show" and rest:
            try:
                with deps.db.reading() as session:
                    challenge = service.get(session, team_id, rest)
                    votes = vote_count(session, team_id, "challenge", challenge.id)
                    lines = extra_lines(deps, session, challenge)
            except DomainError as error:
                usage_reply(ack, error.message)
                return
            text, blocks = challenge_detail(challenge, votes, lines)
            ack(response_type="ephemeral", text=text, blocks=blocks)
        elif verb == "close" and rest:
            organiser = deps.is_organiser(team_id, user_id)
            try:
                with deps.db.session() as session:
                    challenge = service.close(
                        session, team_id=team_id, ref=rest, user_id=user_id, is_organiser=organiser,
                        now=deps.clock.now(),
                    )
            except DomainError as error:
                usage_reply(ack, error.message)
                return
            usage_reply(ack, f"Closed {challenge.short_id}: {escape(challenge.title)}. Voting on it has ended.")
            deps.post_updater.request(VoteTarget(team_id, "challenge", challenge.id))
        elif verb in ("", "help"):
            usage_reply(ack, CHALLENGE_USAGE)
        else:
            usage_reply(ack, f"Sorry, I don't know `/challenge {escape(' '.join(words))}`.\n\n{CHALLENGE_USAGE}")

    @app.view(NEW_CHALLENGE_CALLBACK)
    def new_challenge_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        draft = service.ChallengeDraft(
            title=text_value(view, "title"),
            problem=text_value(view, "problem"),
            skills=list_value(view, "skills"),
            other_skills=text_value(view, "other_skills"),
            council_code=text_value(view, "council"),
            hours_per_week=text_value(view, "hours"),
            weeks=text_value(view, "weeks"),
        )
        try:
            with deps.db.session() as session:
                challenge = service.create(session, team_id=team_id, owner_id=user_id, draft=draft,
                                           now=deps.clock.now())
        except ValidationFailed as error:
            ack(response_action="errors", errors=error.errors)
            return
        ack()

        meta = read_metadata(view.get("private_metadata"))
        channel_id = challenge_channel(deps, team_id, meta.get("channel"))
        problem = post_challenge(deps, challenge, channel_id) if channel_id else "no_channel"
        title = escape(challenge.title)
        if problem is None:
            message = (
                f"Posted *{challenge.short_id}: {title}* in <#{channel_id}>. "
                "People vote on it with reactions; `/challenge list` shows where it stands."
            )
        elif problem == "no_channel":
            message = (
                f"Saved *{challenge.short_id}: {title}*. There is no challenges channel to post it in yet: an "
                "organiser can choose one with `/dozen config`, or post challenges from a channel with "
                "`/challenge new`."
            )
        else:
            log.info("challenge %s stored but not posted: %s", challenge.short_id, problem)
            message = (
                f"Saved *{challenge.short_id}: {title}*, but I couldn't post it here ({problem}). "
                "Invite me to a channel with `/invite @Dozen` and post challenges there; "
                f"`/challenge show {challenge.short_id}` shows it meanwhile."
            )
        tell(deps.client, user_id=user_id, channel_id=meta.get("channel"), response_url=meta.get("response_url"),
             text=message)
        deps.refresh_home(team_id, user_id)
