"""Weekly check-ins (working in the open) and outcomes (what was delivered)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from bot.services import challenges, stages
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.nations import person_nations, workspace_nations
from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import Booking, Challenge, Checkin, Cohort, CohortMember, Outcome

HEALTH = {"fine": "fine", "stretched": "stretched", "struggling": "struggling"}
ANSWER_MAX = 2000


def due(session: Session, week: date) -> set[tuple[str, str, int, int | None]]:
    """(team, person, challenge, cohort) for everyone working on a challenge in `week`: members
    of confirmed cohorts running that week, and anyone with a confirmed booking that week."""
    people: dict[tuple[str, str, int], int | None] = {}
    for cohort in session.exec(select(Cohort).where(Cohort.status.in_(("confirmed", "finished")))).all():
        if not cohort.first_week <= week < cohort.first_week + timedelta(weeks=cohort.weeks):
            continue
        for member in session.exec(select(CohortMember).where(CohortMember.cohort_id == cohort.id,
                                                              CohortMember.status == "accepted")).all():
            # asked in their own workspace (a cohort may draw people from others of the network)
            people[(member.person_team_id, member.person_id, member.challenge_id)] = cohort.id
    for booking in session.exec(select(Booking).where(Booking.status == "confirmed",
                                                      Booking.week_start == week)).all():
        # asked in their own workspace (a booking may come from another of the network)
        people.setdefault((booking.person_team_id, booking.person_id, booking.challenge_id), booking.cohort_id)
    return {(team, person, challenge, cohort) for (team, person, challenge), cohort in people.items()}


def create_due(session: Session, week: date, now: datetime, nations: Collection[str] | None = None) -> list[Checkin]:
    """This week's check-ins, each created once; returns the ones not yet sent. With `nations`,
    only for people whose council is in one of them (their check-in day has come)."""
    people = sorted(due(session, week), key=lambda d: (d[0], d[1], d[2]))
    if nations is not None:
        where = person_nations(session, {(team, person) for team, person, _, _ in people})
        people = [d for d in people if where[(d[0], d[1])] in nations]
    for team, person, challenge, cohort in people:
        insert_ignoring_duplicates(session, Checkin, {"team_id": team, "week_start": week, "person_id": person,
                                                      "challenge_id": challenge, "cohort_id": cohort,
                                                      "created_at": now},
                                   ["team_id", "week_start", "person_id", "challenge_id"])
    unsent = list(session.exec(select(Checkin).where(Checkin.week_start == week, Checkin.dm.is_(None))).all())
    return _in_nations(session, unsent, nations)


def _in_nations(session: Session, rows: list[Checkin], nations: Collection[str] | None) -> list[Checkin]:
    if nations is None:
        return rows
    where = person_nations(session, {(c.team_id, c.person_id) for c in rows})
    return [c for c in rows if where[(c.team_id, c.person_id)] in nations]


def get(session: Session, team_id: str, checkin_id: int) -> Checkin:
    checkin = session.get(Checkin, checkin_id)
    if checkin is None or checkin.team_id != team_id:
        raise NotFound("That check-in no longer exists.")
    return checkin


@dataclass
class Answers:
    problem_statement: str = ""
    surprise: str = ""
    shipped: str = ""
    team_health: str = ""
    private_note: str = ""


def answer(session: Session, *, team_id: str, checkin_id: int, user_id: str, answers: Answers,
           now: datetime) -> Checkin:
    checkin = get(session, team_id, checkin_id)
    if checkin.person_id != user_id:
        raise NotAllowed("This check-in is someone else's.")
    errors = {}
    for field_name in ("problem_statement", "surprise", "shipped"):
        value = (getattr(answers, field_name) or "").strip()
        if len(value) < 2:
            errors[field_name] = Message("Please answer in a few words.")
        elif len(value) > ANSWER_MAX:
            errors[field_name] = Message("Keep it to {most} characters.", most=ANSWER_MAX)
    if answers.team_health not in HEALTH:
        errors["team_health"] = Message("Choose how the team is: fine, stretched or struggling.")
    if len(answers.private_note or "") > ANSWER_MAX:
        errors["private_note"] = Message("Keep it to {most} characters.", most=ANSWER_MAX)
    if errors:
        raise ValidationFailed(errors)
    checkin.problem_statement = answers.problem_statement.strip()
    checkin.surprise = answers.surprise.strip()
    checkin.shipped = answers.shipped.strip()
    checkin.team_health = answers.team_health
    checkin.private_note = (answers.private_note or "").strip() or None
    checkin.answered_at = now
    session.add(checkin)
    session.flush()
    return checkin


def to_remind(session: Session, week: date) -> list[Checkin]:
    """Sent, unanswered and not reminded yet: nobody gets more than one reminder a week."""
    return list(session.exec(select(Checkin).where(Checkin.week_start == week, Checkin.dm.is_not(None),
                                                   Checkin.answered_at.is_(None),
                                                   Checkin.reminded_at.is_(None))).all())


def claim_reminder(session: Session, checkin: Checkin, now: datetime) -> bool:
    """Mark one check-in reminded; True only for the process that did (UPDATE ... WHERE not yet)."""
    return session.execute(update(Checkin).where(Checkin.id == checkin.id, Checkin.reminded_at.is_(None))
                           .values(reminded_at=now).returning(Checkin.id)).first() is not None


def week_checkins(session: Session, week: date) -> list[Checkin]:
    return list(session.exec(select(Checkin).where(Checkin.week_start == week).order_by(Checkin.team_id,
                                                                                         Checkin.challenge_id)).all())


# -- outcomes ----------------------------------------------------------------------------------
def ended_cohorts(session: Session, today: date, now: datetime) -> list[Cohort]:
    """Confirmed cohorts whose last week is over, each returned once ever: it is marked finished
    and asked (a conditional UPDATE, so two processes never both ask)."""
    ended = []
    for cohort in session.exec(select(Cohort).where(Cohort.status == "confirmed",
                                                    Cohort.outcomes_asked_at.is_(None))).all():
        if cohort.first_week + timedelta(weeks=cohort.weeks) > today:
            continue
        won = session.execute(update(Cohort).where(Cohort.id == cohort.id, Cohort.outcomes_asked_at.is_(None))
                              .values(outcomes_asked_at=now, status="finished").returning(Cohort.id)).first()
        if won:
            session.refresh(cohort)
            ended.append(cohort)
    return ended


@dataclass
class OutcomeDraft:
    delivered: str = ""
    links: str = ""
    reusable: str = ""


def record_outcome(session: Session, *, team_id: str, cohort_id: int | None, challenge_id: int, user_id: str,
                   draft: OutcomeDraft, now: datetime) -> Outcome:
    """A team member records what was delivered; the challenge is then delivered. The team is
    the cohort's accepted members on it (with a cohort), else the people confirmed booked on it;
    its owner may too. The outcome is kept with the challenge, in its own workspace."""
    challenge = challenges.get_by_id(session, team_id, challenge_id)
    if challenge.owner_id != user_id and not _on_the_team(session, cohort_id, challenge_id, user_id):
        raise NotAllowed("Only {challenge}'s team or its owner can record its outcome.", challenge=challenge.short_id)
    team_id = challenge.team_id
    errors = {}
    delivered = (draft.delivered or "").strip()
    if len(delivered) < 10:
        errors["delivered"] = Message("Say what was delivered, in a sentence or two (at least {least} characters).",
                                      least=10)
    for name in ("delivered", "links", "reusable"):
        if len((getattr(draft, name) or "").strip()) > ANSWER_MAX:
            errors[name] = Message("Keep it to {most} characters.", most=ANSWER_MAX)
    if errors:
        raise ValidationFailed(errors)
    outcome = session.get(Outcome, (team_id, challenge_id)) or Outcome(team_id=team_id, challenge_id=challenge_id,
                                                                       delivered=delivered, submitted_by=user_id)
    outcome.cohort_id, outcome.delivered = cohort_id, delivered
    outcome.links, outcome.reusable = (draft.links or "").strip() or None, (draft.reusable or "").strip() or None
    outcome.submitted_by, outcome.submitted_at = user_id, now
    session.add(outcome)
    session.flush()
    # Delivered (once); the outcome note in the thread is its announcement.
    stages.move(session, challenge, stages.DELIVERED, now=now, by=user_id, announce=False)
    return outcome


def _on_the_team(session: Session, cohort_id: int | None, challenge_id: int, user_id: str) -> bool:
    if cohort_id is not None:
        return session.exec(select(CohortMember.id).where(
            CohortMember.cohort_id == cohort_id, CohortMember.person_id == user_id,
            CohortMember.challenge_id == challenge_id, CohortMember.status == "accepted")).first() is not None
    return session.exec(select(Booking.id).where(Booking.challenge_id == challenge_id, Booking.person_id == user_id,
                                                 Booking.status == "confirmed")).first() is not None


def outcome_of(session: Session, team_id: str, challenge_id: int) -> Outcome | None:
    return session.get(Outcome, (team_id, challenge_id))


# -- what the Slack surface and the jobs ask for in one go -------------------------------------
def record_checkin_dm(session: Session, checkin_id: int, ref: str | None) -> None:
    """Remember the check-in DM: it was sent (not sent again) and its thanks can replace it."""
    checkin = session.get(Checkin, checkin_id)
    checkin.dm = ref
    session.add(checkin)


def record_checkin_post(session: Session, team_id: str, checkin_id: int, ref: str | None) -> None:
    """Remember where the answers were posted, so forget-me can take them down."""
    checkin = get(session, team_id, checkin_id)
    checkin.posted = ref
    session.add(checkin)


def claim_reminders(session: Session, week: date, now: datetime,
                    nations: Collection[str] | None = None) -> list[Checkin]:
    """This week's reminders to send (with `nations`, to people in those), each claimed before
    sending: nobody is reminded twice, whatever runs at once."""
    return [c for c in _in_nations(session, to_remind(session, week), nations) if claim_reminder(session, c, now)]


def week_summaries(session: Session, week: date,
                   nations: Collection[str] | None = None) -> dict[str, tuple[set[str], list[tuple[Checkin, Challenge]]]]:
    """Per workspace with check-ins in `week` (with `nations`, only workspaces in those): its
    cohort organisers, and its check-ins with their challenges."""
    rows = [(c, challenges.get_by_id(session, c.team_id, c.challenge_id)) for c in week_checkins(session, week)]
    teams = {c.team_id for c, _ in rows}
    if nations is not None:
        teams = {team for team, nation in workspace_nations(session, teams).items() if nation in nations}
    return {team: ({c.organiser_id for c in session.exec(select(Cohort).where(Cohort.team_id == team))},
                   [(c, ch) for c, ch in rows if c.team_id == team])
            for team in teams}


def checkin_form(session: Session, team_id: str, checkin_id: int, user_id: str) -> tuple[Checkin, Challenge]:
    """Someone's own check-in and its challenge, to answer."""
    checkin = get(session, team_id, checkin_id)
    if checkin.person_id != user_id:
        raise NotAllowed("This check-in is someone else's.")
    return checkin, challenges.get_by_id(session, team_id, checkin.challenge_id)


