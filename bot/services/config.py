"""Saving the organisers' settings form: workspace settings and a council's rate, together."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services import charging
from bot.services.errors import Message, ValidationFailed
from bot.services.workspace import ConfigDraft, update_config


def save(session: Session, *, team_id: str, user_id: str, draft: ConfigDraft, rate_council: str, rate_amount: str,
         rate_unit: str, now: datetime) -> None:
    """Save both in one transaction: a wrong rate keeps the other settings unsaved too, so the
    organiser fixes the form and nothing is half applied."""
    update_config(session, team_id=team_id, user_id=user_id, draft=draft, now=now)
    if rate_amount and not rate_council:
        errors = {"rate_council": Message("Choose the council this rate is for.")}
        raise ValidationFailed(errors)
    if rate_council:
        charging.set_rate(session, team_id=team_id, council_code=rate_council, amount_text=rate_amount,
                          unit=rate_unit or "hour", user_id=user_id, now=now)
