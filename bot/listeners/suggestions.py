"""Options for the pickers that search as people type (block_suggestion)."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.services import network_pool
from bot.slack.payloads import actor
from bot.views.bookings import BOOK_PERSON_SEARCH, choice_label
from bot.views.common import SKILL_SEARCH, option, skill_suggestions


def suggest_skills(ack, payload):
    ack(options=[o.to_dict() for o in skill_suggestions(payload.get("value") or "")])


def suggest_people(ack, body, payload, context):
    """The booking form's person picker in a network: the network's pool, as people type."""
    ctx = dozen.of(context)
    choices = ctx.read(network_pool.search_pool, actor(body)[0], payload.get("value") or "")
    t = ctx.lang(*actor(body))
    ack(options=[option(choice_label(c, t), c.value).to_dict() for c in choices])


def register(app: App) -> None:
    app.options(SKILL_SEARCH)(suggest_skills)
    app.options(BOOK_PERSON_SEARCH)(suggest_people)
