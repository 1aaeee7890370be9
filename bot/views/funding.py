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

from bot.locale import ENGLISH, Lang, N_
from bot.services.funding import RULES, TEXT_MAX, FundingState
from bot.services.money import format_pence, money_text
from bot.storage.models import Challenge, Funding, Pledge
from bot.views.common import blocks_of, context, escape, mention, option, plain, section

TARGET_CALLBACK = "funding_target"
PLEDGE_CALLBACK = "pledge"
SET_TARGET = "funding_target_open"
PLEDGE_BUTTON = "pledge_open"
CHANGE_PLEDGE = "pledge_change"
WITHDRAW_PLEDGE = "pledge_withdraw"
BAR_WIDTH = 10
PLEDGE_USAGE = N_("*/pledge C-12 [amount]* — back a challenge with money, an in-kind resource (a venue, licences, "
                  "equipment) or hours of someone's time (opens a form). Amounts like 1500, £1,500 or 1.5k.")


def money(pence: int | None, currency: str = "GBP", *, t: Lang = ENGLISH) -> str:
    """An amount as people here write it, in the workspace's currency: whole amounts without
    pence ("£1,500", "1 500 kr"), others with them ("£123.45")."""
    return money_text(pence, currency, t)


def typed(pence: int | None, currency: str = "GBP") -> str | None:
    """An amount as a form shows it to be changed (and reads it back)."""
    if pence is None:
        return None
    return format_pence(pence) if currency == "GBP" else f"{pence / 100:g}"


