"""Block Kit for challenges: the channel post, list, board and detail, and what is said of them
(the new-challenge form is views/challenge_form.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import reduce

from slack_sdk.models.blocks import SectionBlock

from bot.locale import ENGLISH, Lang
from bot.reference import council_name
from bot.services import stages
from bot.services.board import Lane
from bot.services.challenges import ChallengeSummary
from bot.services.funding import FundingState
from bot.storage.models import Challenge, ChallengeStage
from bot.views.common import (
    SAME_WORKSPACE,
    Names,
    blocks_of,
    context,
    escape,
    header,
    hours,
    md,
    mention,
    section,
)
from bot.views.funding import list_progress, post_buttons

LIST_LIMIT = 25


def challenge_usage(t: Lang = ENGLISH) -> str:
    """`/challenge help`."""
    return "\n".join([
        "*/challenge* — " + t._("post and follow problems councils want solved"),
        "• `/challenge new [title]` — " + t._("post a challenge (opens a form)"),
        "• `/challenge list` — " + t._("open challenges, most votes first"),
        "• `/challenge board` — " + t._("challenges by stage: proposed, shortlisted, funded, in progress, delivered"),
        "• `/challenge show C-12` — " + t._("one challenge in full"),
        "• `/challenge close C-12 [reason]` — " + t._("close your challenge (owner or organiser)"),
        "• `/challenge help` — " + t._("this help"),
        t._("Back a challenge with `/pledge C-12 [amount]`."),
    ])


CHALLENGE_USAGE = challenge_usage()  # in English


def _skills_text(challenge: Challenge, t: Lang) -> str:
    parts = [escape(s) for s in challenge.skills]
    if challenge.other_skills:
        parts.append(escape(challenge.other_skills))
    return ", ".join(parts) or t._("none given")


def _vote_emojis_text(emojis: list[str], t: Lang) -> str:
    # Translators: between vote emoji, e.g. ":+1: or :raised_hands:".
    return reduce(lambda first, second: t._("{first} or {second}", first=first, second=second),
                  [f":{e}:" for e in emojis])


def help_wanted(hours_per_week: float, weeks: int, *, t: Lang = ENGLISH) -> str:
    """"7.5h a week for 6 weeks"."""
    return t.ngettext("{hours} a week for {n} week", "{hours} a week for {n} weeks", weeks,
                      hours=hours(hours_per_week, t=t))


def challenge_fields(challenge: Challenge, *, names: Names = SAME_WORKSPACE, t: Lang = ENGLISH) -> list[str]:
    """`names`: how the owner is named to the reader (by name and workspace in another
    workspace of the network, where a mention shows nothing)."""
    return [
        _field(t._("Skills needed"), _skills_text(challenge, t)),
        _field(t._("Council"), escape(council_name(challenge.council_code))),
        _field(t._("Owner"), names(challenge.owner_id, t=t)),
        _field(t._("Help wanted"), help_wanted(challenge.hours_per_week, challenge.weeks, t=t)),
    ]


def _field(label: str, value: str) -> str:
    return f"*{label}*\n{value}"


def votes_text(votes: int, *, t: Lang = ENGLISH) -> str:
    return t.ngettext("{n} vote", "{n} votes", votes)


def status_word(status: str, *, t: Lang = ENGLISH) -> str:
    """A challenge's status ("open", "delivered", "closed") in a sentence."""
    words = {"open": t.pgettext("challenge status", "open"),
             "delivered": t.pgettext("challenge status", "delivered"),
             "closed": t.pgettext("challenge status", "closed")}
    return words.get(status, status)


def slack_date(at: datetime, *, t: Lang = ENGLISH) -> str:
    """A date each reader sees in their own time zone (the fallback in UTC, "7 Sep 2026" in
    English as it always was: Babel's British English says "Sept")."""
    fallback = f"{at.day} {at:%b %Y}" if t.code == "en" else t.date(at)
    return f"<!date^{int(at.timestamp())}^{{date_short}}|{fallback}>"


def stage_line(challenge: Challenge, moves: Sequence[ChallengeStage] = (), *, t: Lang = ENGLISH) -> str:
    """Where a challenge is in its life, and when it got to each stage."""
    line = t._("Stage: *{stage}*", stage=stages.label(challenge.stage, t=t))
    if len(moves) == 1:
        line += " " + t._("since {date}", date=slack_date(moves[0].at, t=t))
    elif moves:
        line += " · " + " → ".join(f"{stages.label(m.stage, t=t).lower()} {slack_date(m.at, t=t)}" for m in moves)
    if challenge.stage == stages.CLOSED:
        line += " · " + (t._("closed by {person}", person=mention(challenge.closed_by, t=t)) if challenge.closed_by
                         else t.pgettext("challenge status", "closed"))
        line += f": {escape(challenge.close_reason)}" if challenge.close_reason else ""
    return line


