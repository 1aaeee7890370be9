"""`expire-bookings`: requests nobody answered within 5 days lapse, and the requester is told."""

from __future__ import annotations

from bot.commands.support import dm, parse_ref, update_message
from bot.jobs import JobContext, job
from bot.services import bookings
from bot.views.common import section


@job("expire-bookings", "Lapse booking requests nobody answered within 5 days and tell the requester.", minute=15)
def run(ctx: JobContext) -> str:
    with ctx.db.session() as session:
        expired = bookings.expire(session, now=ctx.clock.now())
    for booking in expired:
        text = (f"{booking.short_id}: your request for {booking.hours:g}h of <@{booking.person_id}>'s time in "
                f"w/c {booking.week_start.day} {booking.week_start:%b} lapsed: nobody answered within 5 days. "
                "You can ask again with `/book`.")
        dm(ctx.client, booking.requester_id, text)
        note = f"{booking.short_id} lapsed: nobody answered within 5 days."
        for ref in (booking.person_dm, booking.manager_dm):
            update_message(ctx.client, *parse_ref(ref), note, [section(note)])
    return f"expired {len(expired)} booking request{'s' if len(expired) != 1 else ''}"
