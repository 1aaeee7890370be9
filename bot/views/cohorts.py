"""Block Kit for cohorts: forming one, invitations, managers, replacements and the Home tab
(check-ins and outcomes are views/checkins.py)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from babel.dates import format_date
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.locale import ENGLISH, Lang, N_
from bot.matching.engine import Proposal
from bot.matching.words import say as say_matched
from bot.reference import council_name
from bot.services.cohort_members import note_said
from bot.services.cohorts import NAME_MAX
from bot.services.errors import Message, say
from bot.storage.models import Challenge, Cohort, CohortMember
from bot.views.common import (
    SAME_WORKSPACE,
    Names,
    blocks_of,
    context,
    escape,
    escape_but_mentions,
    header,
    hours,
    md,
    mention,
    option,
    plain,
    section,
    truncate,
)

COHORT_CALLBACK = "cohort_new"
TICK = "cohort_tick"
CONFIRM = "cohort_confirm"
REROLL = "cohort_reroll"
ACCEPT = "cohort_accept"
DECLINE = "cohort_decline"
MANAGER_APPROVE = "cohort_manager_approve"
MANAGER_DECLINE = "cohort_manager_decline"
INVITE_REPLACEMENT = "cohort_invite_replacement"
SKIP_REPLACEMENT = "cohort_skip_replacement"


# The words for a status, as people read them.
COHORT_STATUS = {"proposed": N_("proposed"), "confirmed": N_("confirmed"), "finished": N_("finished")}
MEMBER_STATUS = {"proposed": N_("proposed"), "invited": N_("invited"), "accepted": N_("accepted"),
                 "declined": N_("declined"), "dropped": N_("dropped")}


def word_for(words: dict[str, str], key: str | None, t: Lang) -> str:
    """A stored status or answer (`key`) in the reader's words, from a table of marked messages."""
    return t._(words[key]) if key in words else (key or "")


def dates(cohort: Cohort, *, t: Lang = ENGLISH) -> str:
    last = cohort.first_week + timedelta(weeks=cohort.weeks) - timedelta(days=3)  # the Friday of the last week
    # Translators: a cohort's dates, e.g. "7 Dec – 15 Jan 2027 (6 weeks)".
    return t.ngettext("{start} – {end} ({n} week)", "{start} – {end} ({n} weeks)", cohort.weeks,
                      start=format_date(cohort.first_week, "d MMM", locale=t.locale), end=t.date(last))


def labelled(label: str, text: str) -> str:
    """'*When:* 7 Dec – 15 Jan 2027'."""
    return f"*{label}* {text}"


def a_week(value: float, *, t: Lang = ENGLISH) -> str:
    """'3h a week'."""
    # Translators: hours given each week, e.g. "3h a week"; {hours} is already written like "3h".
    return t._("{hours} a week", hours=hours(value, t=t))


def reason_text(stored: str | None, *, t: Lang = ENGLISH) -> str:
    """Why someone was proposed for a place, in `t`'s language (what the reason is made of is
    stored with the place; older places keep their English words)."""
    if stored and stored.startswith("{"):
        try:
            return Proposal.from_reason(json.loads(stored)).reason(t)
        except (ValueError, TypeError):
            pass
    return stored or ""


