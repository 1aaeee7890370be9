"""Block Kit for the weekly digest: split into messages that stay within Slack's limits."""

from __future__ import annotations

import json
from datetime import date

from slack_sdk.models.blocks import ButtonElement, DividerBlock

from bot.clock import week_label
from bot.matching.engine import Plan, Proposal
from bot.reference import council_name
from bot.services.digest import DigestOutcome, DigestStatus
from bot.storage.models import Challenge
from bot.views.common import blocks_of, context, escape, header, hours, mention, plain, section, truncate

REQUEST_BOOKING = "digest_book"
CHALLENGES_PER_MESSAGE = 8  # about 5 blocks each: well inside 50 blocks and 12,000 characters


def _challenge_blocks(challenge: Challenge, proposals: list[Proposal], lacking: list[str] | None,
                      councils: dict[str, str], elsewhere: dict[str, tuple[str, str]]) -> list:
    wanted = ", ".join(escape(s) for s in challenge.skills) or escape(challenge.other_skills or "")
    blocks = [section(f"*{challenge.short_id}: {escape(challenge.title)}* — "
                      f"{escape(council_name(challenge.council_code))} · {hours(challenge.hours_per_week)} a week"
                      + (f"\nSkills: {wanted}" if wanted else ""))]
    if proposals and lacking:  # nobody offers everything it asks for: say so, and who comes closest
        blocks.append(context(f":mag: No one free offers {', '.join(escape(s) for s in lacking)}; the closest:"))
    for proposal in proposals:
        team, name = elsewhere.get(proposal.person_id, (None, None))
        person = f"{team}|{proposal.person_id}" if team else proposal.person_id  # the booking form's person
        value = json.dumps({"challenge": challenge.id, "person": person}, separators=(",", ":"))
        where = escape(council_name(councils.get(proposal.person_id)))
        who = escape(name) if team else mention(proposal.person_id)  # another workspace's: by name
        blocks.append(section(
            truncate(f"{who} ({where}) — {escape(proposal.reason())}", 3000),
            accessory=ButtonElement(text=plain("Request booking"), action_id=REQUEST_BOOKING, value=value)))
    if not proposals:
        blocks.append(context(":warning: Nobody in the pool is free in the coming weeks. "
                              "Know someone? `/nominate` them."))
    blocks.append(DividerBlock())
    return blocks


def _count(n: int, one: str, many: str) -> str:
    """'1 person', '2 people'."""
    return f"{n} {one if n == 1 else many}"


def digest_messages(week: date, plan: Plan, challenges: list[Challenge], councils: dict[str, str],
                    elsewhere: dict[str, tuple[str, str]] | None = None) -> list[tuple[str, list[dict]]]:
    """(text, blocks) for each message of the digest: an opening one, then the challenges."""
    proposed = sum(len(p) for p in plan.proposals.values())
    people = len({p.person_id for ps in plan.proposals.values() for p in ps})
    opening = (f"Matches for {week_label(week)}: {_count(len(challenges), 'open challenge', 'open challenges')}, "
               f"{_count(people, 'person', 'people')} proposed")
    messages = [(opening, blocks_of(
        header(f"This week's matches: {week_label(week)}"),
        section("For each open challenge, the pool members whose skills, free time and experience fit it best. "
                "Press *Request booking* to ask for some of their time."),
        context(f"{_count(len(challenges), 'open challenge', 'open challenges')} · "
                f"{_count(proposed, 'proposal', 'proposals')} · {_count(people, 'person', 'people')}"),
    ))]
    if not challenges:
        messages[0][1].append(section("There are no open challenges this week. Post one with `/challenge new`."))
    for start in range(0, len(challenges), CHALLENGES_PER_MESSAGE):
        chunk = challenges[start:start + CHALLENGES_PER_MESSAGE]
        blocks = []
        for challenge in chunk:
            blocks += _challenge_blocks(challenge, plan.proposals.get(challenge.id, []), plan.lacking.get(challenge.id),
                                        councils, elsewhere or {})
        first, last = start + 1, start + len(chunk)
        messages.append((f"Matches for {week_label(week)} ({first}–{last} of {len(challenges)})", blocks_of(*blocks)))
    return messages


def digest_now_reply(outcome: DigestOutcome | None) -> str:
    """What `/dozen digest now` tells the organiser, from the digest's outcome (None: it failed)."""
    if outcome is None:
        return "Sorry, the digest could not be posted; it has been logged. Run `/dozen digest now` again to finish it."
    if outcome.status is DigestStatus.NO_CHANNEL:
        return "There's no digest channel yet: choose one with `/dozen config` (or run this in a channel)."
    if outcome.status is DigestStatus.ALREADY_POSTED:
        return "This week's digest was already posted; it goes out once a week."
    if outcome.status is DigestStatus.BEING_POSTED:
        return "This week's digest is being posted right now."
    return (f"This week's digest is posted: posted {outcome.posted} message{'s' if outcome.posted != 1 else ''} "
            f"in {outcome.channel}.")
