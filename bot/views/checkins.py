"""Block Kit for check-ins and outcomes: the weekly DM and form, the thread post, the
organisers' summary, and a cohort's outcome."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.locale import ENGLISH, Lang, N_
from bot.services.checkins import ANSWER_MAX
from bot.storage.models import Challenge, Checkin, Cohort, Outcome
from bot.views.cohorts import labelled, word_for
from bot.views.common import SAME_WORKSPACE, Names, blocks_of, escape, option, plain, section, truncate

CHECKIN_CALLBACK = "checkin"
OUTCOME_CALLBACK = "outcome"
OPEN_CHECKIN = "checkin_open"
OPEN_OUTCOME = "outcome_open"
HEALTH = {"fine": N_("fine"), "stretched": N_("stretched"), "struggling": N_("struggling")}


# -- check-ins -----------------------------------------------------------------------------------
def _check_in_button(checkin: Checkin, block_id: str, *, t: Lang) -> ActionsBlock:
    return ActionsBlock(block_id=block_id, elements=[
        ButtonElement(text=plain(t._("Check in")), action_id=OPEN_CHECKIN, value=str(checkin.id), style="primary")])


def checkin_dm(checkin: Checkin, challenge: Challenge, *, t: Lang = ENGLISH) -> tuple[str, list]:
    text = t._("Check-in for {week}: how is {challenge} going?", week=t.week(checkin.week_start),
               challenge=challenge.short_id)
    return text, blocks_of(
        section(t._("Time for this week's check-in on *{challenge}: {title}*. Four quick questions; your answers "
                    "(but not your note to organisers) go in the challenge's thread, so others can follow the work "
                    "in the open.", challenge=challenge.short_id, title=escape(challenge.title))),
        _check_in_button(checkin, f"checkin_{checkin.id}", t=t))


def reminder_dm(checkin: Checkin, challenge: Challenge, *, t: Lang = ENGLISH) -> tuple[str, list]:
    text = t._("A reminder: this week's check-in on {challenge} is waiting for you.", challenge=challenge.short_id)
    return text, blocks_of(section(text), _check_in_button(checkin, f"checkin_reminder_{checkin.id}", t=t))


def checkin_modal(checkin: Checkin, challenge: Challenge, *, t: Lang = ENGLISH) -> dict:
    health = [option(t._("Fine"), "fine"), option(t._("Stretched"), "stretched"),
              option(t._("Struggling"), "struggling")]

    def long_answer(block_id: str, label: str, initial: str | None) -> InputBlock:
        return InputBlock(block_id=block_id, label=plain(label),
                          element=PlainTextInputElement(action_id="value", multiline=True, max_length=ANSWER_MAX,
                                                        initial_value=initial or None))

    return View(
        type="modal", callback_id=CHECKIN_CALLBACK, title=plain(t._("Weekly check-in")), submit=plain(t._("Check in")),
        close=plain(t._("Cancel")), private_metadata=str(checkin.id),
        blocks=[
            section(f"*{challenge.short_id}: {escape(challenge.title)}* · {t.week(checkin.week_start)}"),
            long_answer("problem_statement", t._("Your current version of the problem statement"),
                        checkin.problem_statement),
            long_answer("surprise", t._("The most surprising thing you found this week"), checkin.surprise),
            long_answer("shipped", t._("What did you ship?"), checkin.shipped),
            InputBlock(block_id="team_health", label=plain(t._("Is the team okay?")),
                       element=StaticSelectElement(action_id="value", options=health,
                                                   placeholder=plain(t._("Fine, stretched or struggling")))),
            InputBlock(block_id="private_note", label=plain(t._("A note for organisers only")), optional=True,
                       hint=plain(t._("Only organisers see this; it is not posted.")),
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=ANSWER_MAX)),
        ],
    ).to_dict()


CHECKIN_THANKS = N_("Thanks for checking in! Your answers are in the challenge's thread.")


def checkin_thread_post(checkin: Checkin, *, updated: bool = False, names: Names = SAME_WORKSPACE,
                        t: Lang = ENGLISH) -> tuple[str, list]:
    """`names`: how the person is named in the challenge's workspace (by name and workspace when
    they are of another workspace of the network)."""
    text = t._("{person}'s check-in for {week}", person=names(checkin.person_id, t=t),
               week=t.week(checkin.week_start))
    health = t._("team: {health}", health=word_for(HEALTH, checkin.team_health, t))
    return text + (" " + t._("(updated)") if updated else ""), blocks_of(
        section(f"*{text}* · {health}"),
        section(truncate("\n".join([labelled(t._("Problem statement now:"), escape(checkin.problem_statement)),
                                     labelled(t._("Most surprising:"), escape(checkin.surprise)),
                                     labelled(t._("Shipped:"), escape(checkin.shipped))]), 3000)))


def organisers_summary(week: date, checkins: list[tuple[Checkin, Challenge]], *, names: Names = SAME_WORKSPACE,
                       t: Lang = ENGLISH) -> tuple[str, list]:
    answered = [c for c, _ in checkins if c.answered_at]
    missing = [c for c, _ in checkins if not c.answered_at]
    text = t._("Check-ins for {week}: {answered} of {total} answered", week=t.week(week), answered=len(answered),
               total=len(checkins))
    lines = [f"*{text}*"]
    if missing:
        lines.append(t._("Not answered: {people}", people=", ".join(
            f"{names(c.person_id, t=t)} ({ch.short_id})" for c, ch in checkins if not c.answered_at)))
    worried = [(c, ch) for c, ch in checkins if c.team_health in ("stretched", "struggling")]
    for c, ch in worried:
        marked = {"challenge": ch.short_id, "health": word_for(HEALTH, c.team_health, t),
                  "person": names(c.person_id, t=t)}
        if c.private_note:
            line = t._("{challenge} marked *{health}* by {person} — note: “{note}”", note=escape(c.private_note),
                       **marked)
        else:
            line = t._("{challenge} marked *{health}* by {person}", **marked)
        lines.append(f":warning: {line}")
    if not worried:
        lines.append(t._("No team marked stretched or struggling."))
    return text, [section(truncate("\n".join(lines), 3000))]


# -- outcomes ------------------------------------------------------------------------------------
def outcome_request(cohort: Cohort, challenge: Challenge, *, t: Lang = ENGLISH) -> tuple[str, list]:
    text = t._("{name} has ended. What did your team deliver on {challenge}?", name=escape(cohort.name),
               challenge=challenge.short_id)
    return text, blocks_of(
        section(t._("{name} has ended: thank you! Please record what your team delivered on *{challenge}: {title}*, "
                    "so other councils can reuse it. One of you is enough; anyone can improve it later.",
                    name=escape(cohort.name), challenge=challenge.short_id, title=escape(challenge.title))),
        ActionsBlock(block_id=f"outcome_{cohort.id}_{challenge.id}", elements=[
            ButtonElement(text=plain(t._("Record the outcome")), action_id=OPEN_OUTCOME,
                          value=f"{cohort.id}:{challenge.id}", style="primary")]))


def outcome_modal(cohort_id: int | None, challenge: Challenge, existing: Outcome | None, *,
                  t: Lang = ENGLISH) -> dict:
    def answer(block_id: str, label: str, optional: bool, initial: str | None, hint: str) -> InputBlock:
        return InputBlock(block_id=block_id, label=plain(label), optional=optional, hint=plain(hint),
                          element=PlainTextInputElement(action_id="value", multiline=True, max_length=ANSWER_MAX,
                                                        initial_value=initial or None))

    return View(
        type="modal", callback_id=OUTCOME_CALLBACK, title=plain(t._("Outcome")), submit=plain(t._("Save outcome")),
        close=plain(t._("Cancel")), private_metadata=f"{cohort_id or ''}:{challenge.id}",
        blocks=[
            section(f"*{challenge.short_id}: {escape(challenge.title)}*"),
            answer("delivered", t._("What was delivered"), False, existing and existing.delivered,
                   t._("What exists now that didn't before.")),
            answer("links", t._("Links"), True, existing and existing.links,
                   t._("Code, prototypes, reports, blog posts.")),
            answer("reusable", t._("What another council could reuse"), True, existing and existing.reusable,
                   t._("And how to get started with it.")),
        ],
    ).to_dict()


def outcome_lines(outcome: Outcome, *, t: Lang = ENGLISH) -> list[str]:
    lines = [labelled(t._("Outcome:"), escape(outcome.delivered))]
    if outcome.links:
        lines.append(labelled(t._("Links:"), escape(outcome.links)))
    if outcome.reusable:
        lines.append(labelled(t._("Reusable:"), escape(outcome.reusable)))
    return lines


def delivered_note(challenge: Challenge, outcome: Outcome, *, t: Lang = ENGLISH) -> str:
    """In the challenge's thread, once its outcome is recorded."""
    return t._("{challenge} is delivered.", challenge=challenge.short_id) + " " + " ".join(outcome_lines(outcome, t=t))


def outcome_thanks(challenge: Challenge, *, t: Lang = ENGLISH) -> str:
    return t._("Thank you: the outcome of {challenge} is recorded, and the challenge is marked delivered.",
               challenge=challenge.short_id)
