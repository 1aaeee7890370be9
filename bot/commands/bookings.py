"""`/book`, the approvals in DMs, cancelling, and the cross-charging export."""

from __future__ import annotations

import json
import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.commands.support import (
    Deps,
    answer_privately,
    dm,
    find_person,
    input_value,
    message_ref,
    parse_ref,
    tell,
    text_value,
    update_message,
    usage_reply,
)
from bot.services import bookings as service
from bot.services.challenges import get_by_id as get_challenge
from bot.services.challenges import list_open
from bot.services.errors import DomainError, ValidationFailed
from bot.services.workspace import get_config
from bot.storage.models import Booking
from bot.views.bookings import (
    APPROVE_BOOKING,
    BOOK_CALLBACK,
    BOOK_PERSON,
    BOOK_USAGE,
    CANCEL_BOOKING,
    DECLINE_BOOKING,
    answered_dm,
    book_modal,
    confirmation_dm,
    request_dm,
)
from bot.views.common import escape, metadata, read_metadata
from bot.views.digest import REQUEST_BOOKING

log = logging.getLogger(__name__)


def book_form(deps: Deps, *, team_id: str, person_id: str | None, challenge_id: int | None = None,
              private_metadata: str = "") -> dict:
    with deps.db.reading() as session:
        weeks = service.free_weeks(session, team_id, person_id, deps.today()) if person_id else []
        challenges = [s.challenge for s in list_open(session, team_id)]
    return book_modal(person_id=person_id, weeks=weeks, challenges=challenges, challenge_id=challenge_id,
                      private_metadata=private_metadata)


def open_book(deps: Deps, *, trigger_id: str, team_id: str, person_id: str | None, challenge_id: int | None = None,
              channel_id: str | None = None, response_url: str | None = None) -> None:
    """Open the booking form (from /book or a digest's Request booking button)."""
    meta = metadata(channel=channel_id, response_url=response_url)
    deps.client.views_open(trigger_id=trigger_id, view=book_form(deps, team_id=team_id, person_id=person_id,
                                                                 challenge_id=challenge_id, private_metadata=meta))


def notify_decision(deps: Deps, decision: service.Decision) -> None:
    """Tell everyone involved what an answer changed."""
    booking = decision.booking
    with deps.db.reading() as session:
        challenge = get_challenge(session, booking.team_id, booking.challenge_id)
    person, asker = f"<@{booking.person_id}>", f"<@{booking.requester_id}>"
    if decision.outcome == "waiting":
        waiting_for = booking.manager_id if booking.manager_decision is None else booking.person_id
        clicked = booking.person_dm if booking.manager_decision is None else booking.manager_dm
        update_message(deps.client, *parse_ref(clicked),
                       *answered_dm(booking, challenge, f"you approved; waiting for <@{waiting_for}>."))
        return
    if decision.outcome == "confirmed":
        note = "confirmed."
        for to_person in (True, False):
            dm(deps.client, booking.person_id if to_person else booking.requester_id,
               *confirmation_dm(booking, challenge, to_person=to_person))
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
                dm(deps.client, booking.person_id, f"{booking.short_id} for {asker} could not be confirmed: "
                                                   "those hours were booked by someone else first.")
        dm(deps.client, booking.requester_id, told)
    for ref in (booking.person_dm, booking.manager_dm):
        update_message(deps.client, *parse_ref(ref), *answered_dm(booking, challenge, note))
    deps.refresh_home(booking.team_id, booking.person_id)
    deps.refresh_home(booking.team_id, booking.requester_id)


def send_requests(deps: Deps, booking: Booking) -> None:
    with deps.db.reading() as session:
        challenge = get_challenge(session, booking.team_id, booking.challenge_id)
    person_dm = dm(deps.client, booking.person_id, *request_dm(booking, challenge, for_manager=False))
    manager_dm = (dm(deps.client, booking.manager_id, *request_dm(booking, challenge, for_manager=True))
                  if booking.manager_id else None)
    with deps.db.session() as session:
        stored = service.get(session, booking.team_id, booking.id)
        stored.person_dm, stored.manager_dm = message_ref(person_dm), message_ref(manager_dm)
        session.add(stored)


