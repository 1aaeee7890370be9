"""`python -m bot` as an operator runs it: the CLI, and the real gunicorn server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import SIGNING_SECRET
from tests.fakeslack import APP_TOKEN, TOKEN
from tests.slackdriver import SlackDriver

ROOT = Path(__file__).resolve().parent.parent


def run_bot(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 60):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=cwd or ROOT)


def clean_env(tmp_path: Path, **values: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOZEN_", "DATABASE_URL"))}
    env["PYTHONPATH"] = str(ROOT)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'dozen.db'}"
    env.update(values)
    return env


def test_missing_credentials_name_what_to_set_and_exit_2(tmp_path):
    result = run_bot(env=clean_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SLACK_BOT_TOKEN" in lines[0] and "SLACK_SIGNING_SECRET" in lines[0]
    assert "Traceback" not in result.stderr

    only_secret_missing = run_bot("job", "retention", env=clean_env(tmp_path, SLACK_BOT_TOKEN=TOKEN), cwd=tmp_path)
    assert only_secret_missing.returncode == 2
    assert "SLACK_SIGNING_SECRET" in only_secret_missing.stderr and "SLACK_BOT_TOKEN" not in only_secret_missing.stderr


def test_env_file_is_read(tmp_path, fake):
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={TOKEN}\nSLACK_SIGNING_SECRET=s\nSLACK_API_URL={fake.url}\n")
    result = run_bot("job", "retention", env=clean_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "purged 0 declined nominations, 0 expired booking requests and 0 event IDs" in result.stdout


def test_help_lists_the_commands(tmp_path):
    result = run_bot("--help", env=clean_env(tmp_path))
    assert result.returncode == 0
    for word in ("serve", "migrate", "jobs", "job", "digest"):
        assert word in result.stdout


def test_jobs_lists_every_job_and_job_runs_one_at_a_given_time(tmp_path, fake):
    env = clean_env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET="s", SLACK_API_URL=fake.url)
    listed = run_bot("jobs", env=env)
    assert listed.returncode == 0 and "retention" in listed.stdout

    ran = run_bot("job", "retention", "--at", "2026-11-30T09:00:00+00:00", env=env)
    assert ran.returncode == 0, ran.stderr
    assert "before 2026-11-23 09:00 UTC" in ran.stdout  # a week before the --at time

    digest = run_bot("digest", "--at", "2026-11-30T09:00:00+00:00", env=env)
    assert digest.returncode == 0 and "no workspace has a digest channel yet" in digest.stdout
    for name in ("digest", "expire-bookings", "retention"):
        assert name in listed.stdout

    unknown = run_bot("job", "nonsense", env=env)
    assert unknown.returncode == 2 and "There is no job called 'nonsense'" in unknown.stderr
    bad_time = run_bot("job", "retention", "--at", "next tuesday", env=env)
    assert bad_time.returncode == 2 and "ISO time" in bad_time.stderr


def test_migrate_creates_the_schema(tmp_path):
    result = run_bot("migrate", env=clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    import sqlite3

    tables = {r[0] for r in sqlite3.connect(tmp_path / "dozen.db").execute("select name from sqlite_master")}
    assert {"challenge", "reaction", "post", "alembic_version"} <= tables


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path, fake):
    """The real server: `python -m bot` under gunicorn, talking to the fake Slack."""
    port = free_port()
    env = clean_env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                    SLACK_API_URL=fake.url, PORT=str(port), HOST="127.0.0.1")
    process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("server did not start:\n" + process.stdout.read())
        time.sleep(0.1)
    yield url, SlackDriver(url, SIGNING_SECRET, fake)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("server did not stop on SIGTERM")


def test_server_answers_health_and_unknown_paths(served):
    url, _ = served
    with urllib.request.urlopen(url + "/healthz") as response:
        assert response.status == 200
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url + "/nothing-here")
    assert error.value.code == 404


def test_fifty_commands_at_once_are_all_answered(served):
    """Every one of 50 simultaneous commands gets its real answer (how fast: see
    benchmarks/concurrent_commands.py; timing is not asserted in tests)."""
    _, slack = served
    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(pool.map(lambda i: slack.command("/challenge", "list", user=f"UUSER{i:02d}"), range(50)))
    assert [r.status for r in replies] == [200] * 50
    assert all("no open challenges" in r.message_text for r in replies)


def test_server_posts_a_challenge_through_the_fake(served, fake):
    _, slack = served
    slack.command("/challenge", "new Served for real", channel="CREAL")
    view = fake.wait_for("views.open")[0].result["view"]
    reply = slack.submit(view, {"title": "Served for real", "problem": "A problem statement long enough.",
                                "skills": ["Iterative design"], "council": "MAN", "hours": "2", "weeks": "3"})
    assert reply.status == 200 and reply.text == ""
    post = fake.wait_for("chat.postMessage", channel="CREAL")[0]
    assert "C-1: Served for real" in str(post["blocks"])


def test_socket_mode_when_an_app_token_is_set(tmp_path, fake):
    port = free_port()
    env = clean_env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_APP_TOKEN=APP_TOKEN,
                    SLACK_API_URL=fake.url, PORT=str(port))
    process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        fake.wait_for("apps.connections.open", timeout=30)
        with pytest.raises(OSError):  # no HTTP server in Socket Mode
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
    finally:
        process.kill()
        process.wait()
