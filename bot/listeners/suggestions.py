"""Options for the pickers that search as people type (block_suggestion)."""

from __future__ import annotations

from slack_bolt import App

from bot.views.common import SKILL_SEARCH, skill_suggestions


def suggest_skills(ack, payload):
    ack(options=[o.to_dict() for o in skill_suggestions(payload.get("value") or "")])


def register(app: App) -> None:
    app.options(SKILL_SEARCH)(suggest_skills)
