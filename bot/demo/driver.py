"""The demo's people acting in Slack: Slack's own requests to Dozen's HTTP server, signed with
the signing secret (slack_sdk's SignatureVerifier) and shaped as Slack sends them: slash
commands, form submissions, button presses, reactions and the install's browser visits.

What a person does is recorded in the transcript (an `ACTION`), and so is what Slack shows
them from Dozen's answer to the request itself (a reply only they see, a form redrawn)."""

from __future__ import annotations

import itertools
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.demo.simulator import EPHEMERAL, FORM_UPDATE, Message, Seen, Simulator

APP_ID = "ADOZEN"
ACTION = "action"
SUBMIT_LIMIT = 3  # seconds: what Slack waits for Dozen's answer


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    team: str

    @property
    def first(self) -> str:
        return self.name.split()[0]


@dataclass
class Reply:
    status: int
    text: str

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.text) if self.text else None
        except json.JSONDecodeError:
            return None


class DemoError(Exception):
    """The scripted week did not go as written: Dozen answered something unexpected."""


class Driver:
    def __init__(self, app_url: str, signing_secret: str, simulator: Simulator):
        self.url = app_url
        self.secret = signing_secret
        self.slack = simulator
        self._ids = itertools.count(1)

    # -- the wire -----------------------------------------------------------------------------------
    def _post(self, body: bytes, content_type: str) -> Reply:
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(self.secret).generate_signature(timestamp=timestamp, body=body)
        request = urllib.request.Request(self.url + "/slack/events", data=body, method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def _form(self, fields: dict) -> Reply:
        return self._post(urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def _interact(self, payload: dict) -> Reply:
        reply = self._form({"payload": json.dumps(payload)})
        if reply.status != 200:
            raise DemoError(f"Dozen answered {reply.status} to a {payload['type']}: {reply.text[:200]}")
        return reply

    def trigger_id(self, person: Person) -> str:
        return f"{next(self._ids)}.{person.team}.{person.user_id}"

    def did(self, person: Person, what: str, where: str | None = None) -> None:
        """Put what someone did in the transcript."""
        self.slack.record(Seen(ACTION, person.team, where, person.user_id, what))

    # -- a browser ----------------------------------------------------------------------------------
    def get(self, path: str, *, cookie: str | None = None) -> tuple[int, str, dict]:
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def install(self, person: Person, code: str) -> None:
        """`person` opens /slack/install, presses Add to Slack and allows Dozen; Slack sends their
        browser back to /slack/oauth_redirect with a code Dozen exchanges (oauth.v2.access)."""
        status, page, headers = self.get("/slack/install")
        found = re.search(r"state=([^&\"']+)", page)
        if status != 200 or not found:
            raise DemoError(f"/slack/install answered {status}")
        cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
        self.slack.grant(code, person.team, person.user_id)
        self.did(person, "opens /slack/install, presses [Add to Slack] and allows Dozen")
        status, _, _ = self.get(f"/slack/oauth_redirect?code={code}&state={found.group(1)}", cookie=cookie)
        if status != 200:
            raise DemoError(f"/slack/oauth_redirect answered {status}")

    # -- slash commands -----------------------------------------------------------------------------
    def command(self, person: Person, command: str, text: str = "", *, channel: str) -> str:
        """Type a slash command; returns the trigger_id (a form opened with it: `form`)."""
        trigger = self.trigger_id(person)
        self.did(person, f"types {command} {text}".rstrip(), channel)
        reply = self._form({
            "token": "legacy-verification-token", "team_id": person.team, "team_domain": person.team.lower(),
            "channel_id": channel, "channel_name": self.slack.channel_name(channel).lstrip("#"),
            "user_id": person.user_id, "user_name": person.first.lower(), "command": command, "text": text,
            "api_app_id": APP_ID, "is_enterprise_install": "false",
            "response_url": self.slack.response_url(person.team, person.user_id, channel), "trigger_id": trigger,
        })
        if reply.status != 200:
            raise DemoError(f"{command} {text} answered {reply.status}: {reply.text[:200]}")
        body = reply.json if isinstance(reply.json, dict) else ({"text": reply.text} if reply.text else {})
        if body.get("text") or body.get("blocks"):  # acked with a reply only they see
            self.slack.record(Seen(EPHEMERAL, person.team, channel, person.user_id, body.get("text", ""),
                                   body.get("blocks") or []))
        return trigger

    def form(self, trigger: str) -> dict:
        return self.slack.view_for(trigger)

    # -- forms --------------------------------------------------------------------------------------
    def submit(self, person: Person, view: dict, values: dict[str, Any], *, saying: str = "") -> dict | None:
        """Fill in a form (by block_id) and press its submit button. Returns the form as Dozen
        redrew it (`response_action: update`), or None when it closed."""
        self.did(person, saying or f"fills in “{_title(view)}” and presses [{_submit(view)}]")
        payload = {
            "type": "view_submission", "team": {"id": person.team, "domain": person.team.lower()},
            "user": self._user(person), "api_app_id": APP_ID, "token": "legacy-verification-token",
            "trigger_id": self.trigger_id(person), "view": dict(view, state={"values": state_values(view, values)}),
            "response_urls": [], "is_enterprise_install": False, "enterprise": None,
        }
        body = self._interact(payload).json or {}
        action = body.get("response_action")
        if action == "errors":
            raise DemoError(f"the form “{_title(view)}” was refused: {body.get('errors')}")
        if action in ("update", "push"):
            shown = dict(body["view"], id=view["id"], hash=view.get("hash"))
            self.slack.views[view["id"]] = shown
            self.slack.record(Seen(FORM_UPDATE, person.team, None, person.user_id, "", shown.get("blocks") or [],
                                   title=_title(shown)))
            return shown
        return None

    # -- buttons ------------------------------------------------------------------------------------
    def press(self, person: Person, action_id: str, *, message: Message | None = None, view: dict | None = None,
              state: dict | None = None, value: str = "") -> str:
        """Press a button (found by action_id, and by what its value holds when several have that
        action_id) in a message or a form; returns the trigger_id."""
        blocks = message.blocks if message is not None else (view or {}).get("blocks", [])
        element = find_action(blocks, action_id, value)
        label = _text(element.get("text")) or action_id
        where = message.channel if message is not None else None
        self.did(person, f"presses [{label}]", where)
        action = {"action_id": action_id, "block_id": element.get("block_id") or "b",
                  "type": element.get("type", "button"), "action_ts": f"{time.time():.6f}"}
        if action["type"] == "button":
            action["text"] = element.get("text")
            if "value" in element:
                action["value"] = element["value"]
        trigger = self.trigger_id(person)
        payload: dict[str, Any] = {
            "type": "block_actions", "team": {"id": person.team, "domain": person.team.lower()},
            "user": self._user(person), "api_app_id": APP_ID, "token": "legacy-verification-token",
            "trigger_id": trigger, "actions": [action], "is_enterprise_install": False, "enterprise": None,
        }
        if message is None:
            payload["container"] = {"type": "view", "view_id": (view or {}).get("id")}
            payload["view"] = view
        else:
            payload["container"] = {"type": "message", "message_ts": message.ts, "channel_id": message.channel,
                                    "is_ephemeral": False}
            payload["channel"] = {"id": message.channel, "name": self.slack.channel_name(message.channel)}
            payload["message"] = {"type": "message", "ts": message.ts, "blocks": message.blocks, "user": "UDOZENBOT"}
            payload["response_url"] = self.slack.response_url(person.team, person.user_id, message.channel)
            payload["state"] = {"values": state if state is not None else message_state(message.blocks)}
        self._interact(payload)
        return trigger

    def _user(self, person: Person) -> dict:
        return {"id": person.user_id, "username": person.first.lower(), "name": person.first.lower(),
                "team_id": person.team}

    # -- events -------------------------------------------------------------------------------------
    def react(self, person: Person, message: Message, emoji: str = "+1") -> None:
        self.did(person, f"reacts with :{emoji}:", message.channel)
        event_id = f"Ev{next(self._ids):08d}"
        event = {"type": "reaction_added", "user": person.user_id, "reaction": emoji, "item_user": "UDOZENBOT",
                 "item": {"type": "message", "channel": message.channel, "ts": message.ts},
                 "event_ts": f"{time.time():.6f}"}
        envelope = {"token": "legacy-verification-token", "team_id": person.team, "api_app_id": APP_ID,
                    "event": event, "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                    "authorizations": [{"enterprise_id": None, "team_id": person.team, "user_id": "UDOZENBOT",
                                        "is_bot": True, "is_enterprise_install": False}],
                    "is_ext_shared_channel": False, "event_context": f"ctx-{event_id}"}
        reply = self._post(json.dumps(envelope).encode(), "application/json")
        if reply.status != 200:
            raise DemoError(f"a reaction answered {reply.status}")


