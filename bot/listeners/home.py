"""The App Home tab and its buttons."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.context import HomeTab
from bot.listeners.shapes import look, press
from bot.publish import availability, challenges, home, pool
from bot.services import languages
from bot.slack.payloads import actor, selected_value
from bot.views.home import HOME_EDIT_PROFILE, HOME_LANGUAGE, HOME_NEW_CHALLENGE, HOME_SET_AVAILABILITY


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


def home_language(ack, body, action, context):
    """The Home tab's language picker: Dozen speaks to them in that language from now on,
    starting with their Home tab."""
    ctx, chosen = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        languages.choose, team_id=team_id, user_id=user_id, language=selected_value(action), now=ctx.clock.now()))
    if chosen is not None:
        home.publish(ctx, HomeTab(*actor(body)))


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action(HOME_NEW_CHALLENGE)(home_new_challenge)
    app.action(HOME_EDIT_PROFILE)(home_edit_profile)
    app.action(HOME_SET_AVAILABILITY)(home_set_availability)
    app.action(HOME_LANGUAGE)(home_language)
