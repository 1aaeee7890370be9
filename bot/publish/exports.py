"""The organisers' monthly CSV files, sent to them in a DM."""

from __future__ import annotations

from datetime import date

from bot.context import Context
from bot.services import audit, bookings
from bot.slack import messages
from bot.slack.people import display_names

KINDS = ("audit", "bookings")


def send_month(ctx: Context, what: str, team_id: str, user_id: str, month: date) -> None:
    """Make the `what` file ("audit" or "bookings") for one month and send it to the organiser."""
    content, title, comment = (_audit if what == "audit" else _bookings)(ctx, team_id, month)
    messages.send_file(ctx.client, user_id, content=content, filename=f"dozen-{what}-{month:%Y-%m}.csv", title=title,
                       comment=comment)


def _audit(ctx: Context, team_id: str, month: date) -> tuple[str, str, str]:
    content, count = ctx.read(audit.month_csv, team_id, month)
    return content, f"Dozen audit trail {month:%B %Y}", (
        f"The audit trail for {month:%B %Y}: {count} event{'s' if count != 1 else ''} "
        "(approvals, declines, cancellations, configuration changes, forget-me requests).")


def _bookings(ctx: Context, team_id: str, month: date) -> tuple[str, str, str]:
    names = display_names(ctx.client, ctx.read(bookings.people_in_month, team_id, month))
    content, count = ctx.read(bookings.month_statement, team_id, month, names)
    return content, f"Dozen bookings statement {month:%B %Y}", (
        f"The cross-charging statement for {month:%B %Y}: {count} confirmed booking{'s' if count != 1 else ''} "
        "in weeks starting that month, then totals per pair of councils.")
