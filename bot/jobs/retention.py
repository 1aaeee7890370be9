"""`retention`: delete what Dozen no longer needs to keep."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import delete

from bot.jobs import JobContext, job
from bot.storage.models import Booking, Nomination, ProcessedEvent

# Slack retries an event for minutes, not days: a week of event IDs is plenty.
EVENT_IDS_KEPT = timedelta(days=7)
# A declined nomination is kept only so the person isn't asked again within 90 days.
DECLINED_NOMINATIONS_KEPT = timedelta(days=90)
# A booking request nobody answered is of no use after a year.
EXPIRED_REQUESTS_KEPT = timedelta(days=365)


@job("retention", "Delete data past its keeping time: declined nominations after 90 days, expired booking "
                  "requests after a year, Slack event IDs after 7 days.", hour=3, minute=30)
def run(ctx: JobContext) -> str:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        events = session.exec(delete(ProcessedEvent).where(ProcessedEvent.received_at < now - EVENT_IDS_KEPT)).rowcount
        nominations = session.exec(delete(Nomination).where(
            Nomination.status == "declined", Nomination.decided_at < now - DECLINED_NOMINATIONS_KEPT)).rowcount
        requests = session.exec(delete(Booking).where(
            Booking.status == "expired", Booking.decided_at < now - EXPIRED_REQUESTS_KEPT)).rowcount
    return (f"purged {nominations} declined nominations, {requests} expired booking requests and {events} event IDs "
            f"(event IDs received before {now - EVENT_IDS_KEPT:%Y-%m-%d %H:%M} UTC)")
