"""`expire-bookings`: requests nobody answered within 5 days lapse, and the requester is told."""

from __future__ import annotations

from bot.context import Context
from bot.jobs import job
from bot.publish.bookings import lapsed
from bot.services import bookings


@job("expire-bookings", "Lapse booking requests nobody answered within 5 days and tell the requester.", minute=15)
def run(ctx: Context) -> str:
    expired = ctx.record(bookings.expire, now=ctx.clock.now())
    lapsed(ctx, expired)
    return f"expired {len(expired)} booking request{'s' if len(expired) != 1 else ''}"
