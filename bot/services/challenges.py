"""Challenges: problems councils want solved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from bot.matching.engine import Need
from bot.matching.similar import closest
from bot.reference import councils, skills
from bot.services import network, stages
from bot.locale import N_
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.voting import vote_counts
from bot.services.workspace import get_config, next_number
from bot.storage.models import Challenge, Outcome, Post, Reaction, WorkspaceConfig

TITLE_MIN, TITLE_MAX = 3, 150
PROBLEM_MIN, PROBLEM_MAX = 20, 3000
OTHER_SKILLS_MAX = 500
HOURS_MAX = 37.5
WEEKS_MAX = 52
REF_PATTERN = re.compile(r"^\s*(?:c\s*-?\s*)?(\d{1,9})\s*$", re.IGNORECASE)


@dataclass
class ChallengeDraft:
    """What a person typed into the new-challenge modal, not yet checked."""

    title: str = ""
    problem: str = ""
    skills: list[str] = field(default_factory=list)
    other_skills: str = ""
    council_code: str = ""
    hours_per_week: str = ""
    weeks: str = ""


@dataclass(frozen=True)
class ChallengeSummary:
    challenge: Challenge
    votes: int


# What is wrong with a number, for each field that takes one.
NUMBER_ERRORS = {
    "hours": {
        "missing": N_("Enter the hours per week."),
        "not_a_number": N_("The hours per week must be a number, like 4."),
        "not_positive": N_("The hours per week must be more than 0."),
        "not_whole": N_("The hours per week must be a whole number."),
        "too_big": N_("The hours per week can be at most {maximum}."),
    },
    "weeks": {
        "missing": N_("Enter the number of weeks."),
        "not_a_number": N_("The number of weeks must be a number, like 4."),
        "not_positive": N_("The number of weeks must be more than 0."),
        "not_whole": N_("The number of weeks must be a whole number."),
        "too_big": N_("The number of weeks can be at most {maximum}."),
    },
}


def _number(text: str, field: str, *, whole: bool, maximum: float) -> tuple[float | None, Message | None]:
    said = NUMBER_ERRORS[field]
    text = (text or "").strip()
    if not text:
        return None, Message(said["missing"])
    try:
        value = float(text)
    except ValueError:
        return None, Message(said["not_a_number"])
    if value != value or value <= 0:  # NaN or not positive
        return None, Message(said["not_positive"])
    if whole and value != int(value):
        return None, Message(said["not_whole"])
    if value > maximum:
        shown = f"{maximum:g}"
        return None, Message(said["too_big"], maximum=shown)
    return value, None


def validate(draft: ChallengeDraft) -> dict:
    """Check a draft; return clean values or raise ValidationFailed naming each bad field."""
    errors: dict[str, Message] = {}
    title = " ".join(draft.title.split())
    if len(title) < TITLE_MIN:
        errors["title"] = Message("The title needs at least {minimum} characters.", minimum=TITLE_MIN)
    elif len(title) > TITLE_MAX:
        errors["title"] = Message("The title can be at most {maximum} characters (it has {count}).",
                                  maximum=TITLE_MAX, count=len(title))
    problem = (draft.problem or "").strip()
    if len(problem) < PROBLEM_MIN:
        errors["problem"] = Message("Describe the problem in at least {minimum} characters.", minimum=PROBLEM_MIN)
    elif len(problem) > PROBLEM_MAX:
        errors["problem"] = Message("The problem statement can be at most {maximum} characters.",
                                    maximum=PROBLEM_MAX)
    known = skills()
    unknown = [s for s in draft.skills if s not in known]
    chosen = [s for s in dict.fromkeys(draft.skills) if s in known]
    other = ", ".join(p.strip() for p in (draft.other_skills or "").split(",") if p.strip())
    if unknown:
        errors["skills"] = Message("Not a DDaT skill: {skills}.", skills=", ".join(unknown))
    elif not chosen and not other:
        errors["skills"] = Message("Choose at least one skill (or type one under Other skills).")
    if len(other) > OTHER_SKILLS_MAX:
        errors["other_skills"] = Message("Other skills can be at most {maximum} characters.",
                                         maximum=OTHER_SKILLS_MAX)
    if not draft.council_code:
        errors["council"] = Message("Choose the council that owns this challenge.")
    elif draft.council_code not in councils():
        errors["council"] = Message("Choose a council from the list.")
    hours, error = _number(draft.hours_per_week, "hours", whole=False, maximum=HOURS_MAX)
    if error:
        errors["hours"] = error
    elif hours * 2 != int(hours * 2):
        errors["hours"] = Message("Hours per week go in half hours, like 3.5.")
    weeks, error = _number(draft.weeks, "weeks", whole=True, maximum=WEEKS_MAX)
    if error:
        errors["weeks"] = error
    if errors:
        raise ValidationFailed(errors)
    return {
        "title": title,
        "problem": problem,
        "skills": chosen,
        "other_skills": other or None,
        "council_code": draft.council_code,
        "hours_per_week": hours,
        "weeks": int(weeks),
    }


def create(session: Session, *, team_id: str, owner_id: str, draft: ChallengeDraft, now: datetime) -> Challenge:
    values = validate(draft)
    challenge = Challenge(
        team_id=team_id,
        number=next_number(session, network.numbering_scope(session, team_id), "challenge"),
        owner_id=owner_id,
        created_at=now,
        stage=stages.PROPOSED,
        voting_closes_at=stages.voting_deadline(now, get_config(session, team_id).voting_window_weeks),
        **values,
    )
    session.add(challenge)
    session.flush()
    stages.begin(session, challenge, now)
    session.flush()
    return challenge


@dataclass(frozen=True)
class Similar:
    """A challenge like one about to be posted, with what the warning shows."""

    challenge: Challenge
    votes: int
    outcome: Outcome | None
    score: float


def as_need(challenge: Challenge | dict) -> Need:
    """A challenge (or a checked draft's values) as matching reads it."""
    get = challenge.get if isinstance(challenge, dict) else lambda key: getattr(challenge, key)
    return Need(id=get("id") or 0, council=get("council_code"), title=get("title"), problem=get("problem"),
                skills=tuple(get("skills") or ()), other_skills=get("other_skills") or "")


def similar(session: Session, team_id: str, values: dict, *, top: int = 3) -> list[Similar]:
    """The challenges most like a new one (`validate`'s values), open or delivered, closest first.
    One workspace today; the network's challenges when workspaces join one."""
    others = list(session.exec(select(Challenge).where(Challenge.team_id.in_(network.teams(session, team_id)),
                                                       Challenge.status.in_(("open", "delivered")))).all())
    found = closest(as_need(values), [as_need(c) for c in others], top=top)
    chosen = [others[i] for i, _ in found]
    votes = vote_counts(session, "challenge", [c.id for c in chosen])
    outcomes = {o.challenge_id: o for o in session.exec(select(Outcome).where(
        Outcome.challenge_id.in_([c.id for c in chosen]))).all()} if chosen else {}
    return [Similar(c, votes.get(c.id, 0), outcomes.get(c.id), score) for c, (_, score) in zip(chosen, found)]


@dataclass(frozen=True)
class Proposed:
    """A new-challenge form's outcome: posted (`challenge`), or held back to show `similar` ones."""

    challenge: Challenge | None = None
    similar: list[Similar] = field(default_factory=list)


def propose(session: Session, *, team_id: str, owner_id: str, draft: ChallengeDraft, now: datetime,
            check_similar: bool = True) -> Proposed:
    """Post a challenge, unless (when `check_similar`) some already in the network are close:
    then nothing is stored and those are returned, for the author to choose."""
    if check_similar:
        close = similar(session, team_id, validate(draft))
        if close:
            return Proposed(similar=close)
    return Proposed(challenge=create(session, team_id=team_id, owner_id=owner_id, draft=draft, now=now))


def sharing_channels(session: Session, team_id: str) -> list[tuple[str, str]]:
    """(workspace, challenges channel) of every other member of `team_id`'s network that has one."""
    others = network.teams(session, team_id)[1:]
    if not others:
        return []
    configs = session.exec(select(WorkspaceConfig).where(WorkspaceConfig.team_id.in_(others))).all()
    return [(c.team_id, c.challenges_channel) for c in configs if c.challenges_channel]


def record_copy(session: Session, team_id: str, challenge_id: int, channel_id: str, ts: str) -> None:
    """Remember another workspace's copy of a challenge's post: reactions there are votes too."""
    session.add(Post(team_id=team_id, channel_id=channel_id, ts=ts, kind="challenge", target_id=challenge_id))


def posts_of(session: Session, challenge_id: int) -> list[Post]:
    """Every post of a challenge: the original first, then the copies in other workspaces."""
    posts = session.exec(select(Post).where(Post.kind == "challenge", Post.target_id == challenge_id)
                         .order_by(Post.id)).all()
    return list(posts)


def record_post(session: Session, team_id: str, challenge_id: int, channel_id: str, ts: str) -> None:
    """Remember where the challenge was posted, so votes on that message count for it."""
    challenge = get_by_id(session, team_id, challenge_id)
    challenge.channel_id, challenge.message_ts = channel_id, ts
    session.add(challenge)
    session.add(Post(team_id=challenge.team_id, channel_id=channel_id, ts=ts, kind="challenge", target_id=challenge.id))
    session.flush()


def parse_ref(text: str) -> int | None:
    """'C-12', 'c12' or '12' -> 12; anything else -> None."""
    match = REF_PATTERN.match(text or "")
    return int(match.group(1)) if match else None


def get(session: Session, team_id: str, ref: str) -> Challenge:
    number = parse_ref(ref)
    if number is None:
        raise NotFound("“{ref}” is not a challenge ID. IDs look like C-12.", ref=ref)
    challenge = session.exec(select(Challenge).where(Challenge.team_id.in_(network.teams(session, team_id)),
                                                     Challenge.number == number)
                             .order_by((Challenge.team_id == team_id).desc())).first()
    if challenge is None:
        ref = f"C-{number}"
        raise NotFound("There is no challenge {challenge} in this workspace. `/challenge list` shows the open ones.",
                       challenge=ref)
    return challenge


def get_by_id(session: Session, team_id: str, challenge_id: int) -> Challenge:
    challenge = session.get(Challenge, challenge_id)
    if challenge is None or (challenge.team_id != team_id and challenge.team_id not in network.teams(session, team_id)):
        raise NotFound("That challenge no longer exists.")
    return challenge


def list_open(session: Session, team_id: str) -> list[ChallengeSummary]:
    """Open challenges, most votes first (then newest)."""
    votes = (  # from every workspace a challenge is posted in (a Slack user ID is one person everywhere)
        select(Reaction.target_id, func.count(func.distinct(Reaction.user_id)).label("votes"))
        .where(Reaction.kind == "challenge")
        .group_by(Reaction.target_id)
        .subquery()
    )
    count = func.coalesce(votes.c.votes, 0)
    statement = (
        select(Challenge, count)
        .outerjoin(votes, votes.c.target_id == Challenge.id)
        .where(Challenge.team_id.in_(network.teams(session, team_id)), Challenge.status == "open")
        .order_by(count.desc(), Challenge.number.desc())
    )
    return [ChallengeSummary(challenge, votes) for challenge, votes in session.exec(statement).all()]


def close(session: Session, *, team_id: str, ref: str, user_id: str, is_organiser: bool, now: datetime,
          reason: str = "") -> Challenge:
    """`/challenge close C-12 [reason]`: its owner or an organiser closes it, at any stage before delivery."""
    challenge = get(session, team_id, ref)
    if challenge.owner_id != user_id and not is_organiser:
        owner = f"<@{challenge.owner_id}>"
        raise NotAllowed("Only {owner}, who posted {challenge}, or an organiser can close it.",
                         owner=owner, challenge=challenge.short_id)
    if challenge.status != "open":
        _already(challenge)
    reason = " ".join((reason or "").split())
    if len(reason) > stages.REASON_MAX:
        raise NotAllowed("Keep the reason to {maximum} characters (it has {count}).", maximum=stages.REASON_MAX,
                         count=len(reason))
    if not stages.move(session, challenge, stages.CLOSED, now=now, by=user_id, reason=reason or None):
        _already(challenge)
    return challenge


def _already(challenge: Challenge) -> None:
    if challenge.status == "delivered":
        raise NotAllowed("{challenge} is already delivered.", challenge=challenge.short_id)
    raise NotAllowed("{challenge} is already closed.", challenge=challenge.short_id)