def register(app: App, deps: Deps) -> None:
    @app.command("/book")
    def book_command(ack, command):
        text = (command.get("text") or "").strip()
        team_id, user_id = command["team_id"], command["user_id"]
        if text.lower() in ("", "help"):
            usage_reply(ack, BOOK_USAGE)
            return
        person_id, _ = find_person(deps.client, text)
        if person_id is None:
            usage_reply(ack, f"Start with the person's @name, like `/book @alex`.\n\n{BOOK_USAGE}")
            return
        try:
            with deps.db.reading() as session:
                service.check_bookable(session, team_id=team_id, requester_id=user_id, person_id=person_id)
                if not list_open(session, team_id):
                    raise DomainError("There are no open challenges to book time for. Post one with "
                                      "`/challenge new`.")
        except DomainError as error:
            usage_reply(ack, error.message)
            return
        ack()
        open_book(deps, trigger_id=command["trigger_id"], team_id=team_id, person_id=person_id,
                  channel_id=command.get("channel_id"), response_url=command.get("response_url"))

    @app.action(REQUEST_BOOKING)
    def request_from_digest(ack, body, action):
        """A digest's Request booking button: the booking form, with that person and challenge."""
        ack()
        chosen = json.loads(action.get("value") or "{}")
        open_book(deps, trigger_id=body["trigger_id"], team_id=body["team"]["id"], person_id=chosen.get("person"),
                  challenge_id=_int(chosen.get("challenge")))

    @app.action(BOOK_PERSON)
    def book_person_changed(ack, body, action):
        """Another person was picked: redraw the weeks with their free hours."""
        ack()
        view = body["view"]
        try:
            deps.client.views_update(
                view_id=view["id"], hash=view.get("hash"),
                view=book_form(deps, team_id=body["team"]["id"], person_id=action.get("selected_user"),
                               challenge_id=_int(input_value(view, "challenge")),
                               private_metadata=view.get("private_metadata", "")))
        except SlackApiError as error:  # the form changed meanwhile (hash_conflict): keep what is shown
            log.info("book form not redrawn: %s", error.response.get("error"))

    @app.view(BOOK_CALLBACK)
    def book_submitted(ack, body, view):
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        draft = service.BookingDraft(person_id=input_value(view, "person") or "",
                                     challenge_id=text_value(view, "challenge"), week=text_value(view, "week"),
                                     hours=text_value(view, "hours"), note=text_value(view, "note"))
        try:
            with deps.db.session() as session:
                booking = service.request(session, team_id=team_id, requester_id=user_id, draft=draft,
                                          today=deps.today(), now=deps.clock.now(),
                                          manager_approval=get_config(session, team_id).manager_approval)
        except ValidationFailed as error:
            errors = dict(error.errors)
            if "week" in errors and not any(b.get("block_id") == "week" for b in view.get("blocks", [])):
                errors["person"] = errors.pop("week")  # no weeks shown: the person is what to change
            ack(response_action="errors", errors=errors)
            return
        ack()
        send_requests(deps, booking)
        meta = read_metadata(view.get("private_metadata"))
        also = f" and their line manager <@{booking.manager_id}>" if booking.manager_id else ""
        tell(deps.client, user_id=user_id, channel_id=meta.get("channel"), response_url=meta.get("response_url"),
             text=f"Requested {booking.hours:g}h of <@{booking.person_id}>'s time in "
                  f"w/c {booking.week_start.day} {booking.week_start:%b} ({booking.short_id}). I've asked them{also}; "
                  "I'll tell you when it is decided.")
        deps.refresh_home(team_id, booking.person_id)

    def answer(body: dict, action: dict, approve: bool) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                decision = service.decide(session, team_id=team_id, booking_id=int(action["value"]),
                                          user_id=user_id, approve=approve, today=deps.today(),
                                          now=deps.clock.now())
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        notify_decision(deps, decision)

    @app.action(APPROVE_BOOKING)
    def approve_booking(ack, body, action):
        ack()
        answer(body, action, approve=True)

    @app.action(DECLINE_BOOKING)
    def decline_booking(ack, body, action):
        ack()
        answer(body, action, approve=False)

    @app.action(CANCEL_BOOKING)
    def cancel_booking(ack, body, action):
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            with deps.db.session() as session:
                booking = service.cancel(session, team_id=team_id, booking_id=int(action["value"]), user_id=user_id,
                                         today=deps.today(), now=deps.clock.now())
                challenge = get_challenge(session, team_id, booking.challenge_id)
        except DomainError as error:
            answer_privately(deps.client, body, error.message)
            return
        note = f"cancelled by <@{user_id}>; the hours are free again."
        container = body.get("container") or {}
        if container.get("type") == "message":
            update_message(deps.client, container.get("channel_id"), container.get("message_ts"),
                           *answered_dm(booking, challenge, note))
        for ref in (booking.person_dm, booking.manager_dm):
            update_message(deps.client, *parse_ref(ref), *answered_dm(booking, challenge, note))
        other = booking.requester_id if user_id == booking.person_id else booking.person_id
        dm(deps.client, other, f"{booking.short_id} ({booking.hours:g}h in w/c {booking.week_start.day} "
                               f"{booking.week_start:%b} for {challenge.short_id}: {escape(challenge.title)}) "
                               f"was cancelled by <@{user_id}>.")
        if booking.manager_id:
            dm(deps.client, booking.manager_id, f"{booking.short_id} for <@{booking.person_id}> was cancelled.")
        deps.refresh_home(team_id, booking.person_id)
        deps.refresh_home(team_id, booking.requester_id)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
