"""Block Kit for bookings: the request form, DMs to both sides, confirmations."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    ExternalDataSelectElement,
    InputBlock,
    NumberInputElement,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.clock import week_label
from bot.reference import council_name
from bot.services.availability import WeekHours
from bot.services.bookings import NOTE_MAX, rate_text
from bot.services.money import format_pence
from bot.storage.models import Booking, Challenge
from bot.views.common import (
    SAME_WORKSPACE,
    Names,
    blocks_of,
    context,
    escape,
    hours,
    md,
    mention,
    option,
    plain,
    section,
)

BOOK_CALLBACK = "book"
BOOK_PERSON = "book_person"
BOOK_PERSON_SEARCH = "book_person_search"  # the network pool picker (searches as people type)
APPROVE_BOOKING = "booking_approve"
DECLINE_BOOKING = "booking_decline"
CANCEL_BOOKING = "booking_cancel"
CHALLENGE_OPTIONS_MAX = 100
BOOK_USAGE = ("*/book @person* — request some of a pool member's hours for one of the open challenges "
              "(opens a form). They, and their line manager where the workspace asks, approve in a DM.")


def week_choice(week: WeekHours):
    state = f"{hours(week.free)} free" if week.free > 0 else ("away" if week.away else "no free hours")
    return option(f"{week_label(week.week)}: {state}", week.week.isoformat())


def challenge_choice(challenge: Challenge):
    return option(f"{challenge.short_id} {challenge.title} ({council_name(challenge.council_code)})",
                  str(challenge.id))


def _person_picker(person_id: str | None, chosen: tuple[str, str] | None, network: bool) -> InputBlock:
    """Who to book: anyone in this workspace (Slack's own picker), or, in a network of
    workspaces, anyone in the network's pool, searched by name, council or skill."""
    if network:
        return InputBlock(block_id="person", label=plain("Person"), dispatch_action=True,
                          hint=plain("A member of the network's talent pool: type a name, a council or a skill."),
                          element=ExternalDataSelectElement(
                              action_id=BOOK_PERSON_SEARCH, placeholder=plain("Type to find a person"),
                              min_query_length=0, initial_option=option(chosen[1], chosen[0]) if chosen else None))
    return InputBlock(block_id="person", label=plain("Person"), dispatch_action=True,
                      hint=plain("A member of the talent pool."),
                      element=UserSelectElement(action_id=BOOK_PERSON, placeholder=plain("Choose a person"),
                                                initial_user=person_id or None))


def book_modal(*, person_id: str | None, weeks: list[WeekHours], challenges: list[Challenge],
               challenge_id: int | None = None, private_metadata: str = "", network: bool = False,
               chosen: tuple[str, str] | None = None) -> dict:
    """The request form. Week labels show the chosen person's free hours; picking another
    person redraws them (dispatch_action). `chosen` is the person as the network picker shows
    them: (value, label)."""
    challenge_options = [challenge_choice(c) for c in challenges[:CHALLENGE_OPTIONS_MAX]]
    initial_challenge = next((o for o in challenge_options if o.value == str(challenge_id)), None)
    blocks = [
        _person_picker(person_id, chosen, network),
        InputBlock(block_id="challenge", label=plain("Challenge"),
                   element=StaticSelectElement(action_id="value", placeholder=plain("Choose an open challenge"),
                                               options=challenge_options, initial_option=initial_challenge)),
    ]
    if weeks:
        blocks.append(InputBlock(
            block_id="week", label=plain("Week"), hint=plain("The coming 12 weeks, with their free hours."),
            element=StaticSelectElement(action_id="value", placeholder=plain("Choose a week"),
                                        options=[week_choice(w) for w in weeks])))
    else:
        who = escape(chosen[1]) if chosen else mention(person_id)
        blocks.append(section(f"{who} isn't in the talent pool, so there are no weeks to book."
                              if person_id else "Choose a person to see their free weeks."))
    blocks += [
        InputBlock(block_id="hours", label=plain("Hours"), hint=plain("In half hours, up to their free hours."),
                   element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0.5",
                                              max_value="37.5")),
        InputBlock(block_id="note", label=plain("Note"), optional=True,
                   hint=plain("What you'd like them to help with. They see this."),
                   element=PlainTextInputElement(action_id="value", multiline=True, max_length=NOTE_MAX)),
        context("The hours are paid for by the challenge's council at the person's council's rate."),
    ]
    return View(type="modal", callback_id=BOOK_CALLBACK, title=plain("Book someone's time"),
                submit=plain("Request booking"), close=plain("Cancel"), private_metadata=private_metadata,
                blocks=blocks).to_dict()


def _summary(booking: Booking, challenge: Challenge) -> list[str]:
    return [
        f"*Challenge*\n{challenge.short_id}: {escape(challenge.title)}",
        f"*Week*\n{week_label(booking.week_start)} {booking.week_start.year}",
        f"*Hours*\n{hours(booking.hours)}",
        f"*Paid by*\n{escape(council_name(booking.booking_council))}",
    ]


