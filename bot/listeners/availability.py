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
    if verb == "help":
        usage_reply(ack, AVAILABILITY_USAGE)
    elif verb == "show":
        shown = or_usage_reply(ack, lambda: publish.summary(ctx, team_id, user_id))
        if shown:
            usage_reply(ack, *shown)
    elif verb == "":
        if or_usage_reply(ack, lambda: ctx.read(service.member_profile, team_id, user_id)):
            ack()
            publish.open_form(ctx, trigger_id=command["trigger_id"], team_id=team_id, user_id=user_id,
                              channel_id=command.get("channel_id"), response_url=command.get("response_url"))
    else:
        usage_reply(ack, f"Sorry, I don't know `/availability {escape(verb)}`.\n\n{AVAILABILITY_USAGE}")


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
            raise ValidationFailed({"hours": error.message}) from None

    ctx, weeks = submit(ack, body, view, context, save)
    if weeks is not None:
        team_id, user_id = actor(body)
        tell_from_form(ctx.client, user_id, private_metadata(view), *publish.saved(weeks))
        ctx.refresh_home(team_id, user_id)


def register(app: App) -> None:
    app.command("/availability")(availability_command)
    app.view(AVAILABILITY_CALLBACK)(availability_submitted)
