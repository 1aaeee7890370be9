"""The weekly digest across a network of workspaces, at scale, against the fake Slack Web API.

Builds a network of W workspaces (installed with their own tokens) sharing a pool of P people
and C open challenges, then runs the `digest` job once, as the scheduler does, with Slack's
pacing (about one message a second in each channel). Reports how long until every workspace
had its whole digest, the slowest workspace, and the shortest gap between two messages in
one channel (the pacing kept).

    python benchmarks/network_digest.py [--workspaces 400] [--people 20000] [--challenges 200]
                                        [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slack_sdk.oauth.installation_store import Installation  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.app import build_context  # noqa: E402
from bot.jobs.runner import run_job  # noqa: E402
from bot.reference import councils, skills  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from bot.storage.models import Challenge, DigestPart, NetworkMember, Profile, WorkspaceConfig  # noqa: E402

NOW = datetime.now(timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_network(db: Database, settings: Settings, workspaces: int, people: int, open_challenges: int) -> list[str]:
    rng = random.Random(7)
    teams = [f"T{n:04d}" for n in range(workspaces)]
    codes, names = list(councils()), list(skills())
    from bot.slack.installations import installation_store

    store = installation_store(settings, db.engine)
    for team in teams:
        store.save(Installation(app_id="ADOZEN", team_id=team, team_name=team, user_id="UINSTALLER",
                                bot_token=f"xoxb-{team}", bot_id="BDOZEN", bot_user_id="UDOZEN",
                                installed_at=NOW.timestamp()))
    with db.session() as session:
        for n, team in enumerate(teams):
            session.add(NetworkMember(team_id=team, name=team, status="member", home=n == 0, requested_at=NOW))
            session.add(WorkspaceConfig(team_id=team, digest_channel=f"CDIGEST{team}"))
        for n in range(people):
            chosen = rng.sample(names, 3)
            session.add(Profile(team_id=teams[n % workspaces], user_id=f"U{n:06d}", council_code=rng.choice(codes),
                                hours_per_week=rng.choice([2, 4, 7.5]), status="member",
                                skills={s: rng.choice(["Expert", "Practitioner", "Working", None]) for s in chosen},
                                help_kinds=[], display_name=f"Person {n}", created_at=NOW, updated_at=NOW))
        for n in range(open_challenges):
            wanted = rng.sample(names, 2)
            session.add(Challenge(team_id=teams[n % workspaces], number=n + 1, title=f"Challenge {n} about {wanted[0]}",
                                  problem=f"We need help with {wanted[0].lower()} and {wanted[1].lower()}.",
                                  skills=wanted, council_code=rng.choice(codes), owner_id="UOWNER",
                                  hours_per_week=4, weeks=6, created_at=NOW, stage="proposed"))
    return teams


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspaces", type=int, default=400)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--challenges", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file (give an empty database)")
    args = parser.parse_args()

    port = free_port()
    fake = subprocess.Popen([sys.executable, "-m", "tests.fakeslack", str(port), "--any-token"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    fake_url = fake.stdout.readline().strip()
    workdir = tempfile.mkdtemp()
    settings = Settings(slack_client_id="1.1", slack_client_secret="s", public_url="https://dozen.example.org",
                        slack_signing_secret="s", slack_api_url=fake_url,
                        database_url=args.database_url or f"sqlite:///{workdir}/dozen.db")
    db = Database(settings.database_url)
    upgrade(db)
    try:
        started = time.monotonic()
        teams = build_network(db, settings, args.workspaces, args.people, args.challenges)
        print(f"network: {len(teams)} workspaces, {args.people} pool members, {args.challenges} open challenges "
              f"(built in {time.monotonic() - started:.0f} s)", flush=True)
        ctx, _ = build_context(settings, db=db)
        started = time.monotonic()
        summary = run_job("digest", ctx.for_job(forced=True))
        elapsed = time.monotonic() - started
    finally:
        os.killpg(fake.pid, signal.SIGTERM)
    with db.reading() as session:
        parts = session.exec(select(DigestPart)).all()
    by_team = defaultdict(list)
    for part in parts:
        by_team[part.team_id].append(part.posted_at)
    done = {team: max(times) for team, times in by_team.items() if all(times)}
    gaps = [(b - a).total_seconds() for times in by_team.values() for a, b in zip(sorted(times), sorted(times)[1:])]
    first = min(t for times in by_team.values() for t in times if t)
    print(f"digest job: {elapsed:.0f} s for {len(parts)} messages; {len(done)} of {len(teams)} workspaces "
          f"had their whole digest, the last {(max(done.values()) - first).total_seconds():.0f} s after the first "
          f"message (target: within an hour)")
    print(f"messages per workspace: {len(parts) // max(len(by_team), 1)}; shortest gap between two messages in one "
          f"channel: {min(gaps):.2f} s (about one a second per channel)")
    print("failed or skipped:", sum(1 for s in summary.split("; ") if "posted" not in s))


if __name__ == "__main__":
    main()
