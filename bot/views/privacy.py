"""Block Kit for `/dozen mydata` and `/dozen forget-me`."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.views import View

from bot.clock import week_label
from bot.views.common import blocks_of, context, escape, header, mention, plain, section, truncate

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


ITEMS_SHOWN = 25  # per kind of record; the JSON file has them all


def _listed(title: str, items: list[str], none: str = "none") -> str:
    """A kind of record and each record on its own line (the first ITEMS_SHOWN)."""
    if not items:
        return f"*{title}:* {none}"
    shown = [f"• {item}" for item in items[:ITEMS_SHOWN]]
    if len(items) > ITEMS_SHOWN:
        shown.append(f"• … and {len(items) - ITEMS_SHOWN} more, in the JSON file")
    return f"*{title}* ({len(items)}):\n" + "\n".join(shown)


def _week(iso: str | None) -> str:
    return week_label(date.fromisoformat(iso)) if iso else ""


def _booking(row: dict, *, who: str) -> str:
    other = row.get(who)
    return (f"B-{row['number']} · {escape(row.get('challenge', ''))} · {_week(row.get('week_start'))} · "
            f"{row['hours']:g}h · {row['status']}" + (f" · {mention(other)}" if other else ""))


def _nomination(row: dict, *, who: str) -> str:
    number = row.get("number") or str(row.get("nomination", "")).removeprefix("N-")
    return f"N-{number} · {mention(row.get(who))} · {str(row.get('status', '')).replace('_', ' ')}"


def _pledge(row: dict) -> str:
    if row.get("kind") == "money" and row.get("amount_pence") is not None:
        what = f"£{row['amount_pence'] / 100:,.2f}"
    else:
        what = escape(row.get("description") or row.get("kind") or "")
    return f"P-{row['number']} · {escape(row.get('challenge', ''))} · {what} · {row.get('status', '')}"


def _votes(votes: list[dict]) -> list[str]:
    """One line per thing voted on, with the emoji used."""
    by_target: dict[str, list[str]] = {}
    for vote in votes:
        by_target.setdefault(vote["on"], []).append(f":{vote['emoji']}:")
    return [f"{escape(on)} {' '.join(emojis)}" for on, emojis in by_target.items()]


def mydata_summary(data: dict[str, Any]) -> tuple[str, list[dict]]:
    """A readable summary that lists the records themselves; the JSON file has every field."""
    profile = data["profile"]
    if profile:
        skills = ", ".join(f"{name} ({level})" if level else name for name, level in profile["skills"].items())
        about = (f"*Pool profile* ({data['pool_status'].replace('_', ' ')}): council {profile['council_code']}, "
                 f"{profile['hours_per_week']:g}h a week, line manager <@{profile['line_manager_id']}>, "
                 f"skills: {escape(skills) or 'none'}" + (f", bio: {escape(profile['bio'])}" if profile["bio"]
                                                          else ""))
    else:
        about = "*Pool profile:* none — you're not in the talent pool."
    parts = [
        about,
        _listed("Availability", [f"{_week(a['week_start'])}: " + ("away" if a.get("away") else f"{a['hours']:g}h")
                                 for a in data["availability"]], "none set"),
        _listed("Bookings of you", [_booking(b, who="requester_id") for b in data["bookings_of_you"]]),
        _listed("Bookings you asked for", [_booking(b, who="person_id") for b in data["bookings_you_asked_for"]]),
        _listed("Bookings you answered as a line manager",
                [_booking(b, who="person_id") for b in data["bookings_you_approved_as_manager"]]),
        _listed("Nominations of you", [_nomination(n, who="nominator_id") for n in data["nominations_of_you"]]),
        _listed("Nominations you made", [_nomination(n, who="nominee_id") for n in data["nominations_by_you"]]),
        _listed("Votes", _votes(data["votes"])),
        _listed("Pledges", [_pledge(p) for p in data["pledges"]]),
        _listed("Check-in answers", [f"{_week(c.get('week_start'))} · {escape(c.get('challenge', ''))}"
                                     for c in data["check_ins"]]),
        _listed("Challenges you posted", [f"{escape(c['challenge'])} · {c['status']}"
                                          for c in data["challenges_you_posted"]]),
        _listed("Cohort places", [f"{escape(m.get('challenge', ''))} · {m.get('status', '')}"
                                  for m in data["cohorts"]]),
        _listed("Introductions", [f"{_week(i['week'])} · {mention(i['with'])}"
                                  + ("" if i.get("met") is None else f" · {'met' if i['met'] else 'did not meet'}")
                                  for i in data.get("introductions", {}).get("introductions", [])]),
    ]
    text = "Here is everything Dozen holds about you."
    return text, blocks_of(header("Your data in Dozen"), section(text),
                           *(section(truncate(part, 3000)) for part in parts),
                           context("Every field is in the attached JSON file. `/dozen forget-me` removes it."))


FORGOTTEN_TEXT = "Dozen has forgotten you: your data is gone, as the form said. Thank you for the time you gave."
