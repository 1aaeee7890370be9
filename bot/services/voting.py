"""Emoji voting on Dozen's posts (challenges, nominations): one vote per person per
target whatever the emoji, retraction when their last vote emoji goes, retry-safe."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, delete, select

from bot.services.workspace import get_config, vote_emojis
from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Challenge, Nomination, Post, ProcessedEvent, Reaction

SKIN_TONE = re.compile(r"::skin-tone-\d$")


@dataclass(frozen=True)
class VoteTarget:
    """A post whose vote count may have changed and should be redrawn."""

    team_id: str
    kind: str
    target_id: int


def _challenge_open(session: Session, target_id: int) -> bool:
    challenge = session.get(Challenge, target_id)
    return challenge is not None and challenge.status == "open"


def _nomination_open(session: Session, target_id: int) -> bool:
    nomination = session.get(Nomination, target_id)
    return nomination is not None and nomination.status != "declined"


# Which targets accept votes right now, by kind.
VOTABLE: dict[str, Callable[[Session, int], bool]] = {"challenge": _challenge_open, "nomination": _nomination_open}


def vote_count(session: Session, team_id: str, kind: str, target_id: int) -> int:
    statement = select(func.count(func.distinct(Reaction.user_id))).where(
        Reaction.team_id == team_id, Reaction.kind == kind, Reaction.target_id == target_id
    )
    return session.exec(statement).one()


def first_delivery(session: Session, team_id: str, event_id: str, now: datetime) -> bool:
    """Record an Events API delivery; False when it was handled before (a Slack retry)."""
    if not event_id:
        return True
    values = {"team_id": team_id, "event_id": event_id, "received_at": now}
    return insert_ignoring_duplicates(session, ProcessedEvent, values, ["team_id", "event_id"])


def normalise_emoji(name: str) -> str:
    """':+1::skin-tone-3:' and '+1::skin-tone-3' count as '+1'."""
    return SKIN_TONE.sub("", name.strip(":"))


def _target(session: Session, team_id: str, channel_id: str, ts: str, emoji: str | None) -> VoteTarget | None:
    """The open target posted at channel/ts, if `emoji` (when given) is a vote emoji."""
    post = session.exec(
        select(Post).where(Post.team_id == team_id, Post.channel_id == channel_id, Post.ts == ts)
    ).first()
    if post is None:
        return None
    if emoji is not None and normalise_emoji(emoji) not in vote_emojis(get_config(session, team_id)):
        return None
    accepts = VOTABLE.get(post.kind)
    if accepts is None or not accepts(session, post.target_id):
        return None
    return VoteTarget(team_id, post.kind, post.target_id)


def add_reaction(
    session: Session, *, team_id: str, channel_id: str, ts: str, user_id: str, emoji: str, now: datetime
) -> VoteTarget | None:
    """A reaction was added; returns the target when it was a new vote emoji on an open target."""
    target = _target(session, team_id, channel_id, ts, emoji)
    if target is None:
        return None
    values = {
        "team_id": team_id,
        "kind": target.kind,
        "target_id": target.target_id,
        "user_id": user_id,
        "emoji": normalise_emoji(emoji),
        "created_at": now,
    }
    inserted = insert_ignoring_duplicates(
        session, Reaction, values, ["team_id", "kind", "target_id", "user_id", "emoji"]
    )
    return target if inserted else None


def remove_reaction(
    session: Session, *, team_id: str, channel_id: str, ts: str, user_id: str, emoji: str
) -> VoteTarget | None:
    """A reaction was removed; the person's vote stays while another vote emoji of theirs does.
    (Any stored emoji can be taken back, even one an organiser has since dropped from the set.)"""
    target = _target(session, team_id, channel_id, ts, None)
    if target is None:
        return None
    result = session.exec(
        delete(Reaction).where(
            Reaction.team_id == team_id,
            Reaction.kind == target.kind,
            Reaction.target_id == target.target_id,
            Reaction.user_id == user_id,
            Reaction.emoji == normalise_emoji(emoji),
        )
    )
    return target if result.rowcount else None
