"""The board: challenges by stage, for `/challenge board` and for the public web board.

The public board shows the workspaces whose organisers turned it on (today one workspace per
deployment; the network's when workspaces join one). People appear on it only if they agreed
in their profile, and then only by name and council; private check-in notes never do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from bot.locale import Lang
from bot.services import funding, stages
from bot.services.challenges import parse_ref
from bot.services.funding import FundingState
from bot.services.voting import vote_counts
from bot.storage.models import (
    Booking,
    Challenge,
    ChallengeStage,
    Checkin,
    CohortMember,
    Outcome,
    Profile,
    WorkspaceConfig,
)

BOARD_STAGES = stages.FORWARD  # closed challenges are not on the board
FEED_SIZE = 50


@dataclass(frozen=True)
class Card:
    challenge: Challenge
    votes: int
    funding: FundingState | None
    moves: list[ChallengeStage] = field(default_factory=list)

    def entered(self, stage: str) -> datetime | None:
        return next((m.at for m in self.moves if m.stage == stage), None)


@dataclass(frozen=True)
class Lane:
    stage: str
    cards: list[Card]

    @property
    def label(self) -> str:
        """The stage's name in English (as /board.json gives it)."""
        return stages.label(self.stage)

    def label_in(self, t: Lang) -> str:
        return stages.label(self.stage, t)


def _cards(session: Session, team_ids: list[str], challenges: list[Challenge]) -> list[Card]:
    ids = [c.id for c in challenges]
    votes = vote_counts(session, "challenge", ids)
    money: dict[int, FundingState] = {}
    for team_id in team_ids:
        money.update(funding.states(session, team_id, [c.id for c in challenges if c.team_id == team_id]))
    moves = stages.histories(session, team_ids, ids)
    return [Card(c, votes.get(c.id, 0), money.get(c.id), moves.get(c.id, [])) for c in challenges]


def lanes(session: Session, team_ids: list[str]) -> list[Lane]:
    """Every stage from proposed to delivered, each with its challenges, most votes first
    (then newest)."""
    if not team_ids:
        return [Lane(stage, []) for stage in BOARD_STAGES]
    found = list(session.exec(select(Challenge).where(Challenge.team_id.in_(team_ids),
                                                      Challenge.stage.in_(BOARD_STAGES))).all())
    cards = sorted(_cards(session, team_ids, found), key=lambda c: (-c.votes, -c.challenge.created_at.timestamp(),
                                                                    -c.challenge.number))
    return [Lane(stage, [c for c in cards if c.challenge.stage == stage]) for stage in BOARD_STAGES]


def public_teams(session: Session) -> list[str]:
    """The workspaces whose board is public."""
    return list(session.exec(select(WorkspaceConfig.team_id).where(WorkspaceConfig.public_board)
                             .order_by(WorkspaceConfig.team_id)).all())


def public_settings(session: Session) -> dict[str, tuple[str, str]]:
    """Each public workspace's (language of its channel posts, currency)."""
    rows = session.exec(select(WorkspaceConfig).where(WorkspaceConfig.public_board)).all()
    return {c.team_id: (c.language or "en", c.currency or "GBP") for c in rows}


def public_lanes(session: Session) -> list[Lane] | None:
    """The public board, or None when no workspace has turned it on."""
    teams = public_teams(session)
    return lanes(session, teams) if teams else None


@dataclass(frozen=True)
class PublicPerson:
    name: str
    council_code: str


@dataclass(frozen=True)
class PublicCheckin:
    week_start: object
    by: PublicPerson | None  # None: someone who did not agree to be shown
    problem_statement: str
    surprise: str
    shipped: str


@dataclass(frozen=True)
class ChallengePage:
    card: Card
    outcome: Outcome | None
    people: list[PublicPerson]
    others: int  # people working on it who are not shown
    checkins: list[PublicCheckin]


def _shown(session: Session, team_id: str, user_ids: set[str]) -> dict[str, PublicPerson]:
    """Those of `user_ids` who agreed to be shown publicly, by their name and council."""
    if not user_ids:
        return {}
    rows = session.exec(select(Profile).where(Profile.team_id == team_id, Profile.user_id.in_(sorted(user_ids)),
                                              Profile.show_publicly, Profile.public_name.is_not(None))).all()
    return {p.user_id: PublicPerson(p.public_name, p.council_code) for p in rows}


def public_page(session: Session, ref: str) -> ChallengePage | None:
    """One challenge on the public board (`C-12`), or None: the board is off, no such
    challenge, or it is closed."""
    teams, number = public_teams(session), parse_ref(ref)
    if not teams or number is None:
        return None
    challenge = session.exec(select(Challenge).where(Challenge.team_id.in_(teams), Challenge.number == number,
                                                     Challenge.stage.in_(BOARD_STAGES))
                             .order_by(Challenge.team_id)).first()
    if challenge is None:
        return None
    team_id = challenge.team_id
    [card] = _cards(session, [team_id], [challenge])
    card = Card(card.challenge, card.votes, funding.state(session, team_id, challenge.id), card.moves)
    working = set(session.exec(select(CohortMember.person_id).where(
        CohortMember.team_id == team_id, CohortMember.challenge_id == challenge.id,
        CohortMember.status == "accepted")).all())
    working |= set(session.exec(select(Booking.person_id).where(
        Booking.team_id == team_id, Booking.challenge_id == challenge.id, Booking.status == "confirmed")).all())
    answered = list(session.exec(select(Checkin).where(
        Checkin.team_id == team_id, Checkin.challenge_id == challenge.id, Checkin.answered_at.is_not(None),
        Checkin.posted.is_not(None)).order_by(Checkin.week_start, Checkin.answered_at)).all())
    shown = _shown(session, team_id, working | {c.person_id for c in answered})
    people = sorted((shown[p] for p in working if p in shown), key=lambda p: p.name.lower())
    checkins = [PublicCheckin(c.week_start, shown.get(c.person_id), c.problem_statement or "", c.surprise or "",
                              c.shipped or "") for c in answered]
    return ChallengePage(card, session.get(Outcome, (team_id, challenge.id)), people,
                         len([p for p in working if p not in shown]), checkins)


@dataclass(frozen=True)
class FeedEntry:
    challenge: Challenge
    move: ChallengeStage


def public_feed(session: Session) -> list[FeedEntry] | None:
    """The newest stage moves on the public board (for the Atom feed), or None when it is off."""
    teams = public_teams(session)
    if not teams:
        return None
    rows = session.exec(
        select(ChallengeStage, Challenge)
        .join(Challenge, Challenge.id == ChallengeStage.challenge_id)
        .where(ChallengeStage.team_id.in_(teams), ChallengeStage.stage.in_(BOARD_STAGES),
               Challenge.stage.in_(BOARD_STAGES))
        .order_by(ChallengeStage.at.desc(), ChallengeStage.id.desc())
        .limit(FEED_SIZE)).all()
    return [FeedEntry(challenge, move) for move, challenge in rows]
