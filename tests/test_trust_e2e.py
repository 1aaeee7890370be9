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


# -- rate limits and outages ------------------------------------------------------------------------
def _digest_world(dozen, challenges_count: int = 17) -> None:
    """A digest channel and enough open challenges for the digest to come in several parts."""
    from bot.services import challenges
    from bot.storage.models import WorkspaceConfig
    from tests.trust import DRAFT

    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, TEAM) or WorkspaceConfig(team_id=TEAM)
        config.digest_channel = "CDIGEST"
        session.add(config)
        for n in range(challenges_count):
            challenges.create(session, team_id=TEAM, owner_id="UALICE", now=dozen.ctx.clock.now(),
                              draft=challenges.ChallengeDraft(**{**DRAFT.__dict__, "title": f"Challenge number {n}"}))


def _delivered(dozen, channel: str) -> list:
    return [c for c in dozen.fake.calls_to("chat.postMessage")
            if c.result and c.result.get("ok") and c.result.get("channel") == channel]


def test_every_message_is_delivered_once_through_rate_limits_and_server_errors(dozen):
    from bot.jobs.runner import run_job

    _digest_world(dozen)
    dozen.fake.rate_limit_next["chat.postMessage"] = 4  # 429 with Retry-After: 1
    dozen.fake.fail_next["chat.postMessage"] = 3  # then 500s
    summary = run_job("digest", dozen.ctx.for_job(forced=True))
    assert summary.endswith(": posted 4 messages in CDIGEST"), summary
    parts = _delivered(dozen, "CDIGEST")
    assert len(parts) == 4 and len({json.dumps(p["blocks"]) for p in parts}) == 4  # each part once

    dozen.fake.rate_limit_next["chat.postMessage"] = 3
    dozen.fake.fail_next["chat.postMessage"] = 2
    reply = dozen.slack.command("/dozen", "mydata", user="UBOB")
    assert "I'm sending you everything" in reply.message_text
    dozen.settle()
    assert len(_delivered(dozen, "DUBOB")) == 1  # the summary DM, once


def test_a_digest_interrupted_by_an_outage_finishes_later_without_repeating_a_part(dozen):
    from slack_sdk.errors import SlackApiError

    from bot.jobs.runner import run_job

    _digest_world(dozen)
    calls_before = len(dozen.fake.calls_to("chat.postMessage"))
    dozen.fake.fail_next["chat.postMessage"] = 0
    original = dozen.fake.api_chat_postMessage
    posted = []

    def outage_after_two(args, *team):  # Slack goes down once two parts went out
        result = original(args, *team)
        posted.append(result)
        if len(posted) == 2:
            dozen.fake.fail_next["chat.postMessage"] = 100
        return result

    dozen.fake.api_chat_postMessage = outage_after_two
    with pytest.raises(SlackApiError):
        run_job("digest", dozen.ctx.for_job(forced=True))
    assert len(_delivered(dozen, "CDIGEST")) == 2
    assert len(dozen.fake.calls_to("chat.postMessage")) > calls_before + 2  # it did keep trying
    dozen.fake.fail_next["chat.postMessage"] = 0  # Slack is back
    dozen.fake.api_chat_postMessage = original
    assert run_job("digest", dozen.ctx.for_job(forced=True)).endswith("posted 2 messages in CDIGEST")
    parts = _delivered(dozen, "CDIGEST")
    assert len(parts) == 4 and len({json.dumps(p["blocks"]) for p in parts}) == 4
    assert run_job("digest", dozen.ctx.for_job(forced=True)).endswith("already posted")


# -- replicas ------------------------------------------------------------------------------------------
def _approve_button(booking_id: int) -> list[dict]:
    return [{"type": "actions", "block_id": f"booking_{booking_id}", "elements": [
        {"type": "button", "action_id": "booking_approve", "value": str(booking_id),
         "text": {"type": "plain_text", "text": "Approve"}}]}]


