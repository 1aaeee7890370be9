"""A cohort's members: invitations accepted or declined (accepting books the hours of every
week through the bookings rules: capacity, manager approval), the line manager's answer, and
replacements for those who drop out.

In a network a member may be of another workspace than the cohort's (`person_team_id`): they
and their line manager answer from there, and the cohort (its organiser, its bookings) stays
in the workspace it was formed in (`team_id`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from bot.locale import N_
from bot.services import audit, bookings, challenges, network
from bot.services.cohorts import candidates, eligible, get, members, organiser_cohort, stored_reason, weeks_of
from bot.services.digest import matcher
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.languages import refusal
from bot.services.pool import get_profile
from bot.services.workspace import get_config
from bot.storage.models import Booking, Challenge, Cohort, CohortMember


# Why someone won't take their place, as kept with it (CohortMember.note) and said to the organiser.
DECLINED = N_("declined")
MANAGER_DECLINED = N_("declined by their line manager")
NOT_FREE = N_("not enough free hours in every week")
NOT_FREE_BECAUSE = N_("not enough free hours ({reason})")
# An invitation answered already, by what became of it.
ANSWERED = {"accepted": N_("You already answered this invitation (accepted)."),
            "declined": N_("You already answered this invitation (declined)."),
            "dropped": N_("You already answered this invitation (dropped)."),
            "proposed": N_("You already answered this invitation (proposed).")}


def note_said(note: str | None) -> Message | str:
    """A place's note as a message to say in the reader's language (older or other notes as they are)."""
    if note in (DECLINED, MANAGER_DECLINED, NOT_FREE):
        return Message(note)
    if note and note.startswith("not enough free hours (") and note.endswith(")"):
        return Message(NOT_FREE_BECAUSE, reason=note[len("not enough free hours ("):-1])
    return note or ""


def _answered_already(member: CohortMember) -> NotAllowed:
    if member.status in ANSWERED:
        return NotAllowed(ANSWERED[member.status])
    return NotAllowed("You already answered this invitation ({status}).", status=member.status)


def get_member(session: Session, team_id: str, member_id: int) -> CohortMember:
    """A place, seen from the cohort's workspace or from the member's own while that one shares
    with the cohort's (a workspace out of the network can't act on it)."""
    member = session.get(CohortMember, member_id)
    if member is None or not (member.team_id == team_id or (
            member.person_team_id == team_id and team_id in network.teams(session, member.team_id))):
        raise NotFound("That invitation no longer exists.")
    return member


@dataclass(frozen=True)
class Acceptance:
    member: CohortMember
    cohort: Cohort
    bookings: list[Booking]
    needs_manager: bool


class NoCapacity(NotAllowed):
    """Accepting would overbook someone: the invitation is declined for capacity."""


def accept(session: Session, *, team_id: str, member_id: int, user_id: str, manager_approval: bool, today: date,
           now: datetime) -> Acceptance:
    """Book the cohort's hours in every week, through the bookings rules. All or none:
    if any week lacks the hours, nothing is booked (NoCapacity)."""
    member = get_member(session, team_id, member_id)
    if member.person_id != user_id:
        raise NotAllowed("Only the person invited can answer this invitation.")
    if member.status != "invited":
        raise _answered_already(member)
    cohort = get(session, member.team_id, member.cohort_id)
    made = []
    for week in weeks_of(cohort):  # booked by the cohort's workspace, of the member in theirs
        draft = bookings.BookingDraft(person_id=f"{member.person_team_id}|{user_id}",
                                      challenge_id=str(member.challenge_id),
                                      week=week.isoformat(), hours=f"{cohort.hours:g}",
                                      note=f"{cohort.name} ({cohort.short_id})")
        try:
            booking = bookings.request(session, team_id=cohort.team_id, requester_id=cohort.organiser_id, draft=draft,
                                       today=today, now=now, manager_approval=manager_approval,
                                       allow_self=user_id == cohort.organiser_id, horizon_weeks=52)
        except ValidationFailed as error:
            raise refusal(NoCapacity, N_("{week}: {reason}"), week=week,
                          reason=next(iter(error.errors.values()))) from None
        booking.cohort_id = cohort.id
        decision = bookings.decide(session, team_id=cohort.team_id, booking_id=booking.id, user_id=user_id,
                                   approve=True, today=today, now=now)
        if decision.outcome not in ("confirmed", "waiting"):
            raise refusal(NoCapacity, N_("{week}: {reason}"), week=week, reason=decision.booking.reason or "")
        made.append(decision.booking)
    member.status, member.decided_at = "accepted", now
    session.add(member)
    session.flush()
    return Acceptance(member, cohort, made, needs_manager=any(b.status == "requested" for b in made))


def manager_decides(session: Session, *, team_id: str, member_id: int, manager_id: str, approve: bool,
                    today: date, now: datetime) -> tuple[CohortMember, str]:
    """The line manager answers for every week of a member's cohort bookings at once."""
    member = get_member(session, team_id, member_id)
    rows = session.exec(select(Booking).where(Booking.team_id == member.team_id, Booking.cohort_id == member.cohort_id,
                                              Booking.person_id == member.person_id,
                                              Booking.status == "requested")).all()
    if not rows:
        raise NotAllowed("These weeks were already answered.")
    outcomes = [bookings.decide(session, team_id=member.team_id, booking_id=b.id, user_id=manager_id,
                                approve=approve, today=today, now=now).outcome for b in rows]
    if all(o == "confirmed" for o in outcomes):
        return member, "confirmed"
    for booking in session.exec(select(Booking).where(Booking.team_id == member.team_id,
                                                      Booking.cohort_id == member.cohort_id,
                                                      Booking.person_id == member.person_id,
                                                      Booking.status.in_(("requested", "confirmed")))).all():
        booking.status, booking.decided_at, booking.reason = "cancelled", now, "the cohort place was declined"
        session.add(booking)
    member.status, member.decided_at = "declined", now
    member.note = MANAGER_DECLINED if not approve else NOT_FREE
    session.add(member)
    session.flush()
    return member, "declined"


