"""Block Kit for challenges: the new-challenge modal, the channel post, list and detail."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    InputBlock,
    NumberInputElement,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.reference import council_name
from bot.services.challenges import OTHER_SKILLS_MAX, PROBLEM_MAX, TITLE_MAX, ChallengeSummary
from bot.services.funding import FundingState
from bot.storage.models import Challenge
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
    plain,
    section,
    skill_picker,
    truncate,
)
from bot.views.funding import list_progress, post_buttons

NEW_CHALLENGE_CALLBACK = "challenge_new"
LIST_LIMIT = 25

CHALLENGE_USAGE = (
    "*/challenge* — post and follow problems councils want solved\n"
    "• `/challenge new [title]` — post a challenge (opens a form)\n"
    "• `/challenge list` — open challenges, most votes first\n"
    "• `/challenge show C-12` — one challenge in full\n"
    "• `/challenge close C-12` — close your challenge (owner or organiser)\n"
    "• `/challenge help` — this help\n"
    "Back a challenge with `/pledge C-12 [amount]`."
)


def new_challenge_modal(*, title: str = "", council_code: str | None = None, private_metadata: str = "") -> dict:
    council_element = StaticSelectElement(
        action_id="value",
        placeholder=plain("Choose a council"),
        option_groups=council_option_groups(),
        initial_option=council_option(council_code) if council_code else None,
    )
    view = View(
        type="modal",
        callback_id=NEW_CHALLENGE_CALLBACK,
        title=plain("New challenge"),
        submit=plain("Post challenge"),
        close=plain("Cancel"),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(
                block_id="title",
                label=plain("Title"),
                hint=plain("A short name for the problem, 3 to 150 characters."),
                element=PlainTextInputElement(
                    action_id="value",
                    initial_value=truncate(title, TITLE_MAX) if title else None,
                    max_length=TITLE_MAX,
                    placeholder=plain("e.g. Cut the backlog of housing repair requests"),
                ),
            ),
            InputBlock(
                block_id="problem",
                label=plain("Problem statement"),
                hint=plain("What is the problem, who has it, and what have you tried? At least 20 characters."),
                element=PlainTextInputElement(action_id="value", multiline=True, max_length=PROBLEM_MAX),
            ),
            InputBlock(
                block_id="skills",
                label=plain("Skills needed"),
                hint=plain("From the DDaT skills framework: type to search. At least one here or under Other skills."),
                optional=True,
                element=skill_picker(),
            ),
            InputBlock(
                block_id="other_skills",
                label=plain("Other skills"),
                hint=plain("Anything the framework does not name, separated by commas."),
                optional=True,
                element=PlainTextInputElement(action_id="value", max_length=OTHER_SKILLS_MAX),
            ),
            InputBlock(block_id="council", label=plain("Council"), element=council_element),
            InputBlock(
                block_id="hours",
                label=plain("Hours of help per week"),
                hint=plain("In half hours, e.g. 7.5 for a day a week."),
                element=NumberInputElement(
                    action_id="value", is_decimal_allowed=True, min_value="0.5", max_value="37.5"
                ),
            ),
            InputBlock(
                block_id="weeks",
                label=plain("Number of weeks"),
                hint=plain("How many weeks you want help for."),
                element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="1", max_value="52"),
            ),
            context("Council names: mySociety, CC BY 4.0. Skills: the DDaT capability framework, OGL v3.0."),
        ],
    )
    return view.to_dict()


def _skills_text(challenge: Challenge) -> str:
    parts = [escape(s) for s in challenge.skills]
    if challenge.other_skills:
        parts.append(escape(challenge.other_skills))
    return ", ".join(parts) or "none given"


def _vote_emojis_text(emojis: list[str]) -> str:
    return " or ".join(f":{e}:" for e in emojis)


def challenge_fields(challenge: Challenge) -> list[str]:
    return [
        f"*Skills needed*\n{_skills_text(challenge)}",
        f"*Council*\n{escape(council_name(challenge.council_code))}",
        f"*Owner*\n{mention(challenge.owner_id)}",
        f"*Help wanted*\n{hours(challenge.hours_per_week)} a week for {challenge.weeks} "
        f"week{'s' if challenge.weeks != 1 else ''}",
    ]


def _votes_text(votes: int) -> str:
    return f"{votes} vote{'s' if votes != 1 else ''}"


def challenge_message(challenge: Challenge, votes: int, emojis: list[str],
                      funding: list[str] = ()) -> tuple[str, list[dict]]:
    """The post in the channel: (fallback text, blocks), with its funding line if any."""
    status = "" if challenge.status == "open" else f" ({challenge.status})"
    if challenge.status == "open":
        footer = f"*{_votes_text(votes)}* · React with {_vote_emojis_text(emojis)} to vote · `{challenge.short_id}`"
    else:
        footer = f"*{_votes_text(votes)}* · {challenge.short_id} is {challenge.status}: voting has ended"
    blocks = blocks_of(
        header(f"{challenge.short_id}: {challenge.title}{status}"),
        section(escape(challenge.problem)),
        SectionBlock(fields=[md(f) for f in challenge_fields(challenge)]),
        section("\n".join(funding)) if funding else None,
        context(footer),
        post_buttons(challenge) if challenge.status == "open" else None,
    )
    text = f"Challenge {challenge.short_id}: {escape(challenge.title)}{status} ({_votes_text(votes)})"
    return text, blocks


def challenge_list(summaries: list[ChallengeSummary],
                   funding: dict[int, FundingState] | None = None) -> tuple[str, list[dict]]:
    if not summaries:
        text = "There are no open challenges yet. Post one with `/challenge new`."
        return text, [section(text)]
    lines = [
        f"*{_votes_text(s.votes)}* · `{s.challenge.short_id}` {escape(s.challenge.title)}"
        f" — {escape(council_name(s.challenge.council_code))}{list_progress((funding or {}).get(s.challenge.id))}"
        for s in summaries[:LIST_LIMIT]
    ]
    more = len(summaries) - LIST_LIMIT
    blocks = [header(f"Open challenges ({len(summaries)})"), section("\n".join(lines))]
    if more > 0:
        blocks.append(context(f"…and {more} more with fewer votes."))
    blocks.append(context("`/challenge show C-12` shows one in full."))
    return f"{len(summaries)} open challenge{'s' if len(summaries) != 1 else ''}", blocks


def challenge_detail(challenge: Challenge, votes: int, funding: list[str] = ()) -> tuple[str, list[dict]]:
    where = f" · posted in <#{challenge.channel_id}>" if challenge.channel_id else ""
    blocks = blocks_of(
        header(f"{challenge.short_id}: {challenge.title}"),
        section(escape(challenge.problem)),
        SectionBlock(fields=[md(f) for f in challenge_fields(challenge)]),
        section("\n".join(funding)) if funding else None,
        context(f"*{_votes_text(votes)}* · status: {challenge.status}{where}"),
    )
    return f"Challenge {challenge.short_id}: {escape(challenge.title)}", blocks


def posted_reply(challenge: Challenge, channel_id: str | None, problem: str | None) -> str:
    """What the author of a new challenge is told: where it went, or why it only was saved."""
    title = escape(challenge.title)
    if problem is None:
        return (f"Posted *{challenge.short_id}: {title}* in <#{channel_id}>. "
                "People vote on it with reactions; `/challenge list` shows where it stands.")
    if problem == "no_channel":
        return (f"Saved *{challenge.short_id}: {title}*. There is no challenges channel to post it in yet: an "
                "organiser can choose one with `/dozen config`, or post challenges from a channel with "
                "`/challenge new`.")
    return (f"Saved *{challenge.short_id}: {title}*, but I couldn't post it here ({problem}). "
            "Invite me to a channel with `/invite @Dozen` and post challenges there; "
            f"`/challenge show {challenge.short_id}` shows it meanwhile.")


def closed_reply(challenge: Challenge) -> str:
    return f"Closed {challenge.short_id}: {escape(challenge.title)}. Voting on it has ended."


def unknown_verb(words: str) -> str:
    return f"Sorry, I don't know `/challenge {escape(words)}`.\n\n{CHALLENGE_USAGE}"
