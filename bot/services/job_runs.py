"""Claims on a scheduled job's period: whoever claims it does the work; others skip it.

A claim is a lease: it lapses if its holder dies, so another process can finish the work;
a holder that fails releases it at once. Atomic on SQLite and PostgreSQL (INSERT ... ON
CONFLICT DO NOTHING, then UPDATE ... WHERE the lease has lapsed), so two replicas never both
hold one period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session

from bot.storage.db import insert_ignoring_duplicates
from bot.storage.models import JobRun

CLAIMED, BUSY, DONE = "claimed", "busy", "done"


def _key(team_id: str, job: str, period: str):
    return (JobRun.team_id == team_id) & (JobRun.job == job) & (JobRun.period == period)


def claim(session: Session, *, team_id: str, job: str, period: str, owner: str, now: datetime,
          lease: timedelta) -> str:
    values = {"team_id": team_id, "job": job, "period": period, "started_at": now, "lease_until": now + lease,
              "owner": owner}
    if insert_ignoring_duplicates(session, JobRun, values, ["team_id", "job", "period"]):
        return CLAIMED
    taken = session.execute(
        update(JobRun)
        .where(_key(team_id, job, period), JobRun.finished_at.is_(None),
               (JobRun.lease_until.is_(None)) | (JobRun.lease_until < now))
        .values(owner=owner, lease_until=now + lease)
        .returning(JobRun.job)
    ).first()
    if taken:
        return CLAIMED
    run = session.get(JobRun, (team_id, job, period))
    return DONE if run is not None and run.finished_at is not None else BUSY


def renew(session: Session, *, team_id: str, job: str, period: str, owner: str, now: datetime,
          lease: timedelta) -> None:
    session.execute(update(JobRun).where(_key(team_id, job, period), JobRun.owner == owner)
                    .values(lease_until=now + lease))


def finish(session: Session, *, team_id: str, job: str, period: str, owner: str, now: datetime) -> None:
    session.execute(update(JobRun).where(_key(team_id, job, period), JobRun.owner == owner)
                    .values(finished_at=now, lease_until=None))


def release(session: Session, *, team_id: str, job: str, period: str, owner: str) -> None:
    """Give a claim back unfinished (the run failed): the next run may carry on at once."""
    session.execute(update(JobRun).where(_key(team_id, job, period), JobRun.owner == owner,
                                         JobRun.finished_at.is_(None))
                    .values(lease_until=None))
