"""Block Kit for availability: the form and the next weeks at a glance."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import InputBlock, NumberInputElement, StaticMultiSelectElement, StaticSelectElement
from slack_sdk.models.views import View

from bot.clock import week_label
from bot.services.availability import WeekHours
from bot.views.common import context, header, hours, option, plain, section, truncate

AVAILABILITY_CALLBACK = "availability"
AVAILABILITY_USAGE = (
    "*/availability* — set the hours you can give each week (opens a form)\n"
    "• `/availability show` — your next 8 weeks: hours offered, booked and free"
)


def week_name(week: date, holidays: tuple[str, ...] = ()) -> str:
    """'w/c 6 Apr', with the week's bank holidays: 'w/c 6 Apr (Easter Monday)'."""
    return week_label(week) + (f" ({', '.join(holidays)})" if holidays else "")


def week_option(week: date, holidays: tuple[str, ...] = ()):
    label = f"{week_label(week)} {week.year}" + (f" ({', '.join(holidays)})" if holidays else "")
    return option(truncate(label, 75), week.isoformat())


def availability_modal(*, weeks: list[date], default_hours: float, default_until: date,
                       private_metadata: str = "", holidays: dict[date, tuple[str, ...]] | None = None) -> dict:
    options = [week_option(w, (holidays or {}).get(w, ())) for w in weeks]
    by_value = {o.value: o for o in options}
    return View(
        type="modal",
        callback_id=AVAILABILITY_CALLBACK,
        title=plain("Your availability"),
        submit=plain("Save availability"),
        close=plain("Cancel"),
        private_metadata=private_metadata,
        blocks=[
            InputBlock(block_id="hours", label=plain("Hours a week"),
                       hint=plain("0 to 37.5, in half hours. Weeks you never set offer your profile's hours."),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=True, min_value="0",
                                                  max_value="37.5", initial_value=f"{default_hours:g}")),
            InputBlock(block_id="from_week", label=plain("From week"),
                       element=StaticSelectElement(action_id="value", options=options,
                                                   initial_option=options[0], placeholder=plain("First week"))),
            InputBlock(block_id="until_week", label=plain("Until week"),
                       hint=plain("The last week these hours apply to (default: 12 weeks)."),
                       element=StaticSelectElement(action_id="value", options=options,
                                                   initial_option=by_value[default_until.isoformat()],
                                                   placeholder=plain("Last week"))),
            InputBlock(block_id="away", label=plain("Weeks away"), optional=True,
                       hint=plain("Weeks in that range when you can't give any time."),
                       element=StaticMultiSelectElement(action_id="value", options=options,
                                                        placeholder=plain("Choose weeks"))),
            context("Hours already booked in a week stay booked: you can't offer less than them."),
        ],
    ).to_dict()


def weeks_table(weeks: list[WeekHours]) -> str:
    lines = []
    for w in weeks:
        if w.away and not w.booked:
            lines.append(f"• *{week_name(w.week, w.holidays)}*: away")
        else:
            lines.append(f"• *{week_name(w.week, w.holidays)}*: {hours(w.offered)} offered · {hours(w.booked)} "
                         f"booked · *{hours(w.free)} free*")
    return "\n".join(lines)


def availability_summary(weeks: list[WeekHours], *, title: str = "Your next 8 weeks") -> tuple[str, list[dict]]:
    text = f"{title}: " + "; ".join(f"{week_name(w.week, w.holidays)} {hours(w.free)} free" for w in weeks)
    return text, [header(title), section(weeks_table(weeks)),
                  context("Change them with `/availability`.")]
