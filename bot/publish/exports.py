"""The organisers' monthly CSV files, sent to them in a DM."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.context import Context
from bot.locale import Lang
from bot.services import audit, charging
from bot.slack import messages
from bot.slack.people import display_names

KINDS = ("audit", "bookings")


def send_month(ctx: Context, what: str, team_id: str, user_id: str, month: date) -> None:
    """Make the `what` file ("audit" or "bookings") for one month and send it to the organiser,
    in their language."""
    t = ctx.lang(team_id, user_id)
    content, title, comment = (_audit if what == "audit" else _bookings)(ctx, team_id, month, t)
    messages.send_file(ctx.client, user_id, content=content, filename=f"dozen-{what}-{month:%Y-%m}.csv", title=title,
                       comment=comment)


def _month(month: date, t: Lang) -> str:
    """'December 2026', as the reader writes it."""
    return format_date(month, "LLLL yyyy", locale=t.locale)


def _audit(ctx: Context, team_id: str, month: date, t: Lang) -> tuple[str, str, str]:
    content, count = ctx.read(audit.month_csv, team_id, month, t)
    return content, t._("Dozen audit trail {month}", month=_month(month, t)), t.ngettext(
        "The audit trail for {month}: {n} event (approvals, declines, cancellations, configuration changes, "
        "forget-me requests).",
        "The audit trail for {month}: {n} events (approvals, declines, cancellations, configuration changes, "
        "forget-me requests).", count, month=_month(month, t))


def _bookings(ctx: Context, team_id: str, month: date, t: Lang) -> tuple[str, str, str]:
    names = display_names(ctx.client, ctx.read(charging.people_in_month, team_id, month))
    content, count = ctx.read(charging.month_statement, team_id, month, names, t)
    return content, t._("Dozen bookings statement {month}", month=_month(month, t)), t.ngettext(
        "The cross-charging statement for {month}: {n} confirmed booking in weeks starting that month, then "
        "totals per pair of councils.",
        "The cross-charging statement for {month}: {n} confirmed bookings in weeks starting that month, then "
        "totals per pair of councils.", count, month=_month(month, t))
