"""The command line: `python -m bot [serve | migrate | jobs | job NAME [--at TIME] | digest | rank | demo]`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from bot import logs
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
    demo = commands.add_parser("demo", help="run Dozen against a simulated Slack and show a council week (no tokens)")
    demo.add_argument("--once", action="store_true", help="play the week once and exit (else serve the board until Ctrl-C)")
    demo.add_argument("--port", type=int, metavar="N", help="the loopback port to serve on (default 3000, else any free one)")
    return parser


def demo(args: argparse.Namespace) -> int:
    """The real Dozen against the Slack simulator shipped in bot/demo: a council week, no tokens."""
    from bot.demo import main as play

    return play(once=args.once, port=args.port)


def list_jobs(settings: Settings) -> None:
    """Each job, when it runs (in DOZEN_TZ) and what it does."""
    from bot.jobs import all_jobs
    from bot.jobs.schedules import describe

    print(f"Scheduled jobs (times in {settings.tz_name}; run one now with `python -m bot job NAME`):")
    for job in all_jobs().values():
        print(f"{job.name:18} {describe(job.schedule, job.weekday)}")
        print(f"{'':18} {job.description}")


def check_slack(settings: Settings, command: str) -> str | None:
    """Ask Slack about the credentials once, before serving or running a job: the problem in
    one line, or None. Warns (and goes on) about a signing secret that looks wrong."""
    from bot.slack import startup

    try:
        bot = None
        if settings.slack_bot_token:  # many workspaces have no bot token of their own to check
            bot = startup.check_bot_token(settings.slack_bot_token, settings.slack_api_url)
        if command == "serve" and settings.socket_mode:
            startup.check_app_token(settings.slack_app_token, settings.slack_api_url, bot)
    except startup.StartupProblem as problem:
        return str(problem)
    if command == "serve" and not settings.socket_mode:
        warning = startup.signing_secret_warning(settings.slack_signing_secret)
        if warning:
            print(f"dozen: warning: {warning}", file=sys.stderr)
    return None


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
    if command == "demo":  # its own simulated Slack: no settings or tokens
        return demo(args)
    try:
        settings = load_settings()
        if command in ("serve", "job", "digest"):
            settings.require_slack()
    except SettingsError as error:
        print(f"dozen: {error}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level)

    if command == "jobs":
        list_jobs(settings)
        return 0

    if command in ("serve", "job", "digest"):
        problem = check_slack(settings, command)
        if problem:
            print(f"dozen: {problem}", file=sys.stderr)
            return 2

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
