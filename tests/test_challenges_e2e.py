"""Challenges end to end: what people do in Slack, as Slack sends it."""

from __future__ import annotations

import time

import pytest

from tests.conftest import both_backends
from tests.slackdriver import blocks_text

CHANNEL = "CCHALLENGES"
GOOD = {
    "title": "Cut the housing repairs backlog",
    "problem": "Tenants wait 9 weeks for repairs and call us repeatedly to chase them.",
    "skills": ["User research methods", "Iterative design"],
    "other_skills": "housing repairs",
    "council": "LDS",
    "hours": "7.5",
    "weeks": "6",
}


def open_modal(dozen, text="", user="UALICE", channel=CHANNEL):
    before = len(dozen.fake.calls_to("views.open"))
    reply = dozen.slack.command("/challenge", f"new {text}".strip(), user=user, channel=channel)
    assert reply.status == 200
    return dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]


def post_challenge(dozen, user="UALICE", channel=CHANNEL, **changes):
    before = len(dozen.fake.calls_to("chat.postMessage"))
    view = open_modal(dozen, user=user, channel=channel)
    reply = dozen.slack.submit(view, {**GOOD, **changes}, user=user)
    if reply.json and reply.json.get("response_action") == "update":  # similar challenges shown: Post anyway
        reply = dozen.slack.submit(dict(reply.json["view"], id=view["id"]), {}, user=user)
    assert reply.status == 200 and not reply.text, reply.text
    post = dozen.fake.wait_for("chat.postMessage", count=before + 1)[-1]
    dozen.settle()  # Dozen has recorded where it posted: votes on the post count from now on
    return dozen.fake.message(post.result["channel"], post.result["ts"])


def test_new_challenge_is_posted_with_id_and_owner_is_told(dozen):
    view = open_modal(dozen, "Fix potholes faster")
    assert view["callback_id"] == "challenge_new"
    title_block = next(b for b in view["blocks"] if b.get("block_id") == "title")
    assert title_block["element"]["initial_value"] == "Fix potholes faster"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["Title", "Problem statement", "Skills needed", "Other skills", "Council",
                      "Hours of help per week", "Number of weeks"]

    reply = dozen.slack.submit(view, GOOD)
    assert reply.status == 200 and reply.text == ""
    post = dozen.fake.wait_for("chat.postMessage")[0]
    assert post["channel"] == CHANNEL
    shown = blocks_text(post["blocks"])
    assert "C-1: Cut the housing repairs backlog" in shown
    assert "Tenants wait 9 weeks" in shown
    assert "User research methods" in shown and "Iterative design" in shown and "housing repairs" in shown
    assert "Leeds" in shown
    assert "<@UALICE>" in shown
    assert "7.5h a week for 6 weeks" in shown
    assert "React with :+1: to vote" in shown and "0 votes" in shown

    confirmation = dozen.fake.wait_for_response()[0]
    assert confirmation["response_type"] == "ephemeral"
    assert "Posted *C-1: Cut the housing repairs backlog* in <#CCHALLENGES>" in confirmation["text"]


def test_ids_count_up_per_workspace(dozen):
    post_challenge(dozen)
    second = post_challenge(dozen, title="Second challenge")
    assert "C-2: Second challenge" in blocks_text(second.blocks)


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("title", "ab", "at least 3 characters"),
        ("title", "x" * 151, "at most 150 characters"),
        ("problem", "too short", "at least 20 characters"),
        ("hours", "0", "more than 0"),
        ("hours", "-2", "more than 0"),
        ("hours", "2.25", "half hours"),
        ("hours", "lots", "must be a number"),
        ("weeks", "0", "more than 0"),
        ("weeks", "1.5", "whole number"),
        ("council", None, "Choose the council"),
    ],
)
def test_modal_names_the_field_at_fault(dozen, field, value, expected):
    view = open_modal(dozen)
    reply = dozen.slack.submit(view, {**GOOD, field: value})
    assert reply.status == 200
    body = reply.json
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == [field]
    assert expected in body["errors"][field]
    assert not dozen.fake.calls_to("chat.postMessage")
    assert "There are no open challenges" in dozen.slack.command("/challenge", "list").message_text


def test_at_least_one_skill_is_needed(dozen):
    view = open_modal(dozen)
    reply = dozen.slack.submit(view, {**GOOD, "skills": [], "other_skills": ""})
    assert reply.json["errors"] == {"skills": "Choose at least one skill (or type one under Other skills)."}
    reply = dozen.slack.submit(view, {**GOOD, "skills": [], "other_skills": "planning law"})
    assert reply.text == ""


def test_several_bad_fields_are_all_named(dozen):
    view = open_modal(dozen)
    reply = dozen.slack.submit(view, {**GOOD, "title": "", "problem": "", "hours": "", "weeks": ""})
    assert set(reply.json["errors"]) == {"title", "problem", "hours", "weeks"}


