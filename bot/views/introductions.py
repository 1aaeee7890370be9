"""Block Kit for connector introductions: the introduction in a group DM, the "did you meet?"
a week later and its answer, the note when they are paused, and the Home tab's section."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.locale import ENGLISH, Lang, N_
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
WHAT = N_("Each week Dozen introduces you to someone in another council working on a close challenge or with "
          "complementary skills, in a group DM with the reason.")


def _list(items) -> str:
    return ", ".join(escape(item) for item in items)


def reason_line(introduction: Introduction, *, t: Lang = ENGLISH) -> str:
    """Why these two meet, in one line."""
    reason = Reason.from_dict(introduction.reason)
    first, second = mention(introduction.first_id, t=t), mention(introduction.second_id, t=t)
    if reason.kind == CLOSE_KIND:
        return t._("{first} is working on *{work}* and {second} on *{other_work}*: close problems, worth comparing "
                   "notes.", first=first, second=second, work=escape(reason.work), other_work=escape(reason.other_work))
    if reason.kind == NEEDS_KIND:
        asker = introduction.second_id if reason.offerer == introduction.first_id else introduction.first_id
        # Translators: e.g. "@Ann's *C-4 Parking permits* asks for Data engineering, which @Bo offers."
        return t._("{asker}'s *{work}* asks for {skills}, which {offerer} offers.", asker=mention(asker, t=t),
                   work=escape(reason.work), skills=_list(reason.skills), offerer=mention(reason.offerer, t=t))
    return t._("Complementary skills: {first} brings {skills}; {second} brings {other_skills}.", first=first,
               second=second, skills=_list(reason.skills), other_skills=_list(reason.other_skills))


def introduction_message(introduction: Introduction, councils: tuple[str, str], *,
                         t: Lang = ENGLISH) -> tuple[str, list]:
    first, second = mention(introduction.first_id, t=t), mention(introduction.second_id, t=t)
    text = t._("Meet each other: {first} and {second}", first=first, second=second)
    return text, blocks_of(
        section(":wave: " + t._("*Meet each other:* {first} ({first_council}) and {second} ({second_council}).",
                                first=first, first_council=escape(council_name(councils[0])), second=second,
                                second_council=escape(council_name(councils[1])))),
        section("*" + t._("Why:") + "* " + reason_line(introduction, t=t)),
        context(t._("Dozen introduces people from different councils once a week. Snooze or opt out on Dozen's "
                    "Home tab.")))


def followup_message(introduction: Introduction, *, t: Lang = ENGLISH) -> tuple[str, list]:
    text = t._("Did you two meet? {first} and {second}, introduced {week}", first=mention(introduction.first_id, t=t),
               second=mention(introduction.second_id, t=t), week=t.week(introduction.week_start))
    value = str(introduction.id)
    return text, blocks_of(
        section(f"{text}: {reason_line(introduction, t=t)}"),
        ActionsBlock(block_id=f"introduction_{introduction.id}", elements=[
            ButtonElement(text=plain(t._("Yes, we met")), action_id=MET, value=value, style="primary"),
            ButtonElement(text=plain(t._("Not yet")), action_id=NOT_MET, value=value)]))


def followup_answered(introduction: Introduction, *, t: Lang = ENGLISH) -> str:
    who = mention(introduction.answered_by, t=t)
    if introduction.met:
        return t._("{person} says you met. Glad it helped!", person=who)
    return t._("{person} says you haven't met yet. This conversation is still here when you're ready.", person=who)


PAUSED = N_("I've paused introductions for you: nobody answered \"did you meet?\" for the last three. "
            "Resume them on Dozen's Home tab whenever you like.")


def _button(text: str, action_id: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(text=plain(text), action_id=action_id, style="primary" if primary else None)


def _recent_line(introduction: Introduction, user_id: str, *, t: Lang = ENGLISH) -> str:
    other = introduction.second_id if introduction.first_id == user_id else introduction.first_id
    if introduction.met is not None:
        state = t._("you met") if introduction.met else t._("not met yet")
    elif introduction.ignored_at is not None:
        state = t._("no answer")
    else:
        state = t._("introduced") if introduction.followup is None else t._("asked whether you met")
    return f"• {t.week(introduction.week_start)}: {mention(other, t=t)} — {state}"


def home_blocks(state: HomeState, user_id: str, *, t: Lang = ENGLISH) -> list:
    """The Home tab's introductions: what they are, this person's state, and buttons."""
    what = t._(WHAT)
    opt_out = _button(t._("Opt out"), OPT_OUT)
    blocks = [header(t._("Introductions"))]
    if state.opted_out:
        blocks += [section(t._("You opted out of introductions.") + " " + what),
                   ActionsBlock(block_id="home_introductions", elements=[
                       _button(t._("Opt in"), OPT_IN, primary=True)])]
    elif not state.receives and not state.paused:
        blocks += [section(what + " " + t._("Opt in to get them.")),
                   ActionsBlock(block_id="home_introductions", elements=[
                       _button(t._("Opt in"), OPT_IN, primary=True), opt_out])]
    else:
        if state.paused:
            status = ":double_vertical_bar: " + t._("Your introductions are paused: nobody answered \"did you "
                                                    "meet?\" for the last three. Resume them when you're ready.")
            buttons = [_button(t._("Resume"), RESUME, primary=True), opt_out]
        elif state.snoozed_until:
            status = ":zzz: " + t._("Snoozed until {day}.", day=t.date(state.snoozed_until))
            buttons = [_button(t._("Resume"), RESUME, primary=True), opt_out]
        else:
            why = " " + t._("(you offer the connector kind of help)") if state.connector else ""
            status = f":white_check_mark: {what}{why}"
            buttons = [_button(t.ngettext("Snooze {n} week", "Snooze {n} weeks", SNOOZE_WEEKS), SNOOZE), opt_out]
        blocks += [section(status), ActionsBlock(block_id="home_introductions", elements=buttons)]
        if not state.council_known:
            blocks.append(context(t._("Dozen needs to know your council to introduce you: join the talent pool or "
                                      "post a challenge.")))
    if state.recent:
        blocks.append(section("\n".join(_recent_line(i, user_id, t=t) for i in state.recent)))
    return blocks