def decline(session: Session, *, team_id: str, member_id: int, user_id: str, now: datetime,
            note: str = DECLINED) -> CohortMember:
    member = get_member(session, team_id, member_id)
    if member.person_id != user_id:
        raise NotAllowed("Only the person invited can answer this invitation.")
    if member.status != "invited":
        raise _answered_already(member)
    member.status, member.decided_at, member.note = "declined", now, note
    session.add(member)
    audit.record(session, team_id=team_id, actor_id=user_id, action="cohort.declined",
                 subject=f"cohort member {member.id}", now=now)
    session.flush()
    return member


def mark_no_capacity(session: Session, *, team_id: str, member_id: int, reason: str, now: datetime) -> CohortMember:
    member = get_member(session, team_id, member_id)
    member.status, member.decided_at, member.note = "declined", now, NOT_FREE_BECAUSE.format(reason=reason)
    session.add(member)
    session.flush()
    return member


def propose_replacement(session: Session, *, team_id: str, cohort_id: int, challenge_id: int,
                        now: datetime) -> tuple[CohortMember | None, list[str]]:
    """For a place someone declined: the best person not yet asked who is free for the cohort's
    hours in every week, however little they fit (their reason says how well and what they
    lack), and the skills the challenge asks for that nobody free offers. (None, []) only when
    nobody else is free. Anyone of the network's pool may be proposed."""
    cohort = get(session, team_id, cohort_id)
    asked = {m.person_id for m in members(session, cohort.id)} | set(cohort.excluded)
    profiles = eligible(session, team_id, weeks_of(cohort), cohort.hours, asked)
    if not profiles:
        return None, []
    challenge = challenges.get_by_id(session, team_id, challenge_id)
    people, needs = candidates(session, team_id, profiles, weeks_of(cohort), [challenge])
    plan = matcher().plan(people, needs, per_need=1)
    proposals = plan.proposals.get(challenge.id) or []
    if not proposals:
        return None, []
    best = proposals[0]
    their_team = next(p.team_id for p in profiles if p.user_id == best.person_id)
    member = CohortMember(team_id=team_id, cohort_id=cohort.id, person_id=best.person_id, person_team_id=their_team,
                          challenge_id=challenge.id, reason=stored_reason(best), created_at=now)
    session.add(member)
    session.flush()
    return member, list(plan.lacking.get(challenge.id, []))


def invite_replacement(session: Session, *, team_id: str, member_id: int, user_id: str, invite: bool,
                       now: datetime) -> CohortMember:
    member = get_member(session, team_id, member_id)
    organiser_cohort(session, team_id, member.cohort_id, user_id)
    if member.status != "proposed":
        raise NotAllowed("That replacement was already answered.")
    member.status = "invited" if invite else "dropped"
    session.add(member)
    session.flush()
    return member



@dataclass(frozen=True)
class Invitation:
    """What one invitation DM shows."""

    member: CohortMember
    cohort: Cohort
    challenge: Challenge
    teammates: list[tuple[str, str]]  # (workspace, person)


