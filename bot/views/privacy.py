"""Block Kit for `/dozen mydata` and `/dozen forget-me`."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.views import View

from bot.locale import ENGLISH, Lang, N_
from bot.views.common import blocks_of, context, escape, header, mention, plain, section, truncate

FORGET_CALLBACK = "forget_me"

FORGET_TEXT = N_(
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

# The words for a record's status, as people read them (what the JSON file holds stays as it is).
STATUS = {
    "requested": N_("requested"), "confirmed": N_("confirmed"), "declined": N_("declined"),
    "cancelled": N_("cancelled"), "expired": N_("expired"), "awaiting_consent": N_("awaiting consent"),
    "accepted": N_("accepted"), "awaiting_manager": N_("awaiting manager"), "member": N_("member"),
    "manager_declined": N_("manager declined"), "not in the pool": N_("not in the pool"), "active": N_("active"),
    "withdrawn": N_("withdrawn"), "due": N_("due"), "released": N_("released"), "open": N_("open"),
    "delivered": N_("delivered"), "closed": N_("closed"), "proposed": N_("proposed"), "invited": N_("invited"),
    "dropped": N_("dropped"),
}
VOTED_ON = {"challenge": N_("challenge"), "nomination": N_("nomination")}


def _status(value: Any, t: Lang) -> str:
    text = str(value or "")
    return t._(STATUS[text]) if text in STATUS else text.replace("_", " ")


def forget_modal(*, t: Lang = ENGLISH) -> dict:
    return View(type="modal", callback_id=FORGET_CALLBACK, title=plain(t._("Forget me")),
                submit=plain(t._("Forget me")), close=plain(t._("Keep my data")),
                blocks=[section(t._(FORGET_TEXT)),
                        context(t._("Tip: `/dozen mydata` first, to keep a copy of what Dozen holds about you."))]
                ).to_dict()


ITEMS_SHOWN = 25  # per kind of record; the JSON file has them all


def _listed(title: str, items: list[str], none: str | None = None, *, t: Lang = ENGLISH) -> str:
    """A kind of record and each record on its own line (the first ITEMS_SHOWN)."""
    if not items:
        return f"*{title}:* " + (none or t._("none"))
    shown = [f"• {item}" for item in items[:ITEMS_SHOWN]]
    if len(items) > ITEMS_SHOWN:
        more = len(items) - ITEMS_SHOWN
        shown.append("• " + t.ngettext("… and {n} more, in the JSON file", "… and {n} more, in the JSON file", more))
    return f"*{title}* ({t.number(len(items))}):\n" + "\n".join(shown)


def _week(iso: str | None, t: Lang) -> str:
    return t.week(date.fromisoformat(iso)) if iso else ""


def _booking(row: dict, *, who: str, t: Lang) -> str:
    other = row.get(who)
    return (f"B-{row['number']} · {escape(row.get('challenge', ''))} · {_week(row.get('week_start'), t)} · "
            f"{t.hours(row['hours'])} · {_status(row['status'], t)}" + (f" · {mention(other, t=t)}" if other else ""))


def _nomination(row: dict, *, who: str, t: Lang) -> str:
    number = row.get("number") or str(row.get("nomination", "")).removeprefix("N-")
    return f"N-{number} · {mention(row.get(who), t=t)} · {_status(row.get('status'), t)}"


def _pledge(row: dict, *, currency: str, t: Lang) -> str:
    if row.get("kind") == "money" and row.get("amount_pence") is not None:
        what = t.money(row["amount_pence"], currency)
    else:
        what = escape(row.get("description") or row.get("kind") or "")
    return f"P-{row['number']} · {escape(row.get('challenge', ''))} · {what} · {_status(row.get('status'), t)}"


def _votes(votes: list[dict], t: Lang) -> list[str]:
    """One line per thing voted on, with the emoji used."""
    by_target: dict[str, list[str]] = {}
    for vote in votes:
        by_target.setdefault(vote["on"], []).append(f":{vote['emoji']}:")
    lines = []
    for on, emojis in by_target.items():
        kind, _, what = on.partition(" ")
        named = t._(VOTED_ON[kind]) + " " + what if kind in VOTED_ON else on
        lines.append(f"{escape(named)} {' '.join(emojis)}")
    return lines


def _profile(data: dict[str, Any], t: Lang) -> str:
    profile = data["profile"]
    if not profile:
        return t._("*Pool profile:* none — you're not in the talent pool.")
    skills = ", ".join(f"{name} ({level})" if level else name for name, level in profile["skills"].items())
    about = t._("*Pool profile* ({status}): council {council}, {hours} a week, line manager {manager}, "
                "skills: {skills}", status=_status(data["pool_status"], t), council=profile["council_code"],
                hours=t.hours(profile["hours_per_week"]), manager=mention(profile["line_manager_id"], t=t),
                skills=escape(skills) or t._("none"))
    return about + (", " + t._("bio: {bio}", bio=escape(profile["bio"])) if profile["bio"] else "")


def _introduction(row: dict, t: Lang) -> str:
    met = "" if row.get("met") is None else " · " + (t._("met") if row["met"] else t._("did not meet"))
    return f"{_week(row['week'], t)} · {mention(row['with'], t=t)}{met}"


def mydata_summary(data: dict[str, Any], currency: str = "GBP", *, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    """A readable summary that lists the records themselves; the JSON file has every field."""
    parts = [
        _profile(data, t),
        _listed(t._("Availability"), [f"{_week(a['week_start'], t)}: " + (t._("away") if a.get("away")
                                                                            else t.hours(a["hours"]))
                                      for a in data["availability"]], t._("none set"), t=t),
        _listed(t._("Bookings of you"), [_booking(b, who="requester_id", t=t) for b in data["bookings_of_you"]], t=t),
        _listed(t._("Bookings you asked for"),
                [_booking(b, who="person_id", t=t) for b in data["bookings_you_asked_for"]], t=t),
        _listed(t._("Bookings you answered as a line manager"),
                [_booking(b, who="person_id", t=t) for b in data["bookings_you_approved_as_manager"]], t=t),
        _listed(t._("Nominations of you"),
                [_nomination(n, who="nominator_id", t=t) for n in data["nominations_of_you"]], t=t),
        _listed(t._("Nominations you made"),
                [_nomination(n, who="nominee_id", t=t) for n in data["nominations_by_you"]], t=t),
        _listed(t._("Votes"), _votes(data["votes"], t), t=t),
        _listed(t._("Pledges"), [_pledge(p, currency=currency, t=t) for p in data["pledges"]], t=t),
        _listed(t._("Check-in answers"), [f"{_week(c.get('week_start'), t)} · {escape(c.get('challenge', ''))}"
                                          for c in data["check_ins"]], t=t),
        _listed(t._("Challenges you posted"), [f"{escape(c['challenge'])} · {_status(c['status'], t)}"
                                               for c in data["challenges_you_posted"]], t=t),
        _listed(t._("Cohort places"), [f"{escape(m.get('challenge', ''))} · {_status(m.get('status'), t)}"
                                       for m in data["cohorts"]], t=t),
        _listed(t._("Introductions"), [_introduction(i, t)
                                       for i in data.get("introductions", {}).get("introductions", [])], t=t),
    ]
    text = t._("Here is everything Dozen holds about you.")
    return text, blocks_of(header(t._("Your data in Dozen")), section(text),
                           *(section(truncate(part, 3000)) for part in parts),
                           context(t._("Every field is in the attached JSON file. `/dozen forget-me` removes it.")))


FORGOTTEN_TEXT = N_("Dozen has forgotten you: your data is gone, as the form said. Thank you for the time you gave.")
