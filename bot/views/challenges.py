"""Block Kit for challenges: the new-challenge modal, the channel post, list and detail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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

from bot.reference import council_name
from bot.services import stages
from bot.services.board import Lane
from bot.services.challenges import (
    OTHER_SKILLS_MAX,
    PROBLEM_MAX,
    TITLE_MAX,
    ChallengeDraft,
    ChallengeSummary,
    Similar,
)
from bot.services.funding import FundingState
from bot.storage.models import Challenge, ChallengeStage
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
BACKED_CALLBACK = "challenge_backed"
BACK_INSTEAD = "challenge_back_instead"
LIST_LIMIT = 25

CHALLENGE_USAGE = (
    "*/challenge* — post and follow problems councils want solved\n"
    "• `/challenge new [title]` — post a challenge (opens a form)\n"
    "• `/challenge list` — open challenges, most votes first\n"
    "• `/challenge board` — challenges by stage: proposed, shortlisted, funded, in progress, delivered\n"
    "• `/challenge show C-12` — one challenge in full\n"
    "• `/challenge close C-12 [reason]` — close your challenge (owner or organiser)\n"
    "• `/challenge help` — this help\n"
    "Back a challenge with `/pledge C-12 [amount]`."
)


def new_challenge_modal(*, title: str = "", council_code: str | None = None, private_metadata: str = "",
                        draft: ChallengeDraft | None = None, similar: list[Similar] | None = None) -> dict:
    """The new-challenge form; with `similar`, the same form (as typed in `draft`) under the
    challenges that look like it, to back one of them instead or post anyway."""
    typed = draft or ChallengeDraft(title=title, council_code=council_code or "")
    council_element = StaticSelectElement(
        action_id="value",
        placeholder=plain("Choose a council"),
        option_groups=council_option_groups(),
        initial_option=council_option(typed.council_code) if typed.council_code else None,
    )
    view = View(
        type="modal",
        callback_id=NEW_CHALLENGE_CALLBACK,
        title=plain("Similar challenges" if similar else "New challenge"),
        submit=plain("Post anyway" if similar else "Post challenge"),
        close=plain("Cancel"),
        private_metadata=private_metadata,
        blocks=[
            *(similar_blocks(similar) if similar else []),
            InputBlock(
                block_id="title",
                label=plain("Title"),
                hint=plain("A short name for the problem, 3 to 150 characters."),
                element=PlainTextInputElement(
                    action_id="value",
                    initial_value=truncate(typed.title, TITLE_MAX) if typed.title else None,
                    max_length=TITLE_MAX,
                    placeholder=plain("e.g. Cut the backlog of housing repair requests"),
                ),
            ),
            InputBlock(
                block_id="problem",
                label=plain("Problem statement"),
                hint=plain("What is the problem, who has it, and what have you tried? At least 20 characters."),
                element=PlainTextInputElement(action_id="value", multiline=True, max_length=PROBLEM_MAX,
                                              initial_value=typed.problem or None),
            ),
            InputBlock(
                block_id="skills",
                label=plain("Skills needed"),
                hint=plain("From the DDaT skills framework: type to search. At least one here or under Other skills."),
                optional=True,
                element=skill_picker(typed.skills),
            ),
            InputBlock(
                block_id="other_skills",
                label=plain("Other skills"),
                hint=plain("Anything the framework does not name, separated by commas."),
                optional=True,
                element=PlainTextInputElement(action_id="value", max_length=OTHER_SKILLS_MAX,
                                              initial_value=typed.other_skills or None),
            ),
            InputBlock(block_id="council", label=plain("Council"), element=council_element),
            InputBlock(
                block_id="hours",
                label=plain("Hours of help per week"),
                hint=plain("In half hours, e.g. 7.5 for a day a week."),
                element=NumberInputElement(
                    action_id="value", is_decimal_allowed=True, min_value="0.5", max_value="37.5",
                    initial_value=typed.hours_per_week.strip() or None,
                ),
            ),
            InputBlock(
                block_id="weeks",
                label=plain("Number of weeks"),
                hint=plain("How many weeks you want help for."),
                element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="1", max_value="52",
                                           initial_value=typed.weeks.strip() or None),
            ),
            context("Council names: mySociety, CC BY 4.0. Skills: the DDaT capability framework, OGL v3.0."),
        ],
    )
    return view.to_dict()


def similar_blocks(similar: list[Similar]) -> list:
    """Above the form: the challenges like the one typed, each with Back this one instead."""
    many = len(similar) != 1
    blocks: list = [section(f"*{'These challenges look' if many else 'This challenge looks'} like yours.* "
                            f"Back {'one of them' if many else 'it'} instead (your vote, and you go to it), "
                            "or post yours anyway: nothing is saved until you choose.")]
    for item in similar:
        challenge = item.challenge
        lines = [f"*{challenge.short_id}: {escape(challenge.title)}*",
                 f"{escape(council_name(challenge.council_code))} · {stages.label(challenge.stage)} · "
                 f"{_votes_text(item.votes)}"]
        if item.outcome is not None:
            lines.append(truncate(f"Outcome: {escape(item.outcome.delivered)}", 600))
        accessory = None
        if challenge.status == "open":
            accessory = ButtonElement(text=plain("Back this one instead"), action_id=BACK_INSTEAD,
                                      value=str(challenge.id))
        blocks.append(SectionBlock(text=md(truncate("\n".join(lines), 3000)), accessory=accessory))
    blocks.append(DividerBlock())
    blocks.append(section("*Your challenge*, as you typed it (you can still change it):"))
    return blocks


def backed_modal(challenge: Challenge, votes: int, already: bool, link: str | None) -> dict:
    """After Back this one instead: where their vote went, and a link to the challenge."""
    title = escape(challenge.title)
    said = (f"You had already voted for *{challenge.short_id}: {title}*; your vote stands."
            if already else f"You back *{challenge.short_id}: {title}* now: your vote is counted.")
    where = f"<{link}|Open {challenge.short_id} in Slack>" if link else f"`/challenge show {challenge.short_id}`"
    return View(type="modal", callback_id=BACKED_CALLBACK, title=plain("Challenge backed"), close=plain("Done"),
                blocks=[section(f"{said} It has {_votes_text(votes)}."), section(where)]).to_dict()


def back_refused_modal(message: str) -> dict:
    return View(type="modal", callback_id=BACKED_CALLBACK, title=plain("Not backed"), close=plain("Close"),
                blocks=[section(escape(message))]).to_dict()


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


def slack_date(at: datetime) -> str:
    """A date each reader sees in their own time zone (the fallback in UTC)."""
    return f"<!date^{int(at.timestamp())}^{{date_short}}|{at.day} {at:%b %Y}>"


def stage_line(challenge: Challenge, moves: Sequence[ChallengeStage] = ()) -> str:
    """Where a challenge is in its life, and when it got to each stage."""
    line = f"Stage: *{stages.label(challenge.stage)}*"
    if len(moves) == 1:
        line += f" since {slack_date(moves[0].at)}"
    elif moves:
        line += " · " + " → ".join(f"{stages.label(m.stage).lower()} {slack_date(m.at)}" for m in moves)
    if challenge.stage == stages.CLOSED:
        by = f" by {mention(challenge.closed_by)}" if challenge.closed_by else ""
        line += f" · closed{by}" + (f": {escape(challenge.close_reason)}" if challenge.close_reason else "")
    return line


def challenge_message(challenge: Challenge, votes: int, emojis: list[str],
                      funding: list[str] = (), moves: Sequence[ChallengeStage] = (),
                      voting_open: bool | None = None) -> tuple[str, list[dict]]:
    """The post in the channel: (fallback text, blocks), with its funding line if any, its
    stage, and whether voting is open (it closes with the challenge or its voting window)."""
    status = "" if challenge.status == "open" else f" ({challenge.status})"
    if voting_open is None:
        voting_open = challenge.status == "open"
    if voting_open:
        until = f" until {slack_date(challenge.voting_closes_at)}" if challenge.voting_closes_at else ""
        footer = (f"*{_votes_text(votes)}* · React with {_vote_emojis_text(emojis)} to vote{until} · "
                  f"`{challenge.short_id}`")
    elif challenge.status == "open":
        footer = (f"*{_votes_text(votes)}* · Voting on {challenge.short_id} closed on "
                  f"{slack_date(challenge.voting_closes_at or challenge.voting_closed_at)}: its voting window ended")
    else:
        footer = f"*{_votes_text(votes)}* · {challenge.short_id} is {challenge.status}: voting has ended"
    blocks = blocks_of(
        header(f"{challenge.short_id}: {challenge.title}{status}"),
        section(escape(challenge.problem)),
        SectionBlock(fields=[md(f) for f in challenge_fields(challenge)]),
        section("\n".join(funding)) if funding else None,
        context(stage_line(challenge, moves)),
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
    blocks.append(context(f"`/challenge show {summaries[0].challenge.short_id}` shows one in full."))
    return f"{len(summaries)} open challenge{'s' if len(summaries) != 1 else ''}", blocks


def challenge_detail(challenge: Challenge, votes: int, funding: list[str] = (),
                     moves: Sequence[ChallengeStage] = ()) -> tuple[str, list[dict]]:
    where = f" · posted in <#{challenge.channel_id}>" if challenge.channel_id else ""
    blocks = blocks_of(
        header(f"{challenge.short_id}: {challenge.title}"),
        section(escape(challenge.problem)),
        SectionBlock(fields=[md(f) for f in challenge_fields(challenge)]),
        section("\n".join(funding)) if funding else None,
        context(stage_line(challenge, moves)),
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


BOARD_LANE_LIMIT = 10


def board_message(lanes: list[Lane]) -> tuple[str, list[dict]]:
    """`/challenge board`: the challenges by stage, most votes first within each."""
    total = sum(len(lane.cards) for lane in lanes)
    blocks: list = [header(f"Challenge board ({total})")]
    for lane in lanes:
        lines = [f"*{_votes_text(card.votes)}* · `{card.challenge.short_id}` {escape(card.challenge.title)}"
                 f" — {escape(council_name(card.challenge.council_code))}{list_progress(card.funding)}"
                 for card in lane.cards[:BOARD_LANE_LIMIT]]
        more = len(lane.cards) - BOARD_LANE_LIMIT
        if more > 0:
            lines.append(f"…and {more} more with fewer votes.")
        blocks.append(section(f"*{lane.label}* ({len(lane.cards)})\n" + ("\n".join(lines) or "_None yet._")))
    blocks.append(context("`/challenge show C-12` shows one in full."))
    return f"Challenge board: {total} challenge{'s' if total != 1 else ''} by stage", blocks


def stage_announcement(challenge: Challenge, move: ChallengeStage) -> str:
    """Said once in the challenge's thread when it moves."""
    ref = challenge.short_id
    if move.stage == stages.SHORTLISTED:
        return f":tada: *{ref} is shortlisted*: enough people voted for it within its voting window."
    if move.stage == stages.FUNDED:
        return f":moneybag: *{ref} is funded*: its funding target was met."
    if move.stage == stages.IN_PROGRESS:
        why = "a cohort was formed for it" if move.by_user else "someone's time is booked for it"
        return f":hammer_and_wrench: *{ref} is in progress*: {why}."
    if move.stage == stages.DELIVERED:
        return f":white_check_mark: *{ref} is delivered.*"
    if move.stage == stages.CLOSED:
        by = f" by {mention(move.by_user)}" if move.by_user else ""
        why = f": {escape(move.reason)}" if move.reason else " (no reason given)"
        return f"*{ref} was closed*{by}{why}. Voting on it has ended."
    return f"*{ref} is {stages.label(move.stage).lower()}.*"


def unknown_verb(words: str) -> str:
    return f"Sorry, I don't know `/challenge {escape(words)}`.\n\n{CHALLENGE_USAGE}"
