"""`python -m bot demo --once`: the real Dozen against the simulator shipped in bot/demo plays a
council week across three workspaces with no tokens and no settings, and its transcript names
each step and shows what people saw; the transcript's Block Kit rendering on its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rich.console import Console

from bot.demo.script import STEPS
from bot.demo.simulator import MESSAGE, Seen
from bot.demo.transcript import Names, Transcript, block_lines, mrkdwn

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_plays_the_week_and_names_each_step(tmp_path):
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT", "PYTHONPATH", "VIRTUAL_ENV") if key in os.environ}
    env["COLUMNS"] = "200"  # one line per line of the transcript, whatever the terminal
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-must-not-be-read\nDATABASE_URL=postgresql+psycopg://nowhere/x\n")
    done = subprocess.run([sys.executable, "-m", "bot", "demo", "--once", "--port", "0"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180)
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    headings = re.findall(r"^(\d+)\. (.+?) ─", out, re.MULTILINE)
    assert [title for _, title in headings] == list(STEPS), headings
    assert [int(n) for n, _ in headings] == list(range(1, len(STEPS) + 1))
    for line in (
        "» Priya Shah (Leeds): opens /slack/install",  # installed through OAuth, in each workspace
        "Manchester City Council is now in Dozen's network",
        "Everyone in #challenges · Leeds",  # the challenge, posted in Leeds and copied to the others
        "C-1: Cut the housing repairs backlog",
        "This challenge looks like yours",  # the similar-challenge warning
        "[Back this one instead]",
        "Everyone in #talent-pool · Manchester",  # the nomination...
        "» Rachel Green (Manchester): presses [Approve]",  # ...approved by the nominee's manager
        "[Approve] [Decline]",
        "Everyone in #dozen-digest",  # the digest, by the real job
        "[Request booking]",
        "✅ Confirmed: Sam Lee (Manchester City Council) gives 3h",  # booked from Bristol, confirmed
        "£2,000 pledged by 1 backer",
        "You're invited: Housing repairs sprint",  # the cohort
        "check-in for w/c",  # Monday's check-in, in the challenge's thread
        "The public board: http://127.0.0.1:",
    ):
        assert line in out, f"{line!r} is not in the transcript:\n{out[-4000:]}"
    assert "Traceback" not in out + done.stderr, done.stderr[-3000:]
    assert not list(tmp_path.glob("*.db"))  # a fresh SQLite file in its own temporary folder, not here


def test_a_message_with_buttons_reads_as_who_where_what():
    names = Names(person={"UBOB": "Bob Smith", "UCAROL": "Carol Jones"}.get, channel=lambda c: "#challenges",
                  workspace=lambda team: "Leeds", team_of=lambda user: "TLEEDS")
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Booking B-1"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "<@UBOB> would like *3h* of your time &amp; more"},
         "fields": [{"type": "mrkdwn", "text": "*Week*\nw/c 14 Dec"}, {"type": "mrkdwn", "text": "*Hours*\n3h"}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "asked by <@UCAROL> in <#C1|challenges>"}]},
        {"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "Approve"}, "style": "primary"},
            {"type": "button", "action_id": "d", "text": {"type": "plain_text", "text": "Decline"}}]},
    ]
    lines = [line.plain for line in block_lines(blocks, names)]
    assert lines == ["Booking B-1", "@Bob Smith would like 3h of your time & more", "Week: w/c 14 Dec   Hours: 3h",
                     "asked by @Carol Jones in #challenges", "[Approve] [Decline]"]
    assert [span.style for span in mrkdwn("*3h*", names).spans] == ["bold"]

    console = Console(record=True, width=100, color_system=None)
    transcript = Transcript(console, names)
    transcript.step("A booking is requested", [Seen(MESSAGE, "TLEEDS", "DUBOB", None, "fallback", blocks, ts="1.1")])
    shown = console.export_text()
    assert "1. A booking is requested" in shown
    assert "Bob Smith · DM from Dozen · Leeds" in shown and "[Approve] [Decline]" in shown


def test_a_mention_of_someone_from_another_workspace_reads_as_slack_shows_it():
    names = Names(person={"UBOB": "Bob Smith"}.get, channel=str, workspace={"TA": "Leeds", "TB": "Bristol"}.get,
                  team_of=lambda user: "TA", seen_in="TB")
    assert mrkdwn("Owner: <@UBOB>", names).plain == "Owner: @UBOB (unknown in Bristol)"


def test_the_simulator_answers_each_workspace_with_its_own_token_and_records_what_people_see():
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    from bot.demo.simulator import EPHEMERAL, FILE, Simulator

    slack = Simulator()
    slack.add_workspace("TA", "Leeds City Council", "xoxb-a")
    slack.add_workspace("TB", "Bristol City Council", "xoxb-b")
    slack.add_user("UBOB", "Bob Smith", "TA")
    slack.add_user("UDEV", "Dev Patel", "TB")
    slack.start()
    try:
        client = WebClient(token="xoxb-a", base_url=slack.url)
        with pytest.raises(SlackApiError):  # not installed yet: the token means nothing
            client.auth_test()
        slack.grant("code", "TA", "UBOB")
        installed = WebClient(base_url=slack.url).oauth_v2_access(client_id="c", client_secret="s", code="code")
        assert installed["access_token"] == "xoxb-a" and installed["team"]["id"] == "TA"
        assert client.auth_test()["team_id"] == "TA"
        assert client.users_info(user="UBOB", include_locale=True)["user"]["locale"] == "en-GB"
        with pytest.raises(SlackApiError):  # another workspace's people are not seen
            client.users_info(user="UDEV")
        posted = client.chat_postMessage(channel="UBOB", text="hello")
        assert slack.dms_to("UBOB")[0].text == "hello" and posted["channel"] == "DUBOB"
        client.files_upload_v2(channel="DUBOB", content="a,b\n", filename="bookings.csv", title="Bookings")
        urllib.request.urlopen(urllib.request.Request(slack.response_url("TA", "UBOB", "C1"), method="POST",
                                                      data=b'{"text": "only you"}'))
        kinds = [(seen.kind, seen.user, seen.text or seen.title) for seen in slack.since(0)]
        assert kinds[-2:] == [(FILE, None, "Bookings"), (EPHEMERAL, "UBOB", "only you")]
        assert not slack.unknown
    finally:
        slack.stop()
