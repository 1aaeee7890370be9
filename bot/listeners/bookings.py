"""`/book`, the digest's Request booking button, the booking form, answers in DMs, cancelling."""

from __future__ import annotations

from slack_bolt import App

from bot import context as dozen
from bot.locale import N_, Lang
from bot.publish import bookings as publish
from bot.services import bookings as service
from bot.services import network_pool
from bot.listeners.shapes import look, press, submit
from bot.services.errors import DomainError, Message, ValidationFailed
from bot.slack.payloads import (
    actor,
    clicked_message,
    command_actor,
    input_value,
    int_value,
    json_value,
    private_metadata,
    selected_value,
    text_value,
)
from bot.slack.people import named_person
from bot.slack.replies import refuse_command, tell_from_form, usage_reply
from bot.views.bookings import (
    APPROVE_BOOKING,
    BOOK_CALLBACK,
    BOOK_PERSON,
    BOOK_PERSON_SEARCH,
    BOOK_USAGE,
    CANCEL_BOOKING,
    DECLINE_BOOKING,
)
from bot.views.digest import REQUEST_BOOKING

NAME_FIRST = N_("Start with the person's @name, like `/book @alex`.")


def name_first(t: Lang) -> str:
    """What to say to `/book` without a person: how to name one, then the usage."""
    return t._(NAME_FIRST) + "\n\n" + t._(BOOK_USAGE)


def book_command(ack, command, context):
    ctx = dozen.of(context)
    team_id, user_id = command_actor(command)
    t = ctx.lang(team_id, user_id)
    if (command.get("text") or "").strip().lower() in ("", "help"):
        usage_reply(ack, t._(BOOK_USAGE))
        return
    person_id, _, acked = named_person(ack, ctx.client, command)
    if person_id is None and acked:  # not someone of this workspace: maybe of the network's pool
        person_id = ctx.read(network_pool.pool_member_named, team_id, (command.get("text") or "").strip().lstrip("@"))
    if person_id is None:
        refuse_command(ack, ctx.client, command, name_first(t), acked=acked)
        return
    try:
        ctx.read(service.check_can_book, team_id=team_id, requester_id=user_id, person_id=person_id)
    except DomainError as error:
        refuse_command(ack, ctx.client, command, error.say(t), acked=acked)
        return
    if not acked:
        ack()
    publish.open_form(ctx, trigger_id=command["trigger_id"], team_id=team_id, person_id=person_id,
                      channel_id=command.get("channel_id"), response_url=command.get("response_url"), t=t)


def request_from_digest(ack, body, action, context):
    """A digest's Request booking button: the booking form, with that person and challenge."""
    chosen = json_value(action)
    ctx, ready = look(ack, body, context, lambda ctx, team_id, user_id: ctx.read(
        service.digest_request, team_id=team_id, requester_id=user_id, person=chosen.get("person"),
        challenge=chosen.get("challenge")))
    if ready is not None:
        person_id, challenge_id = ready
        publish.open_form(ctx, trigger_id=body["trigger_id"], team_id=body["team"]["id"], person_id=person_id,
                          challenge_id=challenge_id, t=ctx.lang(*actor(body)))


def book_person_changed(ack, body, action, context):
    """Another person was picked: redraw the weeks with their free hours."""
    ack()
    ctx = dozen.of(context)
    view = body.get("view") or {}
    person_id = action.get("selected_user") or selected_value(action) or None
    publish.redraw_form(ctx, view, team_id=body["team"]["id"], person_id=person_id,
                        challenge_id=_int(input_value(view, "challenge")), t=ctx.lang(*actor(body)))


def book_submitted(ack, body, view, context):
    draft = service.BookingDraft(person_id=input_value(view, "person") or "",
                                 challenge_id=text_value(view, "challenge"), week=text_value(view, "week"),
                                 hours=text_value(view, "hours"), note=text_value(view, "note"))

    def request(ctx: dozen.Context, team_id: str, user_id: str):
        try:
            return ctx.write(service.request_booking, team_id=team_id, requester_id=user_id, draft=draft,
                             today=ctx.today(), now=ctx.clock.now())
        except ValidationFailed as error:
            raise ValidationFailed(_form_errors(view, error.errors)) from None

    ctx, booking = submit(ack, body, view, context, request)
    if booking is not None:
        publish.send_requests(ctx, booking)
        tell_from_form(ctx.client, booking.requester_id, private_metadata(view), publish.requested(ctx, booking))
        ctx.refresh_home(booking.person_team_id, booking.person_id)


def _form_errors(view: dict, errors: dict[str, Message]) -> dict[str, Message]:
    """With no weeks shown (the person isn't bookable), the person is what to change."""
    errors = dict(errors)
    blocks = view.get("blocks") if isinstance(view.get("blocks"), list) else []
    if "week" in errors and not any(isinstance(b, dict) and b.get("block_id") == "week" for b in blocks):
        errors["person"] = errors.pop("week")
    return errors


def approve_booking(ack, body, action, context):
    _answer(ack, body, action, context, approve=True)


def decline_booking(ack, body, action, context):
    _answer(ack, body, action, context, approve=False)


def _answer(ack, body: dict, action: dict, context, *, approve: bool) -> None:
    ctx, decision = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.decide, team_id=team_id, booking_id=int_value(action), user_id=user_id, approve=approve,
        today=ctx.today(), now=ctx.clock.now()))
    if decision is not None:
        publish.notify_decision(ctx, decision)


def cancel_booking(ack, body, action, context):
    ctx, booking = press(ack, body, context, lambda ctx, team_id, user_id: ctx.write(
        service.cancel, team_id=team_id, booking_id=int_value(action), user_id=user_id, today=ctx.today(),
        now=ctx.clock.now()))
    if booking is None:
        return
    publish.cancelled(ctx, booking, by=actor(body)[1], clicked=clicked_message(body))
    ctx.refresh_home(booking.person_team_id, booking.person_id)
    ctx.refresh_home(booking.team_id, booking.requester_id)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def register(app: App) -> None:
    app.command("/book")(book_command)
    app.action(REQUEST_BOOKING)(request_from_digest)
    app.action(BOOK_PERSON)(book_person_changed)
    app.action(BOOK_PERSON_SEARCH)(book_person_changed)
    app.view(BOOK_CALLBACK)(book_submitted)
    app.action(APPROVE_BOOKING)(approve_booking)
    app.action(DECLINE_BOOKING)(decline_booking)
    app.action(CANCEL_BOOKING)(cancel_booking)