def _text(node: Any) -> str:
    return node.get("text", "") if isinstance(node, dict) else (node or "")


def _title(view: dict) -> str:
    return _text(view.get("title"))


def _submit(view: dict) -> str:
    return _text(view.get("submit")) or "Submit"


def find_action(blocks: list[dict], action_id: str, value: str = "") -> dict:
    for block in blocks:
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if isinstance(element, dict) and element.get("action_id") == action_id and \
                    value in str(element.get("value", "")):
                return dict(element, block_id=block.get("block_id"))
    raise DemoError(f"no button {action_id!r} where the script expected one")


def has_action(blocks: list[dict], action_id: str) -> bool:
    try:
        find_action(blocks, action_id)
    except DemoError:
        return False
    return True


def message_state(blocks: list[dict]) -> dict:
    """The state of a message's checkboxes as Slack reports it: their initial options."""
    state: dict = {}
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "checkboxes":
                state.setdefault(block["block_id"], {})[element["action_id"]] = {
                    "type": "checkboxes", "selected_options": element.get("initial_options", [])}
    return state


def _options(element: dict) -> list[dict]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _option(element: dict, value: str, block_id: str) -> dict:
    for option in _options(element):
        if option["value"] == value:
            return option
    raise DemoError(f"{block_id}: the form offers no {value!r}")


