"""Direct messages to Dozen (its Messages tab): answered with the help text, once per message."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.publish import help as publish
from bot.services import voting


def _from_a_person(event: dict, bot_user_id: str | None) -> bool:
    """A message someone typed in a DM with Dozen: not an edit, a join or a bot's (Dozen's own) post."""
    return (event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id")
            and bool(event.get("user")) and event.get("user") != bot_user_id and bool(event.get("channel")))


def answer_direct_message(ack, body, event, context):
    ack()
    if not _from_a_person(event, context.get("bot_user_id")):
        return
    ctx = dozen.of(context)
    team_id = body.get("team_id") or event.get("team") or ""
    if ctx.write(voting.first_delivery, team_id, body.get("event_id") or "", ctx.clock.now()):  # not a retry
        publish.answer_dm(ctx, event["channel"], event.get("thread_ts"))


def register(app: App) -> None:
    app.event("message")(answer_direct_message)
