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
    PlainTextObject,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.locale import ENGLISH, N_, Lang
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
    md,
    mention,
    option,
    plain,
    section,
    skill_picker,
    truncate,
)

NOMINATE_CALLBACK = "nominate"
PROFILE_CALLBACK = "profile"
MANAGER_DECLINE_CALLBACK = "membership_decline"
ACCEPT_NOMINATION = "nomination_accept"
DECLINE_NOMINATION = "nomination_decline"
APPROVE_MEMBERSHIP = "membership_approve"
DECLINE_MEMBERSHIP = "membership_decline_open"

NOMINATE_USAGE = N_(
    "*/nominate @person [why]* — propose someone for the talent pool (it opens a form).\n"
    "They are asked first, and their line manager approves. Nominate yourself the same way: "
    "`/nominate @your-name`."
)
# Translators: the DDaT skill levels (Expert, Practitioner, Working, Awareness) are the framework's own words:
# keep them in English.
LEVEL_LABELS = {
    "Expert": N_("Skills at Expert level"),
    "Practitioner": N_("Skills at Practitioner level"),
    "Working": N_("Skills at Working level"),
    "Awareness": N_("Skills at Awareness level"),
    None: N_("Skills, level not known"),
}
WHAT_WE_STORE = N_(
    "*What Dozen stores if you say yes:* your skills and levels, the kinds of help you offer, your council, "
    "your line manager, the hours a week you can give, a short bio, and your bookings. "
    "*Who sees it:* people in this workspace looking for help (through matches, bookings and your profile), "
    "your line manager, and Dozen's organisers. You can see it all with `/dozen mydata` and remove it with "
    "`/dozen forget-me` at any time."
)


MODAL_TEXT_MAX = 24  # a form's title, submit and close buttons


def _short(text: str) -> PlainTextObject:
    """A form's title or button: Slack takes at most 24 characters (a long translation is cut)."""
    return plain(truncate(text, MODAL_TEXT_MAX))


def help_kind_options(t: Lang = ENGLISH):
    return [option(t._(text), value) for value, text in HELP_KINDS.items()]


def skills_blocks(initial: dict[str, str | None] | None = None, *, yours: bool = False,
                  t: Lang = ENGLISH) -> list[InputBlock]:
    """One skills picker per level, highest first (each optional; at least one skill overall)."""
    initial = initial or {}
    blocks = []
    for level, block_id in LEVEL_FIELDS.items():
        chosen = [name for name, lvl in initial.items() if lvl == level]
        if not level:
            hint = t._("DDaT skills whose level you don't know. At least one skill overall.")
        elif yours:
            hint = t._("DDaT skills where you know your level. Leave empty if none.")
        else:
            hint = t._("DDaT skills where you know their level. Leave empty if none.")
        blocks.append(InputBlock(
            block_id=block_id,
            label=plain(t._(LEVEL_LABELS[level])),
            hint=plain(hint),
            optional=True,
            element=skill_picker(chosen),
        ))
    return blocks


def _help_and_council_blocks(help_kinds: list[str] | None, council_code: str | None, *,
                             yours: bool, t: Lang = ENGLISH) -> list[InputBlock]:
    options = help_kind_options(t)
    chosen = [o for o in options if o.value in (help_kinds or [])]
    return [
        InputBlock(
            block_id="help_kinds",
            label=plain(t._("Kinds of help")),
            hint=plain(t._("What you are good at. Choose one or more.") if yours
                       else t._("What they are good at. Choose one or more.")),
            element=StaticMultiSelectElement(action_id="value", placeholder=plain(t._("Choose kinds of help")),
                                             options=options, initial_options=chosen or None),
        ),
        InputBlock(
            block_id="council",
            label=plain(t._("Council")),
            element=StaticSelectElement(action_id="value", placeholder=plain(t._("Choose a council")),
                                        option_groups=council_option_groups(),
                                        initial_option=council_option(council_code) if council_code else None),
        ),
    ]


