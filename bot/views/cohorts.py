"""Block Kit for cohorts, check-ins and outcomes."""

from __future__ import annotations

from datetime import date, timedelta

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

from bot.clock import week_label
from bot.reference import council_name
from bot.services.checkins import ANSWER_MAX
from bot.services.cohorts import NAME_MAX
from bot.storage.models import Challenge, Checkin, Cohort, CohortMember, Outcome
from bot.views.common import blocks_of, context, escape, header, hours, md, mention, option, plain, section, truncate

COHORT_CALLBACK = "cohort_new"
CHECKIN_CALLBACK = "checkin"
OUTCOME_CALLBACK = "outcome"
TICK = "cohort_tick"
CONFIRM = "cohort_confirm"
REROLL = "cohort_reroll"
ACCEPT = "cohort_accept"
DECLINE = "cohort_decline"
MANAGER_APPROVE = "cohort_manager_approve"
MANAGER_DECLINE = "cohort_manager_decline"
INVITE_REPLACEMENT = "cohort_invite_replacement"
SKIP_REPLACEMENT = "cohort_skip_replacement"
OPEN_CHECKIN = "checkin_open"
OPEN_OUTCOME = "outcome_open"


def dates(cohort: Cohort) -> str:
    last = cohort.first_week + timedelta(weeks=cohort.weeks) - timedelta(days=3)  # the Friday of the last week
    return f"{cohort.first_week:%-d %b} – {last:%-d %b %Y} ({cohort.weeks} weeks)"


def cohort_modal(*, weeks: list[date], open_challenges: list[Challenge], defaults: list[Challenge]) -> dict:
    week_options = [option(f"{week_label(w)} {w.year}", w.isoformat()) for w in weeks]
    challenge_options = [option(f"{c.short_id} {c.title}", str(c.id)) for c in open_challenges[:100]]
    chosen = [o for o in challenge_options if o.value in {str(c.id) for c in defaults}]
    return View(
        type="modal", callback_id=COHORT_CALLBACK, title=plain("New cohort"), submit=plain("Propose a team"),
        close=plain("Cancel"),
        blocks=[
            InputBlock(block_id="name", label=plain("Name"),
                       element=PlainTextInputElement(action_id="value", max_length=NAME_MAX,
                                                     placeholder=plain("e.g. Spring 2027 dozen"))),
            InputBlock(block_id="first_week", label=plain("First week"),
                       element=StaticSelectElement(action_id="value", options=week_options,
                                                   initial_option=week_options[0])),
            InputBlock(block_id="weeks", label=plain("Length in weeks"),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, initial_value="6",
                                                  min_value="1", max_value="12")),
            InputBlock(block_id="size", label=plain("Size"), hint=plain("How many people in the cohort."),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, initial_value="12",
                                                  min_value="2", max_value="24")),
            InputBlock(block_id="hours", label=plain("Hours a week asked of each member"),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0.5",
                                                  max_value="37.5")),
            InputBlock(block_id="challenges", label=plain("Challenges"),
                       hint=plain("Default: the most-voted open challenges, up to 4."),
                       element=StaticMultiSelectElement(action_id="value", options=challenge_options,
                                                        initial_options=chosen or None,
                                                        placeholder=plain("Choose challenges"))),
        ],
    ).to_dict()


def _team_lines(team: list[CohortMember]) -> str:
    return "\n".join(f"• {mention(m.person_id)} — {escape(m.reason) or 'fits'}" for m in team) or "• nobody yet"


def proposal_message(cohort: Cohort, teams: list[tuple[Challenge, list[CohortMember]]],
                     councils: dict[str, str]) -> tuple[str, list[dict]]:
    """The proposal to the organiser: teams with reasons, boxes to untick, Confirm / Re-roll."""
    total = sum(len(t) for _, t in teams)
    places = len({councils.get(m.person_id) for _, t in teams for m in t})
    blocks = [header(f"Proposed: {cohort.name}"[:150]),
              section(f"{cohort.short_id} · {dates(cohort)} · {hours(cohort.hours)} a week · {total} people from "
                      f"{places} council{'s' if places != 1 else ''}")]
    for challenge, team in teams:
        blocks.append(section(f"*{challenge.short_id}: {escape(challenge.title)}* "
                              f"({escape(council_name(challenge.council_code))})\n{truncate(_team_lines(team), 2900)}"))
        if team:
            boxes = [Option(value=m.person_id, text=md(truncate(f"{mention(m.person_id)} · "
                                                                f"{council_name(councils.get(m.person_id))}", 75)))
                     for m in team[:10]]
            blocks.append(ActionsBlock(block_id=f"tick_{challenge.id}", elements=[
                CheckboxesElement(action_id=TICK, options=boxes, initial_options=boxes)]))
    if cohort.gave_way:
        blocks.append(context("Rules that gave way: " + " ".join(escape(r) for r in cohort.gave_way)))
    blocks.append(context("Untick anyone you'd rather leave out, then Confirm, or Re-roll to propose again without "
                          "them."))
    blocks.append(ActionsBlock(block_id="cohort_decide", elements=[
        ButtonElement(text=plain("Confirm"), action_id=CONFIRM, value=str(cohort.id), style="primary"),
        ButtonElement(text=plain("Re-roll"), action_id=REROLL, value=str(cohort.id)),
    ]))
    return f"Proposed cohort {cohort.short_id}: {escape(cohort.name)}", blocks_of(*blocks)


