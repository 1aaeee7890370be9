"""Block Kit for connector introductions: the introduction in a group DM, the "did you meet?"
a week later and its answer, the note when they are paused, and the Home tab's section."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.clock import week_label
from bot.matching.introductions import CLOSE_KIND, NEEDS_KIND, Reason
from bot.reference import council_name
from bot.services.introductions import SNOOZE_WEEKS, HomeState
from bot.storage.models import Introduction
from bot.views.common import blocks_of, context, escape, header, mention, plain, section

MET = "introduction_met"
NOT_MET = "introduction_not_met"
OPT_IN = "introductions_opt_in"
OPT_OUT = "introductions_opt_out"
SNOOZE = "introductions_snooze"
RESUME = "introductions_resume"
WHAT = ("Each week Dozen introduces you to someone in another council working on a close challenge or with "
        "complementary skills, in a group DM with the reason.")


def _list(items) -> str:
    return ", ".join(escape(item) for item in items)


def reason_line(introduction: Introduction) -> str:
    """Why these two meet, in one line."""
    reason = Reason.from_dict(introduction.reason)
    first, second = mention(introduction.first_id), mention(introduction.second_id)
    if reason.kind == CLOSE_KIND:
        return (f"{first} is working on *{escape(reason.work)}* and {second} on *{escape(reason.other_work)}*: "
                "close problems, worth comparing notes.")
    if reason.kind == NEEDS_KIND:
        asker = introduction.second_id if reason.offerer == introduction.first_id else introduction.first_id
        return (f"{mention(asker)}'s *{escape(reason.work)}* asks for {_list(reason.skills)}, which "
                f"{mention(reason.offerer)} offers.")
    return f"Complementary skills: {first} brings {_list(reason.skills)}; {second} brings {_list(reason.other_skills)}."


def introduction_message(introduction: Introduction, councils: tuple[str, str]) -> tuple[str, list]:
    first, second = mention(introduction.first_id), mention(introduction.second_id)
    text = f"Meet each other: {first} and {second}"
    return text, blocks_of(
        section(f":wave: *Meet each other:* {first} ({escape(council_name(councils[0]))}) and {second} "
                f"({escape(council_name(councils[1]))})."),
        section(f"*Why:* {reason_line(introduction)}"),
        context("Dozen introduces people from different councils once a week. Snooze or opt out on Dozen's "
                "Home tab."))


def followup_message(introduction: Introduction) -> tuple[str, list]:
    text = (f"Did you two meet? {mention(introduction.first_id)} and {mention(introduction.second_id)}, "
            f"introduced {week_label(introduction.week_start)}")
    value = str(introduction.id)
    return text, blocks_of(
        section(f"{text}: {reason_line(introduction)}"),
        ActionsBlock(block_id=f"introduction_{introduction.id}", elements=[
            ButtonElement(text=plain("Yes, we met"), action_id=MET, value=value, style="primary"),
            ButtonElement(text=plain("Not yet"), action_id=NOT_MET, value=value)]))


def followup_answered(introduction: Introduction) -> str:
    who = mention(introduction.answered_by)
    if introduction.met:
        return f"{who} says you met. Glad it helped!"
    return f"{who} says you haven't met yet. This conversation is still here when you're ready."


PAUSED = ("I've paused introductions for you: nobody answered \"did you meet?\" for the last three. "
          "Resume them on Dozen's Home tab whenever you like.")


def _button(text: str, action_id: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(text=plain(text), action_id=action_id, style="primary" if primary else None)


def _recent_line(introduction: Introduction, user_id: str) -> str:
    other = introduction.second_id if introduction.first_id == user_id else introduction.first_id
    if introduction.met is not None:
        state = "you met" if introduction.met else "not met yet"
    elif introduction.ignored_at is not None:
        state = "no answer"
    else:
        state = "introduced" if introduction.followup is None else "asked whether you met"
    return f"• {week_label(introduction.week_start)}: {mention(other)} — {state}"


def home_blocks(state: HomeState, user_id: str) -> list:
    """The Home tab's introductions: what they are, this person's state, and buttons."""
    blocks = [header("Introductions")]
    if state.opted_out:
        blocks += [section(f"You opted out of introductions. {WHAT}"),
                   ActionsBlock(block_id="home_introductions", elements=[_button("Opt in", OPT_IN, primary=True)])]
    elif not state.receives and not state.paused:
        blocks += [section(f"{WHAT} Opt in to get them."),
                   ActionsBlock(block_id="home_introductions", elements=[
                       _button("Opt in", OPT_IN, primary=True), _button("Opt out", OPT_OUT)])]
    else:
        if state.paused:
            status = (":double_vertical_bar: Your introductions are paused: nobody answered \"did you meet?\" for "
                      "the last three. Resume them when you're ready.")
            buttons = [_button("Resume", RESUME, primary=True), _button("Opt out", OPT_OUT)]
        elif state.snoozed_until:
            status = f":zzz: Snoozed until {state.snoozed_until:%-d %b %Y}."
            buttons = [_button("Resume", RESUME, primary=True), _button("Opt out", OPT_OUT)]
        else:
            why = " (you offer the connector kind of help)" if state.connector else ""
            status = f":white_check_mark: {WHAT}{why}"
            buttons = [_button(f"Snooze {SNOOZE_WEEKS} weeks", SNOOZE), _button("Opt out", OPT_OUT)]
        blocks += [section(status), ActionsBlock(block_id="home_introductions", elements=buttons)]
        if not state.council_known:
            blocks.append(context("Dozen needs to know your council to introduce you: join the talent pool or "
                                  "post a challenge."))
    if state.recent:
        blocks.append(section("\n".join(_recent_line(i, user_id) for i in state.recent)))
    return blocks
