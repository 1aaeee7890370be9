"""Bookings: some of a pool member's hours in one week, for a challenge, paid council to council.

requested -> confirmed (everyone who must approve did, and the hours were still free at that
moment) | declined | expired (nobody answered in 5 days) | cancelled (by the requester while
pending, or by either side before the week starts). Capacity is checked again when a booking
is confirmed, under the person's profile lock, so two requests for the last free hours can
both wait but only one can be confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from bot.locale import N_
from bot.services import audit, availability, network, stages
from bot.services.availability import Hours, at
from bot.services.languages import Told, refusal
from bot.services.challenges import get_by_id as get_challenge
from bot.services.challenges import list_open
from bot.services.errors import Message, NotAllowed, NotFound, ValidationFailed
from bot.services.money import pence_for_hours
from bot.services.pool import get_profile
from bot.services.workspace import get_config, next_number
from bot.storage.models import Booking, Challenge, CouncilRate

BOOKABLE_WEEKS = 12
EXPIRES_AFTER = timedelta(days=5)
NOTE_MAX = 500


NOT_OPEN = {"delivered": N_("{challenge} is delivered: choose an open challenge."),
            "closed": N_("{challenge} is closed: choose an open challenge.")}
# Why a request can't be answered any more, by the booking's status.
ALREADY = {"confirmed": N_("This request is already confirmed."),
           "declined": N_("This request is already declined."),
           "cancelled": N_("This request is already cancelled."),
           "expired": N_("This request has already lapsed.")}
ALREADY_ANSWERED = {"approved": N_("You already approved this request."),
                    "declined": N_("You already declined this request.")}
# Why a booking can't be cancelled, by its status.
NOT_CANCELLABLE = {"declined": N_("{booking} is already declined."),
                   "cancelled": N_("{booking} is already cancelled."),
                   "expired": N_("{booking} has already lapsed.")}
# Why a request was not confirmed (stored in English on the booking, said in each reader's language).
WEEK_STARTED = N_("its week started before it was confirmed")
LEFT_POOL = N_("they are no longer in the talent pool")
NO_CAPACITY = N_("only {hours} of {person}'s time was still free that week: another booking was confirmed first")
NOBODY_ANSWERED = N_("nobody answered within 5 days")


@dataclass
class BookingDraft:
    person_id: str = ""
    challenge_id: str = ""
    week: str = ""
    hours: str = ""
    note: str = ""


def seen_from(team_id: str):
    """Bookings a workspace takes part in: made there, or of one of its people."""
    return (Booking.team_id == team_id) | (Booking.person_team_id == team_id)


def get(session: Session, team_id: str, booking_id: int, *, lock: bool = False) -> Booking:
    statement = select(Booking).where(Booking.id == booking_id, seen_from(team_id))
    booking = session.exec(statement.with_for_update() if lock else statement).first()
    if booking is None:
        raise NotFound("That booking no longer exists.")
    return booking


def bookable_weeks(today: date) -> list[date]:
    return availability.coming_weeks(today, BOOKABLE_WEEKS)


def person(session: Session, team_id: str, chosen: str) -> tuple[str, str]:
    """(workspace, user) of the person a booking form names: "T123|U456" from the network's
    pool picker, or a user ID of this workspace. Someone outside the network is refused."""
    if "|" not in chosen:
        return team_id, chosen
    their_team, _, user_id = chosen.partition("|")
    if their_team not in network.teams(session, team_id):
        raise NotAllowed("That person's workspace isn't in this network.")
    return their_team, user_id


def free_weeks(session: Session, team_id: str, person_id: str, today: date) -> list[availability.WeekHours]:
    """The coming 12 weeks of a pool member, with free hours (empty if not a member)."""
    try:
        their_team, person_id = person(session, team_id, person_id)
    except NotAllowed:
        return []
    profile = get_profile(session, their_team, person_id)
    if profile is None or not profile.is_member:
        return []
    return availability.week_hours(session, profile, bookable_weeks(today))


def check_bookable(session: Session, *, team_id: str, requester_id: str, person_id: str,
                   allow_self: bool = False) -> None:
    """Refusals that don't depend on the form: booking yourself, or someone not in the pool."""
    their_team, person_id = person(session, team_id, person_id)
    if person_id == requester_id and not allow_self:
        raise NotAllowed("You can't book yourself. Set the hours you can give with `/availability`.")
    profile = get_profile(session, their_team, person_id)
    if profile is None or not profile.is_member:
        raise NotAllowed("{person} isn't in the talent pool, so their hours can't be booked. "
                         "You could nominate them with `/nominate`.", person=at(person_id))