def confirmed_message(cohort: Cohort, invited: int) -> tuple[str, list[dict]]:
    text = f"{cohort.short_id} {escape(cohort.name)} is confirmed: {invited} invitations sent."
    return text, [section(text)]


def invitation(cohort: Cohort, member: CohortMember, challenge: Challenge, teammates: list[str]) -> tuple[str, list]:
    mates = ", ".join(mention(t) for t in teammates) or "you'll hear as others join"
    text = (f"You're invited to join {escape(cohort.name)} ({cohort.short_id}): {dates(cohort)}, "
            f"{hours(cohort.hours)} a week, on {challenge.short_id}: {escape(challenge.title)}.")
    return text, blocks_of(
        header(f"You're invited: {cohort.name}"[:150]),
        section(f"A dozen people from different councils, on the challenges people voted for, for {cohort.weeks} "
                f"weeks.\n*When:* {dates(cohort)}\n*Time:* {hours(cohort.hours)} a week\n"
                f"*Your challenge:* {challenge.short_id}: {escape(challenge.title)} "
                f"({escape(council_name(challenge.council_code))})\n*Teammates:* {mates}\n"
                f"*Why you:* {escape(member.reason) or 'your skills fit'}"),
        context("Accepting books those hours in every week (your line manager is asked where the workspace "
                "requires it)."),
        ActionsBlock(block_id=f"invite_{member.id}", elements=[
            ButtonElement(text=plain("Accept"), action_id=ACCEPT, value=str(member.id), style="primary"),
            ButtonElement(text=plain("Decline"), action_id=DECLINE, value=str(member.id),
                          confirm=ConfirmObject(title="Decline the invitation?",
                                                text="The organiser will find someone else.",
                                                confirm="Decline", deny="Back")),
        ]),
    )


def manager_request(cohort: Cohort, member: CohortMember) -> tuple[str, list]:
    text = (f"{mention(member.person_id)} accepted a place in {escape(cohort.name)} ({cohort.short_id}): "
            f"{hours(cohort.hours)} a week for {cohort.weeks} weeks, {dates(cohort)}.")
    return text, blocks_of(section(text + " As their line manager, please approve or decline every week at once."),
                           ActionsBlock(block_id=f"cohort_manager_{member.id}", elements=[
                               ButtonElement(text=plain("Approve all weeks"), action_id=MANAGER_APPROVE,
                                             value=str(member.id), style="primary"),
                               ButtonElement(text=plain("Decline"), action_id=MANAGER_DECLINE,
                                             value=str(member.id))]))


NOT_ORGANISER = "Only organisers can form cohorts."
DECLINED_NOTE = "You declined the invitation. Thank you for letting us know."


def accepted_note(cohort: Cohort, weeks: int, manager_id: str | None) -> str:
    """What the invitation DM becomes once accepted."""
    if manager_id is not None:
        return f"You're in! Your {weeks} weeks are booked once <@{manager_id}>, your line manager, approves."
    return f"You're in! {cohort.hours:g}h a week is booked in each of the {weeks} weeks."


def no_capacity_note(reason: str) -> str:
    return f"You couldn't join: {reason}. The organiser will find someone else."


def accepted_by(user_id: str, cohort: Cohort) -> str:
    """To the organiser."""
    return f"<@{user_id}> accepted a place in {cohort.short_id}."


def manager_approved(manager_id: str, member: CohortMember, cohort: Cohort) -> tuple[str, str]:
    """(what the manager's DM becomes, what the member is told)."""
    return (f"You approved <@{member.person_id}>'s weeks in {cohort.short_id}.",
            f"<@{manager_id}> approved your weeks in {escape(cohort.name)}: you're booked.")


def manager_declined(member: CohortMember, cohort: Cohort) -> tuple[str, str]:
    """(what the manager's DM becomes, what the member is told)."""
    return (f"<@{member.person_id}>'s weeks in {cohort.short_id} were declined ({escape(member.note)}).",
            f"Your place in {escape(cohort.name)} couldn't go ahead: {escape(member.note)}.")


