"""Bookings as people see them: the booking form, the request DMs to the person and their line
manager, what an answer, a cancellation or a lapse changes in those DMs, and who is told."""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Context
from bot.locale import ENGLISH, Lang
from bot.publish.challenges import stage_may_have_moved
from bot.publish.names import names_for
from bot.services import bookings as service
from bot.services import languages, network, network_pool
from bot.services.challenges import get_by_id as get_challenge
from bot.services.challenges import list_open
from bot.slack import messages
from bot.slack.messages import MessageRef, stored
from bot.storage.models import Booking, Challenge
from bot.views.bookings import answered_dm, book_modal, choice_label, confirmation_dm, request_dm
from bot.views.common import Names, escape, mention, metadata, section


# -- the form --------------------------------------------------------------------------------
def book_form(ctx: Context, *, team_id: str, person_id: str | None, challenge_id: int | None = None,
              private_metadata: str = "", t: Lang = ENGLISH) -> dict:
    """The booking form: the person's free weeks and the open challenges (in `t`, the asker's language)."""
    with ctx.db.reading() as session:
        weeks = service.free_weeks(session, team_id, person_id, ctx.today()) if person_id else []
        challenges = [s.challenge for s in list_open(session, team_id)]
        in_network = len(network.teams(session, team_id)) > 1
        chosen = network_pool.pool_choice(session, team_id, person_id) if in_network else None
    return book_modal(person_id=person_id, weeks=weeks, challenges=challenges, challenge_id=challenge_id,
                      private_metadata=private_metadata, network=in_network,
                      chosen=(chosen.value, choice_label(chosen, t)) if chosen else None, t=t)


def open_form(ctx: Context, *, trigger_id: str, team_id: str, person_id: str | None, challenge_id: int | None = None,
              channel_id: str | None = None, response_url: str | None = None, t: Lang = ENGLISH) -> None:
    """Open the booking form (from /book or a digest's Request booking button)."""
    meta = metadata(channel=channel_id, response_url=response_url)
    messages.open_modal(ctx.client, trigger_id, book_form(ctx, team_id=team_id, person_id=person_id,
                                                          challenge_id=challenge_id, private_metadata=meta, t=t))


def redraw_form(ctx: Context, view: dict, *, team_id: str, person_id: str | None, challenge_id: int | None,
                t: Lang = ENGLISH) -> None:
    """Another person was picked in an open form: show their free weeks (unless the form
    changed meanwhile)."""
    messages.update_modal(ctx.client, view, book_form(ctx, team_id=team_id, person_id=person_id,
                                                      challenge_id=challenge_id,
                                                      private_metadata=view.get("private_metadata", ""), t=t))


# -- a request -------------------------------------------------------------------------------
def _challenge(ctx: Context, booking: Booking) -> Challenge:
    return ctx.read(get_challenge, booking.team_id, booking.challenge_id)


def _person_side(ctx: Context, booking: Booking) -> tuple[Context, Names]:
    """Speaking to the booked person and their line manager: in their own workspace."""
    return (ctx.for_team(booking.person_team_id),
            names_for(ctx, booking.person_team_id, [(booking.team_id, booking.requester_id)]))


def _requester_side(ctx: Context, booking: Booking) -> tuple[Context, Names]:
    """Speaking to whoever asked: in the workspace they asked from."""
    return (ctx.for_team(booking.team_id),
            names_for(ctx, booking.team_id, [(booking.person_team_id, booking.person_id),
                                             (booking.person_team_id, booking.manager_id)]))


def _theirs(ctx: Context, booking: Booking, user_id: str | None) -> Lang:
    """The language of the booked person or their line manager (in the person's workspace)."""
    return ctx.lang(booking.person_team_id, user_id)


def _askers(ctx: Context, booking: Booking) -> Lang:
    """The language of whoever asked for the booking (in their workspace)."""
    return ctx.lang(booking.team_id, booking.requester_id)