def _footer(challenge: Challenge, votes: int, emojis: list[str], voting_open: bool, t: Lang) -> str:
    count = f"*{votes_text(votes, t=t)}*"
    ref = challenge.short_id
    if voting_open:
        if challenge.voting_closes_at:
            how = t._("React with {emojis} to vote until {date}", emojis=_vote_emojis_text(emojis, t),
                      date=slack_date(challenge.voting_closes_at, t=t))
        else:
            how = t._("React with {emojis} to vote", emojis=_vote_emojis_text(emojis, t))
        return f"{count} · {how} · `{ref}`"
    if challenge.status == "open":
        return f"{count} · " + t._("Voting on {challenge} closed on {date}: its voting window ended", challenge=ref,
                                   date=slack_date(challenge.voting_closes_at or challenge.voting_closed_at, t=t))
    if challenge.status == "delivered":
        return f"{count} · " + t._("{challenge} is delivered: voting has ended", challenge=ref)
    return f"{count} · " + t._("{challenge} is closed: voting has ended", challenge=ref)


def challenge_message(challenge: Challenge, votes: int, emojis: list[str],
                      funding: list[str] = (), moves: Sequence[ChallengeStage] = (),
                      voting_open: bool | None = None, *, names: Names = SAME_WORKSPACE,
                      t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """The post in the channel: (fallback text, blocks), with its funding line if any, its
    stage, and whether voting is open (it closes with the challenge or its voting window)."""
    status = "" if challenge.status == "open" else f" ({status_word(challenge.status, t=t)})"
    if voting_open is None:
        voting_open = challenge.status == "open"
    blocks = blocks_of(
        header(f"{challenge.short_id}: {challenge.title}{status}"),
        section(escape(challenge.problem)),
        SectionBlock(fields=[md(f) for f in challenge_fields(challenge, names=names, t=t)]),
        section("\n".join(funding)) if funding else None,
        context(stage_line(challenge, moves, t=t)),
        context(_footer(challenge, votes, emojis, voting_open, t)),
        post_buttons(challenge, t=t) if challenge.status == "open" else None,
    )
    text = (t._("Challenge {challenge}: {title}", challenge=challenge.short_id, title=escape(challenge.title))
            + f"{status} ({votes_text(votes, t=t)})")
    return text, blocks


def _listed(challenge: Challenge, votes: int, money: FundingState | None, currencies: dict[str, str] | None,
            t: Lang) -> str:
    """One line of a list: votes, ID, title, council and funding progress."""
    progress = list_progress(money, (currencies or {}).get(challenge.team_id, "GBP"), t=t)
    return (f"*{votes_text(votes, t=t)}* · `{challenge.short_id}` {escape(challenge.title)}"
            f" — {escape(council_name(challenge.council_code))}{progress}")


def _more(more: int, t: Lang) -> str:
    return t.ngettext("…and {n} more with fewer votes.", "…and {n} more with fewer votes.", more)


def challenge_list(summaries: list[ChallengeSummary], funding: dict[int, FundingState] | None = None,
                   currencies: dict[str, str] | None = None, *, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """`currencies`: each workspace's (by team ID; GBP when not given), for a challenge's money."""
    if not summaries:
        text = t._("There are no open challenges yet. Post one with `/challenge new`.")
        return text, [section(text)]
    lines = [_listed(s.challenge, s.votes, (funding or {}).get(s.challenge.id), currencies, t)
             for s in summaries[:LIST_LIMIT]]
    more = len(summaries) - LIST_LIMIT
    blocks = [header(t._("Open challenges") + f" ({len(summaries)})"), section("\n".join(lines))]
    if more > 0:
        blocks.append(context(_more(more, t)))
    blocks.append(context(t._("`/challenge show {challenge}` shows one in full.",
                              challenge=summaries[0].challenge.short_id)))
    return t.ngettext("{n} open challenge", "{n} open challenges", len(summaries)), blocks


def challenge_detail(challenge: Challenge, votes: int, funding: list[str] = (),
                     moves: Sequence[ChallengeStage] = (), *, names: Names = SAME_WORKSPACE,
                     t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    channel = f"<#{challenge.channel_id}>"
    where = (" · " + t._("posted in {channel}", channel=channel)) if challenge.channel_id else ""
    status = t._("status: {status}", status=status_word(challenge.status, t=t))
    blocks = blocks_of(
        header(f"{challenge.short_id}: {challenge.title}"),
        section(escape(challenge.problem)),
        SectionBlock(fields=[md(f) for f in challenge_fields(challenge, names=names, t=t)]),
        section("\n".join(funding)) if funding else None,
        context(stage_line(challenge, moves, t=t)),
        context(f"*{votes_text(votes, t=t)}* · {status}{where}"),
    )
    return t._("Challenge {challenge}: {title}", challenge=challenge.short_id, title=escape(challenge.title)), blocks


def posted_reply(challenge: Challenge, channel_id: str | None, problem: str | None, *, t: Lang = ENGLISH) -> str:
    """What the author of a new challenge is told: where it went, or why it only was saved."""
    values = {"challenge": challenge.short_id, "title": escape(challenge.title), "channel": f"<#{channel_id}>"}
    if problem is None:
        return t._("Posted *{challenge}: {title}* in {channel}. People vote on it with reactions; `/challenge list` "
                   "shows where it stands.", **values)
    if problem == "no_channel":
        return t._("Saved *{challenge}: {title}*. There is no challenges channel to post it in yet: an organiser can "
                   "choose one with `/dozen config`, or post challenges from a channel with `/challenge new`.",
                   **values)
    # Translators: {problem} is Slack's error code, e.g. not_in_channel.
    return t._("Saved *{challenge}: {title}*, but I couldn't post it here ({problem}). Invite me to a channel with "
               "`/invite @Dozen` and post challenges there; `/challenge show {challenge}` shows it meanwhile.",
               problem=problem, **values)


def closed_reply(challenge: Challenge, *, t: Lang = ENGLISH) -> str:
    return t._("Closed {challenge}: {title}. Voting on it has ended.", challenge=challenge.short_id,
               title=escape(challenge.title))


BOARD_LANE_LIMIT = 10


def board_message(lanes: list[Lane], currencies: dict[str, str] | None = None, *,
                  t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """`/challenge board`: the challenges by stage, most votes first within each."""
    total = sum(len(lane.cards) for lane in lanes)
    blocks: list = [header(t._("Challenge board") + f" ({total})")]
    for lane in lanes:
        lines = [_listed(card.challenge, card.votes, card.funding, currencies, t)
                 for card in lane.cards[:BOARD_LANE_LIMIT]]
        more = len(lane.cards) - BOARD_LANE_LIMIT
        if more > 0:
            lines.append(_more(more, t))
        blocks.append(section(f"*{lane.label_in(t)}* ({len(lane.cards)})\n"
                              + ("\n".join(lines) or "_" + t._("None yet.") + "_")))
    blocks.append(context(t._("`/challenge show {challenge}` shows one in full.", challenge="C-12")))
    return t.ngettext("Challenge board: {n} challenge by stage", "Challenge board: {n} challenges by stage",
                      total), blocks


def stage_announcement(challenge: Challenge, move: ChallengeStage, *, t: Lang = ENGLISH) -> str:
    """Said once in the challenge's thread when it moves."""
    ref = challenge.short_id
    if move.stage == stages.SHORTLISTED:
        return ":tada: " + t._("*{challenge} is shortlisted*: enough people voted for it within its voting window.",
                               challenge=ref)
    if move.stage == stages.FUNDED:
        return ":moneybag: " + t._("*{challenge} is funded*: its funding target was met.", challenge=ref)
    if move.stage == stages.IN_PROGRESS:
        if move.by_user:
            said = t._("*{challenge} is in progress*: a cohort was formed for it.", challenge=ref)
        else:
            said = t._("*{challenge} is in progress*: someone's time is booked for it.", challenge=ref)
        return f":hammer_and_wrench: {said}"
    if move.stage == stages.DELIVERED:
        return ":white_check_mark: " + t._("*{challenge} is delivered.*", challenge=ref)
    if move.stage == stages.CLOSED:
        return _closed_announcement(ref, move, t)
    return t._("*{challenge} is {stage}.*", challenge=ref, stage=stages.label(move.stage, t=t).lower())


def _closed_announcement(ref: str, move: ChallengeStage, t: Lang) -> str:
    values = {"challenge": ref, "person": mention(move.by_user, t=t), "reason": escape(move.reason)}
    if move.by_user and move.reason:
        return t._("*{challenge} was closed* by {person}: {reason}. Voting on it has ended.", **values)
    if move.by_user:
        return t._("*{challenge} was closed* by {person} (no reason given). Voting on it has ended.", **values)
    if move.reason:
        return t._("*{challenge} was closed*: {reason}. Voting on it has ended.", **values)
    return t._("*{challenge} was closed* (no reason given). Voting on it has ended.", **values)


def unknown_verb(words: str, *, t: Lang = ENGLISH) -> str:
    return (t._("Sorry, I don't know `/challenge {words}`.", words=escape(words))
            + f"\n\n{challenge_usage(t)}")
