"""Cohorts: a dozen pool members from different councils on the top challenges for a few weeks.

Forming one: the organiser's choices are checked, matching scores everyone of the network's pool
free for the asked hours in every week (each in their own workspace), and matching.cohort
assigns them. Accepting an invitation books those hours in every week through the bookings
rules (capacity, manager approval)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from sqlmodel import Session, delete, select

from bot.locale import N_
from bot.matching.cohort import form_cohort
from bot.matching.engine import Candidate, Need
from bot.services import audit, availability, challenges, network, stages
from bot.services.digest import free_hours, matcher
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.languages import Told
from bot.services.pool import get_profile
from bot.services.workspace import next_number
from bot.storage.models import Challenge, Cohort, CohortMember, Profile

NAME_MAX = 100
REASON_MAX = 500  # CohortMember.reason
MAX_WEEKS = 12
MAX_SIZE = 24
MAX_CHALLENGES = 6
DEFAULT_CHALLENGES = 4


@dataclass
class CohortDraft:
    name: str = ""
    first_week: str = ""
    weeks: str = "6"
    size: str = "12"
    hours: str = ""
    challenge_ids: list[str] = field(default_factory=list)


def get(session: Session, team_id: str, cohort_id: int) -> Cohort:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or cohort.team_id != team_id:
        raise NotFound("That cohort no longer exists.")
    return cohort


def weeks_of(cohort: Cohort) -> list[date]:
    return [cohort.first_week + timedelta(weeks=i) for i in range(cohort.weeks)]


def members(session: Session, cohort_id: int, *statuses: str) -> list[CohortMember]:
    statement = select(CohortMember).where(CohortMember.cohort_id == cohort_id)
    if statuses:
        statement = statement.where(CohortMember.status.in_(statuses))
    return list(session.exec(statement.order_by(CohortMember.challenge_id, CohortMember.id)).all())


def teams_of(session: Session, cohort: Cohort, *statuses: str) -> list[tuple[Challenge, list[CohortMember]]]:
    """[(challenge, members)] in the cohort's challenge order."""
    everyone = members(session, cohort.id, *statuses)
    return [(challenges.get_by_id(session, cohort.team_id, cid), [m for m in everyone if m.challenge_id == cid])
            for cid in cohort.challenge_ids]


def default_challenges(session: Session, team_id: str) -> list[Challenge]:
    """The most-voted open challenges, up to 4."""
    return [s.challenge for s in challenges.list_open(session, team_id)[:DEFAULT_CHALLENGES]]


WHOLE = {  # field -> (not a whole number, out of range)
    "weeks": (N_("The length in weeks must be a whole number from {low} to {high}."),
              N_("The length in weeks must be from {low} to {high}.")),
    "size": (N_("The size must be a whole number from {low} to {high}."),
             N_("The size must be from {low} to {high}.")),
}
# A challenge that isn't open any more, by its status: what a cohort form says of it.
NOT_OPEN = {"delivered": N_("{challenge} is delivered: choose open challenges."),
            "closed": N_("{challenge} is closed: choose open challenges.")}
# What the organiser is told when a cohort moved on, by its status.
ALREADY = {"confirmed": N_("{cohort} is already confirmed."), "finished": N_("{cohort} is already finished.")}


def _whole(text: str, low: int, high: int, errors: dict, field_name: str) -> int | None:
    not_whole, out_of_range = WHOLE[field_name]
    try:
        value = int((text or "").strip())
    except ValueError:
        errors[field_name] = Message(not_whole, low=low, high=high)
        return None
    if not low <= value <= high:
        errors[field_name] = Message(out_of_range, low=low, high=high)
        return None
    return value


def check_draft(session: Session, team_id: str, draft: CohortDraft, today: date) -> dict:
    errors: dict[str, Message] = {}
    name = " ".join((draft.name or "").split())
    if len(name) < 3:
        errors["name"] = Message("Give the cohort a name of at least 3 characters.")
    elif len(name) > NAME_MAX:
        errors["name"] = Message("Keep the name to {most} characters.", most=NAME_MAX)
    first = availability.parse_week(draft.first_week)
    if first is None:
        errors["first_week"] = Message("Choose the first week (a Monday).")
    elif availability.has_started(first, today):
        errors["first_week"] = Told(N_("{week} has started: choose a week that hasn't."), week=first)
    weeks = _whole(draft.weeks, 1, MAX_WEEKS, errors, "weeks")
    size = _whole(draft.size, 2, MAX_SIZE, errors, "size")
    try:
        hours = float((draft.hours or "").strip())
    except ValueError:
        hours = None
    if hours is None or hours != hours or not 0.5 <= hours <= 37.5:
        errors["hours"] = Message("Hours a week must be a number from {low} to {high}.", low="0.5", high="37.5")
    elif hours * 2 != int(hours * 2):
        errors["hours"] = Message("Hours go in half hours, like {example}.", example="3.5")
    chosen = []
    for value in draft.challenge_ids:
        try:
            challenge = challenges.get_by_id(session, team_id, int(value))
        except (NotFound, ValueError):
            errors["challenges"] = Message("Choose open challenges from the list.")
            break
        if challenge.status != "open":
            errors["challenges"] = Message(NOT_OPEN.get(challenge.status, NOT_OPEN["closed"]),
                                           challenge=challenge.short_id)
            break
        chosen.append(challenge.id)
    if not chosen and "challenges" not in errors:
        errors["challenges"] = Message("Choose at least one challenge.")
    elif len(chosen) > MAX_CHALLENGES:
        errors["challenges"] = Message("Choose at most {most} challenges.", most=MAX_CHALLENGES)
    if errors:
        raise ValidationFailed(errors)
    return {"name": name, "first_week": first, "weeks": weeks, "size": size, "hours": hours,
            "challenge_ids": chosen}