def test_typed_text_is_escaped_and_pings_nobody(dozen):
    message = post_challenge(dozen, title="<!channel> & <@U123>",
                             problem="Everyone <!here> should look at <https://evil.example|this> now.")
    shown = blocks_text(message.blocks)
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" not in shown  # header is plain text: shown as typed
    assert "<!channel> & <@U123>" in shown
    assert "&lt;!here&gt;" in shown and "&lt;https://evil.example|this&gt;" in shown
    assert "<!here>" not in shown.replace("&lt;!here&gt;", "")
    assert "<!channel>" not in message.text and "&lt;!channel&gt; &amp; &lt;@U123&gt;" in message.text
    confirmation = dozen.fake.wait_for_response()[0]["text"]
    assert "<!channel>" not in confirmation and "&lt;!channel&gt;" in confirmation


def test_not_posted_when_slack_refuses_but_kept_and_owner_told(dozen):
    dozen.fake.refuse["CPRIVATE"] = "not_in_channel"
    view = open_modal(dozen, channel="CPRIVATE")
    assert dozen.slack.submit(view, GOOD).text == ""
    confirmation = dozen.fake.wait_for_response()[0]["text"]
    assert "Saved *C-1: Cut the housing repairs backlog*" in confirmation
    assert "not_in_channel" in confirmation and "/invite @Dozen" in confirmation
    assert "C-1" in dozen.slack.command("/challenge", "list").message_text


def vote_line(message) -> str:
    return [line for line in blocks_text(message.blocks).splitlines() if "vote" in line][-1]


def test_votes_are_counted_once_per_person_and_post_updated(dozen):
    message = post_challenge(dozen)
    for user in ("UBOB", "UCAROL", "UDAN"):
        assert dozen.slack.react(user, message.channel, message.ts).status == 200
    dozen.slack.react("UBOB", message.channel, message.ts, "+1::skin-tone-3")  # same person, same vote
    dozen.slack.react("UBOB", message.channel, message.ts, "heart")  # not a vote emoji
    dozen.settle()
    assert "*3 votes*" in vote_line(message)

    dozen.slack.react("UCAROL", message.channel, message.ts, removed=True)
    dozen.settle()
    assert "*2 votes*" in vote_line(message)


def test_vote_stays_while_another_vote_emoji_remains(dozen):
    with dozen.db.session() as session:
        from bot.storage.models import WorkspaceConfig

        session.add(WorkspaceConfig(team_id="T0DOZEN", vote_emojis="+1,raised_hands"))
    message = post_challenge(dozen)
    dozen.slack.react("UBOB", message.channel, message.ts, "+1")
    dozen.slack.react("UBOB", message.channel, message.ts, "raised_hands")
    dozen.settle()
    assert "*1 vote*" in vote_line(message)
    dozen.slack.react("UBOB", message.channel, message.ts, "+1", removed=True)
    dozen.settle()
    assert "*1 vote*" in vote_line(message)
    dozen.slack.react("UBOB", message.channel, message.ts, "raised_hands", removed=True)
    dozen.settle()
    assert "*0 votes*" in vote_line(message)


def test_retried_event_counts_once(dozen):
    message = post_challenge(dozen)
    dozen.slack.react("UBOB", message.channel, message.ts, event_id="EvSAME")
    dozen.settle()
    dozen.slack.react("UBOB", message.channel, message.ts, removed=True, event_id="EvGONE")
    # Slack redelivers the first event: the vote must not come back.
    dozen.settle()
    assert dozen.slack.react("UBOB", message.channel, message.ts, event_id="EvSAME", retry=1).status == 200
    dozen.settle()
    assert "*0 votes*" in vote_line(message)
    assert "0 votes" in dozen.slack.command("/challenge", "show C-1").message_text


def test_reactions_elsewhere_and_on_closed_challenges_are_ignored(dozen):
    message = post_challenge(dozen)
    dozen.slack.react("UBOB", message.channel, "1699999999.000001")  # some other message
    dozen.slack.react("UBOB", "COTHER", message.ts)
    dozen.slack.command("/challenge", "close C-1", user="UALICE")
    dozen.settle()
    updates = len(dozen.fake.calls_to("chat.update"))
    dozen.slack.react("UCAROL", message.channel, message.ts)
    dozen.settle()
    assert len(dozen.fake.calls_to("chat.update")) == updates
    assert "0 votes" in dozen.slack.command("/challenge", "show C-1").message_text
    assert "closed" in blocks_text(message.blocks)


def test_list_orders_by_votes_with_counts(dozen):
    first = post_challenge(dozen, title="Least loved")
    second = post_challenge(dozen, title="Most loved")
    for user in ("UBOB", "UCAROL"):
        dozen.slack.react(user, second.channel, second.ts)
    dozen.slack.react("UDAN", first.channel, first.ts)
    dozen.settle()
    reply = dozen.slack.command("/challenge", "list")
    assert reply.json["response_type"] == "ephemeral"
    text = reply.message_text
    assert text.index("Most loved") < text.index("Least loved")
    assert "*2 votes* · `C-2` Most loved" in text and "*1 vote* · `C-1` Least loved" in text


