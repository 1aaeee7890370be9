"""`/availability`: the hours a pool member can give each week."""

from __future__ import annotations

from slack_bolt import App

from bot.commands.support import Deps, list_value, tell, text_value, usage_reply
from bot.services import availability as service
from bot.services.errors import DomainError, ValidationFailed
from bot.views.availability import (
    AVAILABILITY_CALLBACK,
    AVAILABILITY_USAGE,
    availability_modal,
    availability_summary,
)
from bot.views.common import escape, metadata, read_metadata

SHOW_WEEKS = 8


def register(app: App, deps: Deps) -> None:
    @app.command("/availability")
    def availability_command(ack, command):
        verb = " ".join((command.get("text") or "").split()).lower()
        team_id, user_id = command["team_id"], command["user_id"]
        if verb == "help":
            usage_reply(ack, AVAILABILITY_USAGE)
            return
        if verb not in ("", "show"):
            usage_reply(ack, f"Sorry, I don't know `/availability {escape(verb)}`.\n\n{AVAILABILITY_USAGE}")
            return
        try:
            with deps.db.reading() as session:
                profile = service.member_profile(session, team_id, user_id)
                weeks = service.week_hours(session, profile, service.coming_weeks(deps.today(), SHOW_WEEKS))
        except DomainError as error:
            usage_reply(ack, error.message)
            return
        if verb == "show":
            text, blocks = availability_summary(weeks)
            ack(response_type="ephemeral", text=text, blocks=blocks)
            return
        ack()
        open_availability(deps, trigger_id=command["trigger_id"], hours=profile.hours_per_week,
                          channel_id=command.get("channel_id"), response_url=command.get("response_url"))

    @app.view(AVAILABILITY_CALLBACK)
    def availability_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                weeks = service.set_availability(
                    session, team_id=team_id, user_id=user_id, hours_text=text_value(view, "hours"),
                    from_week=text_value(view, "from_week"), until_week=text_value(view, "until_week"),
                    away_weeks=list_value(view, "away"), today=deps.today(), now=deps.clock.now())
        except ValidationFailed as error:
            ack(response_action="errors", errors=error.errors)
            return
        except DomainError as error:
            ack(response_action="errors", errors={"hours": error.message})
            return
        ack()
        meta = read_metadata(view.get("private_metadata"))
        text, blocks = availability_summary(weeks, title=f"Availability saved for {len(weeks)} weeks")
        tell(deps.client, user_id=user_id, channel_id=meta.get("channel"), response_url=meta.get("response_url"),
             text=text, blocks=blocks)
        deps.refresh_home(team_id, user_id)


def open_availability(deps: Deps, *, trigger_id: str, hours: float, channel_id: str | None = None,
                      response_url: str | None = None) -> None:
    weeks = service.coming_weeks(deps.today(), service.PICKER_WEEKS)
    view = availability_modal(weeks=weeks, default_hours=hours, default_until=weeks[service.DEFAULT_SPAN - 1],
                              private_metadata=metadata(channel=channel_id, response_url=response_url))
    deps.client.views_open(trigger_id=trigger_id, view=view)
