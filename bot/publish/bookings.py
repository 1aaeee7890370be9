"""Bookings as people see them: the booking form, the request DMs to the person and their line
manager, what an answer, a cancellation or a lapse changes in those DMs, and who is told."""

from __future__ import annotations

from bot.context import Context
from bot.publish.challenges import stage_may_have_moved
from bot.publish.names import names_for
from bot.services import bookings as service
from bot.services import network, pool
from bot.services.challenges import get_by_id as get_challenge
from bot.services.challenges import list_open
from bot.slack import messages
from bot.slack.messages import MessageRef, stored
from bot.storage.models import Booking, Challenge
from bot.views.bookings import answered_dm, book_modal, confirmation_dm, request_dm
from bot.views.common import Names, escape, metadata, section


# -- the form --------------------------------------------------------------------------------
def book_form(ctx: Context, *, team_id: str, person_id: str | None, challenge_id: int | None = None,
              private_metadata: str = "") -> dict:
    """The booking form: the person's free weeks and the open challenges."""
    with ctx.db.reading() as session:
        weeks = service.free_weeks(session, team_id, person_id, ctx.today()) if person_id else []
        challenges = [s.challenge for s in list_open(session, team_id)]
        in_network = len(network.teams(session, team_id)) > 1
        chosen = pool.pool_choice(session, team_id, person_id) if in_network else None
    return book_modal(person_id=person_id, weeks=weeks, challenges=challenges, challenge_id=challenge_id,
                      private_metadata=private_metadata, network=in_network,
                      chosen=(chosen.value, chosen.label) if chosen else None)


def open_form(ctx: Context, *, trigger_id: str, team_id: str, person_id: str | None, challenge_id: int | None = None,
              channel_id: str | None = None, response_url: str | None = None) -> None:
    """Open the booking form (from /book or a digest's Request booking button)."""
    meta = metadata(channel=channel_id, response_url=response_url)
    messages.open_modal(ctx.client, trigger_id, book_form(ctx, team_id=team_id, person_id=person_id,
                                                          challenge_id=challenge_id, private_metadata=meta))


def redraw_form(ctx: Context, view: dict, *, team_id: str, person_id: str | None, challenge_id: int | None) -> None:
    """Another person was picked in an open form: show their free weeks (unless the form
    changed meanwhile)."""
    messages.update_modal(ctx.client, view, book_form(ctx, team_id=team_id, person_id=person_id,
                                                      challenge_id=challenge_id,
                                                      private_metadata=view.get("private_metadata", "")))


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


def send_requests(ctx: Context, booking: Booking) -> None:
    """Ask the person (and their line manager, where asked) in DMs, and remember the DMs."""
    challenge = _challenge(ctx, booking)
    there, names = _person_side(ctx, booking)
    person_dm = messages.dm(there.client, booking.person_id,
                            *request_dm(booking, challenge, for_manager=False, names=names))
    manager_dm = (messages.dm(there.client, booking.manager_id,
                              *request_dm(booking, challenge, for_manager=True, names=names))
                  if booking.manager_id else None)
    ctx.record(service.record_request_dms, booking.team_id, booking.id, stored(person_dm), stored(manager_dm))


def requested(ctx: Context, booking: Booking) -> str:
    """What the requester is told once their request is sent."""
    _, names = _requester_side(ctx, booking)
    also = f" and their line manager {names(booking.manager_id)}" if booking.manager_id else ""
    return (f"Requested {booking.hours:g}h of {names(booking.person_id)}'s time in "
            f"w/c {booking.week_start.day} {booking.week_start:%b} ({booking.short_id}). I've asked them{also}; "
            "I'll tell you when it is decided.")


def _show_in_request_dms(ctx: Context, booking: Booking, text: str, blocks: list[dict]) -> None:
    there = ctx.for_team(booking.person_team_id)  # the request DMs are in the person's workspace
    for ref in (booking.person_dm, booking.manager_dm):
        messages.update(there.client, MessageRef.parse(ref), text, blocks)


