"""The wire's own rules, without a server: request checks, payload readers, and the shapes
every listener shares (with a stand-in for Bolt's ack and Dozen's context)."""

from __future__ import annotations

import hashlib
import hmac
import json
from types import SimpleNamespace

import pytest

from bot.context import BOLT_KEY
from bot.listeners.shapes import look, press, submit
from bot.locale import ENGLISH
from bot.services.errors import DomainError, Message, NotAllowed, ValidationFailed
from bot.slack.payloads import STALE_BUTTON, int_value, json_value, row_id, ticked
from bot.slack.requests import SignatureCheck, shape_problem

SECRET = "s3cret"


def signed(body: bytes, timestamp: int) -> str:
    return "v0=" + hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()


def test_a_signature_needs_an_integer_timestamp_within_five_minutes():
    now = 1_800_000_000
    check = SignatureCheck(SECRET, now=lambda: now)
    body = b"command=%2Fchallenge"
    assert check.verify(body, str(now), signed(body, now))
    assert not check.verify(body, str(now - 301), signed(body, now - 301))  # stale
    assert not check.verify(body, " " + str(now), signed(body, now))  # int() would take it; Slack never sends it
    assert not check.verify(body, "1.8e9", signed(body, now))
    assert not check.verify(body, str(now), signed(b"other", now))
    assert not check.verify(body, None, None)


@pytest.mark.parametrize("payload, problem", [
    ({"type": "block_actions", "team": {"id": "T"}, "user": {"id": "U"}, "actions": []}, "actions"),
    ({"type": "block_actions", "team": {"id": "T"}, "user": {"id": "U"},
      "actions": [{"action_id": "a", "value": 5}]}, "value must be text"),
    ({"type": "block_actions", "team": {"id": "T"}, "user": {"id": "U"}, "actions": [{"action_id": "a"}],
      "view": None}, "view must be an object"),
    ({"type": "view_submission", "team": {"id": "T"}, "user": {"id": "U"}, "view": {"callback_id": "x"}},
     "a type and a callback_id"),
    ({"type": "block_actions", "team": {"id": "T"}, "user": 7, "actions": [{"action_id": "a"}]}, "user"),
])
def test_interactions_bolt_cannot_read_are_refused(payload, problem):
    body = f"payload={json.dumps(payload)}".encode()
    assert problem in (shape_problem(body, "application/x-www-form-urlencoded") or "")


def test_events_and_commands_bolt_cannot_read_are_refused_and_good_ones_pass():
    event = {"type": "event_callback", "team_id": "T", "event_id": "E", "event": {
        "type": "reaction_added", "user": "U", "reaction": "+1", "item": {"type": "message", "channel": 5}}}
    assert shape_problem(json.dumps(event).encode(), "application/json")
    event["event"]["item"]["channel"] = "C1"
    assert shape_problem(json.dumps(event).encode(), "application/json") is None
    assert "one user_id" in shape_problem(b"command=%2Fbook&team_id=T", "application/x-www-form-urlencoded")
    assert shape_problem(b"command=%2Fbook&team_id=T&user_id=U&text=hi", "application/x-www-form-urlencoded") is None
    assert shape_problem(b"\xff\xfe", "application/json") == "the body is not UTF-8"


def test_payload_readers_refuse_politely_what_dozen_never_sent():
    assert int_value({"value": "12"}) == 12
    for value in (None, "abc", "99999999999999999999", "-3", "0"):
        with pytest.raises(DomainError, match=STALE_BUTTON[:20]):
            row_id(value)
    assert json_value({"value": '{"person": "U1"}'}) == {"person": "U1"}
    assert json_value({"value": "[1, 2]"}) == {} and json_value({"value": "{"}) == {}
    body = {"state": {"values": {"tick_1": {"a": {"selected_options": [{"value": "U1"}]}}, "other": {}}}}
    assert ticked(body, "tick_") == ["U1"]


class Acks:
    """Bolt's ack, remembering what it was given and in which order relative to the work."""

    def __init__(self, log: list):
        self.log = log

    def __call__(self, **kwargs):
        self.log.append(("ack", kwargs))


def context_with(log: list, sent: list):
    ctx = SimpleNamespace(client=SimpleNamespace(chat_postMessage=lambda **kw: sent.append(kw) or {
        "channel": "D1", "ts": "1.1"}), lang=lambda team, user: ENGLISH)
    return {BOLT_KEY: ctx}


BODY = {"team": {"id": "T1"}, "user": {"id": "U1"}, "response_url": None}


def test_press_commits_before_answering_slack_and_tells_a_refusal_privately():
    log, sent = [], []

    def change(ctx, team, user):
        log.append(("change", team, user))
        return "done"

    ctx, result = press(Acks(log), BODY, context_with(log, sent), change)
    assert result == "done" and log == [("change", "T1", "U1"), ("ack", {})]  # durable before the 200

    log.clear()

    def refused(ctx, team, user):
        raise NotAllowed("Only {who} can do that.", who="the owner")

    assert press(Acks(log), BODY, context_with(log, sent), refused)[1] is None
    assert log == [("ack", {})] and sent[-1]["text"] == "Only the owner can do that."


def test_look_answers_slack_first_and_submit_names_the_fields_at_fault():
    log, sent = [], []
    look(Acks(log), BODY, context_with(log, sent), lambda ctx, team, user: log.append(("query",)))
    assert log == [("ack", {}), ("query",)]  # a modal's trigger_id expires in 3 s

    log.clear()
    view = {"blocks": [{"type": "input", "block_id": "hours"}]}

    def bad(ctx, team, user):
        raise ValidationFailed({"hours": Message("Enter at most {most}h.", most=5)})

    assert submit(Acks(log), BODY, view, context_with(log, sent), bad)[1] is None
    assert log == [("ack", {"response_action": "errors", "errors": {"hours": "Enter at most 5h."}})]