def send_requests(ctx: Context, booking: Booking) -> None:
    """Ask the person (and their line manager, where asked) in DMs, each in their language,
    and remember the DMs."""
    challenge = _challenge(ctx, booking)
    there, names = _person_side(ctx, booking)
    person_dm = messages.dm(there.client, booking.person_id,
                            *request_dm(booking, challenge, for_manager=False, names=names,
                                        t=_theirs(ctx, booking, booking.person_id)))
    manager_dm = (messages.dm(there.client, booking.manager_id,
                              *request_dm(booking, challenge, for_manager=True, names=names,
                                          t=_theirs(ctx, booking, booking.manager_id)))
                  if booking.manager_id else None)
    ctx.record(service.record_request_dms, booking.team_id, booking.id, stored(person_dm), stored(manager_dm))


def requested(ctx: Context, booking: Booking) -> str:
    """What the requester is told once their request is sent, in their language."""
    _, names = _requester_side(ctx, booking)
    t = _askers(ctx, booking)
    values = {"hours": t.hours(booking.hours), "person": names(booking.person_id, t=t),
              "week": t.week(booking.week_start), "booking": booking.short_id}
    if booking.manager_id:
        return t._("Requested {hours} of {person}'s time in {week} ({booking}). I've asked them and their line "
                   "manager {manager}; I'll tell you when it is decided.", manager=names(booking.manager_id, t=t),
                   **values)
    return t._("Requested {hours} of {person}'s time in {week} ({booking}). I've asked them; I'll tell you when it "
               "is decided.", **values)


def _show_in_request_dms(ctx: Context, booking: Booking, shown: Callable[[Lang], tuple[str, list[dict]]]) -> None:
    """Redraw the request DMs (in the person's workspace), each in its reader's language."""
    there = ctx.for_team(booking.person_team_id)
    for ref, reader in ((booking.person_dm, booking.person_id), (booking.manager_dm, booking.manager_id)):
        where = MessageRef.parse(ref)
        if where is not None:
            messages.update(there.client, where, *shown(_theirs(ctx, booking, reader)))


# -- answers ---------------------------------------------------------------------------------
def _not_confirmed(decision: service.Decision, t: Lang) -> str:
    """Why a request was not confirmed, in `t`'s language."""
    return decision.why.say(t) if decision.why is not None else (decision.booking.reason or "")


def _declined_by(booking: Booking) -> str | None:
    """Who declined a request (the person or their line manager), when one of them did."""
    return booking.person_id if booking.person_decision == "declined" else booking.manager_id


def _declined_outright(decision: service.Decision) -> bool:
    return decision.outcome == "declined" and decision.booking.reason is None


def _answered_note(decision: service.Decision, t: Lang) -> str:
    """What the request DMs say once the request is decided (after its ID)."""
    if decision.outcome == "confirmed":
        return t._("confirmed.")
    if _declined_outright(decision):
        return t._("declined by {person}.", person=mention(_declined_by(decision.booking)))
    return t._("not confirmed: {reason}.", reason=_not_confirmed(decision, t))


def _told_requester(decision: service.Decision, challenge: Challenge, names: Names, t: Lang) -> str:
    """What whoever asked is told when their request was not confirmed."""
    booking = decision.booking
    if _declined_outright(decision):
        return t._("{booking}: {person} declined your request for {hours} of {booked}'s time for {challenge}. You "
                   "could ask someone else from the digest or the pool.", booking=booking.short_id,
                   person=names(_declined_by(booking), t=t), hours=t.hours(booking.hours),
                   booked=names(booking.person_id, t=t), challenge=challenge.short_id)
    return t._("{booking}: your request for {person}'s time could not be confirmed: {reason}.",
               booking=booking.short_id, person=names(booking.person_id, t=t), reason=_not_confirmed(decision, t))