def nomination_modal(*, nominee_id: str, why: str, private_metadata: str, t: Lang = ENGLISH) -> dict:
    return View(
        type="modal",
        callback_id=NOMINATE_CALLBACK,
        title=_short(t._("Nominate someone")),
        submit=_short(t._("Nominate")),
        close=_short(t._("Cancel")),
        private_metadata=private_metadata,
        blocks=[
            # Translators: the label of the person picker in the nomination form.
            InputBlock(block_id="nominee", label=plain(t._("Who")),
                       element=UserSelectElement(action_id="value", placeholder=plain(t._("Choose a person")),
                                                 initial_user=nominee_id or None)),
            InputBlock(block_id="why", label=plain(t._("Why they'd be great")),
                       hint=plain(t._("They will see this, and so will people in the nominations channel.")),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=WHY_MAX,
                                                     initial_value=why[:WHY_MAX] or None)),
            *skills_blocks(t=t),
            *_help_and_council_blocks(None, None, yours=False, t=t),
            context(t._("They are asked before anything about them is kept; their line manager approves their "
                        "time.")),
        ],
    ).to_dict()


def profile_modal(*, private_metadata: str, profile: Profile | None = None, nomination: Nomination | None = None,
                  self_nomination: bool = False, why: str = "", t: Lang = ENGLISH) -> dict:
    """The pool profile: prefilled from an existing profile, or from the nomination."""
    source = profile or nomination
    skills_initial = (source.skills if source else None) or {}
    blocks = [
        *skills_blocks(skills_initial, yours=True, t=t),
        *_help_and_council_blocks(source.help_kinds if source else None, source.council_code if source else None,
                                  yours=True, t=t),
        InputBlock(block_id="line_manager", label=plain(t._("Line manager")),
                   hint=plain(t._("They approve the time you give to the pool.")),
                   element=UserSelectElement(action_id="value", placeholder=plain(t._("Choose your line manager")),
                                             initial_user=profile.line_manager_id if profile else None)),
        InputBlock(block_id="hours", label=plain(t._("Hours a week you can give")),
                   hint=plain(t._("In half hours, 0.5 to 37.5. You can change single weeks with /availability.")),
                   element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0.5",
                                              max_value="37.5",
                                              initial_value=f"{profile.hours_per_week:g}" if profile else None)),
        InputBlock(block_id="bio", label=plain(t._("Short bio")), optional=True,
                   hint=plain(t._("What you've worked on and what you'd like to help with.")),
                   element=PlainTextInputElement(action_id="value", multiline=True, max_length=BIO_MAX,
                                                 initial_value=(profile.bio if profile and profile.bio else None))),
        _show_publicly_block(bool(profile and profile.show_publicly), t=t),
    ]
    if self_nomination:
        blocks.insert(0, InputBlock(
            block_id="why", label=plain(t._("Why you'd be great")), optional=True,
            hint=plain(t._("Shown with your nomination in the nominations channel.")),
            element=PlainTextInputElement(action_id="value", multiline=True, max_length=WHY_MAX,
                                          initial_value=why[:WHY_MAX] or None)))
    blocks.append(context(t._(WHAT_WE_STORE)))
    return View(type="modal", callback_id=PROFILE_CALLBACK, title=_short(t._("Your pool profile")),
                submit=_short(t._("Save profile")), close=_short(t._("Cancel")), private_metadata=private_metadata,
                blocks=blocks).to_dict()


SHOW_PUBLICLY = "yes"


def _show_publicly_block(ticked: bool, t: Lang = ENGLISH) -> InputBlock:
    """The public board's consent: unticked unless they ticked it before."""
    choice = option(t._("Show my name and council on the public board"), SHOW_PUBLICLY)
    return InputBlock(block_id="show_publicly", label=plain(t._("Public board")), optional=True,
                      hint=plain(t._("If your organisers publish Dozen's board on the web, it can name you (your "
                                     "Slack name and council) on the challenges you work on. Nothing else about you "
                                     "is shown.")),
                      element=CheckboxesElement(action_id="value", options=[choice],
                                                initial_options=[choice] if ticked else None))


def skills_text(skills: dict[str, str | None] | None, t: Lang = ENGLISH) -> str:
    if not skills:
        return t._("none given")
    return ", ".join(f"{escape(name)} ({level})" if level else escape(name) for name, level in skills.items())


