"""Emoji voting on Dozen's posts (challenges, nominations): one vote per person per
target whatever the emoji, retraction when their last vote emoji goes, retry-safe."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, text
from sqlmodel import Session, select

from bot.services import network, post_redraws, stages
from bot.services.errors import NotAllowed
from bot.services.workspace import get_config, parse_vote_emojis
from bot.storage.db import UTCDateTime, insert_ignoring_duplicates
from bot.storage.models import Challenge, Nomination, Reaction, WorkspaceConfig

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


def _challenge_open(session: Session, target_id: int, now: datetime) -> str | None:
    """Its workspace, when it is open and its voting window (if it has one) not over. (The few
    columns that say so, not the whole row: this is on every vote's path.)"""
    row = session.execute(_VOTING_STATE, {"id": target_id}).first()
    return row.team_id if row is not None and stages.voting_open(row, now) else None


def _nomination_open(session: Session, target_id: int, now: datetime) -> str | None:
    nomination = session.get(Nomination, target_id)
    return nomination.team_id if nomination is not None and nomination.status != "declined" else None


# Which targets accept votes right now, by kind: the workspace the target belongs to, or None.
# (A vote may come from another workspace's copy of a challenge's post: the target is the same.)
VOTABLE: dict[str, Callable[[Session, int, datetime], str | None]] = {"challenge": _challenge_open,
                                                                "nomination": _nomination_open}


def vote_count(session: Session, kind: str, target_id: int) -> int:
    """People who voted for a target, in whichever workspace's copy of its post they reacted
    (a Slack user ID is one person everywhere, in a network of workspaces too)."""
    statement = select(func.count(func.distinct(Reaction.user_id))).where(
        Reaction.kind == kind, Reaction.target_id == target_id
    )
    return session.exec(statement).one()


# The hot path of every vote as plain SQL (the same on SQLite and PostgreSQL): building these
# statements with the ORM each time cost five times what running them does.
_NOW = bindparam("now", type_=UTCDateTime())
_FIRST_DELIVERY = text(
    "INSERT INTO processed_event (team_id, event_id, received_at) VALUES (:team_id, :event_id, :now) "
    "ON CONFLICT DO NOTHING RETURNING event_id").bindparams(_NOW)
_POST_AT = text("SELECT kind, target_id FROM post WHERE team_id = :team_id AND channel_id = :channel_id AND ts = :ts")
_MINE = "team_id = :team_id AND kind = :kind AND target_id = :target_id AND user_id = :user_id"
_ORDER_FIRST = text(
    "INSERT INTO reaction_order (team_id, kind, target_id, user_id, emoji, event_ts, added, at) "
    "VALUES (:team_id, :kind, :target_id, :user_id, :emoji, :event_ts, :added, :now) "
    "ON CONFLICT DO NOTHING RETURNING event_ts").bindparams(_NOW)
_ORDER_NEWER = text(
    f"UPDATE reaction_order SET event_ts = :event_ts, added = :added, at = :now WHERE {_MINE} "
    "AND emoji = :emoji AND event_ts < :event_ts RETURNING event_ts").bindparams(_NOW)
_ADD = text("INSERT INTO reaction (team_id, kind, target_id, user_id, emoji, created_at) "
            "VALUES (:team_id, :kind, :target_id, :user_id, :emoji, :now) ON CONFLICT DO NOTHING RETURNING id"
            ).bindparams(_NOW)
_REMOVE = text(f"DELETE FROM reaction WHERE {_MINE} AND emoji = :emoji RETURNING id")
_LEFT = text("SELECT count(*) FROM reaction WHERE kind = :kind AND target_id = :target_id AND user_id = :user_id")
_VOTING_STATE = select(Challenge.team_id, Challenge.status, Challenge.voting_closed_at,
                       Challenge.voting_closes_at).where(Challenge.id == bindparam("id"))
_STAGE = select(Challenge.stage).where(Challenge.id == bindparam("id"))
_VOTE_EMOJIS = select(WorkspaceConfig.vote_emojis).where(WorkspaceConfig.team_id == bindparam("team_id"))


def first_delivery(session: Session, team_id: str, event_id: str, now: datetime) -> bool:
    """Record an Events API delivery; False when it was handled before (a Slack retry)."""
    if not event_id:
        return True
    return session.execute(_FIRST_DELIVERY, {"team_id": team_id, "event_id": event_id, "now": now}).first() is not None


def normalise_emoji(name: str) -> str:
    """':+1::skin-tone-3:' and '+1::skin-tone-3' are the vote emoji '+1'."""
    return SKIN_TONE.sub("", name.strip(":"))


def _target(session: Session, team_id: str, channel_id: str, ts: str, emoji: str | None,
            now: datetime) -> VoteTarget | None:
    """The open target posted at channel/ts, if `emoji` (when given) is a vote emoji."""
    post = session.execute(_POST_AT, {"team_id": team_id, "channel_id": channel_id, "ts": ts}).first()
    if post is None:
        return None
    kind, target_id = post
    if emoji is not None and normalise_emoji(emoji) not in parse_vote_emojis(
            session.execute(_VOTE_EMOJIS, {"team_id": team_id}).scalar_one_or_none()):
        return None
    accepts = VOTABLE.get(kind)
    owner = accepts(session, target_id, now) if accepts else None
    return VoteTarget(owner, kind, target_id) if owner else None


def _newest(session: Session, where: dict, reaction: ReactionEvent, *, added: bool, now: datetime) -> bool:
    """Record this event as the newest for its (target, person, emoji); False when a newer one
    was applied already (this one was delivered late)."""
    values = {**where, "emoji": reaction.emoji, "event_ts": reaction.event_ts, "added": added, "now": now}
    if session.execute(_ORDER_FIRST, values).first() is not None:
        return True
    return session.execute(_ORDER_NEWER, values).first() is not None


def record_reaction(session: Session, reaction: ReactionEvent, *, added: bool, now: datetime) -> VoteTarget | None:
    """Apply one reaction event exactly once, in order: a Slack retry of a handled event, or an
    event older than one already applied for the same emoji, changes nothing. Each emoji is kept
    as reacted (`+1` and `+1::skin-tone-3` are two), and a person's vote is having at least one.
    Returns the target whose count may have changed (its redraw is due), if any."""
    if not first_delivery(session, reaction.team_id, reaction.event_id, now):
        return None
    target = _target(session, reaction.team_id, reaction.channel_id, reaction.ts, reaction.emoji if added else None,
                     now)
    if target is None:
        return None
    # the vote is a row of the workspace it was made in (the copy reacted to), for the target
    mine = {"team_id": reaction.team_id, "kind": target.kind, "target_id": target.target_id,
            "user_id": reaction.user_id}
    if not _newest(session, mine, reaction, added=added, now=now):
        return None
    emoji = {**mine, "emoji": reaction.emoji, "now": now}
    stored = session.execute(_ADD if added else _REMOVE, emoji).first() is not None
    left = session.execute(_LEFT, mine).scalar_one()  # their vote emojis on any copy
    if not stored or left != (1 if added else 0):
        return None  # their vote stands as it was (another vote emoji of theirs is there)
    post_redraws.changed(session, target.team_id, target.kind, target.target_id)
    if added and target.kind == "challenge":
        _shortlist_if_enough(session, target.team_id, target.target_id, now)
    return target


def _shortlist_if_enough(session: Session, team_id: str, challenge_id: int, now: datetime) -> None:
    """Enough votes within the voting window shortlist a proposed challenge (once)."""
    if session.execute(_STAGE, {"id": challenge_id}).scalar_one() == stages.PROPOSED and \
            vote_count(session, "challenge", challenge_id) >= get_config(session, team_id).vote_threshold:
        stages.move(session, session.get(Challenge, challenge_id), stages.SHORTLISTED, now=now)


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
    if challenge is None or challenge.team_id not in network.teams(session, team_id):
        raise NotAllowed("That challenge no longer exists.")
    if not _challenge_open(session, challenge_id, now):
        raise NotAllowed("Voting on {challenge} has closed.", challenge=challenge.short_id)
    mine = {"team_id": team_id, "kind": "challenge", "target_id": challenge_id, "user_id": user_id}
    had = session.execute(_LEFT, mine).scalar_one()  # their votes on any copy
    insert_ignoring_duplicates(session, Reaction, {**mine, "emoji": BUTTON, "created_at": now}, [*mine, "emoji"])
    if not had:
        post_redraws.changed(session, challenge.team_id, "challenge", challenge_id)
        _shortlist_if_enough(session, challenge.team_id, challenge_id, now)
    return Backed(challenge, vote_count(session, "challenge", challenge_id), already=bool(had))


def vote_counts(session: Session, kind: str, target_ids: list[int]) -> dict[int, int]:
    """Votes (people) for many targets, in one query; targets nobody voted for are left out."""
    if not target_ids:
        return {}
    statement = (select(Reaction.target_id, func.count(func.distinct(Reaction.user_id)))
                 .where(Reaction.kind == kind, Reaction.target_id.in_(target_ids))
                 .group_by(Reaction.target_id))
    return {target: count for target, count in session.exec(statement).all()}
