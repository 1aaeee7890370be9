"""`retention`: delete what Dozen no longer needs to keep."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import delete

from bot.jobs import JobContext, job
from bot.storage.models import ProcessedEvent

# Slack retries an event for minutes, not days: a week of event IDs is plenty.
EVENT_IDS_KEPT = timedelta(days=7)


@job("retention", "Delete data past its keeping time (event IDs after 7 days).", hour=3, minute=30)
def run(ctx: JobContext) -> str:
    cutoff = ctx.clock.now() - EVENT_IDS_KEPT
    with ctx.db.session() as session:
        purged = session.exec(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff)).rowcount
    return f"purged {purged} event IDs received before {cutoff:%Y-%m-%d %H:%M} UTC"
