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
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.locale import ENGLISH, N_, Lang
from bot.reference import council_name
from bot.services.availability import WeekHours
from bot.services.bookings import NOTE_MAX
from bot.services.charging import rate_text
from bot.services.money import money_text
from bot.services.network_pool import PoolChoice
from bot.storage.models import Booking, Challenge
from bot.views.availability import week_name
from bot.views.common import (
    SAME_WORKSPACE,
    Names,
    blocks_of,
    context,
    escape,
    md,
    mention,
    option,
    plain,
    section,
    truncate,
)

BOOK_CALLBACK = "book"
BOOK_PERSON = "book_person"
BOOK_PERSON_SEARCH = "book_person_search"  # the network pool picker (searches as people type)
APPROVE_BOOKING = "booking_approve"
DECLINE_BOOKING = "booking_decline"
CANCEL_BOOKING = "booking_cancel"
CHALLENGE_OPTIONS_MAX = 100
BOOK_USAGE = N_("*/book @person* — request some of a pool member's hours for one of the open challenges "
                "(opens a form). They, and their line manager where the workspace asks, approve in a DM.")


MODAL_TEXT_MAX = 24  # a form's title, submit and close buttons


def _short(text: str) -> PlainTextObject:
    """A form's title or button: Slack takes at most 24 characters (a long translation is cut)."""
    return plain(truncate(text, MODAL_TEXT_MAX))


def week_choice(week: WeekHours, t: Lang = ENGLISH):
    """'w/c 21 Dec (Christmas Day, Boxing Day): 6h free': the week's bank holidays where the
    person's council is, then their free hours."""
    if week.free > 0:
        state = t._("{hours} free", hours=t.hours(week.free))
    else:
        state = t._("away") if week.away else t._("no free hours")
    return option(f"{week_name(week.week, week.holidays, t=t)}: {state}", week.week.isoformat())


def choice_label(choice: PoolChoice, t: Lang = ENGLISH) -> str:
    """A pool member as the network's person picker shows them: name, council, skills."""
    return " · ".join(part for part in (choice.name or t._("A pool member"), choice.council, choice.skills) if part)


def challenge_choice(challenge: Challenge):
    return option(f"{challenge.short_id} {challenge.title} ({council_name(challenge.council_code)})",
                  str(challenge.id))


def _person_picker(person_id: str | None, chosen: tuple[str, str] | None, network: bool,
                   t: Lang = ENGLISH) -> InputBlock:
    """Who to book: anyone in this workspace (Slack's own picker), or, in a network of
    workspaces, anyone in the network's pool, searched by name, council or skill."""
    if network:
        return InputBlock(block_id="person", label=plain(t._("Person")), dispatch_action=True,
                          hint=plain(t._("A member of the network's talent pool: type a name, a council or a skill.")),
                          element=ExternalDataSelectElement(
                              action_id=BOOK_PERSON_SEARCH, placeholder=plain(t._("Type to find a person")),
                              min_query_length=0, initial_option=option(chosen[1], chosen[0]) if chosen else None))
    return InputBlock(block_id="person", label=plain(t._("Person")), dispatch_action=True,
                      hint=plain(t._("A member of the talent pool.")),
                      element=UserSelectElement(action_id=BOOK_PERSON, placeholder=plain(t._("Choose a person")),
                                                initial_user=person_id or None))


