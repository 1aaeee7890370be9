"""`/availability`: the hours a pool member can give each week."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import availability as publish
from bot.services import availability as service
from bot.listeners.shapes import submit
from bot.services.errors import DomainError, ValidationFailed
from bot.slack.payloads import actor, command_actor, list_value, private_metadata, text_value
from bot.slack.replies import or_usage_reply, tell_from_form, usage_reply
from bot.views.availability import AVAILABILITY_CALLBACK, AVAILABILITY_USAGE
from bot.views.common import escape


def availability_command(ack, command, context):
    ctx = dozen.of(context)
    verb = " ".join((command.get("text") or "").split()).lower()
    team_id, user_id = command_actor(command)
    t = ctx.lang(team_id, user_id)
    if verb == "help":
        usage_reply(ack, t._(AVAILABILITY_USAGE))
    elif verb == "show":
        shown = or_usage_reply(ack, lambda: publish.summary(ctx, team_id, user_id), t=t)
        if shown:
            usage_reply(ack, *shown)
    elif verb == "":
        if or_usage_reply(ack, lambda: ctx.read(service.member_profile, team_id, user_id), t=t):
            ack()
            publish.open_form(ctx, trigger_id=command["trigger_id"], team_id=team_id, user_id=user_id,
                              channel_id=command.get("channel_id"), response_url=command.get("response_url"))
    else:
        typed = "`/availability " + escape(verb) + "`"
        usage_reply(ack, t._("Sorry, I don't know {command}.", command=typed) + "\n\n" + t._(AVAILABILITY_USAGE))


def availability_submitted(ack, body, view, context):
    def save(ctx: dozen.Context, team_id: str, user_id: str):
        try:
            return ctx.write(service.set_availability, team_id=team_id, user_id=user_id,
                             hours_text=text_value(view, "hours"), from_week=text_value(view, "from_week"),
                             until_week=text_value(view, "until_week"), away_weeks=list_value(view, "away"),
                             today=ctx.today(), now=ctx.clock.now())
        except ValidationFailed:
            raise
        except DomainError as error:  # not (or no longer) a member: said beside the hours
            raise ValidationFailed(dict(hours=error.said)) from None

    ctx, weeks = submit(ack, body, view, context, save)
    if weeks is not None:
        team_id, user_id = actor(body)
        tell_from_form(ctx.client, user_id, private_metadata(view), *publish.saved(weeks, t=ctx.lang(team_id, user_id)))
        ctx.refresh_home(team_id, user_id)


def register(app: App) -> None:
    app.command("/availability")(availability_command)
    app.view(AVAILABILITY_CALLBACK)(availability_submitted)
