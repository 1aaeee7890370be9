"""Start-up as an operator meets it: the Slack credentials are checked once, and what is wrong
is one plain line (exit status 2, no traceback); the log says only what a person can act on;
`jobs` says when each job runs; `job` prints its summary once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from bot.__main__ import check_slack
from bot.settings import Settings
from bot.slack import startup
from tests.conftest import SIGNING_SECRET
from tests.fakeslack import APP_TOKEN, TOKEN
from tests.test_process import clean_env, free_port, run_bot

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "0123456789abcdef0123456789abcdef"  # what a Slack signing secret looks like
ALL_SCOPES = ",".join(startup.BOT_SCOPES)


def env_for(tmp_path, fake, **values):
    return clean_env(tmp_path, **{"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": GOOD_SECRET,
                                  "SLACK_API_URL": fake.url, **values})


def one_line_refusal(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dozen: ")
    return lines[0]


# -- the bot token ------------------------------------------------------------------------------
@pytest.mark.parametrize("error, says", [
    ("invalid_auth", "SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"),
    ("not_authed", "SLACK_BOT_TOKEN was refused by Slack (not_authed)"),
    ("token_revoked", "SLACK_BOT_TOKEN has been revoked (token_revoked): reinstall the app"),
    ("token_expired", "SLACK_BOT_TOKEN has expired (token_expired)"),
    ("account_inactive", "uninstalled or a user who was deactivated (account_inactive)"),
    ("no_permission", "SLACK_BOT_TOKEN may not call auth.test (no_permission)"),
    ("ratelimited", "Slack is rate-limiting auth.test (ratelimited)"),
    ("fatal_error", "Slack refused SLACK_BOT_TOKEN (fatal_error)"),
])
def test_a_refused_bot_token_is_one_line(tmp_path, fake, error, says):
    fake.answers["auth.test"] = {"ok": False, "error": error}
    line = one_line_refusal(run_bot("job", "retention", env=env_for(tmp_path, fake), cwd=tmp_path))
    assert says in line
    assert len(fake.calls_to("auth.test")) == 1  # asked once, no retries


def test_a_user_token_is_not_the_bot_token(tmp_path, fake):
    fake.answers["auth.test"] = {"ok": True, "team_id": "T0DOZEN", "user_id": "UALICE", "user": "alice"}
    line = one_line_refusal(run_bot("job", "retention", env=env_for(tmp_path, fake, SLACK_BOT_TOKEN="xoxp-1-2-3"),
                                    cwd=tmp_path))
    assert "SLACK_BOT_TOKEN is a user token (xoxp-…), not the app's bot token" in line
    assert "Bot User OAuth Token" in line


def test_an_app_token_in_the_bot_token_setting(tmp_path, fake):
    line = one_line_refusal(run_bot("job", "retention", env=env_for(tmp_path, fake, SLACK_BOT_TOKEN=APP_TOKEN),
                                    cwd=tmp_path))
    assert "SLACK_BOT_TOKEN is an app-level token (xapp-…): put it in SLACK_APP_TOKEN" in line


def test_missing_scopes_are_named(tmp_path, fake):
    fake.headers["auth.test"] = {"X-OAuth-Scopes": "commands,chat:write,users:read"}
    line = one_line_refusal(run_bot("job", "retention", env=env_for(tmp_path, fake), cwd=tmp_path))
    assert "SLACK_BOT_TOKEN lacks the scopes chat:write.public, reactions:read, im:write, im:history" in line
    assert "reinstall the app" in line


def test_slack_saying_missing_scope_names_needed_and_provided(fake):
    fake.answers["auth.test"] = {"ok": False, "error": "missing_scope", "needed": "im:history",
                                 "provided": "commands,chat:write"}
    with pytest.raises(startup.StartupProblem) as problem:
        startup.check_bot_token(TOKEN, fake.url)
    assert str(problem.value).startswith("SLACK_BOT_TOKEN lacks the scope im:history (it has commands,chat:write)")


def test_slack_out_of_reach_is_one_line(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}/api/"
    env = clean_env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=GOOD_SECRET, SLACK_API_URL=closed)
    line = one_line_refusal(run_bot("job", "retention", env=env, cwd=tmp_path))
    assert f"Cannot reach Slack at {closed} to check SLACK_BOT_TOKEN" in line


def test_a_good_token_with_every_scope_passes(tmp_path, fake):
    fake.headers["auth.test"] = {"X-OAuth-Scopes": ALL_SCOPES}
    identity = startup.check_bot_token(TOKEN, fake.url)
    assert identity.bot_id == "BDOZEN" and identity.team_id == "T0DOZEN"
    ran = run_bot("job", "retention", env=env_for(tmp_path, fake), cwd=tmp_path)
    assert ran.returncode == 0 and ran.stderr == ""


def test_the_scopes_checked_are_the_manifests():
    manifest = yaml.safe_load((ROOT / "app.yaml").read_text())
    assert set(startup.BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])


def test_no_bot_token_no_check(fake):
    """Many workspaces (tokens come from installations): nothing to ask auth.test about."""
    settings = Settings(slack_bot_token="", slack_signing_secret=GOOD_SECRET, slack_api_url=fake.url)
    assert check_slack(settings, "job") is None
    assert fake.calls_to("auth.test") == []


# -- Socket Mode's app token --------------------------------------------------------------------
@pytest.mark.parametrize("answer, token, says", [
    ({"ok": False, "error": "invalid_auth"}, APP_TOKEN, "SLACK_APP_TOKEN was refused by Slack (invalid_auth)"),
    ({"ok": False, "error": "missing_scope", "needed": "connections:write", "provided": "authorizations:read"},
     APP_TOKEN, "SLACK_APP_TOKEN lacks the scope connections:write (it has authorizations:read)"),
    (None, TOKEN, "SLACK_APP_TOKEN is a bot token (xoxb-…): create an app-level token"),
])
def test_a_bad_socket_mode_token_is_one_line(tmp_path, fake, answer, token, says):
    if answer:
        fake.answers["apps.connections.open"] = answer
    env = env_for(tmp_path, fake, SLACK_APP_TOKEN=token, PORT=str(free_port()))
    line = one_line_refusal(run_bot(env=env, cwd=tmp_path, timeout=60))
    assert says in line


def test_app_and_bot_tokens_of_different_apps(fake):
    bot = startup.BotIdentity(team_id="T1", team="t", user_id="U1", bot_id="B1", app_id="A0OTHER")
    with pytest.raises(startup.StartupProblem) as problem:
        startup.check_app_token("xapp-1-A0DOZEN-123-abc", fake.url, bot)
    assert "SLACK_APP_TOKEN belongs to app A0DOZEN but SLACK_BOT_TOKEN to app A0OTHER" in str(problem.value)


# -- the signing secret --------------------------------------------------------------------------
@pytest.mark.parametrize("secret, warned", [
    (GOOD_SECRET, None),
    ("", "SLACK_SIGNING_SECRET is empty"),
    ("xoxb-123-456", "SLACK_SIGNING_SECRET looks like a token"),
    ("my secret", "SLACK_SIGNING_SECRET does not look like a signing secret (32 hexadecimal characters)"),
])
def test_signing_secret_that_looks_wrong(secret, warned):
    warning = startup.signing_secret_warning(secret)
    assert (warning is None) if warned is None else warning.startswith(warned)


# -- the server's start-up log ---------------------------------------------------------------------
def serve_briefly(tmp_path, fake, **values) -> tuple[str, int]:
    """Start `python -m bot` (HTTP), wait for /healthz, stop it; what it printed and its status."""
    port = free_port()
    env = env_for(tmp_path, fake, PORT=str(port), HOST="127.0.0.1", **values)
    process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server did not start:\n" + (process.stdout.read() or ""))
                time.sleep(0.1)
        time.sleep(1.0)  # the workers' schedulers and catch-up start after the first answer
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    return output, process.returncode


def test_the_start_up_log_is_quiet(tmp_path, fake):
    output, _ = serve_briefly(tmp_path, fake)
    for noise in ("Starting gunicorn", "Booting worker", "Listening at", "Running upgrade", "Context impl",
                  "Adding job tentatively", "Scheduler started", "Added job", " INFO ", "WARNING"):
        assert noise not in output, output
    assert len(fake.calls_to("auth.test")) >= 1


def test_a_wrong_looking_signing_secret_is_one_warning(tmp_path, fake):
    output, _ = serve_briefly(tmp_path, fake, SLACK_SIGNING_SECRET=SIGNING_SECRET)
    warnings = [line for line in output.splitlines() if "SLACK_SIGNING_SECRET" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("dozen: warning: SLACK_SIGNING_SECRET does not look like a signing secret")


def test_debug_log_level_shows_the_libraries(tmp_path, fake):
    output, _ = serve_briefly(tmp_path, fake, DOZEN_LOG_LEVEL="debug")
    assert "Booting worker" in output or "Starting gunicorn" in output


def test_a_bad_log_level_is_one_line(tmp_path, fake):
    line = one_line_refusal(run_bot("job", "retention", env=env_for(tmp_path, fake, DOZEN_LOG_LEVEL="loud"),
                                    cwd=tmp_path))
    assert "DOZEN_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not 'LOUD'" in line


# -- jobs ----------------------------------------------------------------------------------------
def test_jobs_say_when_they_run(tmp_path):
    listed = run_bot("jobs", env=clean_env(tmp_path, DOZEN_TZ="Europe/Belfast"))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("Scheduled jobs (times in Europe/Belfast")
    assert any(line.startswith("digest") and line.endswith("every 10 minutes") for line in lines)
    assert any(line.startswith("retention") and line.endswith("daily at 03:30") for line in lines)
    assert any(line.startswith("checkins") and "Mondays (or the next working day when that is a bank holiday), "
               "hourly 09:05–17:05" in line for line in lines)


def test_a_job_prints_its_summary_once(tmp_path, fake):
    ran = run_bot("job", "retention", "--at", "2026-11-30T09:00:00+00:00", env=env_for(tmp_path, fake),
                  cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    summary = "purged 0 declined nominations, 0 expired booking requests and 0 event IDs"
    assert ran.stdout.count(summary) == 1 and summary not in ran.stderr
    assert ran.stderr == ""  # nothing logged beside it: no migration lines, no job log line
