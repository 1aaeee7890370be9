"""Keeping times: what Dozen deletes once it no longer needs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, delete

from bot.storage.models import Booking, Nomination, ProcessedEvent, ReactionOrder

# Slack retries an event for minutes, not days: a week of event IDs is plenty.
EVENT_IDS_KEPT = timedelta(days=7)
# A declined nomination is kept only so the person isn't asked again within 90 days.
DECLINED_NOMINATIONS_KEPT = timedelta(days=90)
# A booking request nobody answered is of no use after a year.
EXPIRED_REQUESTS_KEPT = timedelta(days=365)


@dataclass(frozen=True)
class Purged:
    nominations: int
    requests: int
    events: int
    events_before: datetime


def purge(session: Session, now: datetime) -> Purged:
    events_before = now - EVENT_IDS_KEPT
    events = session.exec(delete(ProcessedEvent).where(ProcessedEvent.received_at < events_before)).rowcount
    session.exec(delete(ReactionOrder).where(ReactionOrder.at < events_before))  # what orders late retries
    nominations = session.exec(delete(Nomination).where(
        Nomination.status == "declined", Nomination.decided_at < now - DECLINED_NOMINATIONS_KEPT)).rowcount
    requests = session.exec(delete(Booking).where(
        Booking.status == "expired", Booking.decided_at < now - EXPIRED_REQUESTS_KEPT)).rowcount
    return Purged(nominations, requests, events, events_before)