# -- answers ---------------------------------------------------------------------------------
def notify_decision(ctx: Context, decision: service.Decision) -> None:
    """Tell everyone involved what an answer changed, each in their own workspace."""
    booking = decision.booking
    challenge = _challenge(ctx, booking)
    there, their_names = _person_side(ctx, booking)
    here, our_names = _requester_side(ctx, booking)
    person, asker = our_names(booking.person_id), their_names(booking.requester_id)
    if decision.outcome == "waiting":
        waiting_for = booking.manager_id if booking.manager_decision is None else booking.person_id
        clicked = booking.person_dm if booking.manager_decision is None else booking.manager_dm
        messages.update(there.client, MessageRef.parse(clicked),
                        *answered_dm(booking, challenge, f"you approved; waiting for <@{waiting_for}>."))
        return
    if decision.outcome == "confirmed":
        note = "confirmed."
        messages.dm(there.client, booking.person_id,
                    *confirmation_dm(booking, challenge, to_person=True, names=their_names))
        messages.dm(here.client, booking.requester_id,
                    *confirmation_dm(booking, challenge, to_person=False, names=our_names))
        stage_may_have_moved(ctx, challenge.team_id, booking.challenge_id)  # in progress
    else:
        if decision.outcome == "declined" and booking.reason is None:
            by = booking.person_id if booking.person_decision == "declined" else booking.manager_id
            note = f"declined by <@{by}>."
            told = (f"{booking.short_id}: {our_names(by)} declined your request for {booking.hours:g}h of {person}'s "
                    f"time for {challenge.short_id}. You could ask someone else from the digest or the pool.")
        else:
            note = f"not confirmed: {booking.reason}."
            told = f"{booking.short_id}: your request for {person}'s time could not be confirmed: {booking.reason}."
            if decision.outcome == "no_capacity":
                messages.dm(there.client, booking.person_id, f"{booking.short_id} for {asker} could not be "
                                                             "confirmed: those hours were booked by someone else first.")
        messages.dm(here.client, booking.requester_id, told)
    _show_in_request_dms(ctx, booking, *answered_dm(booking, challenge, note))
    ctx.refresh_home(booking.person_team_id, booking.person_id)
    ctx.refresh_home(booking.team_id, booking.requester_id)


def cancelled(ctx: Context, booking: Booking, *, by: str, clicked: MessageRef | None) -> None:
    """A booking was cancelled: every DM about it says so, and the other side (and the
    line manager) is told, each in their own workspace."""
    challenge = _challenge(ctx, booking)
    there, their_names = _person_side(ctx, booking)
    here, our_names = _requester_side(ctx, booking)
    by_person = by == booking.person_id
    shown = answered_dm(booking, challenge, f"cancelled by {(our_names if not by_person else their_names)(by)}; "
                                            "the hours are free again.")
    messages.update((there if by_person else here).client, clicked, *shown)
    _show_in_request_dms(ctx, booking, *shown)
    other_side, other, names = (here, booking.requester_id, our_names) if by_person else (
        there, booking.person_id, their_names)
    messages.dm(other_side.client, other, f"{booking.short_id} ({booking.hours:g}h in w/c {booking.week_start.day} "
                                          f"{booking.week_start:%b} for {challenge.short_id}: "
                                          f"{escape(challenge.title)}) was cancelled by {names(by)}.")
    if booking.manager_id:
        messages.dm(there.client, booking.manager_id, f"{booking.short_id} for <@{booking.person_id}> was cancelled.")


# -- the expiry job --------------------------------------------------------------------------
def lapsed(ctx: Context, bookings: list[Booking]) -> None:
    """Requests nobody answered in time: the requester is told, the request DMs say so."""
    for booking in bookings:
        here, names = _requester_side(ctx, booking)
        messages.dm(here.client, booking.requester_id,
                    f"{booking.short_id}: your request for {booking.hours:g}h of {names(booking.person_id)}'s time "
                    f"in w/c {booking.week_start.day} {booking.week_start:%b} lapsed: nobody answered within 5 days. "
                    "You can ask again with `/book`.")
        note = f"{booking.short_id} lapsed: nobody answered within 5 days."
        _show_in_request_dms(ctx, booking, note, [section(note)])
