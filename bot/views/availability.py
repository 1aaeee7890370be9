"""Block Kit for availability: the form and the next weeks at a glance."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    InputBlock,
    NumberInputElement,
    PlainTextObject,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.locale import ENGLISH, N_, Lang
from bot.services.availability import WeekHours
from bot.views.common import context, header, option, plain, section, truncate

AVAILABILITY_CALLBACK = "availability"
AVAILABILITY_USAGE = N_(
    "*/availability* — set the hours you can give each week (opens a form)\n"
    "• `/availability show` — your next 8 weeks: hours offered, booked and free"
)


MODAL_TEXT_MAX = 24  # a form's title, submit and close buttons


def _short(text: str) -> PlainTextObject:
    """A form's title or button: Slack takes at most 24 characters (a long translation is cut)."""
    return plain(truncate(text, MODAL_TEXT_MAX))


def week_name(week: date, holidays: tuple[str, ...] = (), t: Lang = ENGLISH) -> str:
    """'w/c 6 Apr', with the week's bank holidays: 'w/c 6 Apr (Easter Monday)'."""
    return t.week(week) + (f" ({', '.join(holidays)})" if holidays else "")


def week_option(week: date, holidays: tuple[str, ...] = (), t: Lang = ENGLISH):
    label = f"{t.week(week)} {week.year}" + (f" ({', '.join(holidays)})" if holidays else "")
    return option(truncate(label, 75), week.isoformat())


def availability_modal(*, weeks: list[date], default_hours: float, default_until: date,
                       private_metadata: str = "", holidays: dict[date, tuple[str, ...]] | None = None,
                       t: Lang = ENGLISH) -> dict:
    options = [week_option(w, (holidays or {}).get(w, ()), t=t) for w in weeks]
    by_value = {o.value: o for o in options}
    return View(
        type="modal",
        callback_id=AVAILABILITY_CALLBACK,
        title=_short(t._("Your availability")),
        submit=_short(t._("Save availability")),
        close=_short(t._("Cancel")),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(block_id="hours", label=plain(t._("Hours a week")),
                       hint=plain(t._("0 to 37.5, in half hours. Weeks you never set offer your profile's hours.")),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0",
                                                  max_value="37.5", initial_value=f"{default_hours:g}")),
            InputBlock(block_id="from_week", label=plain(t._("From week")),
                       element=StaticSelectElement(action_id="value", options=options,
                                                   initial_option=options[0], placeholder=plain(t._("First week")))),
            InputBlock(block_id="until_week", label=plain(t._("Until week")),
                       hint=plain(t._("The last week these hours apply to (default: 12 weeks).")),
                       element=StaticSelectElement(action_id="value", options=options,
                                                   initial_option=by_value[default_until.isoformat()],
                                                   placeholder=plain(t._("Last week")))),
            InputBlock(block_id="away", label=plain(t._("Weeks away")), optional=True,
                       hint=plain(t._("Weeks in that range when you can't give any time.")),
                       element=StaticMultiSelectElement(action_id="value", options=options,
                                                        placeholder=plain(t._("Choose weeks")))),
            context(t._("Hours already booked in a week stay booked: you can't offer less than them.")),
        ],
    ).to_dict()


def weeks_table(weeks: list[WeekHours], t: Lang = ENGLISH) -> str:
    lines = []
    for w in weeks:
        if w.away and not w.booked:
            # Translators: a week when someone can't give any time.
            lines.append(f"• *{week_name(w.week, w.holidays, t=t)}*: " + t._("away"))
        else:
            # Translators: the hours of one week; keep the * (bold) around the free hours.
            lines.append(f"• *{week_name(w.week, w.holidays, t=t)}*: " + t._(
                "{offered} offered · {booked} booked · *{free} free*", offered=t.hours(w.offered),
                booked=t.hours(w.booked), free=t.hours(w.free)))
    return "\n".join(lines)


def availability_summary(weeks: list[WeekHours], *, title: str | None = None,
                         t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    title = title or t._("Your next 8 weeks")
    text = f"{title}: " + "; ".join(
        f"{week_name(w.week, w.holidays, t=t)} " + t._("{hours} free", hours=t.hours(w.free)) for w in weeks)
    return text, [header(title), section(weeks_table(weeks, t=t)),
                  context(t._("Change them with `/availability`."))]