def cohort_modal(*, weeks: list[date], open_challenges: list[Challenge], defaults: list[Challenge],
                 t: Lang = ENGLISH) -> dict:
    week_options = [option(f"{t.week(w)} {w.year}", w.isoformat()) for w in weeks]
    challenge_options = [option(f"{c.short_id} {c.title}", str(c.id)) for c in open_challenges[:100]]
    chosen = [o for o in challenge_options if o.value in {str(c.id) for c in defaults}]
    return View(
        type="modal", callback_id=COHORT_CALLBACK, title=plain(t._("New cohort")), submit=plain(t._("Propose a team")),
        close=plain(t._("Cancel")),
        blocks=[
            InputBlock(block_id="name", label=plain(t._("Name")),
                       element=PlainTextInputElement(action_id="value", max_length=NAME_MAX,
                                                     placeholder=plain(t._("e.g. Spring 2027 dozen")))),
            InputBlock(block_id="first_week", label=plain(t._("First week")),
                       element=StaticSelectElement(action_id="value", options=week_options,
                                                   initial_option=week_options[0])),
            InputBlock(block_id="weeks", label=plain(t._("Length in weeks")),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, initial_value="6",
                                                  min_value="1", max_value="12")),
            InputBlock(block_id="size", label=plain(t._("Size")), hint=plain(t._("How many people in the cohort.")),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, initial_value="12",
                                                  min_value="2", max_value="24")),
            InputBlock(block_id="hours", label=plain(t._("Hours a week asked of each member")),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0.5",
                                                  max_value="37.5")),
            InputBlock(block_id="challenges", label=plain(t._("Challenges")),
                       hint=plain(t._("Default: the most-voted open challenges, up to 4.")),
                       element=StaticMultiSelectElement(action_id="value", options=challenge_options,
                                                        initial_options=chosen or None,
                                                        placeholder=plain(t._("Choose challenges")))),
        ],
    ).to_dict()


def _team_lines(team: list[CohortMember], names: Names, *, t: Lang = ENGLISH) -> str:
    fits = t._("fits")
    return "\n".join(f"• {names(m.person_id, t=t)} — {escape(reason_text(m.reason, t=t)) or fits}"
                      for m in team) or "• " + t._("nobody yet")


