"""The weekly digest's rules: when it is due, what matching sees, and what was posted."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import lru_cache

from sqlalchemy import func
from sqlmodel import Session, select

from bot import bank_holidays
from bot.bank_holidays import DEFAULT_NATION
from bot.clock import iso_week_key, week_start
from bot.matching.engine import Candidate, Matcher, Need, Plan, SkillInfo
from bot.reference import skills
from bot.services import availability, network
from bot.storage.models import (
    Availability,
    Booking,
    Challenge,
    DigestPart,
    DigestProposal,
    Nomination,
    Outcome,
    Profile,
    Reaction,
    WorkspaceConfig,
)

class DigestStatus(Enum):
    POSTED = "posted"
    ALREADY_POSTED = "already posted"
    BEING_POSTED = "being posted elsewhere"
    NOT_DUE = "not due"
    NO_CHANNEL = "no digest channel"


@dataclass(frozen=True)
class DigestOutcome:
    team_id: str
    status: DigestStatus
    period: str | None = None
    posted: int = 0
    channel: str | None = None

    @property
    def summary(self) -> str:
        """One line for logs and the command line."""
        if self.status is DigestStatus.POSTED:
            return (f"{self.team_id} {self.period}: posted {self.posted} message{'s' if self.posted != 1 else ''} "
                    f"in {self.channel}")
        if self.period:
            return f"{self.team_id} {self.period}: {self.status.value}"
        return f"{self.team_id}: {self.status.value}"


FREE_WEEKS = 4  # "free in the coming weeks": the next four
JOB = "digest"


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    """One per process: the DDaT skill space is fitted once."""
    return Matcher([SkillInfo(s.name, s.description, tuple(s.levels.values()), s.roles)
                    for s in skills().values()])


def period_of(day: date) -> str:
    """A digest's period: the ISO week it belongs to."""
    return iso_week_key(week_start(day))


def due_period(config: WorkspaceConfig, local_now: datetime, nation: str = DEFAULT_NATION) -> str | None:
    """The period whose digest is due now, if any: on the organisers' day (or, when that is a
    bank holiday in the workspace's nation, the next working day), from their time until
    midnight: a bot that was down at 09:00 still posts that day when it comes back. A digest
    moved past the end of its week (a Friday digest on Good Friday) is last week's."""
    hour, minute = (int(x) for x in config.digest_time.split(":"))
    if local_now.time() < time(hour, minute):
        return None
    today = local_now.date()
    for week in (week_start(today), week_start(today) - timedelta(weeks=1)):
        if bank_holidays.moved(week + timedelta(days=config.digest_weekday), nation) == today:
            return iso_week_key(week)
    return None


def is_due(config: WorkspaceConfig, local_now: datetime, nation: str = DEFAULT_NATION) -> bool:
    return due_period(config, local_now, nation) is not None


def workspaces_with_digests(session: Session) -> list[WorkspaceConfig]:
    return list(session.exec(select(WorkspaceConfig).where(WorkspaceConfig.digest_channel.is_not(None))).all())


def free_hours(session: Session, team_id: str | list[str], profiles: list[Profile],
               weeks: list[date]) -> dict[str, float]:
    """Free hours over `weeks` for every member at once (two queries, not one per person), the
    members being of one workspace or of several (a network's pool)."""
    teams = [team_id] if isinstance(team_id, str) else team_id
    rows = session.exec(select(Availability).where(Availability.team_id.in_(teams),
                                                   Availability.week_start.in_(weeks))).all()
    offered = {(r.user_id, r.week_start): r.hours for r in rows}
    booked = defaultdict(float)
    for person, week, hours in session.exec(
        select(Booking.person_id, Booking.week_start, func.sum(Booking.hours))
        .where(Booking.person_team_id.in_(teams), Booking.status == "confirmed", Booking.week_start.in_(weeks))
        .group_by(Booking.person_id, Booking.week_start)
    ).all():
        booked[(person, week)] = float(hours)
    return {
        p.user_id: sum(max(0.0, offered.get((p.user_id, w), p.hours_per_week) - booked[(p.user_id, w)])
                       for w in weeks)
        for p in profiles
    }


