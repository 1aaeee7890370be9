"""The availability form and the summary of someone's coming weeks."""

from __future__ import annotations

from bot.context import Context
from bot.locale import ENGLISH, Lang
from bot.services import availability as service
from bot.slack import messages
from bot.views.availability import availability_modal, availability_summary
from bot.views.common import metadata

SHOW_WEEKS = 8


def summary(ctx: Context, team_id: str, user_id: str) -> tuple[str, list[dict]]:
    """`/availability show`: the next 8 weeks, in their language; raises NotAllowed for someone
    not in the pool."""
    _, weeks = ctx.read(service.member_weeks, team_id, user_id, service.coming_weeks(ctx.today(), SHOW_WEEKS))
    return availability_summary(weeks, t=ctx.lang(team_id, user_id))


def saved(weeks: list[service.WeekHours], t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    return availability_summary(weeks, title=t.ngettext("Availability saved for {n} week",
                                                        "Availability saved for {n} weeks", len(weeks)), t=t)


def open_form(ctx: Context, *, trigger_id: str, team_id: str, user_id: str, channel_id: str | None = None,
              response_url: str | None = None) -> None:
    """The availability form, prefilled with the member's usual hours, in their language;
    raises NotAllowed for someone not (yet) in the pool."""
    profile = ctx.read(service.member_profile, team_id, user_id)
    weeks = service.coming_weeks(ctx.today(), service.PICKER_WEEKS)
    view = availability_modal(weeks=weeks, default_hours=profile.hours_per_week,
                              default_until=weeks[service.DEFAULT_SPAN - 1],
                              private_metadata=metadata(channel=channel_id, response_url=response_url),
                              holidays=service.week_holidays(profile, weeks), t=ctx.lang(team_id, user_id))
    messages.open_modal(ctx.client, trigger_id, view)