def notify_decision(ctx: Context, decision: service.Decision) -> None:
    """Tell everyone involved what an answer changed, each in their own workspace and language."""
    booking = decision.booking
    challenge = _challenge(ctx, booking)
    there, their_names = _person_side(ctx, booking)
    here, our_names = _requester_side(ctx, booking)
    if decision.outcome == "waiting":
        waiting_for = booking.manager_id if booking.manager_decision is None else booking.person_id
        clicked, reader = ((booking.person_dm, booking.person_id) if booking.manager_decision is None
                           else (booking.manager_dm, booking.manager_id))
        t = _theirs(ctx, booking, reader)
        messages.update(there.client, MessageRef.parse(clicked), *answered_dm(
            booking, challenge, t._("you approved; waiting for {person}.", person=mention(waiting_for)), t=t))
        return
    if decision.outcome == "confirmed":
        currency = ctx.read(languages.workspace, booking.person_team_id)[2]
        messages.dm(there.client, booking.person_id,
                    *confirmation_dm(booking, challenge, to_person=True, names=their_names,
                                     t=_theirs(ctx, booking, booking.person_id), currency=currency))
        messages.dm(here.client, booking.requester_id,
                    *confirmation_dm(booking, challenge, to_person=False, names=our_names, t=_askers(ctx, booking),
                                     currency=currency))
        stage_may_have_moved(ctx, challenge.team_id, booking.challenge_id)  # in progress
    else:
        if decision.outcome == "no_capacity":
            t = _theirs(ctx, booking, booking.person_id)
            messages.dm(there.client, booking.person_id, t._(
                "{booking} for {asker} could not be confirmed: those hours were booked by someone else first.",
                booking=booking.short_id, asker=their_names(booking.requester_id, t=t)))
        messages.dm(here.client, booking.requester_id,
                    _told_requester(decision, challenge, our_names, _askers(ctx, booking)))
    _show_in_request_dms(ctx, booking, lambda t: answered_dm(booking, challenge, _answered_note(decision, t), t=t))
    ctx.refresh_home(booking.person_team_id, booking.person_id)
    ctx.refresh_home(booking.team_id, booking.requester_id)


def _cancelled_dm(booking: Booking, challenge: Challenge, canceller: str, t: Lang) -> tuple[str, list[dict]]:
    """What every DM about a cancelled booking becomes."""
    return answered_dm(booking, challenge, t._("cancelled by {person}; the hours are free again.", person=canceller),
                       t=t)


def cancelled(ctx: Context, booking: Booking, *, by: str, clicked: MessageRef | None) -> None:
    """A booking was cancelled: every DM about it says so, and the other side (and the
    line manager) is told, each in their own workspace and language."""
    challenge = _challenge(ctx, booking)
    there, their_names = _person_side(ctx, booking)
    here, our_names = _requester_side(ctx, booking)
    by_person = by == booking.person_id
    who = our_names if not by_person else their_names
    t = _theirs(ctx, booking, by) if by_person else _askers(ctx, booking)
    messages.update((there if by_person else here).client, clicked, *_cancelled_dm(booking, challenge, who(by, t=t), t))
    _show_in_request_dms(ctx, booking, lambda t: _cancelled_dm(booking, challenge, who(by, t=t), t))
    other_side, other, names = (here, booking.requester_id, our_names) if by_person else (
        there, booking.person_id, their_names)
    t = _askers(ctx, booking) if by_person else _theirs(ctx, booking, other)
    messages.dm(other_side.client, other, t._(
        "{booking} ({hours} in {week} for {challenge}: {title}) was cancelled by {person}.", booking=booking.short_id,
        hours=t.hours(booking.hours), week=t.week(booking.week_start), challenge=challenge.short_id,
        title=escape(challenge.title), person=names(by, t=t)))
    if booking.manager_id:
        t = _theirs(ctx, booking, booking.manager_id)
        messages.dm(there.client, booking.manager_id, t._("{booking} for {person} was cancelled.",
                                                          booking=booking.short_id, person=mention(booking.person_id)))


# -- the expiry job --------------------------------------------------------------------------
def _lapsed_note(booking: Booking, t: Lang) -> tuple[str, list[dict]]:
    text = t._("{booking} lapsed: nobody answered within 5 days.", booking=booking.short_id)
    return text, [section(text)]


def lapsed(ctx: Context, bookings: list[Booking]) -> None:
    """Requests nobody answered in time: the requester is told, the request DMs say so, each
    in their reader's language."""
    for booking in bookings:
        here, names = _requester_side(ctx, booking)
        t = _askers(ctx, booking)
        messages.dm(here.client, booking.requester_id, t._(
            "{booking}: your request for {hours} of {person}'s time in {week} lapsed: nobody answered within 5 days. "
            "You can ask again with `/book`.", booking=booking.short_id, hours=t.hours(booking.hours),
            person=names(booking.person_id, t=t), week=t.week(booking.week_start)))
        _show_in_request_dms(ctx, booking, lambda t, booking=booking: _lapsed_note(booking, t))