def stored_reason(proposal) -> str:
    """Why someone was proposed, as stored with their place: what the reason is made of (JSON),
    said later in each reader's language; the English words if that would be too long to keep."""
    made_of = json.dumps(proposal.reason_values(), ensure_ascii=False, separators=(",", ":"))
    return made_of if len(made_of) <= REASON_MAX else proposal.reason()[:REASON_MAX]


def eligible(session: Session, team_id: str, weeks: list[date], hours: float,
              exclude: set[str]) -> list[Profile]:
    """Members of the pool `team_id` shares (the network's, else its own) free for `hours` in
    every one of `weeks`, in their own workspace."""
    teams = network.teams(session, team_id)
    profiles = [p for p in session.exec(select(Profile).where(Profile.team_id.in_(teams),
                                                               Profile.status == "member")).all()
                if p.user_id not in exclude]
    eligible = []
    for profile in profiles:
        if all(week.free >= hours for week in availability.week_hours(session, profile, weeks)):
            eligible.append(profile)
    return eligible


def candidates(session: Session, team_id: str, profiles: list[Profile], cohort_weeks: list[date],
                challenge_rows: list[Challenge]) -> tuple[list[Candidate], list[Need]]:
    free = free_hours(session, sorted({p.team_id for p in profiles}) or [team_id], profiles, cohort_weeks)
    people = [Candidate(id=p.user_id, council=p.council_code, skills=dict(p.skills), help_kinds=tuple(p.help_kinds),
                        bio=p.bio or "", free_hours=free.get(p.user_id, 0.0)) for p in profiles]
    needs = [Need(id=c.id, council=c.council_code, title=c.title, problem=c.problem, skills=tuple(c.skills),
                  other_skills=c.other_skills or "", hours_per_week=c.hours_per_week) for c in challenge_rows]
    return people, needs


def _assign(session: Session, cohort: Cohort, exclude: set[str], now: datetime) -> list[CohortMember]:
    """Propose members for `cohort` (replacing earlier proposals) from everyone eligible."""
    session.exec(delete(CohortMember).where(CohortMember.cohort_id == cohort.id, CohortMember.status == "proposed"))
    rows = [challenges.get_by_id(session, cohort.team_id, cid) for cid in cohort.challenge_ids]
    profiles = eligible(session, cohort.team_id, weeks_of(cohort), cohort.hours, exclude)
    people, needs = candidates(session, cohort.team_id, profiles, weeks_of(cohort), rows)
    fit = np.zeros((len(needs), len(people)))
    for i, scored in enumerate(matcher().candidates(people, needs, keep=len(people)).values()):
        for person, score, _ in scored:
            fit[i, person] = score
    plan = form_cohort(fit, [p.council for p in people], [n.council for n in needs], size=cohort.size,
                       challenge_labels=[c.short_id for c in rows])
    pairs = [(i, team.challenge) for team in plan.teams for i in team.members]
    reasons = {pair: stored_reason(proposal) for pair, proposal in
               matcher().explain(people, needs, [(people[i].id, needs[j].id) for i, j in pairs]).items()}
    proposed = []
    for i, j in pairs:
        member = CohortMember(team_id=cohort.team_id, cohort_id=cohort.id, person_id=people[i].id,
                              person_team_id=profiles[i].team_id, challenge_id=needs[j].id,
                              reason=reasons.get((people[i].id, needs[j].id), ""), created_at=now)
        session.add(member)
        proposed.append(member)
    cohort.gave_way = [rule.as_dict() for rule in plan.rules]  # said in the organiser's language
    session.add(cohort)
    session.flush()
    return proposed