def progress_bar(percent: int) -> str:
    filled = min(BAR_WIDTH, percent * BAR_WIDTH // 100)
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def days_left(funding: Funding, today: date, *, t: Lang = ENGLISH) -> str:
    if funding.closed_at or funding.deadline < today:
        return t._("closed {day}", day=t.date(funding.deadline))
    days = (funding.deadline - today).days
    return t._("last day") if days == 0 else t.ngettext("{n} day left", "{n} days left", days)


def in_kind_text(pledges: list[Pledge], *, t: Lang = ENGLISH) -> str:
    more = len(pledges) - 10
    return "; ".join(f"{escape(p.description)} ({escape(p.on_behalf_of)})" for p in pledges[:10]) + (
        "; " + t.ngettext("and {n} more", "and {n} more", more) if more > 0 else "")


def funding_lines(current: FundingState, today: date, currency: str = "GBP", *, t: Lang = ENGLISH) -> list[str]:
    """The funding line under a challenge: nothing when no target is set and nobody pledged."""
    lines = []
    funding = current.funding
    pledged = money(current.pledged_pence, currency, t=t)
    if funding is not None:
        reached = " · :tada: " + t._("target reached") if funding.reached_at else ""
        so_far = t.ngettext("*{pledged}* of {target} pledged ({percent}%) by {n} backer",
                            "*{pledged}* of {target} pledged ({percent}%) by {n} backers", current.backers,
                            pledged=pledged, target=money(funding.target_pence, currency, t=t),
                            percent=current.percent)
        rule = t._(RULES[funding.rule])
        lines.append(f"`{progress_bar(current.percent)}` {so_far} · {rule} · {days_left(funding, today, t=t)}{reached}")
    elif current.pledged_pence or current.in_kind:
        lines.append(t.ngettext("*{pledged}* pledged by {n} backer", "*{pledged}* pledged by {n} backers",
                                current.backers, pledged=pledged))
    if current.in_kind:
        lines.append(t._("In kind: {pledges}", pledges=in_kind_text(current.in_kind, t=t)))
    return lines


def list_progress(current: FundingState | None, currency: str = "GBP", *, t: Lang = ENGLISH) -> str:
    """The short form beside votes in /challenge list."""
    if current is None or current.funding is None:
        return ""
    return " · " + t._("{pledged} of {target} ({percent}%)", pledged=money(current.pledged_pence, currency, t=t),
                       target=money(current.funding.target_pence, currency, t=t), percent=current.percent)


def post_buttons(challenge: Challenge, *, t: Lang = ENGLISH) -> ActionsBlock:
    value = str(challenge.id)
    return ActionsBlock(block_id=f"challenge_{challenge.id}", elements=[
        ButtonElement(text=plain(t._("Pledge")), action_id=PLEDGE_BUTTON, value=value),
        ButtonElement(text=plain(t._("Set funding target")), action_id=SET_TARGET, value=value),
    ])


def _amount_label(currency: str, *, t: Lang, target: bool) -> str:
    if currency == "GBP":
        return t._("Target in pounds") if target else t._("Amount in pounds")
    return (t._("Target ({currency})", currency=currency) if target
            else t._("Amount ({currency})", currency=currency))


def target_modal(challenge: Challenge, funding: Funding | None, today: date, currency: str = "GBP", *,
                 t: Lang = ENGLISH) -> dict:
    rules = [option(t._("Keep what you raise: pledges stand whatever is raised"), "keep"),
             option(t._("All or nothing: pledges fall due only if the target is reached by the deadline"),
                    "all_or_nothing")]
    initial_rule = rules[1] if funding and funding.rule == "all_or_nothing" else rules[0]
    return View(
        type="modal", callback_id=TARGET_CALLBACK, title=plain(t._("Funding target")), submit=plain(t._("Save target")),
        close=plain(t._("Cancel")), private_metadata=str(challenge.id),
        blocks=[
            section(f"*{challenge.short_id}: {escape(challenge.title)}*"),
            InputBlock(block_id="target", label=plain(_amount_label(currency, t=t, target=True)),
                       hint=plain(t._("e.g. 5000, £5,000 or 5k") if currency == "GBP" else t._("e.g. 5000 or 5k")),
                       element=PlainTextInputElement(
                           action_id="value", max_length=20,
                           initial_value=typed(funding.target_pence, currency) if funding else None)),
            InputBlock(block_id="rule", label=plain(t._("Rule")),
                       element=RadioButtonsElement(action_id="value", options=rules, initial_option=initial_rule)),
            InputBlock(block_id="deadline", label=plain(t._("Deadline")),
                       hint=plain(t._("Pledges close at the end of this day.")),
                       element=DatePickerElement(action_id="value",
                                                 initial_date=(funding.deadline if funding else None) and
                                                 funding.deadline.isoformat())),
        ],
    ).to_dict()


def pledge_modal(challenge: Challenge, *, amount: str = "", existing: Pledge | None = None, currency: str = "GBP",
                 t: Lang = ENGLISH) -> dict:
    kinds = [option(t._("Money"), "money"), option(t._("An in-kind resource (a venue, licences, equipment)"), "resource"),
             option(t._("Hours of someone's time"), "hours")]
    initial_kind = next((o for o in kinds if existing and o.value == existing.kind), kinds[0])
    amount_text = typed(existing.amount_pence, currency) if existing and existing.amount_pence else amount
    return View(
        type="modal", callback_id=PLEDGE_CALLBACK, title=plain(t._("Pledge")),
        submit=plain(t._("Change pledge") if existing else t._("Pledge")), close=plain(t._("Cancel")),
        private_metadata=f"{challenge.id}:{existing.id if existing else ''}",
        blocks=[
            section(t._("Back *{challenge}: {title}*", challenge=challenge.short_id, title=escape(challenge.title))),
            InputBlock(block_id="kind", label=plain(t._("What you are pledging")),
                       element=RadioButtonsElement(action_id="value", options=kinds, initial_option=initial_kind)),
            InputBlock(block_id="amount", label=plain(_amount_label(currency, t=t, target=False)), optional=True,
                       hint=plain(t._("For money: e.g. 1500, £1,500 or 1.5k (up to £1,000,000).")
                                  if currency == "GBP" else
                                  t._("For money: e.g. 1500 or 1.5k (up to {most}).",
                                      most=money(100_000_000, currency, t=t))),
                       element=PlainTextInputElement(action_id="value", max_length=20,
                                                     initial_value=amount_text or None)),
            InputBlock(block_id="description", label=plain(t._("Description")), optional=True,
                       hint=plain(t._("For a resource or hours: what exactly, e.g. a venue for 40 people.")),
                       element=PlainTextInputElement(action_id="value", max_length=TEXT_MAX,
                                                     initial_value=(existing.description if existing else None))),
            InputBlock(block_id="on_behalf_of", label=plain(t._("On behalf of")),
                       hint=plain(t._("Your council or organisation, e.g. Leeds City Council.")),
                       element=PlainTextInputElement(action_id="value", max_length=150,
                                                     initial_value=(existing.on_behalf_of if existing else None))),
            InputBlock(block_id="note", label=plain(t._("Public note")), optional=True,
                       hint=plain(t._("Shown with your pledge.")),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=TEXT_MAX,
                                                     initial_value=(existing.note if existing else None))),
        ],
    ).to_dict()