def gather(session: Session, team_id: str, today: date) -> tuple[list[Candidate], list[Need]]:
    """What matching needs to know, as plain values: the network's pool and open challenges
    (one workspace's, when it is not in a network)."""
    teams = network.teams(session, team_id)
    profiles = list(session.exec(select(Profile).where(Profile.team_id.in_(teams), Profile.status == "member")).all())
    free = free_hours(session, teams, profiles, availability.coming_weeks(today, FREE_WEEKS))
    past: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)  # person -> challenge id -> (label, text)
    for person, challenge in session.exec(
        select(Booking.person_id, Challenge).join(Challenge, Challenge.id == Booking.challenge_id)
        .where(Booking.person_team_id.in_(teams), Booking.status == "confirmed")
    ).all():
        past[person][challenge.id] = (f"{challenge.short_id}: {challenge.title}",
                                      f"{challenge.title} {challenge.problem} {' '.join(challenge.skills)}")
    for outcome in session.exec(select(Outcome).where(Outcome.team_id.in_(teams))).all():
        for work in past.values():  # what was delivered says best what they did
            if outcome.challenge_id in work:
                label, text = work[outcome.challenge_id]
                work[outcome.challenge_id] = (label, f"{text} {outcome.delivered} {outcome.reusable or ''}")
    votes = dict(session.exec(
        select(Nomination.nominee_id, func.count(func.distinct(Reaction.user_id)))
        .join(Reaction, (Reaction.target_id == Nomination.id) & (Reaction.kind == "nomination"))
        .where(Nomination.team_id.in_(teams))
        .group_by(Nomination.nominee_id)
    ).all())
    people = [
        Candidate(id=p.user_id, council=p.council_code, skills=dict(p.skills), help_kinds=tuple(p.help_kinds),
                  bio=p.bio or "", past_work=tuple(past[p.user_id].values()), free_hours=free.get(p.user_id, 0.0),
                  votes=int(votes.get(p.user_id, 0)))
        for p in profiles
    ]
    challenges = session.exec(select(Challenge).where(Challenge.team_id.in_(teams), Challenge.status == "open")
                              .order_by(Challenge.number)).all()
    needs = [Need(id=c.id, council=c.council_code, title=c.title, problem=c.problem, skills=tuple(c.skills),
                  other_skills=c.other_skills or "", hours_per_week=c.hours_per_week) for c in challenges]
    return people, needs


def previous_pairs(session: Session, team_id: str, period: str) -> set[tuple[str, int]]:
    """Who the last digest before `period` proposed for what."""
    last = session.exec(select(func.max(DigestProposal.period))
                        .where(DigestProposal.team_id == team_id, DigestProposal.period < period)).one()
    if last is None:
        return set()
    rows = session.exec(select(DigestProposal).where(DigestProposal.team_id == team_id,
                                                     DigestProposal.period == last)).all()
    return {(r.person_id, r.challenge_id) for r in rows}


class Gathered:
    """What matching sees, read once for every workspace of a network in one run of the job
    (it is the same pool and the same challenges for all of them)."""

    def __init__(self) -> None:
        self._seen: dict[tuple, tuple[list[Candidate], list[Need]]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, team_id: str, today: date) -> tuple[list[Candidate], list[Need]]:
        key = (tuple(sorted(network.teams(session, team_id))), today)
        with self._lock:
            if key not in self._seen:
                self._seen[key] = gather(session, team_id, today)
            return self._seen[key]


def plan_week(session: Session, team_id: str, period: str, today: date,
              gathered: Gathered | None = None) -> tuple[Plan, list[Challenge], dict[str, str]]:
    """The week's proposals, the open challenges, and each pool member's council."""
    people, needs = gathered.get(session, team_id, today) if gathered else gather(session, team_id, today)
    plan = matcher().plan(people, needs, previous=previous_pairs(session, team_id, period))
    challenges = list(session.exec(select(Challenge).where(Challenge.id.in_([n.id for n in needs]))
                                   .order_by(Challenge.number)).all())
    return plan, challenges, {p.id: p.council for p in people}


def from_elsewhere(session: Session, team_id: str) -> dict[str, tuple[str, str]]:
    """Pool members of the network's other workspaces: person -> (their workspace, their name).
    A mention of them shows nothing here, so the digest names them."""
    others = network.teams(session, team_id)[1:]
    if not others:
        return {}
    rows = session.exec(select(Profile).where(Profile.team_id.in_(others), Profile.status == "member")).all()
    return {p.user_id: (p.team_id, p.display_name or "A pool member") for p in rows}


def parts(session: Session, team_id: str, period: str) -> list[DigestPart]:
    return list(session.exec(select(DigestPart).where(DigestPart.team_id == team_id, DigestPart.period == period)
                             .order_by(DigestPart.part)).all())


def save_plan(session: Session, *, team_id: str, period: str, plan: Plan,
              messages: list[tuple[str, str, list[dict]]]) -> list[DigestPart]:
    """Store the week's messages (channel, text, blocks) and proposals before posting any."""
    for number, (channel, text, blocks) in enumerate(messages):
        session.add(DigestPart(team_id=team_id, period=period, part=number, channel_id=channel, text=text,
                               blocks=blocks))
    for need_id, proposals in plan.proposals.items():
        for proposal in proposals:
            session.add(DigestProposal(team_id=team_id, period=period, challenge_id=need_id,
                                       person_id=proposal.person_id))
    session.flush()
    return parts(session, team_id, period)


def mark_posted(session: Session, part: DigestPart, ts: str, now: datetime) -> None:
    stored = session.get(DigestPart, (part.team_id, part.period, part.part))
    stored.ts, stored.posted_at = ts, now
    session.add(stored)


def week_of_period(period: str) -> date:
    return datetime.strptime(period + "-1", "%G-W%V-%u").date()

