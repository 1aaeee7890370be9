"""Drives Dozen the way Slack does: signed HTTP requests with real payload shapes."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.demo.driver import message_state, state_values  # Slack's form state, as the demo fills it in
from tests.fakeslack import TEAM_ID, FakeSlack

APP_ID = "ADOZEN"


@dataclass
class Reply:
    status: int
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text) if self.text else None

    @property
    def message_text(self) -> str:
        """Everything a person would read in an ephemeral reply: text and block texts."""
        body = self.json or {}
        return body.get("text", "") + "\n" + blocks_text(body.get("blocks") or [])


def blocks_text(blocks: list[dict]) -> str:
    """All the text in some blocks, for assertions about what a person sees."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
                out.append(node["text"])
            for key, value in node.items():
                if key != "text" or not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


def find_action(blocks: list[dict], action_id: str) -> dict:
    for block in blocks:
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if element.get("action_id") == action_id:
                return dict(element, block_id=block.get("block_id"))
    raise AssertionError(f"no element with action_id {action_id!r} in {blocks_text(blocks)!r}")


class SlackDriver:
    def __init__(self, app_url: str, signing_secret: str, fake: FakeSlack, team: str = TEAM_ID,
                 enterprise: str | None = None):
        self.url = app_url
        self.secret = signing_secret
        self.fake = fake
        self.team = team  # the workspace the requests come from
        self.enterprise = enterprise  # its Enterprise Grid organisation, when Dozen is installed org-wide
        self._ids = itertools.count(1)

    # -- raw ---------------------------------------------------------------------------
    def post(self, body: bytes, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             headers: dict | None = None) -> Reply:
        timestamp = int(time.time()) if timestamp is None else timestamp
        if signature is None:
            signature = SignatureVerifier(self.secret).generate_signature(timestamp=str(timestamp), body=body)
        request = urllib.request.Request(
            self.url + "/slack/events",
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": str(timestamp),
                "X-Slack-Signature": signature,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def post_form(self, fields: dict, **kwargs: Any) -> Reply:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)

    def post_json(self, payload: dict, **kwargs: Any) -> Reply:
        return self.post(json.dumps(payload).encode(), "application/json", **kwargs)

    def in_team(self, team: str, *, enterprise: str | None = None) -> "SlackDriver":
        """The same Slack, sending from another workspace (each installed Dozen; `enterprise`:
        a workspace of a Grid organisation that installed Dozen org-wide)."""
        other = SlackDriver(self.url, self.secret, self.fake, team, enterprise)
        other._ids = self._ids  # event and trigger IDs stay unique across workspaces
        return other

    def get(self, path: str, *, cookie: str | None = None) -> tuple[int, str, dict]:
        """A browser's GET (the install page, Slack sending someone back after installing)."""
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def trigger_id(self) -> str:
        return f"{next(self._ids)}.1337.trigger"

    # -- slash commands ----------------------------------------------------------------
    def command(self, command: str, text: str = "", *, user: str = "UALICE", channel: str = "CGENERAL",
                **kwargs: Any) -> Reply:
        fields = {
            "token": "legacy-verification-token",
            "team_id": self.team,
            "team_domain": "dozen-test",
            "channel_id": channel,
            "channel_name": "general" if channel.startswith("C") else "directmessage",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            **({"enterprise_id": self.enterprise} if self.enterprise else {}),
            "is_enterprise_install": "true" if self.enterprise else "false",
            "response_url": self.fake.response_url(),
            "trigger_id": self.trigger_id(),
        }
        return self.post_form(fields, **kwargs)

    # -- interactivity -----------------------------------------------------------------
    def _user(self, user: str) -> dict:
        return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.team}

    def interact(self, payload: dict, **kwargs: Any) -> Reply:
        return self.post_form({"payload": json.dumps(payload)}, **kwargs)

    def submit(self, view: dict, values: dict[str, Any], *, user: str = "UALICE") -> Reply:
        """Submit a modal as Slack does, filling input blocks by block_id."""
        state = state_values(view, values)
        submitted = dict(view, state={"values": state})
        payload = {
            "type": "view_submission",
            "team": {"id": self.team, "domain": self.team.lower()},
            "user": self._user(user),
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": self.trigger_id(),
            "view": submitted,
            "response_urls": [],
            "is_enterprise_install": bool(self.enterprise),
            "enterprise": {"id": self.enterprise} if self.enterprise else None,
        }
        return self.interact(payload)

    def click(self, action_id: str, *, user: str = "UALICE", blocks: list[dict] | None = None,
              channel: str | None = None, message_ts: str | None = None, view: dict | None = None,
              state: dict | None = None) -> Reply:
        """Press a button found (by action_id) in a message's blocks or a view's blocks."""
        source = blocks if blocks is not None else (view or {}).get("blocks", [])
        element = find_action(source, action_id)
        action = {
            "action_id": action_id,
            "block_id": element.get("block_id") or "b",
            "type": element.get("type", "button"),
            "action_ts": f"{time.time():.6f}",
        }
        if element.get("type", "button") == "button":
            action["text"] = element.get("text")
            if "value" in element:
                action["value"] = element["value"]
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team, "domain": self.team.lower()},
            "user": self._user(user),
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": self.trigger_id(),
            "actions": [action],
            "is_enterprise_install": bool(self.enterprise),
            "enterprise": {"id": self.enterprise} if self.enterprise else None,
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id")}
            payload["view"] = view
        else:
            payload["container"] = {"type": "message", "message_ts": message_ts, "channel_id": channel,
                                    "is_ephemeral": False}
            payload["channel"] = {"id": channel, "name": "channel"}
            payload["message"] = {"type": "message", "ts": message_ts, "blocks": blocks, "user": "UDOZENBOT"}
            payload["response_url"] = self.fake.response_url()
            # Slack sends the state of a message's interactive elements (checkboxes...) with each action.
            payload["state"] = {"values": state if state is not None else message_state(blocks or [])}
        return self.interact(payload)

    def suggest(self, view: dict, block_id: str, query: str, *, user: str = "UALICE") -> Reply:
        """What a picker that searches as people type offers for `query` (block_suggestion)."""
        block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
        payload = {
            "type": "block_suggestion",
            "user": self._user(user),
            "container": {"type": "view", "view_id": view.get("id")},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "action_id": block["element"]["action_id"],
            "block_id": block_id,
            "value": query,
            "team": {"id": self.team, "domain": self.team.lower()},
            "view": view,
        }
        return self.interact(payload)

    # -- events ------------------------------------------------------------------------
    def event(self, event: dict, *, event_id: str | None = None, retry: int | None = None) -> Reply:
        event_id = event_id or f"Ev{next(self._ids):08d}"
        envelope = {
            "token": "legacy-verification-token",
            "team_id": self.team,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": self.team, "user_id": "UDOZENBOT",
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
            "event_context": f"ctx-{event_id}",
        }
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post_json(envelope, headers=headers)

    def reaction_envelope(self, user: str, channel: str, ts: str, emoji: str = "+1", *, removed: bool = False,
                          event_id: str | None = None, event_ts: float | None = None) -> dict:
        """A reaction event's envelope exactly as Slack sends it (and sends it again, when it retries)."""
        event_id = event_id or f"Ev{next(self._ids):08d}"
        event = {"type": "reaction_removed" if removed else "reaction_added", "user": user, "reaction": emoji,
                 "item_user": "UDOZENBOT", "item": {"type": "message", "channel": channel, "ts": ts},
                 "event_ts": f"{time.time() if event_ts is None else event_ts:.6f}"}
        return {"token": "legacy-verification-token", "team_id": self.team, "api_app_id": APP_ID, "event": event,
                "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                "authorizations": [{"enterprise_id": None, "team_id": self.team, "user_id": "UDOZENBOT",
                                    "is_bot": True, "is_enterprise_install": False}],
                "is_ext_shared_channel": False, "event_context": f"ctx-{event_id}"}

    def react(self, user: str, channel: str, ts: str, emoji: str = "+1", *, removed: bool = False,
              event_id: str | None = None, retry: int | None = None) -> Reply:
        event = {
            "type": "reaction_removed" if removed else "reaction_added",
            "user": user,
            "reaction": emoji,
            "item_user": "UDOZENBOT",
            "item": {"type": "message", "channel": channel, "ts": ts},
            "event_ts": f"{time.time():.6f}",
        }
        return self.event(event, event_id=event_id, retry=retry)

    def open_home(self, user: str) -> Reply:
        return self.event({"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
