"""`/pledge`, the challenge post's Pledge and Set funding target buttons, the pledge and target
forms, and the pledge DM's Change and Withdraw buttons."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import funding as publish
from bot.services import funding as service
from bot.listeners.shapes import look, press, submit
from bot.slack.payloads import actor, clicked_message, command_actor, int_value, metadata_id, row_id, text_value
from bot.slack.replies import or_usage_reply, usage_reply
from bot.views.funding import (
    CHANGE_PLEDGE,
    PLEDGE_BUTTON,
    PLEDGE_CALLBACK,
    PLEDGE_USAGE,
    SET_TARGET,
    TARGET_CALLBACK,
    WITHDRAW_PLEDGE,
)


def pledge_command(ack, command, context):
    ctx = dozen.of(context)
    team_id, user_id = command_actor(command)
    t = ctx.lang(team_id, user_id)
    words = (command.get("text") or "").split(maxsplit=1)
    if not words or words[0].lower() == "help":
        usage_reply(ack, t._(PLEDGE_USAGE))
        return
    challenge = or_usage_reply(ack, lambda: ctx.read(service.pledgeable, team_id, ref=words[0], today=ctx.today()),
                               usage="\n\n" + t._(PLEDGE_USAGE), t=t)
    if challenge is None:
        return
    ack()
    publish.open_pledge(ctx, trigger_id=command["trigger_id"], challenge=challenge,
                        amount=words[1].strip() if len(words) > 1 else "", team_id=team_id, user_id=user_id)


def pledge_button(ack, body, action, context):
    ctx, challenge = look(ack, body, context, lambda ctx, team_id, _: ctx.read(
        service.pledgeable, team_id, challenge_id=int_value(action), today=ctx.today()))
    if challenge is not None:
        publish.open_pledge(ctx, trigger_id=body["trigger_id"], challenge=challenge, **_who(body))


def _who(body: dict) -> dict[str, str]:
    """Whoever acted, for the form they open (in their language)."""
    team_id, user_id = actor(body)
    return {"team_id": team_id, "user_id": user_id}


def _pledge_ids(view: dict) -> tuple[int, int | None]:
    """(challenge, pledge being changed) from the pledge form's metadata "challenge:pledge"."""
    challenge_id, _, pledge_id = (view.get("private_metadata") or "").partition(":")
    return row_id(challenge_id), row_id(pledge_id) if pledge_id else None


def pledge_submitted(ack, body, view, context):
    draft = service.PledgeDraft(kind=text_value(view, "kind"), amount=text_value(view, "amount"),
                                description=text_value(view, "description"),
                                on_behalf_of=text_value(view, "on_behalf_of"), note=text_value(view, "note"))

    def make_or_change(ctx: dozen.Context, team_id: str, user_id: str):
        challenge_id, pledge_id = _pledge_ids(view)
        return ctx.write(service.make_or_change, team_id=team_id, challenge_id=challenge_id, pledge_id=pledge_id,
                         user_id=user_id, draft=draft, today=ctx.today(), now=ctx.clock.now())

    ctx, outcome = submit(ack, body, view, context, make_or_change)
    if outcome is not None:
        publish.pledged(ctx, actor(body)[1], outcome)


def set_target_button(ack, body, action, context):
    ctx, shown = look(ack, body, context, lambda ctx, team_id, user_id: ctx.read(
        service.target_form, team_id, int_value(action), user_id, ctx.is_organiser(team_id, user_id)))
    if shown is not None:
        challenge, current = shown
        publish.open_target(ctx, trigger_id=body["trigger_id"], challenge=challenge, current=current, **_who(body))


def target_submitted(ack, body, view, context):
    def set_target(ctx: dozen.Context, team_id: str, user_id: str):
        return ctx.write(service.set_target, team_id=team_id, challenge_id=metadata_id(view), user_id=user_id,
                         is_organiser=ctx.is_organiser(team_id, user_id), amount=text_value(view, "target"),
                         rule=text_value(view, "rule"), deadline=text_value(view, "deadline"), today=ctx.today(),
                         now=ctx.clock.now())

    ctx, result = submit(ack, body, view, context, set_target)
    if result is not None:
        target, reached = result
        publish.changed(ctx, target.team_id, target.challenge_id, reached)


def change_pledge(ack, body, action, context):
    # the checks lock the funding row: a write session
    ctx, outcome = look(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.changeable, team_id, int_value(action), user_id))
    if outcome is not None:
        publish.open_pledge(ctx, trigger_id=body["trigger_id"], challenge=outcome.challenge, existing=outcome.pledge,
                            **_who(body))


def withdraw_pledge(ack, body, action, context):
    ctx, outcome = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.withdraw_pledge, team_id=team_id, pledge_id=int_value(action), user_id=user_id,
        now=ctx.clock.now()))
    if outcome is not None:
        publish.withdrawn(ctx, actor(body)[1], outcome, clicked_message(body))


def register(app: App) -> None:
    app.command("/pledge")(pledge_command)
    app.action(PLEDGE_BUTTON)(pledge_button)
    app.view(PLEDGE_CALLBACK)(pledge_submitted)
    app.action(SET_TARGET)(set_target_button)
    app.view(TARGET_CALLBACK)(target_submitted)
    app.action(CHANGE_PLEDGE)(change_pledge)
    app.action(WITHDRAW_PLEDGE)(withdraw_pledge)
