"""A challenge's life: proposed → shortlisted → funded → in progress → delivered, or closed at
any point. Moves happen where their cause happens (votes, funding, bookings and cohorts,
outcomes, `/challenge close`), each recorded once with when, who and why, and announced once
in the challenge's thread (see `claim_announcements`).

`Challenge.status` keeps its old meaning for everything that reads it: "open" while the
challenge is in a live stage (proposed to in progress), then "delivered" or "closed"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Row, update
from sqlmodel import Session, select

from bot.locale import ENGLISH, Lang, N_
from bot.services import post_redraws
from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Challenge, ChallengeStage

PROPOSED, SHORTLISTED, FUNDED, IN_PROGRESS, DELIVERED, CLOSED = (
    "proposed", "shortlisted", "funded", "in_progress", "delivered", "closed")
# The order a challenge moves in; it can skip stages (no funding target: never funded) but not go back.
FORWARD = (PROPOSED, SHORTLISTED, FUNDED, IN_PROGRESS, DELIVERED)
STAGES = FORWARD + (CLOSED,)
LIVE = (PROPOSED, SHORTLISTED, FUNDED, IN_PROGRESS)  # status "open"
# Translators: a challenge's stages, as the names of the board's columns.
LABELS = {PROPOSED: N_("Proposed"), SHORTLISTED: N_("Shortlisted"), FUNDED: N_("Funded"),
          IN_PROGRESS: N_("In progress"), DELIVERED: N_("Delivered"), CLOSED: N_("Closed")}
REASON_MAX = 300


def label(stage: str, t: Lang = ENGLISH) -> str:
    """A stage's name, in `t`'s language."""
    return t._(LABELS[stage]) if stage in LABELS else stage


def status_of(stage: str) -> str:
    return "open" if stage in LIVE else stage


def voting_deadline(posted: datetime, window_weeks: int) -> datetime | None:
    """When voting on a challenge posted at `posted` ends (None: it never does)."""
    return posted + timedelta(weeks=window_weeks) if window_weeks > 0 else None


def voting_open(challenge: Challenge | Row, now: datetime) -> bool:
    """Votes count while the challenge is in a live stage and its window has not ended. (A row
    of just its status, voting_closed_at and voting_closes_at will do: votes read no more.)"""
    if challenge.status != "open" or challenge.voting_closed_at is not None:
        return False
    return challenge.voting_closes_at is None or now < challenge.voting_closes_at


def begin(session: Session, challenge: Challenge, now: datetime) -> None:
    """A new challenge's first stage (nothing to announce: the post is the announcement)."""
    session.add(ChallengeStage(team_id=challenge.team_id, challenge_id=challenge.id, stage=PROPOSED, at=now,
                               by_user=challenge.owner_id, announced_at=now))


def move(session: Session, challenge: Challenge, stage: str, *, now: datetime, by: str | None = None,
         reason: str | None = None, announce: bool = True) -> bool:
    """Move a challenge forward to `stage` (or close it), once: False when it is there or past
    it already, or delivered or closed. The move is recorded, its post marked for redrawing, and
    (unless `announce` is False, when the caller announces it its own way) left to be announced."""
    assert stage in STAGES
    current = challenge.stage
    if current not in LIVE:
        return False
    if stage != CLOSED and FORWARD.index(stage) <= FORWARD.index(current):
        return False
    values = {"stage": stage, "status": status_of(stage)}
    if stage == CLOSED:
        values.update(closed_at=now, closed_by=by, close_reason=reason)
    won = session.execute(update(Challenge).where(Challenge.id == challenge.id, Challenge.stage == current)
                          .values(**values).returning(Challenge.id)).first()
    if not won:  # someone else moved it meanwhile
        session.refresh(challenge)
        return False
    insert_ignoring_duplicates(session, ChallengeStage, {
        "team_id": challenge.team_id, "challenge_id": challenge.id, "stage": stage, "at": now, "by_user": by,
        "reason": reason, "announced_at": None if announce else now}, ["team_id", "challenge_id", "stage"])
    post_redraws.changed(session, challenge.team_id, "challenge", challenge.id)
    session.refresh(challenge)
    return True


def move_by_id(session: Session, team_id: str, challenge_id: int, stage: str, *, now: datetime,
               by: str | None = None) -> bool:
    challenge = session.get(Challenge, challenge_id)
    if challenge is None or challenge.team_id != team_id:
        return False
    return move(session, challenge, stage, now=now, by=by)


def history(session: Session, team_id: str, challenge_id: int) -> list[ChallengeStage]:
    """Every stage a challenge entered, in order."""
    return list(session.exec(select(ChallengeStage).where(ChallengeStage.team_id == team_id,
                                                          ChallengeStage.challenge_id == challenge_id)
                             .order_by(ChallengeStage.at, ChallengeStage.id)).all())


def histories(session: Session, team_ids: list[str], challenge_ids: list[int]) -> dict[int, list[ChallengeStage]]:
    """Stage histories of many challenges, in one query."""
    if not challenge_ids:
        return {}
    found: dict[int, list[ChallengeStage]] = {}
    for row in session.exec(select(ChallengeStage).where(ChallengeStage.team_id.in_(team_ids),
                                                         ChallengeStage.challenge_id.in_(challenge_ids))
                            .order_by(ChallengeStage.at, ChallengeStage.id)).all():
        found.setdefault(row.challenge_id, []).append(row)
    return found


@dataclass(frozen=True)
class Announcement:
    challenge: Challenge
    move: ChallengeStage


def claim_announcements(session: Session, team_id: str, challenge_id: int, now: datetime) -> list[Announcement]:
    """The moves of a challenge not yet announced, each claimed (a conditional UPDATE) so that
    whichever process redraws the post announces it, once."""
    pending = session.exec(select(ChallengeStage).where(ChallengeStage.team_id == team_id,
                                                        ChallengeStage.challenge_id == challenge_id,
                                                        ChallengeStage.announced_at.is_(None))
                           .order_by(ChallengeStage.at, ChallengeStage.id)).all()
    claimed = []
    for row in pending:
        won = session.execute(update(ChallengeStage).where(ChallengeStage.id == row.id,
                                                           ChallengeStage.announced_at.is_(None))
                              .values(announced_at=now).returning(ChallengeStage.id)).first()
        if won:
            claimed.append(row)
    if not claimed:
        return []
    challenge = session.get(Challenge, challenge_id)
    return [Announcement(challenge, row) for row in claimed]


def close_voting_windows(session: Session, *, now: datetime) -> list[Challenge]:
    """Open challenges (every workspace) whose voting window has ended: each is marked closed
    once (a conditional UPDATE, so two runs or processes never both do) and its post marked
    for redrawing. Returns those closed by this call."""
    due = session.exec(select(Challenge).where(Challenge.status == "open", Challenge.voting_closes_at.is_not(None),
                                               Challenge.voting_closes_at <= now,
                                               Challenge.voting_closed_at.is_(None))
                       .order_by(Challenge.id)).all()
    closed = []
    for challenge in due:
        won = session.execute(update(Challenge).where(Challenge.id == challenge.id,
                                                      Challenge.voting_closed_at.is_(None))
                              .values(voting_closed_at=now).returning(Challenge.id)).first()
        if won:
            post_redraws.changed(session, challenge.team_id, "challenge", challenge.id)
            session.refresh(challenge)
            closed.append(challenge)
    return closed
