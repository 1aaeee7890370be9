"""A crash mid-burst: the real server (`python -m bot`, gunicorn) killed with SIGKILL after
about 100 of 300 votes were acknowledged, restarted on the same database, and every event
Slack never got a 200 for delivered again, as Slack retries: nothing acknowledged is lost,
nothing counts twice, and the post ends showing the exact count."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.services import voting
from tests.conftest import SIGNING_SECRET, both_backends
from tests.fakeslack import TOKEN
from tests.slackdriver import SlackDriver
from tests.test_process import clean_env, free_port
from tests.trust import shown_votes

VOTES = 300
KILL_AFTER = 100


def start_server(tmp_path, fake, database_url: str, port: int) -> subprocess.Popen:
    env = clean_env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.url,
                    PORT=str(port), HOST="127.0.0.1", DATABASE_URL=database_url)
    process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # its own group: kill them all
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("the server did not start")


def kill_hard(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # the master and its workers, with no chance to tidy up
    process.wait(timeout=10)


@both_backends
def test_votes_survive_kill_minus_nine_and_redelivery(tmp_path, fake, db, backend):
    port = free_port()
    server = start_server(tmp_path, fake, db.url, port)
    slack = SlackDriver(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake)
    try:
        slack.command("/challenge", "new Crash test", channel="CCRASH")
        view = fake.wait_for("views.open")[0].result["view"]
        reply = slack.submit(view, {"title": "Crash test", "problem": "Residents wait too long for bin repairs.",
                                    "skills": ["User research methods"], "council": "MAN", "hours": "2",
                                    "weeks": "3"})
        assert reply.status == 200 and not reply.text, reply.text
        post = fake.wait_for("chat.postMessage", channel="CCRASH")[0]
        channel, ts = post.result["channel"], post.result["ts"]
        time.sleep(0.5)  # Dozen records where it posted just after posting

        envelopes = [slack.reaction_envelope(f"UCRASH{i:03d}", channel, ts, event_id=f"EvCrash{i:03d}")
                     for i in range(VOTES)]
        acknowledged: set[str] = set()
        lock = threading.Lock()
        killed = threading.Event()

        def deliver(envelope: dict) -> None:
            try:
                reply = slack.post_json(envelope)
            except (OSError, urllib.error.URLError):
                return  # no answer: Slack will deliver it again
            if reply.status == 200:
                with lock:
                    acknowledged.add(envelope["event_id"])
                    if len(acknowledged) >= KILL_AFTER and not killed.is_set():
                        killed.set()
                        kill_hard(server)

        with ThreadPoolExecutor(max_workers=24) as pool:
            list(pool.map(deliver, envelopes))
        assert killed.is_set(), f"only {len(acknowledged)} votes were acknowledged before the end"
        assert KILL_AFTER <= len(acknowledged) < VOTES

        server = start_server(tmp_path, fake, db.url, port)  # the same database, a new process
        retried = [dict(e) for e in envelopes if e["event_id"] not in acknowledged]
        with ThreadPoolExecutor(max_workers=24) as pool:
            replies = list(pool.map(lambda e: slack.post_json(e, headers={"X-Slack-Retry-Num": "1",
                                                                          "X-Slack-Retry-Reason": "http_timeout"}),
                                    retried))
        assert {r.status for r in replies} <= {200}

        with db.reading() as session:
            from bot.storage.models import Post
            from sqlmodel import select

            target = session.exec(select(Post).where(Post.channel_id == channel, Post.ts == ts)).one()
            stored = voting.vote_count(session, "challenge", target.target_id)
        assert stored == VOTES
        deadline = time.monotonic() + 60  # a dead process's redraw lease lapses within 15 s, then catch-up
        while shown_votes(fake.message(channel, ts)) != VOTES and time.monotonic() < deadline:
            time.sleep(0.2)
        assert shown_votes(fake.message(channel, ts)) == VOTES
        print(f"\n[{backend}] killed after {len(acknowledged)} acknowledged; {len(retried)} delivered again; "
              f"stored {stored}, shown {VOTES}")
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kill_hard(server)