def invitation(session: Session, team_id: str, member_id: int) -> Invitation:
    member = get_member(session, team_id, member_id)
    cohort = get(session, member.team_id, member.cohort_id)
    mates = [(m.person_team_id, m.person_id) for m in members(session, cohort.id, "invited", "accepted")
             if m.challenge_id == member.challenge_id and m.person_id != member.person_id]
    return Invitation(member, cohort, challenges.get_by_id(session, cohort.team_id, member.challenge_id), mates)


def record_invite_dm(session: Session, team_id: str, member_id: int, ref: str | None) -> None:
    """Remember the invitation DM, so answering it can replace its buttons."""
    member = get_member(session, team_id, member_id)
    member.invite_dm = ref
    session.add(member)


def record_manager_dm(session: Session, team_id: str, member_id: int, ref: str | None) -> None:
    """Remember the DM asking the line manager, so their answer can replace its buttons."""
    member = get_member(session, team_id, member_id)
    member.manager_dm = ref
    session.add(member)


@dataclass(frozen=True)
class Withdrawal:
    """Someone won't take their place: who, why (their note), who is proposed instead (None:
    nobody else is free), and the skills the place asks for that nobody free offers."""

    cohort: Cohort
    declined: CohortMember
    replacement: CohortMember | None
    challenge: Challenge
    lacking: list[str] = field(default_factory=list)


def _replace(session: Session, declined: CohortMember, now: datetime) -> Withdrawal:
    """Propose someone for a declined place, in the cohort's workspace."""
    team_id = declined.team_id
    replacement, lacking = propose_replacement(session, team_id=team_id, cohort_id=declined.cohort_id,
                                               challenge_id=declined.challenge_id, now=now)
    return Withdrawal(get(session, team_id, declined.cohort_id), declined, replacement,
                      challenges.get_by_id(session, team_id, declined.challenge_id), lacking)


@dataclass(frozen=True)
class Accepted:
    """An invitation accepted: the bookings made, and the line manager asked, when one must approve."""

    acceptance: Acceptance
    manager_id: str | None


@dataclass(frozen=True)
class Refused:
    """An invitation accepted that could not go ahead: the hours weren't free in every week
    (`reason` in English; `said` to say it in the person's language)."""

    reason: str
    withdrawal: Withdrawal
    said: Message | None = None


def accept_invitation(session: Session, *, team_id: str, member_id: int, user_id: str, today: date,
                      now: datetime) -> Accepted | Refused:
    """Accept (see `accept`) under the manager-approval rule of the cohort's workspace (which books
    the hours, as for any booking). When a week lacks the hours nothing is booked: the place is
    declined for capacity and a replacement proposed."""
    manager_approval = get_config(session, get_member(session, team_id, member_id).team_id).manager_approval
    try:
        with session.begin_nested():  # all or none: a refused week undoes the weeks booked before it
            acceptance = accept(session, team_id=team_id, member_id=member_id, user_id=user_id,
                                manager_approval=manager_approval, today=today, now=now)
    except NoCapacity as error:
        declined = mark_no_capacity(session, team_id=team_id, member_id=member_id, reason=error.message, now=now)
        return Refused(error.message, _replace(session, declined, now), error.said)
    # the line manager is in the member's own workspace
    profile = get_profile(session, acceptance.member.person_team_id, user_id) if acceptance.needs_manager else None
    return Accepted(acceptance, profile.line_manager_id if profile else None)


def decline_invitation(session: Session, *, team_id: str, member_id: int, user_id: str,
                       now: datetime) -> Withdrawal:
    """Decline (see `decline`) and propose a replacement to the organiser."""
    declined = decline(session, team_id=team_id, member_id=member_id, user_id=user_id, now=now)
    return _replace(session, declined, now)


@dataclass(frozen=True)
class ManagerAnswer:
    member: CohortMember
    cohort: Cohort
    outcome: str  # "confirmed" or "declined"
    withdrawal: Withdrawal | None  # when declined: who is proposed instead


def manager_answers(session: Session, *, team_id: str, member_id: int, manager_id: str, approve: bool,
                    today: date, now: datetime) -> ManagerAnswer:
    """The line manager's answer (see `manager_decides`); a declined place is offered to someone else."""
    member, outcome = manager_decides(session, team_id=team_id, member_id=member_id, manager_id=manager_id,
                                      approve=approve, today=today, now=now)
    withdrawal = _replace(session, member, now) if outcome != "confirmed" else None
    return ManagerAnswer(member, get(session, member.team_id, member.cohort_id), outcome, withdrawal)
