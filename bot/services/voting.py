"""Emoji voting on Dozen's posts (challenges, nominations): one vote per person per
target whatever the emoji, retraction when their last vote emoji goes, retry-safe."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, delete, select

from bot.services import post_redraws, stages
from bot.services.errors import NotAllowed
from bot.services.workspace import get_config, vote_emojis
from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Challenge, Nomination, Post, ProcessedEvent, Reaction, ReactionOrder

SKIN_TONE = re.compile(r"::skin-tone-\d$")


@dataclass(frozen=True)
class VoteTarget:
    """A post whose vote count may have changed and should be redrawn."""

    team_id: str
    kind: str
    target_id: int


@dataclass(frozen=True)
class ReactionEvent:
    """A reaction added or removed, as Slack reported it."""

    team_id: str
    channel_id: str
    ts: str
    user_id: str
    emoji: str  # as Slack names it, skin tone and all, without colons
    event_id: str = ""
    event_ts: float = 0.0  # when Slack saw it; orders a late retry behind what came after


def _challenge_open(session: Session, target_id: int, now: datetime) -> bool:
    """Open, and its voting window (if it has one) not over."""
    challenge = session.get(Challenge, target_id)
    return challenge is not None and stages.voting_open(challenge, now)


def _nomination_open(session: Session, target_id: int, now: datetime) -> bool:
    nomination = session.get(Nomination, target_id)
    return nomination is not None and nomination.status != "declined"


# Which targets accept votes right now, by kind.
VOTABLE: dict[str, Callable[[Session, int, datetime], bool]] = {"challenge": _challenge_open,
                                                                "nomination": _nomination_open}


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
    """':+1::skin-tone-3:' and '+1::skin-tone-3' are the vote emoji '+1'."""
    return SKIN_TONE.sub("", name.strip(":"))


def _target(session: Session, team_id: str, channel_id: str, ts: str, emoji: str | None,
            now: datetime) -> VoteTarget | None:
    """The open target posted at channel/ts, if `emoji` (when given) is a vote emoji."""
    post = session.exec(
        select(Post).where(Post.team_id == team_id, Post.channel_id == channel_id, Post.ts == ts)
    ).first()
    if post is None:
        return None
    if emoji is not None and normalise_emoji(emoji) not in vote_emojis(get_config(session, team_id)):
        return None
    accepts = VOTABLE.get(post.kind)
    if accepts is None or not accepts(session, post.target_id, now):
        return None
    return VoteTarget(team_id, post.kind, post.target_id)


def _newest(session: Session, target: VoteTarget, reaction: ReactionEvent, *, added: bool, now: datetime) -> bool:
    """Record this event as the newest for its (target, person, emoji); False when a newer one
    was applied already (this one was delivered late)."""
    key = {"team_id": target.team_id, "kind": target.kind, "target_id": target.target_id,
           "user_id": reaction.user_id, "emoji": reaction.emoji}
    if insert_ignoring_duplicates(session, ReactionOrder, {**key, "event_ts": reaction.event_ts, "added": added,
                                                           "at": now}, list(key)):
        return True
    newer = session.execute(
        update(ReactionOrder)
        .where(*(getattr(ReactionOrder, column) == value for column, value in key.items()),
               ReactionOrder.event_ts < reaction.event_ts)
        .values(event_ts=reaction.event_ts, added=added, at=now)
        .returning(ReactionOrder.event_ts)
    ).first()
    return newer is not None


def record_reaction(session: Session, reaction: ReactionEvent, *, added: bool, now: datetime) -> VoteTarget | None:
    """Apply one reaction event exactly once, in order: a Slack retry of a handled event, or an
    event older than one already applied for the same emoji, changes nothing. Each emoji is kept
    as reacted (`+1` and `+1::skin-tone-3` are two), and a person's vote is having at least one.
    Returns the target whose count may have changed (its redraw is due), if any."""
    if not first_delivery(session, reaction.team_id, reaction.event_id, now):
        return None
    target = _target(session, reaction.team_id, reaction.channel_id, reaction.ts, reaction.emoji if added else None,
                     now)
    if target is None or not _newest(session, target, reaction, added=added, now=now):
        return None
    mine = {"team_id": target.team_id, "kind": target.kind, "target_id": target.target_id,
            "user_id": reaction.user_id}
    if added:
        stored = insert_ignoring_duplicates(session, Reaction, {**mine, "emoji": reaction.emoji, "created_at": now},
                                            [*mine, "emoji"])
    else:
        stored = bool(session.exec(delete(Reaction).where(
            *(getattr(Reaction, column) == value for column, value in {**mine, "emoji": reaction.emoji}.items())
        )).rowcount)
    left = session.exec(select(func.count()).select_from(Reaction).where(
        *(getattr(Reaction, column) == value for column, value in mine.items()))).one()
    if not stored or left != (1 if added else 0):
        return None  # their vote stands as it was (another vote emoji of theirs is there)
    post_redraws.changed(session, target.team_id, target.kind, target.target_id)
    if added and target.kind == "challenge":
        _shortlist_if_enough(session, target.team_id, target.target_id, now)
    return target


def _shortlist_if_enough(session: Session, team_id: str, challenge_id: int, now: datetime) -> None:
    """Enough votes within the voting window shortlist a proposed challenge (once)."""
    challenge = session.get(Challenge, challenge_id)
    if challenge.stage == stages.PROPOSED and \
            vote_count(session, team_id, "challenge", challenge_id) >= get_config(session, team_id).vote_threshold:
        stages.move(session, challenge, stages.SHORTLISTED, now=now)


BUTTON = "button"  # the "emoji" of a vote given with a button: one vote per person with their reactions


@dataclass(frozen=True)
class Backed:
    challenge: Challenge
    votes: int
    already: bool  # they had voted for it before


def back(session: Session, *, team_id: str, challenge_id: int, user_id: str, now: datetime) -> Backed:
    """Someone backs a challenge with a button ("Back this one instead"): a vote like a reaction,
    counted once per person whatever else they reacted with."""
    challenge = session.get(Challenge, challenge_id)
    if challenge is None or challenge.team_id != team_id:
        raise NotAllowed("That challenge no longer exists.")
    if not _challenge_open(session, challenge_id, now):
        raise NotAllowed(f"Voting on {challenge.short_id} has closed.")
    mine = {"team_id": team_id, "kind": "challenge", "target_id": challenge_id, "user_id": user_id}
    had = session.exec(select(func.count()).select_from(Reaction).where(
        *(getattr(Reaction, column) == value for column, value in mine.items()))).one()
    insert_ignoring_duplicates(session, Reaction, {**mine, "emoji": BUTTON, "created_at": now}, [*mine, "emoji"])
    if not had:
        post_redraws.changed(session, team_id, "challenge", challenge_id)
        _shortlist_if_enough(session, team_id, challenge_id, now)
    return Backed(challenge, vote_count(session, team_id, "challenge", challenge_id), already=bool(had))


def vote_counts(session: Session, team_ids: list[str], kind: str, target_ids: list[int]) -> dict[int, int]:
    """Votes (people) for many targets, in one query; targets nobody voted for are left out."""
    if not target_ids:
        return {}
    statement = (select(Reaction.target_id, func.count(func.distinct(Reaction.user_id)))
                 .where(Reaction.team_id.in_(team_ids), Reaction.kind == kind, Reaction.target_id.in_(target_ids))
                 .group_by(Reaction.target_id))
    return {target: count for target, count in session.exec(statement).all()}
