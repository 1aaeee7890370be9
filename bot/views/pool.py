"""Block Kit for the talent pool: nomination and profile forms, DMs, the nomination post."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    InputBlock,
    NumberInputElement,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.reference import council_name
from bot.services.pool import BIO_MAX, HELP_KINDS, LEVEL_FIELDS, REASON_MAX, WHY_MAX
from bot.storage.models import Nomination, Profile
from bot.views.common import (
    blocks_of,
    context,
    council_option,
    council_option_groups,
    escape,
    header,
    hours,
    md,
    mention,
    option,
    plain,
    section,
    skill_picker,
)

NOMINATE_CALLBACK = "nominate"
PROFILE_CALLBACK = "profile"
MANAGER_DECLINE_CALLBACK = "membership_decline"
ACCEPT_NOMINATION = "nomination_accept"
DECLINE_NOMINATION = "nomination_decline"
APPROVE_MEMBERSHIP = "membership_approve"
DECLINE_MEMBERSHIP = "membership_decline_open"

NOMINATE_USAGE = (
    "*/nominate @person [why]* — propose someone for the talent pool (it opens a form).\n"
    "They are asked first, and their line manager approves. Nominate yourself the same way: "
    "`/nominate @your-name`."
)
LEVEL_LABELS = {
    "Expert": "Skills at Expert level",
    "Practitioner": "Skills at Practitioner level",
    "Working": "Skills at Working level",
    "Awareness": "Skills at Awareness level",
    None: "Skills, level not known",
}
WHAT_WE_STORE = (
    "*What Dozen stores if you say yes:* your skills and levels, the kinds of help you offer, your council, "
    "your line manager, the hours a week you can give, a short bio, and your bookings. "
    "*Who sees it:* people in this workspace looking for help (through matches, bookings and your profile), "
    "your line manager, and Dozen's organisers. You can see it all with `/dozen mydata` and remove it with "
    "`/dozen forget-me` at any time."
)


def help_kind_options():
    return [option(text, value) for value, text in HELP_KINDS.items()]


def skills_blocks(initial: dict[str, str | None] | None = None, *, who: str = "their") -> list[InputBlock]:
    """One skills picker per level, highest first (each optional; at least one skill overall)."""
    initial = initial or {}
    blocks = []
    for level, block_id in LEVEL_FIELDS.items():
        chosen = [name for name, lvl in initial.items() if lvl == level]
        hint = (f"DDaT skills where you know {who} level. Leave empty if none." if level
                else "DDaT skills whose level you don't know. At least one skill overall.")
        blocks.append(InputBlock(
            block_id=block_id,
            label=plain(LEVEL_LABELS[level]),
            hint=plain(hint),
            optional=True,
            element=skill_picker(chosen),
        ))
    return blocks


def _help_and_council_blocks(help_kinds: list[str] | None, council_code: str | None, *,
                             subject: str) -> list[InputBlock]:
    options = help_kind_options()
    chosen = [o for o in options if o.value in (help_kinds or [])]
    return [
        InputBlock(
            block_id="help_kinds",
            label=plain("Kinds of help"),
            hint=plain(f"What {subject} good at. Choose one or more."),
            element=StaticMultiSelectElement(action_id="value", placeholder=plain("Choose kinds of help"),
                                             options=options, initial_options=chosen or None),
        ),
        InputBlock(
            block_id="council",
            label=plain("Council"),
            element=StaticSelectElement(action_id="value", placeholder=plain("Choose a council"),
                                        option_groups=council_option_groups(),
                                        initial_option=council_option(council_code) if council_code else None),
        ),
    ]


def nomination_modal(*, nominee_id: str, why: str, private_metadata: str) -> dict:
    return View(
        type="modal",
        callback_id=NOMINATE_CALLBACK,
        title=plain("Nominate someone"),
        submit=plain("Nominate"),
        close=plain("Cancel"),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(block_id="nominee", label=plain("Who"),
                       element=UserSelectElement(action_id="value", placeholder=plain("Choose a person"),
                                                 initial_user=nominee_id or None)),
            InputBlock(block_id="why", label=plain("Why they'd be great"),
                       hint=plain("They will see this, and so will people in the nominations channel."),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=WHY_MAX,
                                                     initial_value=why[:WHY_MAX] or None)),
            *skills_blocks(),
            *_help_and_council_blocks(None, None, subject="they are"),
            context("They are asked before anything about them is kept; their line manager approves their time."),
        ],
    ).to_dict()


def profile_modal(*, private_metadata: str, profile: Profile | None = None, nomination: Nomination | None = None,
                  self_nomination: bool = False, why: str = "") -> dict:
    """The pool profile: prefilled from an existing profile, or from the nomination."""
    source = profile or nomination
    skills_initial = (source.skills if source else None) or {}
    blocks = [
        *skills_blocks(skills_initial, who="your"),
        *_help_and_council_blocks(source.help_kinds if source else None, source.council_code if source else None,
                                  subject="you are"),
        InputBlock(block_id="line_manager", label=plain("Line manager"),
                   hint=plain("They approve the time you give to the pool."),
                   element=UserSelectElement(action_id="value", placeholder=plain("Choose your line manager"),
                                             initial_user=profile.line_manager_id if profile else None)),
        InputBlock(block_id="hours", label=plain("Hours a week you can give"),
                   hint=plain("In half hours, 0.5 to 37.5. You can change single weeks with /availability."),
                   element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0.5",
                                              max_value="37.5",
                                              initial_value=f"{profile.hours_per_week:g}" if profile else None)),
        InputBlock(block_id="bio", label=plain("Short bio"), optional=True,
                   hint=plain("What you've worked on and what you'd like to help with."),
                   element=PlainTextInputElement(action_id="value", multiline=True, max_length=BIO_MAX,
                                                 initial_value=(profile.bio if profile and profile.bio else None))),
        _show_publicly_block(bool(profile and profile.show_publicly)),
    ]
    if self_nomination:
        blocks.insert(0, InputBlock(
            block_id="why", label=plain("Why you'd be great"), optional=True,
            hint=plain("Shown with your nomination in the nominations channel."),
            element=PlainTextInputElement(action_id="value", multiline=True, max_length=WHY_MAX,
                                          initial_value=why[:WHY_MAX] or None)))
    blocks.append(context(WHAT_WE_STORE))
    return View(type="modal", callback_id=PROFILE_CALLBACK, title=plain("Your pool profile"),
                submit=plain("Save profile"), close=plain("Cancel"), private_metadata=private_metadata,
                blocks=blocks).to_dict()


SHOW_PUBLICLY = "yes"


def _show_publicly_block(ticked: bool) -> InputBlock:
    """The public board's consent: unticked unless they ticked it before."""
    choice = option("Show my name and council on the public board", SHOW_PUBLICLY)
    return InputBlock(block_id="show_publicly", label=plain("Public board"), optional=True,
                      hint=plain("If your organisers publish Dozen's board on the web, it can name you (your Slack "
                                 "name and council) on the challenges you work on. Nothing else about you is shown."),
                      element=CheckboxesElement(action_id="value", options=[choice],
                                                initial_options=[choice] if ticked else None))