@both_backends
def test_two_replicas_book_the_last_hours_and_post_the_digest_at_the_same_instant(dozen, backend, clock):
    """Two processes on one database: each approves a request for the last free hours at the
    same instant (one is confirmed), and each runs the digest at the same instant (one posts)."""
    from bot.jobs.runner import run_job
    from bot.services import availability, bookings
    from bot.storage.db import Database
    from bot.storage.models import Booking, WorkspaceConfig
    from tests.pool_flows import make_member

    make_member(dozen, person="UBOB", manager="UCAROL", hours="4")
    _digest_world(dozen, challenges_count=3)
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, TEAM)
        config.manager_approval = False
        session.add(config)
    week = availability.coming_weeks(dozen.ctx.today(), 1)[0]
    requests = []
    for requester in ("UDAN", "UERIN"):  # 3h each of the 4h free
        draft = bookings.BookingDraft(person_id="UBOB", challenge_id="1", week=week.isoformat(), hours="3")
        requests.append(dozen.ctx.write(bookings.request_booking, team_id=TEAM, requester_id=requester, draft=draft,
                                        today=dozen.ctx.today(), now=dozen.ctx.clock.now()))
    other_db = Database(dozen.db.url)
    try:
        with serving(dozen.fake, other_db, clock) as replica:
            replicas = [dozen, replica]
            together = threading.Barrier(4)
            outcomes: dict[str, object] = {}

            def approve(index: int) -> None:
                together.wait()
                outcomes[f"approve{index}"] = replicas[index].slack.click(
                    "booking_approve", user="UBOB", blocks=_approve_button(requests[index].id), channel="DUBOB",
                    message_ts=f"1.{index}").status

            def digest(index: int) -> None:
                together.wait()
                context = replicas[index].ctx.for_job(forced=True)
                context.pause = lambda seconds: None
                outcomes[f"digest{index}"] = run_job("digest", context)

            threads = [threading.Thread(target=f, args=(i,)) for f in (approve, digest) for i in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            dozen.settle()
            replica.settle()
    finally:
        other_db.dispose()
    assert outcomes["approve0"] == outcomes["approve1"] == 200
    with dozen.db.reading() as session:
        states = sorted(b.status for b in session.exec(__import__("sqlmodel").select(Booking)).all())
    assert states == ["confirmed", "declined"]
    digests = sorted(str(outcomes["digest0"]).split(": ", 1)[1:] + str(outcomes["digest1"]).split(": ", 1)[1:])
    assert digests[1].startswith("posted ") and digests[0] in ("being posted elsewhere", "already posted"), digests
    parts = _delivered(dozen, "CDIGEST")
    assert len({json.dumps(p["blocks"]) for p in parts}) == len(parts)  # no part twice


@both_backends
def test_a_slow_digest_keeps_its_claim_while_it_posts(dozen, backend, monkeypatch):
    """The claim on a week's digest is a lease: while a slow digest is still posting (paced,
    rate limited) it is renewed, so another process cannot take it over and post it again."""
    from datetime import timedelta

    from bot.publish import digest
    from bot.services.digest import DigestStatus
    from bot.storage.db import Database

    _digest_world(dozen)
    monkeypatch.setattr(digest, "LEASE", timedelta(seconds=1))
    first = dozen.ctx.for_job(forced=True)
    first.pause = lambda seconds: time.sleep(0.7)  # 4 parts: about 2 s, twice the lease
    outcomes = []
    runner = threading.Thread(target=lambda: outcomes.append(digest.post_digest(first, TEAM)))
    runner.start()
    time.sleep(1.5)  # the first lease would have lapsed by now, had it not been renewed
    other_db = Database(dozen.db.url)
    try:
        second = dozen.ctx.for_job(forced=True)
        second.db, second.pause = other_db, (lambda seconds: None)
        meanwhile = digest.post_digest(second, TEAM)
    finally:
        other_db.dispose()
    runner.join()
    assert meanwhile.status is DigestStatus.BEING_POSTED
    assert outcomes[0].status is DigestStatus.POSTED and outcomes[0].posted == 4
    assert len(_delivered(dozen, "CDIGEST")) == 4