def pledge_what(pledge: Pledge, currency: str = "GBP", *, t: Lang = ENGLISH) -> str:
    if pledge.kind == "money":
        return money(pledge.amount_pence, currency, t=t)
    return escape(pledge.description)


def pledge_buttons(pledge: Pledge, *, t: Lang = ENGLISH) -> ActionsBlock:
    value = str(pledge.id)
    return ActionsBlock(block_id=f"pledge_{pledge.id}", elements=[
        ButtonElement(text=plain(t._("Change pledge")), action_id=CHANGE_PLEDGE, value=value),
        ButtonElement(text=plain(t._("Withdraw pledge")), action_id=WITHDRAW_PLEDGE, value=value, style="danger",
                      confirm=ConfirmObject(title=t._("Withdraw this pledge?"),
                                            text=t._("The challenge's owner is not told."),
                                            confirm=t._("Withdraw"), deny=t._("Keep it"))),
    ])


def pledge_confirmation(pledge: Pledge, challenge: Challenge, funding: Funding | None, currency: str = "GBP", *,
                        t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    text = t._("Thank you! You pledged {what} to {challenge}: {title}, on behalf of {council} ({pledge}).",
               what=pledge_what(pledge, currency, t=t), challenge=challenge.short_id, title=escape(challenge.title),
               council=escape(pledge.on_behalf_of), pledge=pledge.short_id)
    if funding and funding.rule == "all_or_nothing":
        rule = t._("This challenge is *all or nothing*: your pledge falls due only if it reaches its target by {day}. "
                   "You can change or withdraw it until then.", day=t.date(funding.deadline, long=True))
    else:
        rule = t._("You can change or withdraw it until the challenge closes.")
    return text, blocks_of(section(text), context(rule), pledge_buttons(pledge, t=t))


def withdrawn_note(pledge: Pledge, challenge: Challenge, *, t: Lang = ENGLISH) -> str:
    return t._("You withdrew {pledge} from {challenge}: {title}.", pledge=pledge.short_id,
               challenge=challenge.short_id, title=escape(challenge.title))


def target_reached_announcement(challenge: Challenge, current: FundingState, currency: str = "GBP", *,
                                t: Lang = ENGLISH) -> str:
    return ":tada: " + t.ngettext(
        "*{challenge}: {title}* reached its funding target: {pledged} of {target} pledged by {n} backer. "
        "Thank you, everyone!",
        "*{challenge}: {title}* reached its funding target: {pledged} of {target} pledged by {n} backers. "
        "Thank you, everyone!", current.backers, challenge=challenge.short_id, title=escape(challenge.title),
        pledged=money(current.pledged_pence, currency, t=t), target=money(current.funding.target_pence, currency, t=t))


def target_reached_dm(challenge: Challenge, funding: Funding, *, owner: bool, t: Lang = ENGLISH) -> str:
    values = {"challenge": challenge.short_id, "title": escape(challenge.title)}
    due = funding.rule == "all_or_nothing"
    if owner:
        return ":tada: " + t._("Your challenge {challenge}: {title} reached its funding target.", **values) + (
            " " + t._("As it was all or nothing, the pledges are now due.") if due else "")
    return ":tada: " + t._("{challenge}: {title}, which you backed, reached its funding target.", **values) + (
        " " + t._("Your pledge is now due.") if due else "")


def deadline_passed_dm(challenge: Challenge, *, released: bool, pledged: int, target: int, owner: bool,
                       currency: str = "GBP", t: Lang = ENGLISH) -> str:
    values = {"challenge": challenge.short_id, "title": escape(challenge.title),
              "pledged": money(pledged, currency, t=t), "target": money(target, currency, t=t)}
    if released and owner:
        return t._("The deadline for {challenge}: {title} passed with {pledged} of {target} pledged, short of its "
                   "all-or-nothing target, so every pledge is released: nobody owes anything.", **values)
    if released:
        return t._("The deadline for {challenge}: {title} passed with {pledged} of {target} pledged, short of its "
                   "all-or-nothing target, so every pledge is released: you owe nothing. Thank you for backing it.",
                   **values)
    return t._("Funding for {challenge}: {title} has closed with {pledged} pledged.", **values)


def mention_list(users: list[str]) -> str:
    return ", ".join(mention(u) for u in users)
