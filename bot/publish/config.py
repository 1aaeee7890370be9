"""The organisers' settings form."""

from __future__ import annotations

from bot.context import Context
from bot.locale import N_
from bot.services import charging
from bot.services.workspace import get_config, vote_emojis
from bot.slack import messages
from bot.views.config import config_modal

SAVED = N_("Dozen's settings are saved.")


def open_form(ctx: Context, *, trigger_id: str, team_id: str, user_id: str | None = None) -> None:
    """The form, in the language of the organiser who opens it."""
    with ctx.db.reading() as session:
        config = get_config(session, team_id)
        rates = charging.rates(session, team_id)
    messages.open_modal(ctx.client, trigger_id, config_modal(config, vote_emojis(config), rates,
                                                             t=ctx.lang(team_id, user_id)))


def saved(ctx: Context, user_id: str, team_id: str | None = None) -> None:
    messages.dm(ctx.client, user_id, ctx.lang(team_id, user_id)._(SAVED))