def skills_text(skills: dict[str, str | None] | None) -> str:
    if not skills:
        return "none given"
    return ", ".join(f"{escape(name)} ({level})" if level else escape(name) for name, level in skills.items())


def help_text(kinds: list[str] | None) -> str:
    return ", ".join(HELP_KINDS.get(k, k) for k in (kinds or [])) or "none given"


def nominee_dm(nomination: Nomination) -> tuple[str, list[dict]]:
    who = mention(nomination.nominator_id)
    text = f"{who} nominated you for Dozen's talent pool."
    value = str(nomination.id)
    blocks = blocks_of(
        section(f":wave: {who} nominated you for *Dozen's talent pool*: people from councils who give a few "
                "hours a week to help other councils with their challenges."),
        section(f"*Why they think you'd be great*\n>{escape(nomination.why)}"),
        SectionBlock(fields=[md(f"*Skills they named*\n{skills_text(nomination.skills)}"),
                             md(f"*Kinds of help*\n{help_text(nomination.help_kinds)}"),
                             md(f"*Council*\n{escape(council_name(nomination.council_code))}")]),
        section(WHAT_WE_STORE),
        context("If you say no, Dozen keeps only the fact that you declined, so nobody can nominate you "
                "again for 90 days. Nothing else about you is kept."),
        ActionsBlock(block_id=f"nomination_{nomination.id}", elements=[
            ButtonElement(text=plain("Accept"), action_id=ACCEPT_NOMINATION, value=value, style="primary"),
            ButtonElement(text=plain("Decline"), action_id=DECLINE_NOMINATION, value=value,
                          confirm=ConfirmObject(title="Decline the nomination?",
                                                text="Dozen will keep only the fact that you declined.",
                                                confirm="Decline", deny="Keep it")),
        ]),
    )
    return text, blocks


def nominee_answered(nomination: Nomination) -> tuple[str, list[dict]]:
    """What the nominee's DM becomes once they have answered (no buttons left to press)."""
    if nomination.status == "declined":
        text = "You declined this nomination. Nothing about you is kept beyond that fact."
    else:
        text = "You accepted this nomination: thank you! Your profile is saved."
    return text, [section(text)]


def nominator_declined(nominee_id: str) -> str:
    return (f"{mention(nominee_id)} has decided not to join the talent pool for now. Thank you for thinking of "
            "them: nominations are how the pool grows.")


def nominator_accepted(nominee_id: str) -> str:
    return f"Good news: {mention(nominee_id)} accepted your nomination and saved their pool profile."