@dataclass(frozen=True)
class Answered:
    checkin: Checkin
    challenge: Challenge
    first: bool  # answered for the first time (not an update)


def submit_answers(session: Session, *, team_id: str, checkin_id: int, user_id: str, answers: Answers,
                   now: datetime) -> Answered:
    first = get(session, team_id, checkin_id).answered_at is None
    checkin = answer(session, team_id=team_id, checkin_id=checkin_id, user_id=user_id, answers=answers, now=now)
    return Answered(checkin, challenges.get_by_id(session, team_id, checkin.challenge_id), first)


def outcome_asks(session: Session, today: date, now: datetime) -> tuple[list[Cohort],
                                                                        list[tuple[Cohort, CohortMember, Challenge]]]:
    """Cohorts that ended (each once ever, see `ended_cohorts`), and (cohort, member, challenge)
    for each accepted member to ask what their team delivered."""
    ended = ended_cohorts(session, today, now)
    asks = []
    for cohort in ended:
        for member in session.exec(select(CohortMember).where(CohortMember.cohort_id == cohort.id,
                                                              CohortMember.status == "accepted")).all():
            asks.append((cohort, member, challenges.get_by_id(session, cohort.team_id, member.challenge_id)))
    return ended, asks


def outcome_form(session: Session, team_id: str, challenge_id: int) -> tuple[Challenge, Outcome | None]:
    """The challenge whose outcome is asked for, and the outcome recorded so far."""
    challenge = challenges.get_by_id(session, team_id, challenge_id)
    return challenge, outcome_of(session, challenge.team_id, challenge.id)


def submit_outcome(session: Session, *, team_id: str, cohort_id: int | None, challenge_id: int, user_id: str,
                   draft: OutcomeDraft, now: datetime) -> tuple[Outcome, Challenge]:
    outcome = record_outcome(session, team_id=team_id, cohort_id=cohort_id, challenge_id=challenge_id,
                             user_id=user_id, draft=draft, now=now)
    return outcome, challenges.get_by_id(session, team_id, challenge_id)
