"""Block Kit for `/dozen mydata` and `/dozen forget-me`."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from bot.views.common import blocks_of, context, escape, header, plain, section, truncate

FORGET_CALLBACK = "forget_me"

FORGET_TEXT = (
    "*If you confirm, Dozen will, straight away:*\n"
    "• delete your pool profile, your availability and your place in any cohort\n"
    "• delete your votes, your check-in answers (and their posts in challenge threads), and any nominations of you\n"
    "• cancel your bookings in weeks that haven't started, and tell the other person\n"
    "• withdraw your open pledges\n"
    "• delete your introduction settings and the introductions you were in\n"
    "• replace your name with “former member” in what must be kept for accounting: confirmed bookings in past "
    "weeks and their amounts (so councils' cross-charging totals don't change), challenges you posted, and "
    "nominations you made\n"
    "• forget the messages it sent you\n\n"
    "This can't be undone. You can join again later, as someone new."
)


def forget_modal() -> dict:
    return View(type="modal", callback_id=FORGET_CALLBACK, title=plain("Forget me"), submit=plain("Forget me"),
                close=plain("Keep my data"),
                blocks=[section(FORGET_TEXT),
                        context("Tip: `/dozen mydata` first, to keep a copy of what Dozen holds about you.")]
                ).to_dict()


def _count(items: list, one: str, many: str | None = None) -> str:
    return f"{len(items)} {one if len(items) == 1 else (many or one + 's')}"


def mydata_summary(data: dict[str, Any]) -> tuple[str, list[dict]]:
    """A readable summary; the JSON file beside it has every field."""
    profile = data["profile"]
    lines = []
    if profile:
        skills = ", ".join(f"{name} ({level})" if level else name for name, level in profile["skills"].items())
        lines.append(f"*Pool profile* ({data['pool_status'].replace('_', ' ')}): council {profile['council_code']}, "
                     f"{profile['hours_per_week']:g}h a week, line manager <@{profile['line_manager_id']}>, "
                     f"skills: {escape(skills) or 'none'}" + (f", bio: {escape(profile['bio'])}" if profile["bio"]
                                                              else ""))
    else:
        lines.append("*Pool profile:* none — you're not in the talent pool.")
    lines.append(f"*Availability:* {_count(data['availability'], 'week')} set")
    lines.append(f"*Bookings:* {_count(data['bookings_of_you'], 'of you', 'of you')}, "
                 f"{len(data['bookings_you_asked_for'])} you asked for, "
                 f"{len(data['bookings_you_approved_as_manager'])} you answered as a line manager")
    lines.append(f"*Nominations:* {_count(data['nominations_of_you'], 'of you', 'of you')}, "
                 f"{len(data['nominations_by_you'])} you made")
    lines.append(f"*Votes:* {len(data['votes'])} · *Pledges:* {len(data['pledges'])} · "
                 f"*Check-in answers:* {len(data['check_ins'])} · *Challenges you posted:* "
                 f"{len(data['challenges_you_posted'])} · *Cohort places:* {len(data['cohorts'])} · "
                 f"*Introductions:* {len(data['introductions']['introductions'])}")
    text = "Here is everything Dozen holds about you."
    return text, blocks_of(header("Your data in Dozen"), section(text), section(truncate("\n".join(lines), 3000)),
                           context("Every field is in the attached JSON file. `/dozen forget-me` removes it."))


FORGOTTEN_TEXT = "Dozen has forgotten you: your data is gone, as the form said. Thank you for the time you gave."