def replacement_answered(member: CohortMember, invite: bool) -> str:
    return f"Invited <@{member.person_id}>." if invite else f"Skipped <@{member.person_id}>."


def replacement_message(cohort: Cohort, declined: CohortMember, replacement: CohortMember | None,
                        challenge: Challenge, lacking: list[str] | None = None) -> tuple[str, list]:
    """Who won't join, and who is proposed instead: the closest free person, with how well they
    fit and what they lack; "nobody" only when nobody else in the pool is free."""
    why = f" ({escape(declined.note)})" if declined.note and declined.note != "declined" else ""
    lead = f"{mention(declined.person_id)} won't join {cohort.short_id} on {challenge.short_id}{why}."
    if replacement is None:
        text = (f"{lead} Nobody else in the pool is free for {hours(cohort.hours)} a week in every week of "
                f"{cohort.short_id}.")
        return text, [section(text)]
    if lacking:  # nobody free offers everything the place asks for: say so, and who comes closest
        text = (f"{lead} No one free offers {', '.join(escape(s) for s in lacking)}. Proposed instead: "
                f"{mention(replacement.person_id)}, the closest — {escape(replacement.reason)}.")
    else:
        text = f"{lead} Proposed instead: {mention(replacement.person_id)} — {escape(replacement.reason)}."
    return text, blocks_of(section(text), ActionsBlock(block_id=f"replace_{replacement.id}", elements=[
        ButtonElement(text=plain("Invite"), action_id=INVITE_REPLACEMENT, value=str(replacement.id), style="primary"),
        ButtonElement(text=plain("Skip"), action_id=SKIP_REPLACEMENT, value=str(replacement.id))]))


def cohort_home_blocks(cohorts: list[tuple[Cohort, list[tuple[Challenge, list[CohortMember]]]]]) -> list:
    blocks = []
    for cohort, teams in cohorts[:5]:
        lines = [f"*{escape(cohort.name)}* ({cohort.short_id}, {cohort.status}) · {dates(cohort)} · "
                 f"{hours(cohort.hours)} a week"]
        for challenge, team in teams:
            people = ", ".join(f"{mention(m.person_id)}" + ("" if m.status == "accepted" else f" ({m.status})")
                               for m in team if m.status in ("proposed", "invited", "accepted"))
            lines.append(f"• {challenge.short_id} {escape(challenge.title)}: {people or 'nobody yet'}")
        blocks.append(section(truncate("\n".join(lines), 3000)))
    return blocks


# -- check-ins -----------------------------------------------------------------------------------
def checkin_dm(checkin: Checkin, challenge: Challenge) -> tuple[str, list]:
    text = f"Check-in for {week_label(checkin.week_start)}: how is {challenge.short_id} going?"
    return text, blocks_of(
        section(f"Time for this week's check-in on *{challenge.short_id}: {escape(challenge.title)}*. Four quick "
                "questions; your answers (but not your note to organisers) go in the challenge's thread, so others "
                "can follow the work in the open."),
        ActionsBlock(block_id=f"checkin_{checkin.id}", elements=[
            ButtonElement(text=plain("Check in"), action_id=OPEN_CHECKIN, value=str(checkin.id), style="primary")]))


def reminder_dm(checkin: Checkin, challenge: Challenge) -> tuple[str, list]:
    text = f"A reminder: this week's check-in on {challenge.short_id} is waiting for you."
    return text, blocks_of(section(text), ActionsBlock(block_id=f"checkin_reminder_{checkin.id}", elements=[
        ButtonElement(text=plain("Check in"), action_id=OPEN_CHECKIN, value=str(checkin.id), style="primary")]))


def checkin_modal(checkin: Checkin, challenge: Challenge) -> dict:
    health = [option("Fine", "fine"), option("Stretched", "stretched"), option("Struggling", "struggling")]

    def long_answer(block_id: str, label: str, initial: str | None) -> InputBlock:
        return InputBlock(block_id=block_id, label=plain(label),
                          element=PlainTextInputElement(action_id="value", multiline=True, max_length=ANSWER_MAX,
                                                        initial_value=initial or None))

    return View(
        type="modal", callback_id=CHECKIN_CALLBACK, title=plain("Weekly check-in"), submit=plain("Check in"),
        close=plain("Cancel"), private_metadata=str(checkin.id),
        blocks=[
            section(f"*{challenge.short_id}: {escape(challenge.title)}* · {week_label(checkin.week_start)}"),
            long_answer("problem_statement", "Your current version of the problem statement",
                        checkin.problem_statement),
            long_answer("surprise", "The most surprising thing you found this week", checkin.surprise),
            long_answer("shipped", "What did you ship?", checkin.shipped),
            InputBlock(block_id="team_health", label=plain("Is the team okay?"),
                       element=StaticSelectElement(action_id="value", options=health,
                                                   placeholder=plain("Fine, stretched or struggling"))),
            InputBlock(block_id="private_note", label=plain("A note for organisers only"), optional=True,
                       hint=plain("Only organisers see this; it is not posted."),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=ANSWER_MAX)),
        ],
    ).to_dict()


