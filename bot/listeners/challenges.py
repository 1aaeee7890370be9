"""`/challenge` and the new-challenge modal."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import challenges as publish
from bot.services import challenges as service
from bot.services.voting import VoteTarget
from bot.listeners.shapes import submit
from bot.slack.payloads import command_actor, list_value, private_metadata, text_value
from bot.slack.replies import or_usage_reply, tell_from_form, usage_reply
from bot.views.challenges import CHALLENGE_USAGE, NEW_CHALLENGE_CALLBACK, closed_reply, unknown_verb


def challenge_command(ack, command, context):
    ctx = dozen.of(context)
    words = (command.get("text") or "").strip().split(maxsplit=1)
    verb = words[0].lower() if words else ""
    rest = words[1].strip() if len(words) > 1 else ""
    if verb == "new":
        ack()
        publish.open_form(ctx, trigger_id=command["trigger_id"], title=rest, channel_id=command.get("channel_id"),
                          response_url=command.get("response_url"))
    elif verb == "list" and not rest:
        usage_reply(ack, *publish.listing(ctx, command["team_id"]))
    elif verb == "show" and rest:
        shown = or_usage_reply(ack, lambda: publish.detail(ctx, command["team_id"], rest))
        if shown:
            usage_reply(ack, *shown)
    elif verb == "close" and rest:
        close_challenge(ack, ctx, command, rest)
    elif verb in ("", "help"):
        usage_reply(ack, CHALLENGE_USAGE)
    else:
        usage_reply(ack, unknown_verb(" ".join(words)))


def close_challenge(ack, ctx: dozen.Context, command: dict, ref: str) -> None:
    team_id, user_id = command_actor(command)
    organiser = ctx.is_organiser(team_id, user_id)
    closed = or_usage_reply(ack, lambda: ctx.write(service.close, team_id=team_id, ref=ref, user_id=user_id,
                                                   is_organiser=organiser, now=ctx.clock.now()))
    if closed:
        usage_reply(ack, closed_reply(closed))
        ctx.redraw(VoteTarget(team_id, "challenge", closed.id))


def new_challenge_submitted(ack, body, view, context):
    draft = service.ChallengeDraft(
        title=text_value(view, "title"), problem=text_value(view, "problem"), skills=list_value(view, "skills"),
        other_skills=text_value(view, "other_skills"), council_code=text_value(view, "council"),
        hours_per_week=text_value(view, "hours"), weeks=text_value(view, "weeks"),
    )
    ctx, challenge = submit(ack, body, view, context, lambda ctx, team_id, user_id: ctx.write(
        service.create, team_id=team_id, owner_id=user_id, draft=draft, now=ctx.clock.now()))
    if challenge is None:
        return
    meta = private_metadata(view)
    tell_from_form(ctx.client, challenge.owner_id, meta, publish.post_new(ctx, challenge, meta.get("channel")))
    ctx.refresh_home(challenge.team_id, challenge.owner_id)


def register(app: App) -> None:
    app.command("/challenge")(challenge_command)
    app.view(NEW_CHALLENGE_CALLBACK)(new_challenge_submitted)