def propose(session: Session, *, team_id: str, organiser_id: str, draft: CohortDraft, today: date,
            now: datetime) -> Cohort:
    values = check_draft(session, team_id, draft, today)
    cohort = Cohort(team_id=team_id, number=next_number(session, team_id, "cohort"), organiser_id=organiser_id,
                    created_at=now, **values)
    session.add(cohort)
    session.flush()
    _assign(session, cohort, set(), now)
    return cohort


def organiser_cohort(session: Session, team_id: str, cohort_id: int, user_id: str, *statuses: str) -> Cohort:
    cohort = get(session, team_id, cohort_id)
    if cohort.organiser_id != user_id:
        organiser = f"<@{cohort.organiser_id}>"
        raise NotAllowed("Only {organiser}, who is forming {cohort}, can do that.", organiser=organiser,
                         cohort=cohort.short_id)
    if statuses and cohort.status not in statuses:
        raise NotAllowed(ALREADY.get(cohort.status, ALREADY["confirmed"]), cohort=cohort.short_id)
    return cohort


def reroll(session: Session, *, team_id: str, cohort_id: int, user_id: str, ticked: list[str],
           now: datetime) -> Cohort:
    """Propose again, leaving out the people the organiser unticked (and anyone left out before)."""
    cohort = organiser_cohort(session, team_id, cohort_id, user_id, "proposed")
    unticked = {m.person_id for m in members(session, cohort.id, "proposed")} - set(ticked)
    cohort.excluded = sorted(set(cohort.excluded) | unticked)
    _assign(session, cohort, set(cohort.excluded), now)
    return cohort


def confirm(session: Session, *, team_id: str, cohort_id: int, user_id: str, ticked: list[str],
            now: datetime) -> list[CohortMember]:
    """Confirm the proposal (people unticked are left out); returns the members to invite."""
    cohort = organiser_cohort(session, team_id, cohort_id, user_id, "proposed")
    invited = []
    for member in members(session, cohort.id, "proposed"):
        member.status = "invited" if member.person_id in ticked else "dropped"
        session.add(member)
        if member.status == "invited":
            invited.append(member)
    if not invited:
        raise NotAllowed("Tick at least one person to confirm the cohort.")
    cohort.status, cohort.confirmed_at = "confirmed", now
    session.add(cohort)
    for challenge_id in sorted({m.challenge_id for m in invited}):  # a cohort is on it
        stages.move_by_id(session, team_id, challenge_id, stages.IN_PROGRESS, now=now, by=user_id)
    audit.record(session, team_id=team_id, actor_id=user_id, action="cohort.confirmed",
                 subject=f"cohort {cohort.short_id}", now=now)
    session.flush()
    return invited


def cohorts_involving(session: Session, team_id: str, user_id: str, *, organiser: bool) -> list[Cohort]:
    """Cohorts someone is in (wherever in the network they were formed) or forming (organisers
    see every current cohort of their workspace)."""
    mine = {m.cohort_id for m in session.exec(select(CohortMember).where(CohortMember.person_team_id == team_id,
                                                                        CohortMember.person_id == user_id)).all()}
    statement = select(Cohort).where((Cohort.team_id == team_id) | Cohort.id.in_(mine), Cohort.status != "finished")
    return [c for c in session.exec(statement.order_by(Cohort.first_week)).all()
            if c.id in mine or (c.team_id == team_id and (organiser or c.organiser_id == user_id))]


# -- what the Slack surface asks for in one go -------------------------------------------------
@dataclass(frozen=True)
class Proposal:
    """What the proposal message to the organiser shows."""

    cohort: Cohort
    teams: list[tuple[Challenge, list[CohortMember]]]
    councils: dict[str, str]  # person -> council code


def proposal(session: Session, team_id: str, cohort_id: int) -> Proposal:
    cohort = get(session, team_id, cohort_id)
    teams = teams_of(session, cohort, "proposed")
    people = [(m.person_team_id, m.person_id) for _, team in teams for m in team]
    return Proposal(cohort, teams, {p: (profile.council_code if (profile := get_profile(session, their, p)) else "")
                                    for their, p in people})


def record_proposal_dm(session: Session, team_id: str, cohort_id: int, ref: str | None) -> None:
    """Remember the proposal DM ("channel:ts"), so Re-roll and Confirm can redraw it."""
    cohort = get(session, team_id, cohort_id)
    cohort.proposal_dm = ref
    session.add(cohort)


def confirm_proposal(session: Session, *, team_id: str, cohort_id: int, user_id: str, ticked: list[str],
                     now: datetime) -> tuple[Cohort, list[CohortMember]]:
    """Confirm (see `confirm`); returns the cohort and the members to invite."""
    invited = confirm(session, team_id=team_id, cohort_id=cohort_id, user_id=user_id, ticked=ticked, now=now)
    return get(session, team_id, cohort_id), invited
