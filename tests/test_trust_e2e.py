"""Trust, tried the way Slack really behaves: forged and malformed requests, retries racing
the original, two thumbs, two processes redrawing one post, rate limits and outages."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import both_backends, serving
from tests.slackdriver import APP_ID
from tests.trust import posted_challenge, shown_votes, stored_votes

TEAM = "T0DOZEN"


# -- verify first ------------------------------------------------------------------------------
# (other scripts' digits travel as UTF-8 bytes: HTTP headers are bytes)
FORGED_TIMESTAMPS = ["abc", "1e9", " 1700000000", "１７００００００００".encode().decode("latin-1"), "-5", "",
                     "99999999999999999999", "1.5"]


def test_forged_and_malformed_requests_are_refused_before_anything_runs(dozen):
    command = {"command": "/challenge", "text": "list", "team_id": TEAM, "user_id": "UALICE",
               "trigger_id": "1.2.3", "response_url": dozen.fake.response_url()}
    interaction = {"payload": json.dumps({"type": "block_actions", "team": {"id": TEAM}, "user": {"id": "UALICE"},
                                          "actions": [{"action_id": "booking_approve", "value": "1"}],
                                          "response_url": dozen.fake.response_url()})}
    event = {"type": "event_callback", "team_id": TEAM, "event_id": "Ev1", "api_app_id": APP_ID,
             "event": {"type": "app_home_opened", "user": "UALICE", "tab": "home"}}
    replies = []
    for timestamp in FORGED_TIMESTAMPS:  # signed correctly over a timestamp that isn't one
        for fields in (command, interaction):
            body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
            replies.append(dozen.slack.post(body, "application/x-www-form-urlencoded",
                                            headers={"X-Slack-Request-Timestamp": timestamp},
                                            signature=_sign(dozen, timestamp, body)))
        replies.append(dozen.slack.post(json.dumps(event).encode(), "application/json",
                                        headers={"X-Slack-Request-Timestamp": timestamp}))
    for signature in ("", "v0=", "v0=" + "0" * 64, "v1=abc", "garbage"):
        replies.append(dozen.slack.post_form(command, signature=signature))
        replies.append(dozen.slack.post_json(event, signature=signature))
    replies.append(dozen.slack.post_form(command, timestamp=int(time.time()) - 301))  # stale
    replies.append(dozen.slack.post_form(command, timestamp=int(time.time()) + 301))  # from the future
    assert [r.status for r in replies] == [401] * len(replies)
    time.sleep(0.3)  # anything a listener might have started would have called out by now
    assert dozen.fake.calls == [] and dozen.fake.responses == []
    assert dozen.slack.command("/challenge", "list").status == 200  # and Dozen is fine


def _sign(dozen, timestamp: str, body: bytes) -> str:
    import hashlib
    import hmac

    digest = hmac.new(dozen.settings.slack_signing_secret.encode(), f"v0:{timestamp}:".encode() + body,
                      hashlib.sha256).hexdigest()
    return f"v0={digest}"


# -- garbage -------------------------------------------------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=False), st.text(max_size=30))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=10), inner,
                                                                             max_size=4)), max_leaves=12)
# what a form's state holds: input blocks of elements of known types, with values of any kind
elements = st.fixed_dictionaries({"type": st.sampled_from(["plain_text_input", "static_select", "users_select",
                                                            "multi_static_select", "checkboxes", "datepicker",
                                                            "number_input", "multi_external_select"])},
                                 optional={"value": json_values, "selected_option": json_values,
                                           "selected_options": json_values, "selected_user": json_values,
                                           "selected_date": json_values})
form_states = st.dictionaries(st.sampled_from(["title", "problem", "person", "challenge", "week", "hours", "kind",
                                               "amount", "council", "skills", "reason", "name", "first_week"]),
                              st.dictionaries(st.just("value"), elements, min_size=1, max_size=1), max_size=8)
ACTION_IDS = ["booking_approve", "booking_decline", "booking_cancel", "pledge_withdraw", "cohort_accept",
              "nomination_accept", "digest_book", "no_such_action", "checkin_open", "home_new_challenge"]
CALLBACKS = ["book", "challenge_new", "pledge", "config", "cohort_new", "profile", "forget_me", "no_such_form"]
COMMANDS = ["/challenge", "/book", "/nominate", "/pledge", "/availability", "/dozen", "/unknown"]
EVENTS = ["reaction_added", "reaction_removed", "app_home_opened", "message", "app_uninstalled"]


def _maybe(value_strategy):
    """Mostly the right thing, sometimes anything at all: deep paths get reached too."""
    return st.integers(0, 9).flatmap(lambda roll: json_values if roll == 0 else value_strategy)


actions = st.fixed_dictionaries({"type": _maybe(st.just("block_actions")),
                                  "team": _maybe(st.just({"id": TEAM})), "user": _maybe(st.just({"id": "UALICE"})),
                                  "trigger_id": _maybe(st.just("1.2.3")),
                                  "actions": _maybe(st.lists(st.fixed_dictionaries(
                                      {"action_id": _maybe(st.sampled_from(ACTION_IDS)),
                                       "value": _maybe(st.one_of(st.text(max_size=20),
                                                                 st.integers().map(str),
                                                                 st.just("9" * 40)))}), max_size=2))},
                                 optional={"container": _maybe(st.just({"type": "message", "channel_id": "C1",
                                                                        "message_ts": "1.1"})),
                                           "response_url": st.just("http://127.0.0.1:9/nowhere")})
submissions = st.fixed_dictionaries({"type": _maybe(st.just("view_submission")),
                                      "team": _maybe(st.just({"id": TEAM})),
                                      "user": _maybe(st.just({"id": "UALICE"})),
                                      "view": _maybe(st.fixed_dictionaries({
                                          "type": _maybe(st.just("modal")), "id": st.just("V1"),
                                          "callback_id": _maybe(st.sampled_from(CALLBACKS)),
                                          "private_metadata": _maybe(st.text(max_size=30)),
                                          "state": _maybe(st.fixed_dictionaries({"values": form_states})),
                                          "blocks": _maybe(st.just([]))}))})
commands = st.fixed_dictionaries({"command": st.sampled_from(COMMANDS), "team_id": st.just(TEAM),
                                  "user_id": st.sampled_from(["UALICE", "UADMIN"]),
                                  "text": st.text(max_size=300), "trigger_id": st.just("1.2.3"),
                                  "channel_id": st.sampled_from(["CGENERAL", "DUALICE", "", "X" * 200])})
events = st.fixed_dictionaries({"type": _maybe(st.just("event_callback")), "team_id": _maybe(st.just(TEAM)),
                                "event_id": _maybe(st.text(min_size=1, max_size=20)),
                                "event": _maybe(st.fixed_dictionaries({
                                    "type": _maybe(st.sampled_from(EVENTS)), "user": _maybe(st.just("UBOB")),
                                    "reaction": _maybe(st.just("+1")), "event_ts": _maybe(st.text(max_size=12)),
                                    "item": _maybe(st.fixed_dictionaries({"type": _maybe(st.just("message")),
                                                                          "channel": _maybe(st.just("C1")),
                                                                          "ts": _maybe(st.just("1.1"))}))}))})
garbage = st.one_of(actions.map(lambda p: ("payload", p)), submissions.map(lambda p: ("payload", p)),
                    commands.map(lambda c: ("command", c)), events.map(lambda e: ("event", e)))


def test_malformed_payloads_get_a_4xx_or_a_polite_answer_quickly(dozen):
    """300 correctly signed but malformed payloads (seeded): never a 5xx, never 3 seconds."""
    statuses, slow = [], []

    @settings(max_examples=300, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
    @given(garbage)
    def send(item):
        kind, payload = item
        started = time.monotonic()
        if kind == "payload":
            reply = dozen.slack.post_form({"payload": json.dumps(payload)})
        elif kind == "command":
            reply = dozen.slack.post_form(payload)
        else:
            reply = dozen.slack.post_json(payload)
        statuses.append(reply.status)
        if time.monotonic() - started >= 3:
            slow.append((payload, reply))
        assert reply.status < 500, (payload, reply)

    send()
    dozen.settle()
    print("statuses", {s: statuses.count(s) for s in set(statuses)})
    assert len(statuses) == 300 and not slow
    assert dozen.slack.command("/challenge", "list").status == 200  # the process stays healthy


# -- votes: exactly once, per person ----------------------------------------------------------------
def test_two_thumbs_are_one_vote_until_both_are_gone(dozen):
    challenge, message = posted_challenge(dozen)
    dozen.slack.react("UBOB", message.channel, message.ts, "+1")
    dozen.slack.react("UBOB", message.channel, message.ts, "+1::skin-tone-3")
    dozen.settle()
    assert stored_votes(dozen, challenge) == 1 and shown_votes(message) == 1
    dozen.slack.react("UBOB", message.channel, message.ts, "+1", removed=True)
    dozen.settle()
    assert stored_votes(dozen, challenge) == 1 and shown_votes(message) == 1  # the other thumb still stands
    dozen.slack.react("UBOB", message.channel, message.ts, "+1::skin-tone-3", removed=True)
    dozen.settle()
    assert stored_votes(dozen, challenge) == 0 and shown_votes(message) == 0


@both_backends
def test_triple_delivery_with_racing_retries_counts_each_person_once(dozen, backend):
    """100 votes, each delivered three times at once (the original and two retries with the
    same event_id); 10 of those people then take their vote back while late retries of it
    arrive; 10 others take it back before their vote's only delivery arrives (late)."""
    challenge, message = posted_challenge(dozen)
    envelope = dozen.slack.reaction_envelope
    voters = [f"UV{i:03d}" for i in range(100)]
    votes = {u: envelope(u, message.channel, message.ts, event_id=f"EvVote{u}", event_ts=1000.0 + i)
             for i, u in enumerate(voters)}
    deliveries = [(votes[u], retry) for u in voters for retry in (None, 1, 2)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        replies = list(pool.map(lambda d: dozen.slack.post_json(d[0], headers=_retry(d[1])), deliveries))
    assert {r.status for r in replies} == {200}

    retracting = voters[:10]
    for u in retracting:
        removal = envelope(u, message.channel, message.ts, removed=True, event_id=f"EvUnvote{u}", event_ts=5000.0)
        assert dozen.slack.post_json(removal).status == 200
    late = voters[10:20]  # their vote was handled before; these are late copies of it
    with ThreadPoolExecutor(max_workers=24) as pool:
        list(pool.map(lambda u: dozen.slack.post_json(votes[u], headers=_retry(3)), retracting + late))

    lost = [f"UL{i:03d}" for i in range(10)]  # removed at 6000, their vote (event_ts 5500) arrives after
    for u in lost:
        dozen.slack.post_json(envelope(u, message.channel, message.ts, removed=True, event_id=f"EvUn{u}",
                                       event_ts=6000.0))
        dozen.slack.post_json(envelope(u, message.channel, message.ts, event_id=f"EvLate{u}", event_ts=5500.0),
                              headers=_retry(1))
    dozen.settle()
    assert stored_votes(dozen, challenge) == 90
    assert shown_votes(message) == 90


def _retry(number: int | None) -> dict | None:
    return {"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": "http_timeout"} if number else None


# -- redraws ------------------------------------------------------------------------------------------
@both_backends
def test_two_processes_redraw_one_post_in_order(dozen, backend, clock):
    """Votes reach two replicas of Dozen on one database while Slack is slow to answer
    chat.update: the post is never redrawn by both at once, and ends showing the final count."""
    from bot.storage.db import Database

    challenge, message = posted_challenge(dozen)
    dozen.fake.delay["chat.update"] = 0.15
    other_db = Database(dozen.db.url)  # the second process has its own engine and connections
    try:
        with serving(dozen.fake, other_db, clock) as replica:
            replicas = [dozen.slack, replica.slack]
            voters = [f"UR{i:03d}" for i in range(80)]
            with ThreadPoolExecutor(max_workers=16) as pool:
                list(pool.map(lambda iu: replicas[iu[0] % 2].react(iu[1], message.channel, message.ts,
                                                                   event_id=f"EvRedraw{iu[1]}"),
                              enumerate(voters)))
            dozen.settle()
            replica.settle()
            dozen.settle()
    finally:
        other_db.dispose()
    assert stored_votes(dozen, challenge) == 80
    assert shown_votes(message) == 80
    updates = sorted((c.at, c.answered_at) for c in dozen.fake.calls_to("chat.update") if c["ts"] == message.ts)
    assert all(later_start >= earlier_end for (_, earlier_end), (later_start, _) in zip(updates, updates[1:])), \
        "two redraws of one post overlapped"
    assert len(updates) <= 20