CHECKIN_THANKS = "Thanks for checking in! Your answers are in the challenge's thread."


def checkin_thread_post(checkin: Checkin, *, updated: bool = False) -> tuple[str, list]:
    text = f"{mention(checkin.person_id)}'s check-in for {week_label(checkin.week_start)}"
    return text + (" (updated)" if updated else ""), blocks_of(
        section(f"*{text}* · team: {checkin.team_health}"),
        section(truncate(f"*Problem statement now:* {escape(checkin.problem_statement)}\n"
                         f"*Most surprising:* {escape(checkin.surprise)}\n*Shipped:* {escape(checkin.shipped)}",
                         3000)))


def organisers_summary(week: date, checkins: list[tuple[Checkin, Challenge]]) -> tuple[str, list]:
    answered = [c for c, _ in checkins if c.answered_at]
    missing = [c for c, _ in checkins if not c.answered_at]
    text = f"Check-ins for {week_label(week)}: {len(answered)} of {len(checkins)} answered"
    lines = [f"*{text}*"]
    if missing:
        lines.append("Not answered: " + ", ".join(f"{mention(c.person_id)} ({ch.short_id})"
                                                   for c, ch in checkins if not c.answered_at))
    worried = [(c, ch) for c, ch in checkins if c.team_health in ("stretched", "struggling")]
    for c, ch in worried:
        note = f" — note: “{escape(c.private_note)}”" if c.private_note else ""
        lines.append(f":warning: {ch.short_id} marked *{c.team_health}* by {mention(c.person_id)}{note}")
    if not worried:
        lines.append("No team marked stretched or struggling.")
    return text, [section(truncate("\n".join(lines), 3000))]


# -- outcomes ------------------------------------------------------------------------------------
def outcome_request(cohort: Cohort, challenge: Challenge) -> tuple[str, list]:
    text = f"{escape(cohort.name)} has ended. What did your team deliver on {challenge.short_id}?"
    return text, blocks_of(
        section(f"{escape(cohort.name)} has ended: thank you! Please record what your team delivered on "
                f"*{challenge.short_id}: {escape(challenge.title)}*, so other councils can reuse it. One of you is "
                "enough; anyone can improve it later."),
        ActionsBlock(block_id=f"outcome_{cohort.id}_{challenge.id}", elements=[
            ButtonElement(text=plain("Record the outcome"), action_id=OPEN_OUTCOME,
                          value=f"{cohort.id}:{challenge.id}", style="primary")]))


def outcome_modal(cohort_id: int | None, challenge: Challenge, existing: Outcome | None) -> dict:
    def answer(block_id: str, label: str, optional: bool, initial: str | None, hint: str) -> InputBlock:
        return InputBlock(block_id=block_id, label=plain(label), optional=optional, hint=plain(hint),
                          element=PlainTextInputElement(action_id="value", multiline=True, max_length=ANSWER_MAX,
                                                        initial_value=initial or None))

    return View(
        type="modal", callback_id=OUTCOME_CALLBACK, title=plain("Outcome"), submit=plain("Save outcome"),
        close=plain("Cancel"), private_metadata=f"{cohort_id or ''}:{challenge.id}",
        blocks=[
            section(f"*{challenge.short_id}: {escape(challenge.title)}*"),
            answer("delivered", "What was delivered", False, existing and existing.delivered,
                   "What exists now that didn't before."),
            answer("links", "Links", True, existing and existing.links, "Code, prototypes, reports, blog posts."),
            answer("reusable", "What another council could reuse", True, existing and existing.reusable,
                   "And how to get started with it."),
        ],
    ).to_dict()


def outcome_lines(outcome: Outcome) -> list[str]:
    lines = [f"*Outcome:* {escape(outcome.delivered)}"]
    if outcome.links:
        lines.append(f"*Links:* {escape(outcome.links)}")
    if outcome.reusable:
        lines.append(f"*Reusable:* {escape(outcome.reusable)}")
    return lines


def delivered_note(challenge: Challenge, outcome: Outcome) -> str:
    """In the challenge's thread, once its outcome is recorded."""
    return f"{challenge.short_id} is delivered. " + " ".join(outcome_lines(outcome))


def outcome_thanks(challenge: Challenge) -> str:
    return (f"Thank you: the outcome of {challenge.short_id} is recorded, and the challenge is marked "
            "delivered.")