def proposal_message(cohort: Cohort, teams: list[tuple[Challenge, list[CohortMember]]],
                     councils: dict[str, str], *, names: Names = SAME_WORKSPACE,
                     t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """The proposal to the organiser: teams with reasons, boxes to untick, Confirm / Re-roll.
    `names`: people of other workspaces of the network, by name and workspace."""
    total = sum(len(team) for _, team in teams)
    places = len({councils.get(m.person_id) for _, team in teams for m in team})
    people = t.ngettext("{people} people from {n} council", "{people} people from {n} councils", places,
                        people=total)
    blocks = [header(t._("Proposed: {cohort}", cohort=cohort.name)[:150]),
              section(f"{cohort.short_id} · {dates(cohort, t=t)} · {a_week(cohort.hours, t=t)} · {people}")]
    for challenge, team in teams:
        blocks.append(section(f"*{challenge.short_id}: {escape(challenge.title)}* "
                              f"({escape(council_name(challenge.council_code))})\n"
                              f"{truncate(_team_lines(team, names, t=t), 2900)}"))
        if team:
            boxes = [Option(value=m.person_id, text=md(truncate(f"{names(m.person_id, t=t)} · "
                                                                f"{council_name(councils.get(m.person_id))}", 75)))
                     for m in team[:10]]
            blocks.append(ActionsBlock(block_id=f"tick_{challenge.id}", elements=[
                CheckboxesElement(action_id=TICK, options=boxes, initial_options=boxes)]))
    if cohort.gave_way:
        rules = " ".join(escape(say_matched(rule, t)) for rule in cohort.gave_way)
        blocks.append(context(t._("Rules that gave way:") + " " + rules))
    blocks.append(context(t._("Untick anyone you'd rather leave out, then Confirm, or Re-roll to propose again "
                              "without them.")))
    blocks.append(ActionsBlock(block_id="cohort_decide", elements=[
        ButtonElement(text=plain(t._("Confirm")), action_id=CONFIRM, value=str(cohort.id), style="primary"),
        ButtonElement(text=plain(t._("Re-roll")), action_id=REROLL, value=str(cohort.id)),
    ]))
    return (t._("Proposed cohort {cohort}: {name}", cohort=cohort.short_id, name=escape(cohort.name)),
            blocks_of(*blocks))


def confirmed_message(cohort: Cohort, invited: int, *, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    text = t.ngettext("{cohort} {name} is confirmed: {n} invitation sent.",
                      "{cohort} {name} is confirmed: {n} invitations sent.", invited,
                      cohort=cohort.short_id, name=escape(cohort.name))
    return text, [section(text)]


def invitation(cohort: Cohort, member: CohortMember, challenge: Challenge, teammates: list[str], *,
               names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> tuple[str, list]:
    """`names`: teammates of other workspaces than the member's, by name and workspace."""
    mates = ", ".join(names(mate, t=t) for mate in teammates) or t._("you'll hear as others join")
    when, time = dates(cohort, t=t), a_week(cohort.hours, t=t)
    text = t._("You're invited to join {name} ({cohort}): {dates}, {time}, on {challenge}: {title}.",
               name=escape(cohort.name), cohort=cohort.short_id, dates=when, time=time,
               challenge=challenge.short_id, title=escape(challenge.title))
    about = t.ngettext("A dozen people from different councils, on the challenges people voted for, for {n} week.",
                       "A dozen people from different councils, on the challenges people voted for, for {n} weeks.",
                       cohort.weeks)
    return text, blocks_of(
        header(t._("You're invited: {name}", name=cohort.name)[:150]),
        section("\n".join([about, labelled(t._("When:"), when), labelled(t._("Time:"), time),
                           labelled(t._("Your challenge:"), f"{challenge.short_id}: {escape(challenge.title)} "
                                                            f"({escape(council_name(challenge.council_code))})"),
                           labelled(t._("Teammates:"), mates),
                           labelled(t._("Why you:"), escape(reason_text(member.reason, t=t))
                                    or t._("your skills fit"))])),
        context(t._("Accepting books those hours in every week (your line manager is asked where the workspace "
                    "requires it).")),
        ActionsBlock(block_id=f"invite_{member.id}", elements=[
            ButtonElement(text=plain(t._("Accept")), action_id=ACCEPT, value=str(member.id), style="primary"),
            ButtonElement(text=plain(t._("Decline")), action_id=DECLINE, value=str(member.id),
                          confirm=ConfirmObject(title=t._("Decline the invitation?"),
                                                text=t._("The organiser will find someone else."),
                                                confirm=t._("Decline"), deny=t._("Back"))),
        ]),
    )


def manager_request(cohort: Cohort, member: CohortMember, *, t: Lang = ENGLISH) -> tuple[str, list]:
    text = t.ngettext("{person} accepted a place in {name} ({cohort}): {time} for {n} week, {dates}.",
                      "{person} accepted a place in {name} ({cohort}): {time} for {n} weeks, {dates}.",
                      cohort.weeks, person=mention(member.person_id, t=t), name=escape(cohort.name),
                      cohort=cohort.short_id, time=a_week(cohort.hours, t=t), dates=dates(cohort, t=t))
    ask = t._("As their line manager, please approve or decline every week at once.")
    return text, blocks_of(section(f"{text} {ask}"),
                           ActionsBlock(block_id=f"cohort_manager_{member.id}", elements=[
                               ButtonElement(text=plain(t._("Approve all weeks")), action_id=MANAGER_APPROVE,
                                             value=str(member.id), style="primary"),
                               ButtonElement(text=plain(t._("Decline")), action_id=MANAGER_DECLINE,
                                             value=str(member.id))]))


NOT_ORGANISER = N_("Only organisers can form cohorts.")
DECLINED_NOTE = N_("You declined the invitation. Thank you for letting us know.")


def accepted_note(cohort: Cohort, weeks: int, manager_id: str | None, *, t: Lang = ENGLISH) -> str:
    """What the invitation DM becomes once accepted."""
    if manager_id is not None:
        return t.ngettext("You're in! Your {n} week is booked once {manager}, your line manager, approves.",
                          "You're in! Your {n} weeks are booked once {manager}, your line manager, approves.",
                          weeks, manager=mention(manager_id, t=t))
    return t.ngettext("You're in! {time} is booked in the {n} week.",
                      "You're in! {time} is booked in each of the {n} weeks.", weeks,
                      time=a_week(cohort.hours, t=t))


def no_capacity_note(reason: Message | str, *, t: Lang = ENGLISH) -> str:
    return t._("You couldn't join: {reason}. The organiser will find someone else.", reason=say(reason, t))


def accepted_by(user_id: str, cohort: Cohort, *, names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> str:
    """To the organiser."""
    return t._("{person} accepted a place in {cohort}.", person=names(user_id, t=t), cohort=cohort.short_id)


def manager_approved(manager_id: str, member: CohortMember, cohort: Cohort, *, member_t: Lang | None = None,
                     t: Lang = ENGLISH) -> tuple[str, str]:
    """(what the manager's DM becomes, in `t`; what the member is told, in `member_t`)."""
    member_t = member_t or t
    return (t._("You approved {person}'s weeks in {cohort}.", person=mention(member.person_id, t=t),
                cohort=cohort.short_id),
            member_t._("{manager} approved your weeks in {name}: you're booked.",
                       manager=mention(manager_id, t=member_t), name=escape(cohort.name)))


def manager_declined(member: CohortMember, cohort: Cohort, *, member_t: Lang | None = None,
                     t: Lang = ENGLISH) -> tuple[str, str]:
    """(what the manager's DM becomes, in `t`; what the member is told, in `member_t`)."""
    member_t = member_t or t
    note = note_said(member.note)
    return (t._("{person}'s weeks in {cohort} were declined ({note}).", person=mention(member.person_id, t=t),
                cohort=cohort.short_id, note=escape(say(note, t))),
            member_t._("Your place in {name} couldn't go ahead: {note}.", name=escape(cohort.name),
                       note=escape(say(note, member_t))))


def replacement_answered(member: CohortMember, invite: bool, *, names: Names = SAME_WORKSPACE,
                         t: Lang = ENGLISH) -> str:
    person = names(member.person_id, t=t)
    return t._("Invited {person}.", person=person) if invite else t._("Skipped {person}.", person=person)


def replacement_message(cohort: Cohort, declined: CohortMember, replacement: CohortMember | None,
                        challenge: Challenge, lacking: list[str] | None = None, *,
                        names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> tuple[str, list]:
    """Who won't join, and who is proposed instead: the closest free person, with how well they
    fit and what they lack; "nobody" only when nobody else in the pool is free."""
    who = {"person": names(declined.person_id, t=t), "cohort": cohort.short_id, "challenge": challenge.short_id}
    if declined.note and declined.note != "declined":
        lead = t._("{person} won't join {cohort} on {challenge} ({why}).",
                   why=escape_but_mentions(say(note_said(declined.note), t)), **who)
    else:
        lead = t._("{person} won't join {cohort} on {challenge}.", **who)
    if replacement is None:
        text = lead + " " + t._("Nobody else in the pool is free for {time} in every week of {cohort}.",
                                time=a_week(cohort.hours, t=t), cohort=cohort.short_id)
        return text, [section(text)]
    instead = {"person": names(replacement.person_id, t=t), "reason": escape(reason_text(replacement.reason, t=t))}
    if lacking:  # nobody free offers everything the place asks for: say so, and who comes closest
        text = lead + " " + t._("No one free offers {skills}. Proposed instead: {person}, the closest — {reason}.",
                                skills=", ".join(escape(s) for s in lacking), **instead)
    else:
        text = lead + " " + t._("Proposed instead: {person} — {reason}.", **instead)
    return text, blocks_of(section(text), ActionsBlock(block_id=f"replace_{replacement.id}", elements=[
        ButtonElement(text=plain(t._("Invite")), action_id=INVITE_REPLACEMENT, value=str(replacement.id),
                      style="primary"),
        ButtonElement(text=plain(t._("Skip")), action_id=SKIP_REPLACEMENT, value=str(replacement.id))]))


def cohort_home_blocks(cohorts: list[tuple[Cohort, list[tuple[Challenge, list[CohortMember]]]]], *,
                       names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> list:
    blocks = []
    for cohort, teams in cohorts[:5]:
        lines = [f"*{escape(cohort.name)}* ({cohort.short_id}, {word_for(COHORT_STATUS, cohort.status, t)}) · "
                 f"{dates(cohort, t=t)} · {a_week(cohort.hours, t=t)}"]
        for challenge, team in teams:
            people = ", ".join(names(m.person_id, t=t) + ("" if m.status == "accepted"
                                                            else f" ({word_for(MEMBER_STATUS, m.status, t)})")
                               for m in team if m.status in ("proposed", "invited", "accepted"))
            people = people or t._("nobody yet")
            lines.append(f"• {challenge.short_id} {escape(challenge.title)}: {people}")
        blocks.append(section(truncate("\n".join(lines), 3000)))
    return blocks
