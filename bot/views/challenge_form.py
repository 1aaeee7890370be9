"""Block Kit for posting a challenge: the new-challenge modal, the similar challenges shown
above it, and what Back this one instead answers."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ButtonElement,
    DividerBlock,
    InputBlock,
    NumberInputElement,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.locale import ENGLISH, Lang
from bot.reference import council_name
from bot.services import stages
from bot.services.challenges import OTHER_SKILLS_MAX, PROBLEM_MAX, TITLE_MAX, ChallengeDraft, Similar
from bot.storage.models import Challenge
from bot.views.challenges import votes_text
from bot.views.common import (
    context,
    council_option,
    council_option_groups,
    escape,
    md,
    plain,
    section,
    skill_picker,
    truncate,
)

NEW_CHALLENGE_CALLBACK = "challenge_new"
BACKED_CALLBACK = "challenge_backed"
BACK_INSTEAD = "challenge_back_instead"


def new_challenge_modal(*, title: str = "", council_code: str | None = None, private_metadata: str = "",
                        draft: ChallengeDraft | None = None, similar: list[Similar] | None = None,
                        t: Lang = ENGLISH) -> dict:
    """The new-challenge form; with `similar`, the same form (as typed in `draft`) under the
    challenges that look like it, to back one of them instead or post anyway."""
    typed = draft or ChallengeDraft(title=title, council_code=council_code or "")
    council_element = StaticSelectElement(
        action_id="value",
        placeholder=plain(t._("Choose a council")),
        option_groups=council_option_groups(),
        initial_option=council_option(typed.council_code) if typed.council_code else None,
    )
    view = View(
        type="modal",
        callback_id=NEW_CHALLENGE_CALLBACK,
        # Translators: modal titles and buttons: at most 24 characters.
        title=plain(t._("Similar challenges") if similar else t._("New challenge")),
        submit=plain(t._("Post anyway") if similar else t._("Post challenge")),
        close=plain(t._("Cancel")),
        private_metadata=private_metadata,
        blocks=[
            *(similar_blocks(similar, t=t) if similar else []),
            InputBlock(
                block_id="title",
                label=plain(t._("Title")),
                hint=plain(t._("A short name for the problem, 3 to 150 characters.")),
                element=PlainTextInputElement(
                    action_id="value",
                    initial_value=truncate(typed.title, TITLE_MAX) if typed.title else None,
                    max_length=TITLE_MAX,
                    placeholder=plain(t._("e.g. Cut the backlog of housing repair requests")),
                ),
            ),
            InputBlock(
                block_id="problem",
                label=plain(t._("Problem statement")),
                hint=plain(t._("What is the problem, who has it, and what have you tried? At least 20 characters.")),
                element=PlainTextInputElement(action_id="value", multiline=True, max_length=PROBLEM_MAX,
                                              initial_value=typed.problem or None),
            ),
            InputBlock(
                block_id="skills",
                label=plain(t._("Skills needed")),
                hint=plain(t._("From the DDaT skills framework: type to search. At least one here or under "
                               "Other skills.")),
                optional=True,
                element=skill_picker(typed.skills, t=t),
            ),
            InputBlock(
                block_id="other_skills",
                label=plain(t._("Other skills")),
                hint=plain(t._("Anything the framework does not name, separated by commas.")),
                optional=True,
                element=PlainTextInputElement(action_id="value", max_length=OTHER_SKILLS_MAX,
                                              initial_value=typed.other_skills or None),
            ),
            InputBlock(block_id="council", label=plain(t._("Council")), element=council_element),
            InputBlock(
                block_id="hours",
                label=plain(t._("Hours of help per week")),
                hint=plain(t._("In half hours, e.g. 7.5 for a day a week.")),
                element=NumberInputElement(
                    action_id="value", is_decimal_allowed=True, min_value="0.5", max_value="37.5",
                    initial_value=typed.hours_per_week.strip() or None,
                ),
            ),
            InputBlock(
                block_id="weeks",
                label=plain(t._("Number of weeks")),
                hint=plain(t._("How many weeks you want help for.")),
                element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="1", max_value="52",
                                           initial_value=typed.weeks.strip() or None),
            ),
            context(t._("Council names: mySociety, CC BY 4.0. Skills: the DDaT capability framework, OGL v3.0.")),
        ],
    )
    return view.to_dict()


def similar_blocks(similar: list[Similar], *, t: Lang = ENGLISH) -> list:
    """Above the form: the challenges like the one typed, each with Back this one instead."""
    blocks: list = [section(t.ngettext(
        "*This challenge looks like yours.* Back it instead (your vote, and you go to it), "
        "or post yours anyway: nothing is saved until you choose.",
        "*These challenges look like yours.* Back one of them instead (your vote, and you go to it), "
        "or post yours anyway: nothing is saved until you choose.", len(similar)))]
    for item in similar:
        challenge = item.challenge
        lines = [f"*{challenge.short_id}: {escape(challenge.title)}*",
                 f"{escape(council_name(challenge.council_code))} · {stages.label(challenge.stage, t=t)} · "
                 f"{votes_text(item.votes, t=t)}"]
        if item.outcome is not None:
            lines.append(truncate(t._("Outcome: {outcome}", outcome=escape(item.outcome.delivered)), 600))
        accessory = None
        if challenge.status == "open":
            accessory = ButtonElement(text=plain(t._("Back this one instead")), action_id=BACK_INSTEAD,
                                      value=str(challenge.id))
        blocks.append(SectionBlock(text=md(truncate("\n".join(lines), 3000)), accessory=accessory))
    blocks.append(DividerBlock())
    blocks.append(section(t._("*Your challenge*, as you typed it (you can still change it):")))
    return blocks


def backed_modal(challenge: Challenge, votes: int, already: bool, link: str | None, *, t: Lang = ENGLISH) -> dict:
    """After Back this one instead: where their vote went, and a link to the challenge."""
    values = {"challenge": challenge.short_id, "title": escape(challenge.title)}
    said = (t._("You had already voted for *{challenge}: {title}*; your vote stands.", **values)
            if already else t._("You back *{challenge}: {title}* now: your vote is counted.", **values))
    opens = t._("Open {challenge} in Slack", challenge=challenge.short_id)
    where = f"<{link}|{opens}>" if link else f"`/challenge show {challenge.short_id}`"
    has = t.ngettext("It has {n} vote.", "It has {n} votes.", votes)
    return View(type="modal", callback_id=BACKED_CALLBACK, title=plain(t._("Challenge backed")),
                close=plain(t._("Done")), blocks=[section(f"{said} {has}"), section(where)]).to_dict()


def back_refused_modal(message: str, *, t: Lang = ENGLISH) -> dict:
    """`message`: why, already in the reader's language."""
    return View(type="modal", callback_id=BACKED_CALLBACK, title=plain(t._("Not backed")), close=plain(t._("Close")),
                blocks=[section(escape(message))]).to_dict()