def check_can_book(session: Session, *, team_id: str, requester_id: str, person_id: str) -> None:
    """Refusals `/book` gives before opening the form: booking yourself, someone not in the
    pool, or no open challenge to book time for."""
    check_bookable(session, team_id=team_id, requester_id=requester_id, person_id=person_id)
    if not list_open(session, team_id):
        raise NotAllowed("There are no open challenges to book time for. Post one with `/challenge new`.")


def digest_request(session: Session, *, team_id: str, requester_id: str, person: object,
                   challenge: object) -> tuple[str | None, int | None]:
    """What a digest's Request booking button asks for, as (person, challenge), once it can be
    asked: refusals as for `/book`. A value that isn't a person or a challenge is left for the
    form to ask."""
    person_id = person if isinstance(person, str) and person else None
    challenge_id = challenge if isinstance(challenge, int) and not isinstance(challenge, bool) else None
    if person_id is not None:
        check_bookable(session, team_id=team_id, requester_id=requester_id, person_id=person_id)
    if not list_open(session, team_id):
        raise NotAllowed("There are no open challenges to book time for. Post one with `/challenge new`.")
    return person_id, challenge_id


def request_booking(session: Session, *, team_id: str, requester_id: str, draft: BookingDraft, today: date,
                    now: datetime) -> Booking:
    """A request from the booking form, to be approved by the line manager too when the workspace asks."""
    return request(session, team_id=team_id, requester_id=requester_id, draft=draft, today=today, now=now,
                   manager_approval=get_config(session, team_id).manager_approval)


def record_request_dms(session: Session, team_id: str, booking_id: int, person_dm: str | None,
                       manager_dm: str | None) -> None:
    """Remember the DMs that asked the person and their manager ("channel:ts"), to show the answer there later."""
    booking = get(session, team_id, booking_id)
    booking.person_dm, booking.manager_dm = person_dm, manager_dm
    session.add(booking)
    session.flush()


