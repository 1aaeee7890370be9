"""Run jobs: once from the command line, or on their schedules with APScheduler."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.context import Context
from bot.jobs import all_jobs

log = logging.getLogger(__name__)


class UnknownJob(Exception):
    pass


def run_job(name: str, ctx: Context) -> str:
    jobs = all_jobs()
    if name not in jobs:
        raise UnknownJob(f"There is no job called {name!r}. Jobs: {', '.join(sorted(jobs))}.")
    return jobs[name].run(ctx)


def _run_logged(name: str, ctx: Context) -> None:
    """A scheduled run: its summary goes to the log (the command line prints it instead)."""
    try:
        log.info("job %s: %s", name, run_job(name, ctx))
    except Exception:
        log.exception("job %s failed", name)


def start_scheduler(ctx: Context) -> BackgroundScheduler:
    """Schedule every job in DOZEN_TZ. Jobs claim their periods in the database, so
    several processes (gunicorn workers, replicas) can all run a scheduler safely."""
    scheduler = BackgroundScheduler(timezone=ctx.settings.tz_name)
    for job in all_jobs().values():
        scheduler.add_job(
            _run_logged,
            CronTrigger(timezone=ctx.settings.tz_name, **job.schedule),
            args=(job.name, ctx),
            id=job.name,
            name=job.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    scheduler.start()
    return scheduler