def test_show_close_and_permissions(dozen):
    post_challenge(dozen)
    shown = dozen.slack.command("/challenge", "show c-1").message_text
    assert "Tenants wait 9 weeks" in shown and "status: open" in shown

    refused = dozen.slack.command("/challenge", "close C-1", user="UBOB")
    assert "Only <@UALICE>, who posted C-1, or an organiser can close it." in refused.message_text
    assert "C-1" in dozen.slack.command("/challenge", "list").message_text

    closed = dozen.slack.command("/challenge", "close C-1", user="UADMIN")  # a workspace admin
    assert "Closed C-1" in closed.message_text
    assert "There are no open challenges" in dozen.slack.command("/challenge", "list").message_text
    assert "already closed" in dozen.slack.command("/challenge", "close C-1", user="UALICE").message_text


def test_dozen_admins_setting_makes_an_organiser(dozen):
    post_challenge(dozen)
    assert "Closed C-1" in dozen.slack.command("/challenge", "close C-1", user="UORG").message_text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "/challenge new [title]"),
        ("help", "/challenge list"),
        ("frobnicate", "Sorry, I don't know `/challenge frobnicate`"),
        ("show", "/challenge show C-12"),
        ("show banana", "“banana” is not a challenge ID"),
        ("show C-99", "There is no challenge C-99"),
        ("close", "/challenge close C-12"),
        ("list everything", "Sorry, I don't know"),
        ("<!channel>", "&lt;!channel&gt;"),
    ],
)
def test_usage_and_bad_arguments(dozen, text, expected):
    reply = dozen.slack.command("/challenge", text)
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral"
    assert expected in reply.message_text


def test_bad_or_stale_signature_is_refused(dozen):
    fields = {"command": "/challenge", "text": "list", "team_id": "T0DOZEN", "user_id": "UALICE"}
    assert dozen.slack.post_form(fields, signature="v0=" + "0" * 64).status == 401
    assert dozen.slack.post_form(fields, timestamp=int(time.time()) - 600).status == 401
    assert dozen.slack.post_form(fields).status == 200


@both_backends
def test_twenty_people_voting_at_once_give_the_exact_count(dozen, backend):
    from concurrent.futures import ThreadPoolExecutor

    message = post_challenge(dozen)
    users = [f"UVOTER{i:02d}" for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda u: dozen.slack.react(u, message.channel, message.ts), users))
    assert all(r.status == 200 for r in replies)
    # Bolt finishes the listener after the ack: wait for the last redraw.
    deadline = time.monotonic() + 10
    while "*20 votes*" not in vote_line(message) and time.monotonic() < deadline:
        time.sleep(0.05)
    dozen.settle()
    assert "*20 votes*" in vote_line(message)
    assert "*20 votes* · `C-1`" in dozen.slack.command("/challenge", "list").message_text


def test_a_burst_of_votes_ends_in_a_few_updates(dozen):
    """As in production (a redraw at most every 1.2 s per post): 200 votes, a handful of
    chat.update calls, the last one with the exact count, however long the burst took."""
    from concurrent.futures import ThreadPoolExecutor

    updater = dozen.redraws
    updater._delay, updater._min_interval = 1.0, 1.2
    message = post_challenge(dozen)
    users = [f"UBURST{i:03d}" for i in range(200)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda u: dozen.slack.react(u, message.channel, message.ts), users))
    dozen.settle()
    elapsed = time.monotonic() - started
    assert "*200 votes*" in vote_line(message)
    updates = dozen.fake.calls_to("chat.update")
    assert len(updates) <= elapsed / 1.2 + 2, f"{len(updates)} chat.update calls in {elapsed:.1f}s"
    assert len(updates) <= 20, f"{len(updates)} chat.update calls for 200 votes"


def test_an_unexpected_failure_is_an_apology_not_a_stack_trace(dozen, monkeypatch):
    from bot.services import challenges

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(challenges, "list_open", broken)
    reply = dozen.slack.command("/challenge", "list")
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral"
    assert "Sorry, something went wrong on Dozen's side" in reply.json["text"]
    assert "database on fire" not in reply.text and "Traceback" not in reply.text


def test_skill_picker_searches_names_then_descriptions(dozen):
    view = open_modal(dozen)
    reply = dozen.slack.suggest(view, "skills", "research")
    values = [o["value"] for o in reply.json["options"]]
    assert values[0] in ("Agile research practices", "Inclusive research") and "User research methods" in values
    needs = [o["value"] for o in dozen.slack.suggest(view, "skills", "identify user needs").json["options"]]
    assert "User research methods" in needs  # found through its description
    everything = dozen.slack.suggest(view, "skills", "").json["options"]
    assert len(everything) == 100
    assert dozen.slack.suggest(view, "skills", "zzzz").json["options"] == []
