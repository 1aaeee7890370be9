"""Block Kit for crowdfunding: the funding line, the target and pledge forms, pledge DMs."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    DatePickerElement,
    InputBlock,
    PlainTextInputElement,
    RadioButtonsElement,
)
from slack_sdk.models.views import View

from bot.services.funding import RULES, TEXT_MAX, FundingState
from bot.services.money import format_pence
from bot.storage.models import Challenge, Funding, Pledge
from bot.views.common import blocks_of, context, escape, mention, option, plain, section

TARGET_CALLBACK = "funding_target"
PLEDGE_CALLBACK = "pledge"
SET_TARGET = "funding_target_open"
PLEDGE_BUTTON = "pledge_open"
CHANGE_PLEDGE = "pledge_change"
WITHDRAW_PLEDGE = "pledge_withdraw"
BAR_WIDTH = 10
PLEDGE_USAGE = ("*/pledge C-12 [amount]* — back a challenge with money, an in-kind resource (a venue, licences, "
                "equipment) or hours of someone's time (opens a form). Amounts like 1500, £1,500 or 1.5k.")


def progress_bar(percent: int) -> str:
    filled = min(BAR_WIDTH, percent * BAR_WIDTH // 100)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def days_left(funding: Funding, today: date) -> str:
    if funding.closed_at or funding.deadline < today:
        return f"closed {funding.deadline:%-d %b %Y}"
    days = (funding.deadline - today).days
    return "last day" if days == 0 else f"{days} day{'s' if days != 1 else ''} left"


def in_kind_text(pledges: list[Pledge]) -> str:
    return "; ".join(f"{escape(p.description)} ({escape(p.on_behalf_of)})" for p in pledges[:10]) + (
        f"; and {len(pledges) - 10} more" if len(pledges) > 10 else "")


def funding_lines(current: FundingState, today: date) -> list[str]:
    """The funding line under a challenge: nothing when no target is set and nobody pledged."""
    lines = []
    funding = current.funding
    if funding is not None:
        reached = " · :tada: target reached" if funding.reached_at else ""
        lines.append(f"`{progress_bar(current.percent)}` *{format_pence(current.pledged_pence)}* of "
                     f"{format_pence(funding.target_pence)} pledged ({current.percent}%) by {current.backers} backer"
                     f"{'s' if current.backers != 1 else ''} · {RULES[funding.rule]} · {days_left(funding, today)}"
                     f"{reached}")
    elif current.pledged_pence or current.in_kind:
        lines.append(f"*{format_pence(current.pledged_pence)}* pledged by {current.backers} backer"
                     f"{'s' if current.backers != 1 else ''}")
    if current.in_kind:
        lines.append(f"In kind: {in_kind_text(current.in_kind)}")
    return lines


def list_progress(current: FundingState | None) -> str:
    """The short form beside votes in /challenge list."""
    if current is None or current.funding is None:
        return ""
    return (f" · {format_pence(current.pledged_pence)} of {format_pence(current.funding.target_pence)} "
            f"({current.percent}%)")


def post_buttons(challenge: Challenge) -> ActionsBlock:
    value = str(challenge.id)
    return ActionsBlock(block_id=f"challenge_{challenge.id}", elements=[
        ButtonElement(text=plain("Pledge"), action_id=PLEDGE_BUTTON, value=value),
        ButtonElement(text=plain("Set funding target"), action_id=SET_TARGET, value=value),
    ])


def target_modal(challenge: Challenge, funding: Funding | None, today: date) -> dict:
    rules = [option("Keep what you raise: pledges stand whatever is raised", "keep"),
             option("All or nothing: pledges fall due only if the target is reached by the deadline",
                    "all_or_nothing")]
    initial_rule = rules[1] if funding and funding.rule == "all_or_nothing" else rules[0]
    return View(
        type="modal", callback_id=TARGET_CALLBACK, title=plain("Funding target"), submit=plain("Save target"),
        close=plain("Cancel"), private_metadata=str(challenge.id),
        blocks=[
            section(f"*{challenge.short_id}: {escape(challenge.title)}*"),
            InputBlock(block_id="target", label=plain("Target in pounds"), hint=plain("e.g. 5000, £5,000 or 5k"),
                       element=PlainTextInputElement(
                           action_id="value", max_length=20,
                           initial_value=format_pence(funding.target_pence) if funding else None)),
            InputBlock(block_id="rule", label=plain("Rule"),
                       element=RadioButtonsElement(action_id="value", options=rules, initial_option=initial_rule)),
            InputBlock(block_id="deadline", label=plain("Deadline"), hint=plain("Pledges close at the end of this day."),
                       element=DatePickerElement(action_id="value",
                                                 initial_date=(funding.deadline if funding else None) and
                                                 funding.deadline.isoformat())),
        ],
    ).to_dict()


def pledge_modal(challenge: Challenge, *, amount: str = "", existing: Pledge | None = None) -> dict:
    kinds = [option("Money", "money"), option("An in-kind resource (a venue, licences, equipment)", "resource"),
             option("Hours of someone's time", "hours")]
    initial_kind = next((o for o in kinds if existing and o.value == existing.kind), kinds[0])
    amount_text = format_pence(existing.amount_pence) if existing and existing.amount_pence else amount
    return View(
        type="modal", callback_id=PLEDGE_CALLBACK, title=plain("Pledge"),
        submit=plain("Change pledge" if existing else "Pledge"), close=plain("Cancel"),
        private_metadata=f"{challenge.id}:{existing.id if existing else ''}",
        blocks=[
            section(f"Back *{challenge.short_id}: {escape(challenge.title)}*"),
            InputBlock(block_id="kind", label=plain("What you are pledging"),
                       element=RadioButtonsElement(action_id="value", options=kinds, initial_option=initial_kind)),
            InputBlock(block_id="amount", label=plain("Amount in pounds"), optional=True,
                       hint=plain("For money: e.g. 1500, £1,500 or 1.5k (up to £1,000,000)."),
                       element=PlainTextInputElement(action_id="value", max_length=20,
                                                     initial_value=amount_text or None)),
            InputBlock(block_id="description", label=plain("Description"), optional=True,
                       hint=plain("For a resource or hours: what exactly, e.g. a venue for 40 people."),
                       element=PlainTextInputElement(action_id="value", max_length=TEXT_MAX,
                                                     initial_value=(existing.description if existing else None))),
            InputBlock(block_id="on_behalf_of", label=plain("On behalf of"),
                       hint=plain("Your council or organisation, e.g. Leeds City Council."),
                       element=PlainTextInputElement(action_id="value", max_length=150,
                                                     initial_value=(existing.on_behalf_of if existing else None))),
            InputBlock(block_id="note", label=plain("Public note"), optional=True,
                       hint=plain("Shown with your pledge."),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=TEXT_MAX,
                                                     initial_value=(existing.note if existing else None))),
        ],
    ).to_dict()


def pledge_what(pledge: Pledge) -> str:
    if pledge.kind == "money":
        return format_pence(pledge.amount_pence)
    return escape(pledge.description)


def pledge_buttons(pledge: Pledge) -> ActionsBlock:
    value = str(pledge.id)
    return ActionsBlock(block_id=f"pledge_{pledge.id}", elements=[
        ButtonElement(text=plain("Change pledge"), action_id=CHANGE_PLEDGE, value=value),
        ButtonElement(text=plain("Withdraw pledge"), action_id=WITHDRAW_PLEDGE, value=value, style="danger",
                      confirm=ConfirmObject(title="Withdraw this pledge?", text="The challenge's owner is not told.",
                                            confirm="Withdraw", deny="Keep it")),
    ])


def pledge_confirmation(pledge: Pledge, challenge: Challenge, funding: Funding | None) -> tuple[str, list[dict]]:
    text = (f"Thank you! You pledged {pledge_what(pledge)} to {challenge.short_id}: {escape(challenge.title)}, on "
            f"behalf of {escape(pledge.on_behalf_of)} ({pledge.short_id}).")
    if funding and funding.rule == "all_or_nothing":
        rule = (f"This challenge is *all or nothing*: your pledge falls due only if it reaches its target by "
                f"{funding.deadline:%-d %B %Y}. You can change or withdraw it until then.")
    else:
        rule = "You can change or withdraw it until the challenge closes."
    return text, blocks_of(section(text), context(rule), pledge_buttons(pledge))


def withdrawn_note(pledge: Pledge, challenge: Challenge) -> str:
    return f"You withdrew {pledge.short_id} from {challenge.short_id}: {escape(challenge.title)}."


def target_reached_announcement(challenge: Challenge, current: FundingState) -> str:
    return (f":tada: *{challenge.short_id}: {escape(challenge.title)}* reached its funding target: "
            f"{format_pence(current.pledged_pence)} of {format_pence(current.funding.target_pence)} pledged by "
            f"{current.backers} backer{'s' if current.backers != 1 else ''}. Thank you, everyone!")


def target_reached_dm(challenge: Challenge, funding: Funding, *, owner: bool) -> str:
    due = (" As it was all or nothing, the pledges are now due." if funding.rule == "all_or_nothing" else "")
    if owner:
        return f":tada: Your challenge {challenge.short_id}: {escape(challenge.title)} reached its funding target.{due}"
    return (f":tada: {challenge.short_id}: {escape(challenge.title)}, which you backed, reached its funding target."
            + (" Your pledge is now due." if funding.rule == "all_or_nothing" else ""))


def deadline_passed_dm(challenge: Challenge, *, released: bool, pledged: int, target: int, owner: bool) -> str:
    subject = f"{challenge.short_id}: {escape(challenge.title)}"
    if released:
        return (f"The deadline for {subject} passed with {format_pence(pledged)} of {format_pence(target)} pledged, "
                "short of its all-or-nothing target, so every pledge is released: "
                + ("nobody owes anything." if owner else "you owe nothing. Thank you for backing it."))
    return f"Funding for {subject} has closed with {format_pence(pledged)} pledged."


def mention_list(users: list[str]) -> str:
    return ", ".join(mention(u) for u in users)