def request_dm(booking: Booking, challenge: Challenge, *, for_manager: bool,
               names: Names = SAME_WORKSPACE) -> tuple[str, list[dict]]:
    asker, person = names(booking.requester_id), names(booking.person_id)
    if for_manager:
        text = f"{asker} would like to book {hours(booking.hours)} of {person}'s time ({booking.short_id})."
        intro = (f"{asker} would like to book *{hours(booking.hours)}* of {person}'s time in "
                 f"*{week_label(booking.week_start)}*. As their line manager, please approve or decline; "
                 f"{person} is asked too.")
    else:
        text = f"{asker} would like to book {hours(booking.hours)} of your time ({booking.short_id})."
        intro = (f"{asker} would like to book *{hours(booking.hours)}* of your time in "
                 f"*{week_label(booking.week_start)}*"
                 + (f" (your line manager {names(booking.manager_id)} is asked too)." if booking.manager_id
                    else "."))
    value = str(booking.id)
    blocks = blocks_of(
        section(intro),
        SectionBlock(fields=[md(f) for f in _summary(booking, challenge)]),
        section(f"*Note*\n>{escape(booking.note)}") if booking.note else None,
        context(f"{booking.short_id} · If nobody answers within 5 days the request lapses."),
        ActionsBlock(block_id=f"booking_{booking.id}", elements=[
            ButtonElement(text=plain("Approve"), action_id=APPROVE_BOOKING, value=value, style="primary"),
            ButtonElement(text=plain("Decline"), action_id=DECLINE_BOOKING, value=value,
                          confirm=ConfirmObject(title="Decline this booking?",
                                                text=f"{names(booking.requester_id)} will be told.",
                                                confirm="Decline", deny="Back")),
        ]),
    )
    return text, blocks


def answered_dm(booking: Booking, challenge: Challenge, note: str) -> tuple[str, list[dict]]:
    """What a request DM becomes once answered: the facts and what happened, no buttons."""
    text = f"{booking.short_id}: {note}"
    return text, blocks_of(section(text), SectionBlock(fields=[md(f) for f in _summary(booking, challenge)]))


def cancel_button(booking: Booking) -> ButtonElement:
    return ButtonElement(text=plain("Cancel booking"), action_id=CANCEL_BOOKING, value=str(booking.id),
                         style="danger",
                         confirm=ConfirmObject(title="Cancel this booking?",
                                               text="The hours go back and the other side is told.",
                                               confirm="Cancel booking", deny="Keep it"))


def confirmation_dm(booking: Booking, challenge: Challenge, *, to_person: bool,
                    names: Names = SAME_WORKSPACE) -> tuple[str, list[dict]]:
    other = names(booking.requester_id if to_person else booking.person_id)
    if to_person:
        text = (f":white_check_mark: Booked: {hours(booking.hours)} of your time in {week_label(booking.week_start)} "
                f"for {challenge.short_id}, with {other}.")
    else:
        text = (f":white_check_mark: Confirmed: {other} gives {hours(booking.hours)} in "
                f"{week_label(booking.week_start)} to {challenge.short_id}.")
    cost = (f"{format_pence(booking.amount_pence)} ({rate_text(booking.rate_pence, booking.rate_unit)}), "
            f"paid by {escape(council_name(booking.booking_council))} to "
            f"{escape(council_name(booking.provider_council))}") if booking.amount_pence is not None else (
        f"{escape(council_name(booking.provider_council))} has no rate set yet, so no charge is recorded")
    return text, blocks_of(
        section(text),
        SectionBlock(fields=[md(f) for f in _summary(booking, challenge)]),
        context(f"{booking.short_id} · Cost: {cost}. Either of you can cancel until the week starts."),
        ActionsBlock(block_id=f"booking_cancel_{booking.id}", elements=[cancel_button(booking)]),
    )


def booking_line(booking: Booking, challenge: Challenge | None, user_id: str, names: Names = SAME_WORKSPACE) -> str:
    what = f"{challenge.short_id}" if challenge else "a challenge"
    if booking.person_id == user_id:
        who = f"for {names(booking.requester_id)}"
    elif booking.requester_id == user_id:
        who = f"of {names(booking.person_id)}"
    else:
        who = f"of {names(booking.person_id)} for {names(booking.requester_id)}"
    state = "confirmed" if booking.status == "confirmed" else "waiting for answers"
    return (f"`{booking.short_id}` {week_label(booking.week_start)}: {hours(booking.hours)} {who} on {what} — "
            f"{state}")


def booking_home_blocks(bookings: list[tuple[Booking, Challenge | None]], user_id: str) -> list:
    """One section per booking, with the buttons that apply to this person."""
    blocks = []
    for booking, challenge in bookings[:20]:
        accessory = None
        if booking.status == "confirmed" or (booking.status == "requested" and booking.requester_id == user_id):
            accessory = cancel_button(booking)
        blocks.append(section(booking_line(booking, challenge, user_id), accessory=accessory))
        needs_answer = booking.status == "requested" and (
            (booking.person_id == user_id and booking.person_decision is None)
            or (booking.manager_id == user_id and booking.manager_decision is None))
        if needs_answer:
            blocks.append(ActionsBlock(block_id=f"home_booking_{booking.id}", elements=[
                ButtonElement(text=plain("Approve"), action_id=APPROVE_BOOKING, value=str(booking.id),
                              style="primary"),
                ButtonElement(text=plain("Decline"), action_id=DECLINE_BOOKING, value=str(booking.id))]))
    return blocks
