"""Bookings as people see them: the booking form, the request DMs to the person and their line
manager, what an answer, a cancellation or a lapse changes in those DMs, and who is told."""

from __future__ import annotations

from bot.context import Context
from bot.publish.challenges import stage_may_have_moved
from bot.services import bookings as service
from bot.services.challenges import get_by_id as get_challenge
from bot.services.challenges import list_open
from bot.slack import messages
from bot.slack.messages import MessageRef, stored
from bot.storage.models import Booking, Challenge
from bot.views.bookings import answered_dm, book_modal, confirmation_dm, request_dm
from bot.views.common import escape, metadata, section


# -- the form --------------------------------------------------------------------------------
def book_form(ctx: Context, *, team_id: str, person_id: str | None, challenge_id: int | None = None,
              private_metadata: str = "") -> dict:
    """The booking form: the person's free weeks and the open challenges."""
    with ctx.db.reading() as session:
        weeks = service.free_weeks(session, team_id, person_id, ctx.today()) if person_id else []
        challenges = [s.challenge for s in list_open(session, team_id)]
    return book_modal(person_id=person_id, weeks=weeks, challenges=challenges, challenge_id=challenge_id,
                      private_metadata=private_metadata)


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


def send_requests(ctx: Context, booking: Booking) -> None:
    """Ask the person (and their line manager, where asked) in DMs, and remember the DMs."""
    challenge = _challenge(ctx, booking)
    person_dm = messages.dm(ctx.client, booking.person_id, *request_dm(booking, challenge, for_manager=False))
    manager_dm = (messages.dm(ctx.client, booking.manager_id, *request_dm(booking, challenge, for_manager=True))
                  if booking.manager_id else None)
    ctx.record(service.record_request_dms, booking.team_id, booking.id, stored(person_dm), stored(manager_dm))


def requested(booking: Booking) -> str:
    """What the requester is told once their request is sent."""
    also = f" and their line manager <@{booking.manager_id}>" if booking.manager_id else ""
    return (f"Requested {booking.hours:g}h of <@{booking.person_id}>'s time in "
            f"w/c {booking.week_start.day} {booking.week_start:%b} ({booking.short_id}). I've asked them{also}; "
            "I'll tell you when it is decided.")


def _show_in_request_dms(ctx: Context, booking: Booking, text: str, blocks: list[dict]) -> None:
    for ref in (booking.person_dm, booking.manager_dm):
        messages.update(ctx.client, MessageRef.parse(ref), text, blocks)


# -- answers ---------------------------------------------------------------------------------
def notify_decision(ctx: Context, decision: service.Decision) -> None:
    """Tell everyone involved what an answer changed."""
    booking = decision.booking
    challenge = _challenge(ctx, booking)
    person, asker = f"<@{booking.person_id}>", f"<@{booking.requester_id}>"
    if decision.outcome == "waiting":
        waiting_for = booking.manager_id if booking.manager_decision is None else booking.person_id
        clicked = booking.person_dm if booking.manager_decision is None else booking.manager_dm
        messages.update(ctx.client, MessageRef.parse(clicked),
                        *answered_dm(booking, challenge, f"you approved; waiting for <@{waiting_for}>."))
        return
    if decision.outcome == "confirmed":
        note = "confirmed."
        for to_person in (True, False):
            messages.dm(ctx.client, booking.person_id if to_person else booking.requester_id,
                        *confirmation_dm(booking, challenge, to_person=to_person))
        stage_may_have_moved(ctx, booking.team_id, booking.challenge_id)  # in progress
    else:
        if decision.outcome == "declined" and booking.reason is None:
            by = booking.person_id if booking.person_decision == "declined" else booking.manager_id
            note = f"declined by <@{by}>."
            told = (f"{booking.short_id}: <@{by}> declined your request for {booking.hours:g}h of {person}'s time "
                    f"for {challenge.short_id}. You could ask someone else from the digest or the pool.")
        else:
            note = f"not confirmed: {booking.reason}."
            told = f"{booking.short_id}: your request for {person}'s time could not be confirmed: {booking.reason}."
            if decision.outcome == "no_capacity":
                messages.dm(ctx.client, booking.person_id, f"{booking.short_id} for {asker} could not be confirmed: "
                                                           "those hours were booked by someone else first.")
        messages.dm(ctx.client, booking.requester_id, told)
    _show_in_request_dms(ctx, booking, *answered_dm(booking, challenge, note))
    ctx.refresh_home(booking.team_id, booking.person_id)
    ctx.refresh_home(booking.team_id, booking.requester_id)


def cancelled(ctx: Context, booking: Booking, *, by: str, clicked: MessageRef | None) -> None:
    """A booking was cancelled: every DM about it says so, and the other side (and the
    line manager) is told."""
    challenge = _challenge(ctx, booking)
    shown = answered_dm(booking, challenge, f"cancelled by <@{by}>; the hours are free again.")
    messages.update(ctx.client, clicked, *shown)
    _show_in_request_dms(ctx, booking, *shown)
    other = booking.requester_id if by == booking.person_id else booking.person_id
    messages.dm(ctx.client, other, f"{booking.short_id} ({booking.hours:g}h in w/c {booking.week_start.day} "
                                   f"{booking.week_start:%b} for {challenge.short_id}: {escape(challenge.title)}) "
                                   f"was cancelled by <@{by}>.")
    if booking.manager_id:
        messages.dm(ctx.client, booking.manager_id, f"{booking.short_id} for <@{booking.person_id}> was cancelled.")


# -- the expiry job --------------------------------------------------------------------------
def lapsed(ctx: Context, bookings: list[Booking]) -> None:
    """Requests nobody answered in time: the requester is told, the request DMs say so."""
    for booking in bookings:
        messages.dm(ctx.client, booking.requester_id,
                    f"{booking.short_id}: your request for {booking.hours:g}h of <@{booking.person_id}>'s time in "
                    f"w/c {booking.week_start.day} {booking.week_start:%b} lapsed: nobody answered within 5 days. "
                    "You can ask again with `/book`.")
        note = f"{booking.short_id} lapsed: nobody answered within 5 days."
        _show_in_request_dms(ctx, booking, note, [section(note)])
