"""The command line: `python -m bot [serve | migrate | jobs | job NAME [--at TIME] | digest | rank]`."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime

from bot.clock import Clock, FixedClock
from bot.matching import rank
from bot.settings import Settings, SettingsError, load_settings

DESCRIPTION = """Dozen: a Slack bot for UK councils to share challenges and people.

Settings come from the environment or a .env file (see .env.example):
SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are required to serve or run jobs."""


def parse_time(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO time like 2026-11-30T09:00:00+00:00") from None
    if at.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, like 2026-11-30T09:00:00+00:00")
    return at


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", help="serve Slack (the default): HTTP on HOST:PORT, or Socket Mode with SLACK_APP_TOKEN")
    commands.add_parser("migrate", help="bring the database schema to the newest revision")
    commands.add_parser("jobs", help="list the scheduled jobs")
    run = commands.add_parser("job", help="run one scheduled job now and exit")
    run.add_argument("name", help="the job's name (see `python -m bot jobs`)")
    run.add_argument("--at", type=parse_time, metavar="ISO-TIME",
                     help="run as if the clock said this time, e.g. 2026-11-30T09:00:00+00:00")
    digest = commands.add_parser("digest", help="short for `job digest`")
    digest.add_argument("--at", type=parse_time, metavar="ISO-TIME", help="as for `job`")
    rank.add_arguments(commands.add_parser(
        "rank", help="rank people for challenges from JSONL files with the matcher (fit alone)"))
    return parser


def _database(settings: Settings):
    from bot.storage.db import Database
    from bot.storage.migrate import upgrade

    db = Database(settings.database_url)
    upgrade(db)
    return db


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "serve"
    if command == "rank":  # pure matching on files: no settings, database or Slack
        return rank.run(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        if command in ("serve", "job", "digest"):
            settings.require_slack()
    except SettingsError as error:
        print(f"dozen: {error}", file=sys.stderr)
        return 2

    if command == "jobs":
        from bot.jobs import all_jobs

        for job in all_jobs().values():
            print(f"{job.name:20} {job.description}")
        return 0

    try:
        db = _database(settings)
    except Exception as error:  # a database we cannot reach or upgrade: say so in one line
        print(f"dozen: cannot prepare the database at DATABASE_URL: {error}", file=sys.stderr)
        return 1
    if command == "migrate":
        print("dozen: database schema is up to date")
        return 0

    if command in ("job", "digest"):
        from bot.app import build_context
        from bot.jobs.runner import UnknownJob, run_job

        ctx, _ = build_context(settings, db=db, clock=FixedClock(args.at) if args.at else Clock())
        ctx = ctx.for_job(forced=True)
        try:
            print(run_job(getattr(args, "name", "digest"), ctx))
        except UnknownJob as error:
            print(f"dozen: {error}", file=sys.stderr)
            return 2
        return 0

    db.dispose()  # each worker opens its own connections
    from bot.server import serve_http, serve_socket_mode

    if settings.socket_mode:
        serve_socket_mode(settings)
    else:
        serve_http(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