NOMINATION_STATUS = {
    "awaiting_consent": "waiting for {nominee} to say yes",
    "awaiting_manager": "waiting for their line manager's approval",
    "member": "in the talent pool",
    "manager_declined": "not in the pool for now",
}


def nomination_post(nomination: Nomination, *, votes: int, emojis: list[str],
                    profile_status: str | None) -> tuple[str, list[dict]]:
    """The nomination in the nominations channel, for people to vote on."""
    if nomination.status == "declined":
        text = f"Nomination {nomination.short_id} was declined; its details have been removed."
        return text, [section(text)]
    nominee = mention(nomination.nominee_id)
    if nomination.is_self:
        headline = f"{nominee} has put themselves forward for the talent pool."
    else:
        headline = f"{mention(nomination.nominator_id)} nominated {nominee} for the talent pool."
    state = profile_status or nomination.status
    status = NOMINATION_STATUS.get(state, state).format(nominee=nominee)
    fields = [md(f"*Skills*\n{skills_text(nomination.skills)}"), md(f"*Kinds of help*\n{help_text(nomination.help_kinds)}"),
              md(f"*Council*\n{escape(council_name(nomination.council_code))}"), md(f"*Status*\n{status}")]
    vote_emojis = " or ".join(f":{e}:" for e in emojis)
    blocks = blocks_of(
        header(f"Nomination {nomination.short_id}"),
        section(headline + (f"\n>{escape(nomination.why)}" if nomination.why else "")),
        SectionBlock(fields=fields),
        context(f"*{votes} vote{'s' if votes != 1 else ''}* · React with {vote_emojis} to support this nomination"),
    )
    return f"Nomination {nomination.short_id}: {headline}", blocks


def manager_request(profile: Profile) -> tuple[str, list[dict]]:
    person = mention(profile.user_id)
    value = str(profile.id)
    text = f"{person} would like to give {hours(profile.hours_per_week)} a week to Dozen's talent pool."
    blocks = blocks_of(
        section(f"{person} has joined Dozen's talent pool and named you as their line manager. They would like to "
                f"give up to *{hours(profile.hours_per_week)} a week* to help other councils with their challenges."),
        SectionBlock(fields=[md(f"*Council*\n{escape(council_name(profile.council_code))}"),
                             md(f"*Skills*\n{skills_text(profile.skills)}"),
                             md(f"*Kinds of help*\n{help_text(profile.help_kinds)}")]),
        context("Other councils book their hours one week at a time, and pay for them; each booking is confirmed "
                "with them first. They can change or stop their availability at any time."),
        ActionsBlock(block_id=f"membership_{profile.id}", elements=[
            ButtonElement(text=plain("Approve"), action_id=APPROVE_MEMBERSHIP, value=value, style="primary"),
            ButtonElement(text=plain("Decline"), action_id=DECLINE_MEMBERSHIP, value=value),
        ]),
    )
    return text, blocks


def manager_answered(profile: Profile) -> tuple[str, list[dict]]:
    person = mention(profile.user_id)
    if profile.status == "member":
        text = f"You approved {person}'s place in the talent pool ({hours(profile.hours_per_week)} a week)."
    else:
        text = f"You declined {person}'s request to join the talent pool."
    return text, [section(text)]


def manager_decline_modal(profile_id: int, person_id: str) -> dict:
    return View(
        type="modal", callback_id=MANAGER_DECLINE_CALLBACK, title=plain("Decline"), submit=plain("Decline"),
        close=plain("Cancel"), private_metadata=str(profile_id),
        blocks=[
            section(f"Decline {mention(person_id)}'s place in the talent pool?"),
            InputBlock(block_id="reason", label=plain("Reason (optional)"), optional=True,
                       hint=plain("They will see this."),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=REASON_MAX)),
        ],
    ).to_dict()


def membership_decided(profile: Profile) -> str:
    manager = mention(profile.line_manager_id) if profile.line_manager_id else "Dozen"
    if profile.status == "member":
        return (f":tada: {manager} approved your place in the talent pool. You're in! Set the weeks you can "
                "give with `/availability`; people can now book your hours for their challenges.")
    reason = f"\n>{escape(profile.manager_reason)}" if profile.manager_reason else ""
    return (f"{manager} declined your place in the talent pool for now.{reason}\n"
            "You can change your profile (for example your hours) from Dozen's Home tab and ask again.")


def profile_saved(profile: Profile, needs_manager: bool) -> str:
    if needs_manager:
        return (f"Your pool profile is saved. I've asked {mention(profile.line_manager_id)} to approve your "
                f"{hours(profile.hours_per_week)} a week; I'll tell you when they answer.")
    if profile.status == "member":
        return "Your pool profile is saved and you're in the talent pool. Set your weeks with `/availability`."
    return "Your pool profile is saved."