def request(session: Session, *, team_id: str, requester_id: str, draft: BookingDraft, today: date,
            now: datetime, manager_approval: bool, allow_self: bool = False,
            horizon_weeks: int = BOOKABLE_WEEKS) -> Booking:
    """Ask for some of a pool member's hours; refusals name the form field at fault."""
    errors: dict[str, Message] = {}
    person_id, their_team = draft.person_id, team_id
    profile = None
    if not person_id:
        errors["person"] = Message("Choose who you'd like to book.")
    else:
        try:
            check_bookable(session, team_id=team_id, requester_id=requester_id, person_id=person_id,
                           allow_self=allow_self)
            their_team, person_id = person(session, team_id, person_id)
            # No lock: requests may overlap; capacity is enforced when one is confirmed.
            profile = get_profile(session, their_team, person_id)
        except NotAllowed as error:
            errors["person"] = error.said
    challenge = None
    try:
        challenge = get_challenge(session, team_id, int(draft.challenge_id))
        if challenge.status != "open":
            errors["challenge"] = Message(NOT_OPEN.get(challenge.status, NOT_OPEN["closed"]),
                                          challenge=challenge.short_id)
    except (ValueError, TypeError, NotFound):
        errors["challenge"] = Message("Choose the challenge you want help with.")
    week = availability.parse_week(draft.week)
    if week is None:
        errors["week"] = Message("Choose a week.")
    elif availability.has_started(week, today):
        errors["week"] = Told(N_("{week} has started; choose a week that hasn't."), week=week)
    elif week not in availability.coming_weeks(today, horizon_weeks):
        errors["week"] = Message("Book one of the coming {n} weeks.", n=horizon_weeks)
    try:
        hours = float((draft.hours or "").strip())
    except ValueError:
        hours = None
    if hours is None or hours != hours:
        errors["hours"] = Message("Enter the hours you need, like 4 or 7.5.")
    elif hours <= 0:
        errors["hours"] = Message("Book more than 0 hours.")
    elif hours * 2 != int(hours * 2):
        errors["hours"] = Message("Hours go in half hours, like 3.5.")
    note = (draft.note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = Message("Keep the note to {n} characters.", n=NOTE_MAX)
    if profile is not None and "week" not in errors:
        [that_week] = availability.week_hours(session, profile, [week])
        if that_week.free <= 0:
            errors["week"] = Told(N_("{person} has no free hours in {week}; choose another week."),
                                  person=at(person_id), week=week)
        elif "hours" not in errors and hours > that_week.free:
            errors["hours"] = Told(N_("{person} has only {hours} free in {week}."), person=at(person_id),
                                   hours=Hours(that_week.free), week=week)
    if errors:
        raise ValidationFailed(errors)
    booking = Booking(
        team_id=team_id,
        number=next_number(session, team_id, "booking"),
        person_id=person_id,
        person_team_id=their_team,
        requester_id=requester_id,
        challenge_id=challenge.id,
        week_start=week,
        hours=hours,
        note=note or None,
        manager_id=profile.line_manager_id if manager_approval and profile.line_manager_id else None,
        provider_council=profile.council_code,
        booking_council=challenge.council_code,
        created_at=now,
    )
    session.add(booking)
    session.flush()
    return booking


@dataclass(frozen=True)
class Decision:
    booking: Booking
    outcome: str  # waiting | confirmed | declined | no_capacity | week_started
    why: Message | None = None  # why it was not confirmed (booking.reason, in the reader's language)


def _rate(session: Session, team_id: str, council_code: str) -> CouncilRate | None:
    return session.get(CouncilRate, (team_id, council_code))


def decide(session: Session, *, team_id: str, booking_id: int, user_id: str, approve: bool, today: date,
           now: datetime, reason: str | None = None) -> Decision:
    """The booked person or their manager answers a request."""
    peek = get(session, team_id, booking_id)
    # Lock order everywhere: the person's profile, then the booking.
    profile = availability.lock_profile(session, peek.person_team_id, peek.person_id)
    booking = get(session, team_id, booking_id, lock=True)
    if user_id == booking.person_id:
        role = "person_decision"
    elif booking.manager_id and user_id == booking.manager_id:
        role = "manager_decision"
    else:
        raise NotAllowed("Only the person booked (or their line manager) can answer this request.")
    if booking.status != "requested":
        raise NotAllowed(ALREADY.get(booking.status, ALREADY["cancelled"]))
    if getattr(booking, role) is not None:
        raise NotAllowed(ALREADY_ANSWERED.get(getattr(booking, role), ALREADY_ANSWERED["declined"]))
    setattr(booking, role, "approved" if approve else "declined")
    audit.record(session, team_id=team_id, actor_id=user_id, action="booking.approved" if approve else
                 "booking.declined", subject=f"booking {booking.short_id}", now=now)
    if not approve:
        return _finish(session, booking, "declined", now, Message(reason) if reason else None)
    if booking.person_decision != "approved" or (booking.manager_id and booking.manager_decision != "approved"):
        session.add(booking)
        session.flush()
        return Decision(booking, "waiting")
    if availability.has_started(booking.week_start, today):
        return _finish(session, booking, "declined", now, Message(WEEK_STARTED), outcome="week_started")
    if profile is None or not profile.is_member:
        return _finish(session, booking, "declined", now, Message(LEFT_POOL))
    # Under the profile lock, the confirmed hours read here cannot change until we commit.
    [week] = availability.week_hours(session, profile, [booking.week_start])
    if booking.hours > week.free:
        return _finish(session, booking, "declined", now,
                       Told(NO_CAPACITY, hours=Hours(week.free), person=at(booking.person_id)),
                       outcome="no_capacity")
    # the provider council's rate, as its own workspace set it (else as the booking's did)
    rate = _rate(session, booking.person_team_id, booking.provider_council) or _rate(
        session, booking.team_id, booking.provider_council)
    if rate is not None:
        booking.rate_pence, booking.rate_unit = rate.rate_pence, rate.unit
        booking.amount_pence = pence_for_hours(rate.rate_pence, rate.unit, booking.hours)
    return _finish(session, booking, "confirmed", now, None)


def _finish(session: Session, booking: Booking, status: str, now: datetime, reason: Message | None,
            outcome: str | None = None) -> Decision:
    booking.status, booking.decided_at, booking.reason = status, now, str(reason) if reason else None
    session.add(booking)
    session.flush()
    if status == "confirmed":  # someone is working on the challenge (which may be another workspace's)
        owner = session.get(Challenge, booking.challenge_id)
        stages.move_by_id(session, owner.team_id, booking.challenge_id, stages.IN_PROGRESS, now=now)
    return Decision(booking, outcome or status, reason)


def cancel(session: Session, *, team_id: str, booking_id: int, user_id: str, today: date,
           now: datetime) -> Booking:
    """Either side cancels a confirmed booking before its week, or the requester withdraws a request."""
    peek = get(session, team_id, booking_id)
    availability.lock_profile(session, peek.person_team_id, peek.person_id)
    booking = get(session, team_id, booking_id, lock=True)
    if user_id not in (booking.person_id, booking.requester_id):
        raise NotAllowed("Only the person booked or whoever asked for the booking can cancel it.")
    if booking.status == "requested":
        if user_id != booking.requester_id:
            raise NotAllowed("To turn down a request, press Decline.")
    elif booking.status != "confirmed":
        raise NotAllowed(NOT_CANCELLABLE.get(booking.status, NOT_CANCELLABLE["cancelled"]), booking=booking.short_id)
    if availability.has_started(booking.week_start, today):
        raise refusal(NotAllowed, N_("{booking} can't be cancelled: its week ({week}) has started."),
                      booking=booking.short_id, week=booking.week_start)
    booking.status, booking.cancelled_by, booking.decided_at = "cancelled", user_id, now
    audit.record(session, team_id=team_id, actor_id=user_id, action="booking.cancelled",
                 subject=f"booking {booking.short_id}", now=now)
    session.add(booking)
    session.flush()
    return booking


def expire(session: Session, *, now: datetime) -> list[Booking]:
    """Requests nobody answered within 5 days (every workspace)."""
    statement = select(Booking).where(Booking.status == "requested", Booking.created_at <= now - EXPIRES_AFTER)
    expired = list(session.exec(statement.with_for_update(skip_locked=True)).all())
    for booking in expired:
        booking.status, booking.decided_at, booking.reason = "expired", now, NOBODY_ANSWERED
        session.add(booking)
        audit.record(session, team_id=booking.team_id, actor_id="dozen", action="booking.expired",
                     subject=f"booking {booking.short_id}", now=now)
    session.flush()
    return expired


def involving(session: Session, team_id: str, user_id: str, *, today: date) -> list[Booking]:
    """Someone's current bookings and requests, either side, soonest week first."""
    statement = (
        select(Booking)
        .where(((Booking.team_id == team_id) & (Booking.requester_id == user_id))
               | ((Booking.person_team_id == team_id)
                  & ((Booking.person_id == user_id) | (Booking.manager_id == user_id))),
               Booking.status.in_(("requested", "confirmed")), Booking.week_start > today - timedelta(days=7))
        .order_by(Booking.week_start, Booking.id)
    )
    return list(session.exec(statement).all())


def pending(session: Session, team_id: str) -> list[Booking]:
    statement = select(Booking).where(seen_from(team_id), Booking.status == "requested").order_by(Booking.id)
    return list(session.exec(statement).all())
