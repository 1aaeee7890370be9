"""Reaction events: votes on Dozen's posts.

Bolt acknowledges an event before its listener runs, so the vote is recorded in a listener
middleware, which runs first, in the request: it is committed before Slack hears "200"
(or Slack gets an error and retries). The listener then only asks for the post's redraw."""

from __future__ import annotations

import time

from slack_bolt import App

from bot import context as dozen
from bot.services import voting

VOTE_TARGET = "dozen_vote_target"


def _reaction(body: dict, event: dict) -> voting.ReactionEvent | None:
    """The reaction an event reports, when it is on a message and names its workspace and person."""
    item = event.get("item") or {}
    team_id = body.get("team_id") or event.get("team")
    if item.get("type") != "message" or not item.get("channel") or not item.get("ts") or not team_id \
            or not event.get("user"):
        return None
    return voting.ReactionEvent(team_id=team_id, channel_id=item["channel"], ts=item["ts"], user_id=event["user"],
                                emoji=(event.get("reaction") or "").strip(":"), event_id=body.get("event_id") or "",
                                event_ts=_seconds(event.get("event_ts")) or _seconds(body.get("event_time"))
                                or time.time())


def _seconds(value) -> float | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if 0 < seconds < 1e11 else None


def record_added(body, event, context, next):  # noqa: A002  (Bolt's name)
    _record(body, event, context, added=True)
    next()


def record_removed(body, event, context, next):  # noqa: A002
    _record(body, event, context, added=False)
    next()


def _record(body: dict, event: dict, context, *, added: bool) -> None:
    reaction = _reaction(body, event)
    if reaction is not None:
        ctx = dozen.of(context)
        context[VOTE_TARGET] = ctx.write_together(voting.record_reaction, reaction, added=added, now=ctx.clock.now())


def redraw_voted_post(ack, context):
    ack()
    target = context.get(VOTE_TARGET)
    if target is not None:  # committed: redraw the post soon, coalesced
        dozen.of(context).redraw(target, marked=True)


def register(app: App) -> None:
    app.event("reaction_added", middleware=[record_added])(redraw_voted_post)
    app.event("reaction_removed", middleware=[record_removed])(redraw_voted_post)
