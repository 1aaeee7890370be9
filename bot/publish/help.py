"""Answering a direct message with the help text."""

from __future__ import annotations

from bot.context import Context
from bot.slack import messages
from bot.views.help import dm_reply


def answer_dm(ctx: Context, channel: str, thread_ts: str | None = None) -> None:
    """The help text in the DM where someone wrote (in their thread, if they wrote in one)."""
    text, blocks = dm_reply()
    messages.try_post(ctx.client, channel, text, blocks, thread_ts=thread_ts)
