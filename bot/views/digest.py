"""Block Kit for the weekly digest: split into messages that stay within Slack's limits."""

from __future__ import annotations

import json
from datetime import date

from slack_sdk.models.blocks import ButtonElement, DividerBlock

from bot.clock import week_label
from bot.matching.engine import Plan, Proposal
from bot.reference import council_name
from bot.storage.models import Challenge
from bot.views.common import blocks_of, context, escape, header, hours, mention, plain, section, truncate

REQUEST_BOOKING = "digest_book"
CHALLENGES_PER_MESSAGE = 8  # about 5 blocks each: well inside 50 blocks and 12,000 characters


def _challenge_blocks(challenge: Challenge, proposals: list[Proposal], missing: list[str] | None,
                      councils: dict[str, str]) -> list:
    wanted = ", ".join(escape(s) for s in challenge.skills) or escape(challenge.other_skills or "")
    blocks = [section(f"*{challenge.short_id}: {escape(challenge.title)}* — "
                      f"{escape(council_name(challenge.council_code))} · {hours(challenge.hours_per_week)} a week"
                      + (f"\nSkills: {wanted}" if wanted else ""))]
    for proposal in proposals:
        value = json.dumps({"challenge": challenge.id, "person": proposal.person_id}, separators=(",", ":"))
        where = escape(council_name(councils.get(proposal.person_id)))
        blocks.append(section(
            truncate(f"{mention(proposal.person_id)} ({where}) — {escape(proposal.reason())}", 3000),
            accessory=ButtonElement(text=plain("Request booking"), action_id=REQUEST_BOOKING, value=value)))
    if not proposals:
        lacking = ", ".join(escape(s) for s in (missing or [])) or "the skills it needs"
        blocks.append(context(f":warning: Nobody in the pool fits this yet: nobody with free time offers {lacking}. "
                              "Know someone? `/nominate` them."))
    blocks.append(DividerBlock())
    return blocks


def digest_messages(week: date, plan: Plan, challenges: list[Challenge],
                    councils: dict[str, str]) -> list[tuple[str, list[dict]]]:
    """(text, blocks) for each message of the digest: an opening one, then the challenges."""
    proposed = sum(len(p) for p in plan.proposals.values())
    people = len({p.person_id for ps in plan.proposals.values() for p in ps})
    opening = f"Matches for {week_label(week)}: {len(challenges)} open challenges, {people} people proposed"
    messages = [(opening, blocks_of(
        header(f"This week's matches: {week_label(week)}"),
        section("For each open challenge, the pool members whose skills, free time and experience fit it best. "
                "Press *Request booking* to ask for some of their time."),
        context(f"{len(challenges)} open challenge{'s' if len(challenges) != 1 else ''} · {proposed} proposal"
                f"{'s' if proposed != 1 else ''} · {people} people"),
    ))]
    if not challenges:
        messages[0][1].append(section("There are no open challenges this week. Post one with `/challenge new`."))
    for start in range(0, len(challenges), CHALLENGES_PER_MESSAGE):
        chunk = challenges[start:start + CHALLENGES_PER_MESSAGE]
        blocks = []
        for challenge in chunk:
            blocks += _challenge_blocks(challenge, plan.proposals.get(challenge.id, []), plan.missing.get(challenge.id),
                                        councils)
        first, last = start + 1, start + len(chunk)
        messages.append((f"Matches for {week_label(week)} ({first}–{last} of {len(challenges)})", blocks_of(*blocks)))
    return messages
