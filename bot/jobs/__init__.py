"""Scheduled jobs. Each has a name, runs from APScheduler in the server and once from the
command line (`python -m bot job NAME [--at TIME]`), and finds its own period from the
clock, so running it twice does the work once."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.clock import Clock
from bot.settings import Settings
from bot.storage.db import Database


@dataclass
class JobContext:
    settings: Settings
    db: Database
    clock: Clock
    client: WebClient
    forced: bool = False  # run by a person (CLI, /dozen digest now): do it now, not only when due
    pause: Callable[[float], None] = time.sleep  # between posts to one channel


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[JobContext], str]  # does the work; returns a one-line summary
    schedule: dict = field(default_factory=dict)  # APScheduler cron fields, in DOZEN_TZ


JOBS: dict[str, Job] = {}


def job(name: str, description: str, **schedule) -> Callable[[Callable[[JobContext], str]], Callable]:
    """Register a function as the job `name`, run on the cron `schedule`."""

    def register(function: Callable[[JobContext], str]) -> Callable[[JobContext], str]:
        JOBS[name] = Job(name=name, description=description, run=function, schedule=schedule)
        return function

    return register


def all_jobs() -> dict[str, Job]:
    from bot.jobs import bookings, checkins, digest, funding, retention  # noqa: F401  (each module registers its jobs)

    return JOBS