def book_modal(*, person_id: str | None, weeks: list[WeekHours], challenges: list[Challenge],
               challenge_id: int | None = None, private_metadata: str = "", network: bool = False,
               chosen: tuple[str, str] | None = None, t: Lang = ENGLISH) -> dict:
    """The request form. Week labels show the chosen person's free hours; picking another
    person redraws them (dispatch_action). `chosen` is the person as the network picker shows
    them: (value, label)."""
    challenge_options = [challenge_choice(c) for c in challenges[:CHALLENGE_OPTIONS_MAX]]
    initial_challenge = next((o for o in challenge_options if o.value == str(challenge_id)), None)
    blocks = [
        _person_picker(person_id, chosen, network, t=t),
        InputBlock(block_id="challenge", label=plain(t._("Challenge")),
                   element=StaticSelectElement(action_id="value", placeholder=plain(t._("Choose an open challenge")),
                                               options=challenge_options, initial_option=initial_challenge)),
    ]
    if weeks:
        blocks.append(InputBlock(
            block_id="week", label=plain(t._("Week")), hint=plain(t._("The coming 12 weeks, with their free hours.")),
            element=StaticSelectElement(action_id="value", placeholder=plain(t._("Choose a week")),
                                        options=[week_choice(w, t=t) for w in weeks])))
    else:
        who = escape(chosen[1]) if chosen else mention(person_id)
        blocks.append(section(t._("{person} isn't in the talent pool, so there are no weeks to book.", person=who)
                              if person_id else t._("Choose a person to see their free weeks.")))
    blocks += [
        InputBlock(block_id="hours", label=plain(t._("Hours")),
                   hint=plain(t._("In half hours, up to their free hours.")),
                   element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0.5",
                                              max_value="37.5")),
        InputBlock(block_id="note", label=plain(t._("Note")), optional=True,
                   hint=plain(t._("What you'd like them to help with. They see this.")),
                   element=PlainTextInputElement(action_id="value", multiline=True, max_length=NOTE_MAX)),
        context(t._("The hours are paid for by the challenge's council at the person's council's rate.")),
    ]
    return View(type="modal", callback_id=BOOK_CALLBACK, title=_short(t._("Book someone's time")),
                submit=_short(t._("Request booking")), close=_short(t._("Cancel")), private_metadata=private_metadata,
                blocks=blocks).to_dict()


def _field(title: str, value: str) -> str:
    """A titled value: the title in bold on its own line."""
    return f"*{title}*\n{value}"


def _summary(booking: Booking, challenge: Challenge, t: Lang = ENGLISH) -> list[str]:
    return [
        _field(t._("Challenge"), f"{challenge.short_id}: {escape(challenge.title)}"),
        _field(t._("Week"), f"{t.week(booking.week_start)} {booking.week_start.year}"),
        _field(t._("Hours"), t.hours(booking.hours)),
        _field(t._("Paid by"), escape(council_name(booking.booking_council))),
    ]


