"""The App Home tab and its buttons."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.context import HomeTab
from bot.listeners.shapes import look
from bot.publish import availability, challenges, home, pool
from bot.slack.payloads import actor
from bot.views.home import HOME_EDIT_PROFILE, HOME_NEW_CHALLENGE, HOME_SET_AVAILABILITY


def home_opened(ack, body, event, context):
    ack()
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    team_id = body.get("team_id") or (event.get("view") or {}).get("team_id")
    home.publish(dozen.of(context), HomeTab(team_id, event["user"]))


def home_new_challenge(ack, body, context):
    ack()
    challenges.open_form(dozen.of(context), trigger_id=body["trigger_id"])


def home_edit_profile(ack, body, context):
    ack()
    team_id, user_id = actor(body)
    pool.open_profile(dozen.of(context), trigger_id=body["trigger_id"], team_id=team_id, user_id=user_id)


def home_set_availability(ack, body, context):
    look(ack, body, context, lambda ctx, team_id, user_id: availability.open_form(
        ctx, trigger_id=body["trigger_id"], team_id=team_id, user_id=user_id))


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action(HOME_NEW_CHALLENGE)(home_new_challenge)
    app.action(HOME_EDIT_PROFILE)(home_edit_profile)
    app.action(HOME_SET_AVAILABILITY)(home_set_availability)
