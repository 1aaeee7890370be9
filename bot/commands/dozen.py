"""`/dozen`: help, and the organisers' tools."""

from __future__ import annotations

from slack_bolt import App

from bot.commands.support import Deps, input_value, text_value, usage_reply
from bot.services.errors import ValidationFailed
from bot.services.workspace import ConfigDraft, get_config, update_config, vote_emojis
from bot.views.common import escape
from bot.views.config import CONFIG_CALLBACK, config_modal
from bot.views.help import DOZEN_HELP

ORGANISERS_ONLY = ("`/dozen {verb}` is for organisers (workspace admins and the people in DOZEN_ADMINS). "
                   "Ask one of them if something needs changing.")


def register(app: App, deps: Deps) -> None:
    @app.command("/dozen")
    def dozen_command(ack, command):
        text = " ".join((command.get("text") or "").split())
        verb = text.lower()
        team_id, user_id = command["team_id"], command["user_id"]
        if verb in ("", "help"):
            usage_reply(ack, DOZEN_HELP)
        elif verb == "config":
            if not deps.is_organiser(team_id, user_id):
                usage_reply(ack, ORGANISERS_ONLY.format(verb="config"))
                return
            ack()
            with deps.db.reading() as session:
                config = get_config(session, team_id)
            deps.client.views_open(trigger_id=command["trigger_id"],
                                   view=config_modal(config, vote_emojis(config)))
        else:
            usage_reply(ack, f"Sorry, I don't know `/dozen {escape(text)}`.\n\n{DOZEN_HELP}")

    @app.view(CONFIG_CALLBACK)
    def config_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        if not deps.is_organiser(team_id, user_id):
            ack(response_action="errors", errors={"challenges_channel": ORGANISERS_ONLY.format(verb="config")})
            return
        draft = ConfigDraft(
            challenges_channel=input_value(view, "challenges_channel"),
            nominations_channel=input_value(view, "nominations_channel"),
            digest_channel=input_value(view, "digest_channel"),
            digest_day=text_value(view, "digest_day"),
            digest_time=text_value(view, "digest_time"),
            vote_emojis=text_value(view, "vote_emojis"),
            manager_approval=text_value(view, "manager_approval"),
        )
        try:
            with deps.db.session() as session:
                update_config(session, team_id=team_id, user_id=user_id, draft=draft, now=deps.clock.now())
        except ValidationFailed as error:
            ack(response_action="errors", errors=error.errors)
            return
        ack()
        deps.client.chat_postMessage(channel=user_id, text="Dozen's settings are saved.")