def request_dm(booking: Booking, challenge: Challenge, *, for_manager: bool,
               names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    asker, person = names(booking.requester_id, t=t), names(booking.person_id, t=t)
    amount, week = t.hours(booking.hours), t.week(booking.week_start)
    if for_manager:
        text = t._("{asker} would like to book {hours} of {person}'s time ({booking}).", asker=asker, hours=amount,
                   person=person, booking=booking.short_id)
        intro = t._("{asker} would like to book *{hours}* of {person}'s time in *{week}*. As their line manager, "
                    "please approve or decline; {person} is asked too.", asker=asker, hours=amount, person=person,
                    week=week)
    else:
        text = t._("{asker} would like to book {hours} of your time ({booking}).", asker=asker, hours=amount,
                   booking=booking.short_id)
        intro = (t._("{asker} would like to book *{hours}* of your time in *{week}* (your line manager {manager} "
                     "is asked too).", asker=asker, hours=amount, week=week, manager=names(booking.manager_id, t=t))
                 if booking.manager_id else
                 t._("{asker} would like to book *{hours}* of your time in *{week}*.", asker=asker, hours=amount,
                     week=week))
    value = str(booking.id)
    blocks = blocks_of(
        section(intro),
        SectionBlock(fields=[md(f) for f in _summary(booking, challenge, t=t)]),
        section(_field(t._("Note"), f">{escape(booking.note)}")) if booking.note else None,
        context(f"{booking.short_id} · " + t._("If nobody answers within 5 days the request lapses.")),
        ActionsBlock(block_id=f"booking_{booking.id}", elements=[
            ButtonElement(text=plain(t._("Approve")), action_id=APPROVE_BOOKING, value=value, style="primary"),
            ButtonElement(text=plain(t._("Decline")), action_id=DECLINE_BOOKING, value=value,
                          confirm=ConfirmObject(title=t._("Decline this booking?"),
                                                text=t._("{person} will be told.",
                                                         person=names(booking.requester_id, t=t)),
                                                confirm=t._("Decline"), deny=t._("Back"))),
        ]),
    )
    return text, blocks


def answered_dm(booking: Booking, challenge: Challenge, note: str, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """What a request DM becomes once answered: the facts and what happened, no buttons."""
    text = f"{booking.short_id}: {note}"
    return text, blocks_of(section(text), SectionBlock(fields=[md(f) for f in _summary(booking, challenge, t=t)]))


def cancel_button(booking: Booking, t: Lang = ENGLISH) -> ButtonElement:
    return ButtonElement(text=plain(t._("Cancel booking")), action_id=CANCEL_BOOKING, value=str(booking.id),
                         style="danger",
                         confirm=ConfirmObject(title=t._("Cancel this booking?"),
                                               text=t._("The hours go back and the other side is told."),
                                               confirm=t._("Cancel booking"), deny=t._("Keep it")))


def confirmation_dm(booking: Booking, challenge: Challenge, *, to_person: bool,
                    names: Names = SAME_WORKSPACE, t: Lang = ENGLISH,
                    currency: str = "GBP") -> tuple[str, list[dict]]:
    other = names(booking.requester_id if to_person else booking.person_id, t=t)
    amount, week = t.hours(booking.hours), t.week(booking.week_start)
    if to_person:
        text = ":white_check_mark: " + t._("Booked: {hours} of your time in {week} for {challenge}, with {person}.",
                                           hours=amount, week=week, challenge=challenge.short_id, person=other)
    else:
        text = ":white_check_mark: " + t._("Confirmed: {person} gives {hours} in {week} to {challenge}.",
                                           person=other, hours=amount, week=week, challenge=challenge.short_id)
    provider = escape(council_name(booking.provider_council))
    if booking.amount_pence is not None:
        cost = t._("{amount} ({rate}), paid by {payer} to {provider}",
                   amount=money_text(booking.amount_pence, currency, t),
                   rate=rate_text(booking.rate_pence, booking.rate_unit, t, currency),
                   payer=escape(council_name(booking.booking_council)), provider=provider)
    else:
        cost = t._("{provider} has no rate set yet, so no charge is recorded", provider=provider)
    return text, blocks_of(
        section(text),
        SectionBlock(fields=[md(f) for f in _summary(booking, challenge, t=t)]),
        context(f"{booking.short_id} · " + t._("Cost: {cost}. Either of you can cancel until the week starts.",
                                               cost=cost)),
        ActionsBlock(block_id=f"booking_cancel_{booking.id}", elements=[cancel_button(booking, t=t)]),
    )


def booking_line(booking: Booking, challenge: Challenge | None, user_id: str, names: Names = SAME_WORKSPACE,
                 t: Lang = ENGLISH) -> str:
    values = {"hours": t.hours(booking.hours), "challenge": challenge.short_id if challenge else t._("a challenge"),
              "requester": names(booking.requester_id, t=t), "person": names(booking.person_id, t=t)}
    if booking.person_id == user_id:
        what = t._("{hours} for {requester} on {challenge}", **values)
    elif booking.requester_id == user_id:
        what = t._("{hours} of {person} on {challenge}", **values)
    else:
        what = t._("{hours} of {person} for {requester} on {challenge}", **values)
    state = t._("confirmed") if booking.status == "confirmed" else t._("waiting for answers")
    return f"`{booking.short_id}` {t.week(booking.week_start)}: {what} — {state}"


def booking_home_blocks(bookings: list[tuple[Booking, Challenge | None]], user_id: str,
                        names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> list:
    """One section per booking, with the buttons that apply to this person (`names`: how
    people of other workspaces are named)."""
    blocks = []
    for booking, challenge in bookings[:20]:
        accessory = None
        if booking.status == "confirmed" or (booking.status == "requested" and booking.requester_id == user_id):
            accessory = cancel_button(booking, t=t)
        blocks.append(section(booking_line(booking, challenge, user_id, names, t=t), accessory=accessory))
        needs_answer = booking.status == "requested" and (
            (booking.person_id == user_id and booking.person_decision is None)
            or (booking.manager_id == user_id and booking.manager_decision is None))
        if needs_answer:
            blocks.append(ActionsBlock(block_id=f"home_booking_{booking.id}", elements=[
                ButtonElement(text=plain(t._("Approve")), action_id=APPROVE_BOOKING, value=str(booking.id),
                              style="primary"),
                ButtonElement(text=plain(t._("Decline")), action_id=DECLINE_BOOKING, value=str(booking.id))]))
    return blocks
