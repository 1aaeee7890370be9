"""The audit trail: who did what and when, without free text."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Session, select

from bot.locale import ENGLISH, Lang
from bot.services.spreadsheet import csv_text
from bot.storage.models import AuditEvent

ACTIONS = {
    "membership.approved", "membership.declined", "nomination.declined", "booking.approved", "booking.declined",
    "booking.cancelled", "booking.expired", "cohort.confirmed", "cohort.declined", "config.changed",
    "rate.changed", "forget_me", "network.approved", "network.declined", "network.removed",
}


def record(session: Session, *, team_id: str, actor_id: str, action: str, subject: str | None,
           now: datetime) -> None:
    assert action in ACTIONS, action  # a typo here would hide an event from the trail
    session.add(AuditEvent(team_id=team_id, at=now, actor_id=actor_id, action=action, subject=subject))


def month_csv(session: Session, team_id: str, month: date, t: Lang = ENGLISH) -> tuple[str, int]:
    """One month of the trail as CSV, its headers in `t`'s language (the organiser's); the
    actions stay as codes."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    start = datetime(month.year, month.month, 1, tzinfo=timezone.utc)
    end = datetime(following.year, following.month, 1, tzinfo=timezone.utc)
    rows = session.exec(select(AuditEvent).where(AuditEvent.team_id == team_id, AuditEvent.at >= start,
                                                 AuditEvent.at < end).order_by(AuditEvent.at, AuditEvent.id)).all()
    # Translators: the columns of the audit trail (a CSV file): when, who (a Slack user ID), what they did
    # (a code such as booking.approved) and to what.
    header = [t._("when (UTC)"), t._("who"), t._("action"), t._("subject")]
    lines = [[event.at.strftime("%Y-%m-%d %H:%M:%S"), event.actor_id, event.action, event.subject or ""]
             for event in rows]
    return csv_text([header, *lines]), len(rows)