def _initial(element: dict) -> Any:
    if element.get("initial_option"):
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [o["value"] for o in element["initial_options"]]
    for key in ("initial_value", "initial_user", "initial_users", "initial_channel", "initial_conversation",
                "initial_date", "initial_time"):
        if key in element:
            return element[key]
    return None


def state_values(view: dict, values: dict[str, Any]) -> dict:
    """view.state.values as Slack builds it from what was filled in (block_id -> value); a
    field left alone submits its initial value."""
    state: dict[str, dict] = {}
    unknown = set(values)
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        block_id, element = block["block_id"], block["element"]
        kind, action_id = element["type"], element["action_id"]
        unknown.discard(block_id)
        value = values[block_id] if block_id in values else _initial(element)
        if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
            entry = {"type": kind, "value": None if value is None else str(value)}
        elif kind in ("static_select", "radio_buttons"):
            entry = {"type": kind, "selected_option": _option(element, value, block_id) if value is not None else None}
        elif kind in ("multi_static_select", "checkboxes"):
            entry = {"type": kind, "selected_options": [_option(element, v, block_id) for v in (value or [])]}
        elif kind == "external_select":
            entry = {"type": kind, "selected_option": None if value is None else {
                "text": {"type": "plain_text", "text": str(value)[:75], "emoji": True}, "value": value}}
        elif kind == "multi_external_select":
            entry = {"type": kind, "selected_options": [
                {"text": {"type": "plain_text", "text": v[:75], "emoji": True}, "value": v} for v in (value or [])]}
        elif kind == "users_select":
            entry = {"type": kind, "selected_user": value}
        elif kind == "multi_users_select":
            entry = {"type": kind, "selected_users": list(value or [])}
        elif kind == "datepicker":
            entry = {"type": kind, "selected_date": value}
        elif kind == "timepicker":
            entry = {"type": kind, "selected_time": value}
        elif kind == "channels_select":
            entry = {"type": kind, "selected_channel": value}
        elif kind == "conversations_select":
            entry = {"type": kind, "selected_conversation": value}
        else:
            raise DemoError(f"the demo cannot fill in a {kind}")
        state[block_id] = {action_id: entry}
    if unknown:
        raise DemoError(f"the form has no fields {sorted(unknown)}")
    return state
