"""Durable intake against a bare Bolt app that only acknowledges, side by side in one run.

Starts the bare app (benchmarks/bare_bolt.py) and then Dozen (`python -m bot`), each under
gunicorn with 2 workers x 8 threads, against the fake Slack Web API (in a process of its own,
so that its work doesn't slow this process's clock-keeping), and sends each:
- N reaction events (votes by N different people on one challenge), C at a time: votes
  acknowledged per second, and for Dozen how many acknowledged votes are stored (lost = 0);
- N `/challenge new` commands (acknowledged at once, the form opens after), C at a time:
  the acknowledgement's p50 and p99. With C always waiting this measures how many commands a
  second each serves (its p99 is C / throughput), so also:
- `/challenge new` commands arriving at a steady R a second, as people type them (open loop,
  each timed from when it was due): the acknowledgement's p50 and p99 at that load.

    python benchmarks/trust.py [--total 1500] [--concurrency 50] [--rate 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakeslack import TOKEN  # noqa: E402
from tests.slackdriver import SlackDriver  # noqa: E402

SECRET = "benchmark-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], env: dict, workdir: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except urllib.error.HTTPError:  # the bare app answers 404 there: it is up
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def burst(send, total: int, concurrency: int) -> tuple[float, list[float], int]:
    """(elapsed, latencies of the 200s, how many were not 200)."""
    def one(i: int) -> float | None:
        started = time.monotonic()
        try:
            reply = send(i)
        except OSError:
            return None
        return time.monotonic() - started if reply.status == 200 else None

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(total)))
    answered = sorted(r for r in results if r is not None)
    return time.monotonic() - started, answered, len(results) - len(answered)


def paced(send, total: int, rate: float) -> list[float]:
    """Send `total` requests, one due every 1/rate seconds whatever came back: the latencies
    (from when each was due) of the 200s."""
    started = time.monotonic() + 0.1

    def one(i: int) -> float | None:
        due = started + i / rate
        time.sleep(max(0.0, due - time.monotonic()))
        try:
            reply = send(i)
        except OSError:
            return None
        return time.monotonic() - due if reply.status == 200 else None

    with ThreadPoolExecutor(max_workers=200) as pool:
        return sorted(r for r in pool.map(one, range(total)) if r is not None)


def measure(name: str, slack: SlackDriver, channel: str, ts: str, args) -> dict:
    votes = burst(lambda i: slack.react(f"UV{name[:1]}{i:05d}", channel, ts, event_id=f"Ev{name}{i:06d}"),
                  args.total, args.concurrency)
    commands = burst(lambda i: slack.command("/challenge", "new Something", user=f"UC{i:05d}"),
                     args.total, args.concurrency)
    steady = paced(lambda i: slack.command("/challenge", "new Something", user=f"UP{i:05d}"),
                   int(args.rate * 20), args.rate)
    result = {"steady_p50": statistics.quantiles(steady, n=100)[49], "steady_p99": statistics.quantiles(steady, n=100)[98],
              "votes_per_second": len(votes[1]) / votes[0], "votes_acknowledged": len(votes[1]),
              "votes_failed": votes[2], "command_p50": statistics.quantiles(commands[1], n=100)[49],
              "command_p99": statistics.quantiles(commands[1], n=100)[98], "commands_failed": commands[2],
              "commands_late": sum(1 for r in commands[1] if r > 3)}
    print(f"{name:10} votes: {result['votes_per_second']:7.0f}/s acknowledged {result['votes_acknowledged']}, "
          f"failed {result['votes_failed']} | /challenge new ack: p50 {result['command_p50'] * 1000:.0f} ms, "
          f"p99 {result['command_p99'] * 1000:.0f} ms, failed {result['commands_failed']}, "
          f"later than 3 s {result['commands_late']}\n{'':10} /challenge new at a steady {args.rate:.0f}/s: ack "
          f"p50 {result['steady_p50'] * 1000:.0f} ms, p99 {result['steady_p99'] * 1000:.0f} ms", flush=True)
    return result


def driver(port: int, fake_url: str) -> SlackDriver:
    """Acts as Slack towards a server; response_urls point at the fake."""
    responses = SimpleNamespace(response_url=lambda: fake_url.replace("/api/", "/response/1"))
    return SlackDriver(f"http://127.0.0.1:{port}", SECRET, responses)


def start_fake(port: int) -> tuple[subprocess.Popen, str]:
    fake = subprocess.Popen([sys.executable, "-m", "tests.fakeslack", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    return fake, fake.stdout.readline().strip()


def post_challenge(database_url: str, fake_url: str) -> tuple[str, str]:
    """A challenge for the votes, posted through the fake and recorded as Dozen records it."""
    from slack_sdk import WebClient

    from bot.services import challenges
    from bot.storage.db import Database
    from bot.storage.migrate import upgrade

    posted = WebClient(token=TOKEN, base_url=fake_url).chat_postMessage(channel="CBENCH", text="Benchmark")
    db = Database(database_url)
    upgrade(db)
    draft = challenges.ChallengeDraft(title="Benchmark", problem="How many votes a second Dozen stores durably.",
                                      skills=["User research methods"], council_code="MAN", hours_per_week="2",
                                      weeks="3")
    with db.session() as session:
        made = challenges.create(session, team_id="T0DOZEN", owner_id="UBENCH", draft=draft,
                                 now=datetime.now(timezone.utc))
        challenges.record_post(session, made.team_id, made.id, posted["channel"], posted["ts"])
    db.dispose()
    return posted["channel"], posted["ts"]


def stored_votes(database_url: str) -> int:
    from bot.services import voting
    from bot.storage.db import Database

    db = Database(database_url)
    with db.reading() as session:
        count = voting.vote_count(session, "challenge", 1)
    db.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=float, default=50, help="commands a second for the steady-load measurement")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file (give an empty database)")
    args = parser.parse_args()

    fake, fake_url = start_fake(free_port())
    workdir = tempfile.mkdtemp()
    database_url = args.database_url or f"sqlite:///{workdir}/dozen.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT), SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
               SLACK_API_URL=fake_url, DATABASE_URL=database_url)
    env.pop("SLACK_APP_TOKEN", None)
    try:
        port = free_port()
        bare = start([sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "8", "-k", "gthread", "-b",
                      f"127.0.0.1:{port}", "--log-level", "warning", "benchmarks.bare_bolt:application"],
                     env, str(ROOT), port)
        baseline = measure("bare Bolt", driver(port, fake_url), "C1", "1.1", args)
        stop(bare)

        channel, ts = post_challenge(database_url, fake_url)
        port = free_port()
        dozen = start([sys.executable, "-m", "bot"], dict(env, PORT=str(port)), workdir, port)
        ours = measure("Dozen", driver(port, fake_url), channel, ts, args)
        stop(dozen)
    finally:
        os.killpg(fake.pid, signal.SIGTERM)
    stored = stored_votes(database_url)
    print(f"\nvotes stored durably per second: {ours['votes_per_second']:.0f} vs bare Bolt acknowledging "
          f"{baseline['votes_per_second']:.0f}: {ours['votes_per_second'] / baseline['votes_per_second']:.2f}x "
          f"(target at least 0.5x); acknowledged {ours['votes_acknowledged']}, stored {stored}, "
          f"lost {ours['votes_acknowledged'] - stored}")
    print(f"/challenge new acknowledgement p99: {ours['command_p99'] * 1000:.0f} ms vs "
          f"{baseline['command_p99'] * 1000:.0f} ms: {ours['command_p99'] / baseline['command_p99']:.2f}x "
          f"(target at most 1.2x)")
    print(f"/challenge new acknowledgement p99 at a steady {args.rate:.0f}/s: {ours['steady_p99'] * 1000:.0f} ms vs "
          f"{baseline['steady_p99'] * 1000:.0f} ms: {ours['steady_p99'] / baseline['steady_p99']:.2f}x")


if __name__ == "__main__":
    main()