def help_text(kinds: list[str] | None, t: Lang = ENGLISH) -> str:
    return ", ".join(t._(HELP_KINDS[k]) if k in HELP_KINDS else k for k in (kinds or [])) or t._("none given")


def _field(title: str, value: str) -> str:
    """A titled value: the title in bold on its own line."""
    return f"*{title}*\n{value}"


WHY_GREAT = N_("Why they think you'd be great")


def nominee_dm(nomination: Nomination, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    who = mention(nomination.nominator_id)
    text = t._("{nominator} nominated you for Dozen's talent pool.", nominator=who)
    value = str(nomination.id)
    blocks = blocks_of(
        section(":wave: " + t._("{nominator} nominated you for *Dozen's talent pool*: people from councils who give "
                                "a few hours a week to help other councils with their challenges.", nominator=who)),
        section(_field(t._(WHY_GREAT), f">{escape(nomination.why)}")),
        SectionBlock(fields=[md(_field(t._("Skills they named"), skills_text(nomination.skills, t))),
                             md(_field(t._("Kinds of help"), help_text(nomination.help_kinds, t))),
                             md(_field(t._("Council"), escape(council_name(nomination.council_code))))]),
        section(t._(WHAT_WE_STORE)),
        context(t._("If you say no, Dozen keeps only the fact that you declined, so nobody can nominate you "
                    "again for 90 days. Nothing else about you is kept.")),
        ActionsBlock(block_id=f"nomination_{nomination.id}", elements=[
            ButtonElement(text=plain(t._("Accept")), action_id=ACCEPT_NOMINATION, value=value, style="primary"),
            ButtonElement(text=plain(t._("Decline")), action_id=DECLINE_NOMINATION, value=value,
                          confirm=ConfirmObject(title=t._("Decline the nomination?"),
                                                text=t._("Dozen will keep only the fact that you declined."),
                                                confirm=t._("Decline"), deny=t._("Keep it"))),
        ]),
    )
    return text, blocks


def nominee_answered(nomination: Nomination, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """What the nominee's DM becomes once they have answered (no buttons left to press)."""
    if nomination.status == "declined":
        text = t._("You declined this nomination. Nothing about you is kept beyond that fact.")
    else:
        text = t._("You accepted this nomination: thank you! Your profile is saved.")
    return text, [section(text)]


def nominator_declined(nominee_id: str, t: Lang = ENGLISH) -> str:
    return t._("{nominee} has decided not to join the talent pool for now. Thank you for thinking of them: "
               "nominations are how the pool grows.", nominee=mention(nominee_id))


def nominator_accepted(nominee_id: str, t: Lang = ENGLISH) -> str:
    return t._("Good news: {nominee} accepted your nomination and saved their pool profile.",
               nominee=mention(nominee_id))


NOMINATION_STATUS = {
    "awaiting_consent": N_("waiting for {nominee} to say yes"),
    "awaiting_manager": N_("waiting for their line manager's approval"),
    "member": N_("in the talent pool"),
    "manager_declined": N_("not in the pool for now"),
    "accepted": N_("accepted"),
}


def nomination_post(nomination: Nomination, *, votes: int, emojis: list[str],
                    profile_status: str | None, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """The nomination in the nominations channel, for people to vote on."""
    if nomination.status == "declined":
        text = t._("Nomination {nomination} was declined; its details have been removed.",
                   nomination=nomination.short_id)
        return text, [section(text)]
    nominee = mention(nomination.nominee_id)
    if nomination.is_self:
        headline = t._("{nominee} has put themselves forward for the talent pool.", nominee=nominee)
    else:
        headline = t._("{nominator} nominated {nominee} for the talent pool.",
                       nominator=mention(nomination.nominator_id), nominee=nominee)
    state = profile_status or nomination.status
    status = t._(NOMINATION_STATUS[state], nominee=nominee) if state in NOMINATION_STATUS else state
    fields = [md(_field(t._("Skills"), skills_text(nomination.skills, t))),
              md(_field(t._("Kinds of help"), help_text(nomination.help_kinds, t))),
              md(_field(t._("Council"), escape(council_name(nomination.council_code)))),
              md(_field(t._("Status"), status))]
    # Translators: joins the vote emojis: ":+1: or :star:".
    vote_emojis = (" " + t._("or") + " ").join(f":{e}:" for e in emojis)
    blocks = blocks_of(
        header(t._("Nomination {nomination}", nomination=nomination.short_id)),
        section(headline + (f"\n>{escape(nomination.why)}" if nomination.why else "")),
        SectionBlock(fields=fields),
        context("*" + t.ngettext("{n} vote", "{n} votes", votes) + "* · "
                + t._("React with {emojis} to support this nomination", emojis=vote_emojis)),
    )
    return t._("Nomination {nomination}: {headline}", nomination=nomination.short_id, headline=headline), blocks


def manager_request(profile: Profile, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    person = mention(profile.user_id)
    value = str(profile.id)
    hours = t.hours(profile.hours_per_week)
    text = t._("{person} would like to give {hours} a week to Dozen's talent pool.", person=person, hours=hours)
    blocks = blocks_of(
        section(t._("{person} has joined Dozen's talent pool and named you as their line manager. They would like "
                    "to give up to *{hours} a week* to help other councils with their challenges.", person=person,
                    hours=hours)),
        SectionBlock(fields=[md(_field(t._("Council"), escape(council_name(profile.council_code)))),
                             md(_field(t._("Skills"), skills_text(profile.skills, t))),
                             md(_field(t._("Kinds of help"), help_text(profile.help_kinds, t)))]),
        context(t._("Other councils book their hours one week at a time, and pay for them; each booking is "
                    "confirmed with them first. They can change or stop their availability at any time.")),
        ActionsBlock(block_id=f"membership_{profile.id}", elements=[
            ButtonElement(text=plain(t._("Approve")), action_id=APPROVE_MEMBERSHIP, value=value, style="primary"),
            ButtonElement(text=plain(t._("Decline")), action_id=DECLINE_MEMBERSHIP, value=value),
        ]),
    )
    return text, blocks


def manager_answered(profile: Profile, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    person = mention(profile.user_id)
    if profile.status == "member":
        text = t._("You approved {person}'s place in the talent pool ({hours} a week).", person=person,
                   hours=t.hours(profile.hours_per_week))
    else:
        text = t._("You declined {person}'s request to join the talent pool.", person=person)
    return text, [section(text)]


def manager_decline_modal(profile_id: int, person_id: str, t: Lang = ENGLISH) -> dict:
    return View(
        type="modal", callback_id=MANAGER_DECLINE_CALLBACK, title=_short(t._("Decline")),
        submit=_short(t._("Decline")), close=_short(t._("Cancel")), private_metadata=str(profile_id),
        blocks=[
            section(t._("Decline {person}'s place in the talent pool?", person=mention(person_id))),
            InputBlock(block_id="reason", label=plain(t._("Reason (optional)")), optional=True,
                       hint=plain(t._("They will see this.")),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=REASON_MAX)),
        ],
    ).to_dict()


def membership_decided(profile: Profile, t: Lang = ENGLISH) -> str:
    manager = mention(profile.line_manager_id) if profile.line_manager_id else "Dozen"
    if profile.status == "member":
        return ":tada: " + t._("{manager} approved your place in the talent pool. You're in! Set the weeks you can "
                               "give with `/availability`; people can now book your hours for their challenges.",
                               manager=manager)
    reason = f"\n>{escape(profile.manager_reason)}" if profile.manager_reason else ""
    return (t._("{manager} declined your place in the talent pool for now.", manager=manager) + reason + "\n"
            + t._("You can change your profile (for example your hours) from Dozen's Home tab and ask again."))


def profile_saved(profile: Profile, needs_manager: bool, t: Lang = ENGLISH) -> str:
    if needs_manager:
        return t._("Your pool profile is saved. I've asked {manager} to approve your {hours} a week; I'll tell you "
                   "when they answer.", manager=mention(profile.line_manager_id),
                   hours=t.hours(profile.hours_per_week))
    if profile.status == "member":
        return t._("Your pool profile is saved and you're in the talent pool. Set your weeks with `/availability`.")
    return t._("Your pool profile is saved.")
