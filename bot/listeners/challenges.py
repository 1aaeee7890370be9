"""`/challenge` and the new-challenge modal."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.locale import Lang
from bot.publish import challenges as publish
from bot.services import challenges as service
from bot.services import voting
from bot.services.errors import DomainError
from bot.services.voting import VoteTarget
from bot.slack.payloads import actor, command_actor, int_value, list_value, private_metadata, text_value
from bot.slack.replies import or_usage_reply, refuse_submission, tell_from_form, usage_reply
from bot.views.challenge_form import BACK_INSTEAD, NEW_CHALLENGE_CALLBACK
from bot.views.challenges import challenge_usage, closed_reply, unknown_verb


def challenge_command(ack, command, context):
    ctx = dozen.of(context)
    team_id, user_id = command_actor(command)
    words = (command.get("text") or "").strip().split(maxsplit=1)
    verb = words[0].lower() if words else ""
    rest = words[1].strip() if len(words) > 1 else ""
    if verb == "new":
        ack()
        publish.open_form(ctx, trigger_id=command["trigger_id"], title=rest, channel_id=command.get("channel_id"),
                          response_url=command.get("response_url"), team_id=team_id, user_id=user_id)
        return
    t = ctx.lang(team_id, user_id)
    if verb == "list" and not rest:
        usage_reply(ack, *publish.listing(ctx, team_id, t=t))
    elif verb == "board" and not rest:
        usage_reply(ack, *publish.board(ctx, team_id, t=t))
    elif verb == "show" and rest:
        shown = or_usage_reply(ack, lambda: publish.detail(ctx, team_id, rest, t=t), t=t)
        if shown:
            usage_reply(ack, *shown)
    elif verb == "close" and rest:
        close_challenge(ack, ctx, command, rest, t)
    elif verb in ("", "help"):
        usage_reply(ack, challenge_usage(t))
    else:
        usage_reply(ack, unknown_verb(" ".join(words), t=t))


def close_challenge(ack, ctx: dozen.Context, command: dict, rest: str, t: Lang) -> None:
    """`/challenge close C-12 [reason]`."""
    ref, _, reason = rest.partition(" ")
    team_id, user_id = command_actor(command)
    organiser = ctx.is_organiser(team_id, user_id)
    closed = or_usage_reply(ack, lambda: ctx.write(service.close, team_id=team_id, ref=ref, user_id=user_id,
                                                   is_organiser=organiser, now=ctx.clock.now(), reason=reason),
                            t=t)
    if closed:
        usage_reply(ack, closed_reply(closed, t=t))
        ctx.redraw(VoteTarget(team_id, "challenge", closed.id))


def new_challenge_submitted(ack, body, view, context):
    """Post the challenge, unless similar ones exist and the author hasn't seen them yet: then
    the modal is updated to show them (nothing stored), with Post anyway and Back this one instead."""
    draft = service.ChallengeDraft(
        title=text_value(view, "title"), problem=text_value(view, "problem"), skills=list_value(view, "skills"),
        other_skills=text_value(view, "other_skills"), council_code=text_value(view, "council"),
        hours_per_week=text_value(view, "hours"), weeks=text_value(view, "weeks"),
    )
    meta = private_metadata(view)
    ctx = dozen.of(context)
    team_id, user_id = actor(body)
    t = ctx.lang(team_id, user_id)
    try:
        proposed = ctx.write(service.propose, team_id=team_id, owner_id=user_id, draft=draft, now=ctx.clock.now(),
                             check_similar=not meta.get("checked"))
    except DomainError as error:
        refuse_submission(ack, view, error, t)
        return
    if proposed.challenge is None:
        ack(response_action="update", view=publish.similar_form(draft, proposed.similar, meta, t=t))
        return
    ack()
    challenge = proposed.challenge
    tell_from_form(ctx.client, challenge.owner_id, meta, publish.post_new(ctx, challenge, meta.get("channel"), t))
    ctx.refresh_home(challenge.team_id, challenge.owner_id)


def back_instead(ack, body, action, context):
    """Back this one instead: their vote goes to a similar challenge; the modal links to it."""
    ctx = dozen.of(context)
    team_id, user_id = actor(body)
    t = ctx.lang(team_id, user_id)
    try:
        backed = ctx.write(voting.back, team_id=team_id, challenge_id=int_value(action), user_id=user_id,
                           now=ctx.clock.now())
    except DomainError as error:
        ack()
        publish.back_refused(ctx, body.get("view") or {}, error.say(t), t=t)
        return
    ack()
    publish.backed(ctx, body.get("view") or {}, backed, t=t)
    ctx.refresh_home(team_id, user_id)


def register(app: App) -> None:
    app.command("/challenge")(challenge_command)
    app.view(NEW_CHALLENGE_CALLBACK)(new_challenge_submitted)
    app.action(BACK_INSTEAD)(back_instead)
