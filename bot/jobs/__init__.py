"""Scheduled jobs. Each has a name, runs from APScheduler in the server and once from the
command line (`python -m bot job NAME [--at TIME]`), and finds its own period from the
clock, so running it twice does the work once.

How each job does its work once, however many workers and replicas run a scheduler:
- `digest` claims (workspace, ISO week) and `checkins` claims (all workspaces, ISO week) with
  a lease in `job_run` (see `claims.py`): one process does the period's sending; the lease is
  renewed as it goes, so a slow run is not taken over, and lapses if its holder dies, so
  another can finish. The digest also stores its parts before posting and marks each posted.
- `checkin-reminders` claims each reminder row before sending it (an UPDATE that only one
  process can win), so nobody is reminded twice.
- `expire-bookings`, `pledge-deadlines` and `outcomes` change each row's state in the same
  transaction that selects it (`... WHERE status = ...`), so a row is handled by whoever
  changes it first and never again.
- `retention` deletes rows past their keeping time: running it twice deletes nothing more.
- `voting-windows` marks each challenge's window closed with a conditional UPDATE (`... WHERE
  voting_closed_at IS NULL`), so each post is redrawn to say so once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.context import Context


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[Context], str]  # does the work; returns a one-line summary
    schedule: dict = field(default_factory=dict)  # APScheduler cron fields, in DOZEN_TZ
    weekday: int | None = None  # a weekly job's day (0 = Monday), moved past bank holidays by the job itself


JOBS: dict[str, Job] = {}
CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def job(name: str, description: str, *, weekday: int | None = None,
        **schedule) -> Callable[[Callable[[Context], str]], Callable]:
    """Register a function as the job `name`, run on the cron `schedule`. A `weekday` job is
    scheduled from that day to Friday, and finds from the clock whether today is its day
    (that day, or the next working day when it is a bank holiday: `bot.bank_holidays`)."""
    if weekday is not None:
        schedule = {"day_of_week": f"{CRON_DAYS[weekday]}-fri", **schedule}

    def register(function: Callable[[Context], str]) -> Callable[[Context], str]:
        JOBS[name] = Job(name=name, description=description, run=function, schedule=schedule, weekday=weekday)
        return function

    return register


def all_jobs() -> dict[str, Job]:
    from bot.jobs import bookings, checkins, digest, funding, introductions, retention, voting  # noqa: F401  (each module registers its jobs)

    return JOBS
