"""Reaction events: votes on Dozen's posts."""

from __future__ import annotations

from slack_bolt import App

from bot.commands.support import Deps
from bot.services import voting


def _message_item(event: dict) -> tuple[str, str] | None:
    item = event.get("item") or {}
    if item.get("type") != "message" or not item.get("channel") or not item.get("ts"):
        return None
    return item["channel"], item["ts"]


def register(app: App, deps: Deps) -> None:
    def handle(body: dict, event: dict, added: bool) -> None:
        item = _message_item(event)
        team_id = body.get("team_id") or event.get("team")
        if item is None or not team_id or not event.get("user"):
            return
        channel_id, ts = item
        with deps.db.session() as session:
            if not voting.first_delivery(session, team_id, body.get("event_id", ""), deps.clock.now()):
                return  # a Slack retry of an event already handled
            if added:
                target = voting.add_reaction(
                    session, team_id=team_id, channel_id=channel_id, ts=ts, user_id=event["user"],
                    emoji=event.get("reaction", ""), now=deps.clock.now(),
                )
            else:
                target = voting.remove_reaction(
                    session, team_id=team_id, channel_id=channel_id, ts=ts, user_id=event["user"],
                    emoji=event.get("reaction", ""),
                )
        if target is not None:  # committed: redraw the post soon, coalesced
            deps.post_updater.request(target)

    @app.event("reaction_added")
    def reaction_added(ack, body, event):
        ack()
        handle(body, event, added=True)

    @app.event("reaction_removed")
    def reaction_removed(ack, body, event):
        ack()
        handle(body, event, added=False)
