"""Block Kit for the weekly digest: split into messages that stay within Slack's limits."""

from __future__ import annotations

import json
from datetime import date

from slack_sdk.models.blocks import ButtonElement, DividerBlock

from bot.locale import ENGLISH, Lang
from bot.matching.engine import Plan, Proposal
from bot.reference import council_name
from bot.services.digest import DigestOutcome, DigestStatus
from bot.storage.models import Challenge
from bot.views.common import blocks_of, context, escape, header, hours, mention, plain, section, truncate

REQUEST_BOOKING = "digest_book"
CHALLENGES_PER_MESSAGE = 8  # at most 6 blocks each: inside 50 blocks and 12,000 characters (per language)
BLOCKS_MAX = 50  # Slack's limit for one message


def _challenge_blocks(challenge: Challenge, proposals: list[Proposal], lacking: list[str] | None,
                      councils: dict[str, str], elsewhere: dict[str, tuple[str, str]], *, t: Lang = ENGLISH) -> list:
    wanted = ", ".join(escape(s) for s in challenge.skills) or escape(challenge.other_skills or "")
    blocks = [section(f"*{challenge.short_id}: {escape(challenge.title)}* — "
                      f"{escape(council_name(challenge.council_code))} · "
                      + t._("{hours} a week", hours=hours(challenge.hours_per_week, t=t))
                      + ("\n" + t._("Skills: {skills}", skills=wanted) if wanted else ""))]
    if proposals and lacking:  # nobody offers everything it asks for: say so, and who comes closest
        blocks.append(context(":mag: " + t._("No one free offers {skills}; the closest:",
                                             skills=", ".join(escape(s) for s in lacking))))
    for proposal in proposals:
        team, name = elsewhere.get(proposal.person_id, (None, None))
        person = f"{team}|{proposal.person_id}" if team else proposal.person_id  # the booking form's person
        value = json.dumps({"challenge": challenge.id, "person": person}, separators=(",", ":"))
        where = escape(council_name(councils.get(proposal.person_id)))
        who = escape(name) if team else mention(proposal.person_id, t=t)  # another workspace's: by name
        blocks.append(section(
            truncate(f"{who} ({where}) — {escape(proposal.reason(t))}", 3000),
            accessory=ButtonElement(text=plain(t._("Request booking")), action_id=REQUEST_BOOKING, value=value)))
    if not proposals:
        blocks.append(context(":warning: " + t._("Nobody in the pool is free in the coming weeks. Know someone? "
                                                 "`/nominate` them.")))
    blocks.append(DividerBlock())
    return blocks


def digest_messages(week: date, plan: Plan, challenges: list[Challenge], councils: dict[str, str],
                    elsewhere: dict[str, tuple[str, str]] | None = None, *,
                    per_message: int = CHALLENGES_PER_MESSAGE, t: Lang = ENGLISH) -> list[tuple[str, list[dict]]]:
    """(text, blocks) for each message of the digest: an opening one, then the challenges
    (`per_message` in each)."""
    proposed = sum(len(p) for p in plan.proposals.values())
    people = len({p.person_id for ps in plan.proposals.values() for p in ps})
    open_ones = t.ngettext("{n} open challenge", "{n} open challenges", len(challenges))
    persons = t.ngettext("{n} person", "{n} people", people)
    # Translators: {challenges} is e.g. "3 open challenges", {people} e.g. "5 people".
    opening = t._("Matches for {week}: {challenges}, {people} proposed", week=t.week(week), challenges=open_ones,
                  people=persons)
    messages = [(opening, blocks_of(
        header(t._("This week's matches: {week}", week=t.week(week))),
        section(t._("For each open challenge, the pool members whose skills, free time and experience fit it best. "
                    "Press *Request booking* to ask for some of their time.")),
        context(" · ".join([open_ones, t.ngettext("{n} proposal", "{n} proposals", proposed), persons])),
    ))]
    if not challenges:
        messages[0][1].append(section(t._("There are no open challenges this week. Post one with `/challenge new`.")))
    for start in range(0, len(challenges), per_message):
        chunk = challenges[start:start + per_message]
        blocks = []
        for challenge in chunk:
            blocks += _challenge_blocks(challenge, plan.proposals.get(challenge.id, []), plan.lacking.get(challenge.id),
                                        councils, elsewhere or {}, t=t)
        first, last = start + 1, start + len(chunk)
        messages.append((t._("Matches for {week} ({first}–{last} of {total})", week=t.week(week), first=first,
                             last=last, total=len(challenges)), blocks_of(*blocks)))
    return messages


def digest_in(languages: list[Lang], week: date, plan: Plan, challenges: list[Challenge], councils: dict[str, str],
              elsewhere: dict[str, tuple[str, str]] | None = None) -> list[tuple[str, list[dict]]]:
    """The digest in a workspace's language, or in several one after another (Welsh, then
    English): each message holds the same challenges in each language, fewer of them, so that
    every message stays within Slack's 50 blocks."""
    per_message = max(1, CHALLENGES_PER_MESSAGE // len(languages))
    said = [digest_messages(week, plan, challenges, councils, elsewhere, per_message=per_message, t=t)
            for t in languages]
    return [_together(list(parts)) for parts in zip(*said)]


def _together(parts: list[tuple[str, list[dict]]]) -> tuple[str, list[dict]]:
    """One message in several languages: each one's blocks after a divider, the fallback text
    each one's ("cy / en")."""
    if len(parts) == 1:
        return parts[0]
    texts = list(dict.fromkeys(text for text, _ in parts))
    blocks = list(parts[0][1])
    for _, more in parts[1:]:
        blocks += [DividerBlock().to_dict(), *more]
    return " / ".join(texts), blocks[:BLOCKS_MAX]


def digest_now_reply(outcome: DigestOutcome | None, *, t: Lang = ENGLISH) -> str:
    """What `/dozen digest now` tells the organiser, from the digest's outcome (None: it failed)."""
    if outcome is None:
        return t._("Sorry, the digest could not be posted; it has been logged. Run `/dozen digest now` again to "
                   "finish it.")
    if outcome.status is DigestStatus.NO_CHANNEL:
        return t._("There's no digest channel yet: choose one with `/dozen config` (or run this in a channel).")
    if outcome.status is DigestStatus.ALREADY_POSTED:
        return t._("This week's digest was already posted; it goes out once a week.")
    if outcome.status is DigestStatus.BEING_POSTED:
        return t._("This week's digest is being posted right now.")
    return t.ngettext("This week's digest is posted: posted {n} message in {channel}.",
                      "This week's digest is posted: posted {n} messages in {channel}.", outcome.posted,
                      channel=outcome.channel)
