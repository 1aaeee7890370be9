"""The App Home tab."""

from __future__ import annotations

from slack_bolt import App

from bot.commands.challenges import open_new_challenge
from bot.commands.support import Deps
from bot.services import challenges
from bot.views.home import HOME_NEW_CHALLENGE, home_view


def publish_home(deps: Deps, team_id: str, user_id: str) -> None:
    with deps.db.reading() as session:
        own = [s for s in challenges.list_open(session, team_id) if s.challenge.owner_id == user_id]
    deps.client.views_publish(user_id=user_id, view=home_view(user_id=user_id, own_challenges=own))


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(ack, body, event):
        ack()
        if event.get("tab", "home") != "home":
            return
        publish_home(deps, body.get("team_id") or event.get("view", {}).get("team_id"), event["user"])

    @app.action(HOME_NEW_CHALLENGE)
    def home_new_challenge(ack, body):
        ack()
        open_new_challenge(deps, trigger_id=body["trigger_id"])
