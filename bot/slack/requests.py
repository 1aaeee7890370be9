"""Checks on every request from Slack, before anything else sees it.

First the signature: an integer timestamp within five minutes and an HMAC of the body with the
signing secret (slack_sdk's SignatureVerifier, once the timestamp is known to be a number).
Then the shape: an envelope Dozen cannot read is refused with 400 here, so no listener, error
handler or outbound call ever runs for a forged or malformed request."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

MAX_BODY_BYTES = 1_000_000  # Slack's largest payloads (big modals) are far smaller
MAX_AGE_SECONDS = 300
TIMESTAMP = re.compile(r"^[0-9]{1,12}$")  # int() would also take " 12", "1_2" and other scripts' digits


class _Now:
    def __init__(self, now: Callable[[], float]):
        self.now = now


class SignatureCheck:
    def __init__(self, signing_secret: str, now: Callable[[], float] = time.time):
        self._verifier = SignatureVerifier(signing_secret, clock=_Now(now))
        self._now = now

    def verify(self, body: bytes, timestamp: str | None, signature: str | None) -> bool:
        if not timestamp or not signature or not TIMESTAMP.match(timestamp):
            return False
        if abs(self._now() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        return self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


# -- shapes ------------------------------------------------------------------------------------
def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _has(container: Any, key: str, kind: type | tuple[type, ...] = str) -> bool:
    return isinstance(container, dict) and isinstance(container.get(key), kind)


def _id_of(container: Any, key: str) -> bool:
    """`container[key]` is an object with a string `id`."""
    return isinstance(container, dict) and _has(container.get(key), "id")


# Where Bolt looks for who and where (slack_bolt.request.internals), and what it expects there.
OBJECT_OR_TEXT = ("channel", "user", "team", "enterprise")
TEXT_ONLY = ("channel_id", "user_id", "team_id", "enterprise_id", "thread_ts", "type")
NESTED = ("event", "item", "message", "previous_message", "assistant_thread")


def _identity_problem(container: Any, depth: int = 0) -> str | None:
    """Whether the fields Bolt reads to find the workspace, person and channel have shapes it
    can read, in the payload and in what it nests (event, item, message...)."""
    if not isinstance(container, dict) or depth > 3:
        return None
    for key in OBJECT_OR_TEXT:
        value = container.get(key)
        if value is not None and not isinstance(value, str) and not (isinstance(value, dict) and
                                                                     _is_str(value.get("id", ""))):
            return f"{key} must be text or an object with an id"
    for key in TEXT_ONLY:
        if container.get(key) is not None and not _is_str(container[key]):
            return f"{key} must be text"
    authorizations = container.get("authorizations")
    if authorizations is not None and not (isinstance(authorizations, list)
                                           and all(isinstance(a, dict) for a in authorizations)):
        return "authorizations must be a list of objects"
    for key in NESTED:
        if key in container and container[key] is not None and not isinstance(container[key], dict):
            return f"{key} must be an object"
        problem = _identity_problem(container.get(key), depth + 1)
        if problem:
            return problem
    return None


COMMAND_FIELDS = ("command", "team_id", "user_id")
OPTIONAL_COMMAND_FIELDS = ("text", "channel_id", "response_url", "trigger_id")


def _command_problem(form: dict[str, list[str]]) -> str | None:
    for name in COMMAND_FIELDS:
        if len(form.get(name, [])) != 1 or not form[name][0]:
            return f"a slash command needs one {name}"
    for name in OPTIONAL_COMMAND_FIELDS:
        if len(form.get(name, [""])) != 1:
            return f"a slash command has one {name} at most"
    return None


def _interaction_problem(payload: Any) -> str | None:
    if not isinstance(payload, dict) or not _is_str(payload.get("type")):
        return "the payload is not an interaction"
    problem = _identity_problem(payload)
    if problem:
        return problem
    if not _id_of(payload, "user") or not (_id_of(payload, "team") or payload.get("team") is None):
        return "an interaction needs a user and a team"
    kind = payload["type"]
    if kind == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions or not all(_has(a, "action_id") for a in actions):
            return "block_actions needs actions with action_id"
        if any("value" in a and not _is_str(a["value"]) for a in actions):
            return "an action's value must be text"
        if "trigger_id" in payload and not _is_str(payload["trigger_id"]):
            return "trigger_id must be text"
        for key in ("view", "container", "state", "message", "channel"):
            if key in payload and not isinstance(payload[key], dict):  # Slack leaves out what isn't there
                return f"{key} must be an object"
    elif kind in ("view_submission", "view_closed"):
        view = payload.get("view")
        if not _has(payload, "view", dict) or not _has(view, "callback_id") or not _has(view, "type"):
            return f"{kind} needs a view with a type and a callback_id"
        state = view.get("state", {"values": {}})
        if not _has(state, "values", dict) or not all(isinstance(v, dict) and all(isinstance(e, dict)
                                                                                 for e in v.values())
                                                      for v in state["values"].values()):
            return "the view's state must be an object of input blocks"
        if "private_metadata" in view and not _is_str(view["private_metadata"]):
            return "private_metadata must be text"
        if "blocks" in view and not isinstance(view["blocks"], list):
            return "the view's blocks must be a list"
    elif kind == "block_suggestion":
        if not _has(payload, "action_id") or not _has(payload, "value"):
            return "block_suggestion needs an action_id and a value"
    return None


def _event_problem(envelope: Any) -> str | None:
    if not isinstance(envelope, dict) or not _is_str(envelope.get("type")):
        return "the body is not an Events API envelope"
    if envelope["type"] == "url_verification":
        return None if _has(envelope, "challenge") else "url_verification needs a challenge"
    if envelope["type"] != "event_callback":
        return f"unknown envelope type {envelope['type'][:40]!r}"
    problem = _identity_problem(envelope)
    if problem:
        return problem
    event = envelope.get("event")
    if not _has(envelope, "team_id") or not _has(envelope, "event_id") or not _has(event, "type"):
        return "an event needs a team_id, an event_id and an event with a type"
    if "user" in event and not isinstance(event["user"], (str, dict)):
        return "the event's user must be text"
    if event["type"] in ("reaction_added", "reaction_removed"):
        if not _has(event, "user") or not _has(event, "reaction") or not _has(event, "item", dict):
            return "a reaction event needs a user, a reaction and an item"
        if not all(_is_str(v) for k, v in event["item"].items() if k in ("type", "channel", "ts")):
            return "a reaction's item has text fields"
    return None


def shape_problem(body: bytes, content_type: str) -> str | None:
    """Why Dozen cannot read this request from Slack, or None when it can."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    if content_type.startswith("application/json"):
        try:
            return _event_problem(json.loads(text))
        except (ValueError, RecursionError):
            return "the body is not JSON"
    form = parse_qs(text, keep_blank_values=True)
    if "ssl_check" in form:
        return None
    if "payload" in form:
        if len(form["payload"]) != 1:
            return "one payload at most"
        try:
            return _interaction_problem(json.loads(form["payload"][0]))
        except (ValueError, RecursionError):
            return "the payload is not JSON"
    if "command" in form:
        return _command_problem(form)
    return "neither a slash command, an interaction nor an event"


# -- the WSGI gate -------------------------------------------------------------------------------
def _reply(start_response: Callable, status: str, text: str = "") -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def gate(slack: Callable, signing_secret: str, now: Callable[[], float] = time.time) -> Callable:
    """Wrap Bolt's WSGI handler: 413 for a body too large, 401 for a bad signature or timestamp,
    400 for a shape Dozen cannot read; anything else goes on to Bolt with its body intact."""
    check = SignatureCheck(signing_secret, now)

    def application(environ: dict, start_response: Callable):
        if environ.get("REQUEST_METHOD") != "POST":
            return _reply(start_response, "405 Method Not Allowed")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, "400 Bad Request", "bad Content-Length")
        if length < 0 or length > MAX_BODY_BYTES:
            return _reply(start_response, "413 Payload Too Large")
        body = environ["wsgi.input"].read(length) if length else b""
        if not check.verify(body, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                            environ.get("HTTP_X_SLACK_SIGNATURE")):
            return _reply(start_response, "401 Unauthorized")
        problem = shape_problem(body, environ.get("CONTENT_TYPE") or "")
        if problem:
            return _reply(start_response, "400 Bad Request", problem)
        environ = dict(environ, **{"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
        return slack(environ, start_response)

    return application
