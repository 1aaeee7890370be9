"""Claims on a scheduled job's period: whoever claims it does the work; others skip it.

A claim is a lease: it lapses if its holder dies, so another process can finish the work;
a holder that fails releases it at once. Atomic on SQLite and PostgreSQL (INSERT ... ON
CONFLICT DO NOTHING, then UPDATE ... WHERE the lease has lapsed), so two replicas never both
hold one period."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session

from bot.clock import Clock
from bot.storage.db import Database, insert_ignoring_duplicates
from bot.storage.models import JobRun

log = logging.getLogger(__name__)

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


EVERY_WORKSPACE = "*"  # the team_id of a claim on a job that sweeps every workspace at once


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class PeriodClaim:
    """This process's claim on one period of one job (see `claimed`)."""

    def __init__(self, db: Database, clock: Clock, *, team_id: str, job: str, period: str, lease: timedelta):
        self._db, self._clock, self._lease = db, clock, lease
        self.key = {"team_id": team_id, "job": job, "period": period, "owner": _owner()}
        with db.session(urgent=False) as session:
            self.state = claim(session, now=clock.now(), lease=lease, **self.key)

    @property
    def held(self) -> bool:
        return self.state == CLAIMED

    @property
    def period(self) -> str:
        return self.key["period"]

    def renew(self) -> None:
        with self._db.session(urgent=False) as session:
            renew(session, now=self._clock.now(), lease=self._lease, **self.key)

    def _finish(self) -> None:
        with self._db.session(urgent=False) as session:
            finish(session, now=self._clock.now(), **self.key)

    def _release(self) -> None:
        with self._db.session(urgent=False) as session:
            release(session, **self.key)


@contextmanager
def claimed(db: Database, clock: Clock, *, job: str, period: str, lease: timedelta,
            team_id: str = EVERY_WORKSPACE) -> Iterator[PeriodClaim]:
    """Claim (team, job, period) for the block; check `.held` before doing the work.

    While held, the lease is renewed in the background every third of its length, so a long
    run (a digest paced over minutes) is never taken over while it is alive; the period is
    marked done when the block ends, or given back at once if it raises."""
    period_claim = PeriodClaim(db, clock, team_id=team_id, job=job, period=period, lease=lease)
    if not period_claim.held:
        yield period_claim
        return
    stop = threading.Event()

    def keep_alive() -> None:
        while not stop.wait(lease.total_seconds() / 3):
            try:
                period_claim.renew()
            except Exception:  # the next renewal tries again; the lease is long enough for that
                log.exception("could not renew the claim on %s", period_claim.key)

    heartbeat = threading.Thread(target=keep_alive, name=f"claim-{job}", daemon=True)
    heartbeat.start()
    try:
        yield period_claim
    except BaseException:
        stop.set()
        heartbeat.join()
        period_claim._release()
        raise
    stop.set()
    heartbeat.join()
    period_claim._finish()
