"""Options for the pickers that search as people type (block_suggestion)."""

from __future__ import annotations

from slack_bolt import App

from bot.commands.support import Deps
from bot.views.common import SKILL_SEARCH, skill_suggestions


def register(app: App, deps: Deps) -> None:
    @app.options(SKILL_SEARCH)
    def suggest_skills(ack, payload):
        ack(options=[o.to_dict() for o in skill_suggestions(payload.get("value") or "")])
