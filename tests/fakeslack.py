"""A fake Slack Web API on a loopback port, written for Dozen's tests.

It answers the Web API methods Dozen calls, records every call, and checks every message
and view the way Slack would: with slack_sdk's Block Kit models and with the Block Kit
JSON schema in tests/fixtures (which, like Slack, refuses unknown fields and empty strings
that slack_sdk lets through). A call that fails the checks is answered `invalid_blocks`
and recorded in `problems`; the test fixtures fail any test that leaves problems behind.

It also serves `response_url`s (POST /response/<id>) and file uploads."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from jsonschema import Draft202012Validator
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "block-kit.schema.json").read_text())
BLOCKS_VALIDATOR = Draft202012Validator(SCHEMA)
VIEW_VALIDATORS = {
    kind: Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{kind}_view"})
    for kind in ("modal", "home")
}
TEAM_AWARE = {"auth.test", "oauth.v2.access", "users.info", "users.list", "chat.postMessage"}  # handlers that answer differently for each workspace
MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral"}
VIEW_METHODS = {"views.open", "views.update", "views.push", "views.publish"}
TEAM_ID = "T0DOZEN"
BOT_USER = "UDOZENBOT"
TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"


def _blocks_check(blocks: Any) -> list[str]:
    if not isinstance(blocks, list) or not blocks:
        return ["blocks must be a non-empty list"]
    problems = [f"schema: {e.message} at {list(e.absolute_path)}" for e in BLOCKS_VALIDATOR.iter_errors(blocks)]
    for index, block in enumerate(blocks):
        try:
            parsed = Block.parse(block)
            if parsed is None:
                problems.append(f"slack_sdk: block {index} has an unknown type")
            else:
                parsed.validate_json()
        except Exception as error:  # slack_sdk raises SlackObjectFormationError and friends
            problems.append(f"slack_sdk: block {index}: {error}")
    return problems


def _view_check(view: Any) -> list[str]:
    if not isinstance(view, dict) or view.get("type") not in VIEW_VALIDATORS:
        return ["view must be a modal or home view"]
    validator = VIEW_VALIDATORS[view["type"]]
    problems = [f"schema: {e.message} at {list(e.absolute_path)}" for e in validator.iter_errors(view)]
    try:
        View(**view).validate_json()
    except Exception as error:
        problems.append(f"slack_sdk: {error}")
    return problems


CHECKS = {"blocks": _blocks_check, "view": _view_check}


def _check_in_child(kind: str, payload_json: str) -> list[str]:
    return CHECKS[kind](json.loads(payload_json))


class _Checker:
    """Checking a payload against the large JSON schema is slow. It runs in another process,
    as Slack's own checks run on Slack's servers: in Dozen's process it would hold the GIL and
    starve the server under test. Each distinct payload is checked once."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], list[str]] = {}
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, kind: str, payload: Any) -> list[str]:
        key = (kind, json.dumps(payload, sort_keys=True))
        with self._lock:
            if key in self._seen:
                return list(self._seen[key])
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            pool = self._pool
        problems = pool.submit(_check_in_child, *key).result()
        with self._lock:
            self._seen[key] = problems
        return list(problems)


CHECKER = _Checker()


def block_problems(blocks: Any) -> list[str]:
    return CHECKER("blocks", blocks)


def view_problems(view: Any) -> list[str]:
    return CHECKER("view", view)


@dataclass
class Call:
    method: str
    args: dict
    at: float = field(default_factory=time.monotonic)
    result: dict | None = None  # what the fake answered, once it has
    answered_at: float | None = None
    team: str | None = None  # the workspace whose token made the call

    def __getitem__(self, key: str) -> Any:
        return self.args[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.args.get(key, default)


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list
    user: str = BOT_USER
    thread_ts: str | None = None


class FakeSlack:
    """Start with `FakeSlack().start()`; `url` is the Web API base for SLACK_API_URL.
    `checks=False` skips the Block Kit checks (for benchmarks, where only speed is measured)."""

    def __init__(self, *, checks: bool = True, any_token: bool = False) -> None:
        self.checks = checks
        self.any_token = any_token  # benchmarks: "xoxb-T123" is a token of workspace T123
        self.calls: list[Call] = []
        self.problems: list[str] = []
        self.responses: list[dict] = []  # what was POSTed to response_urls, with "url"
        self.messages: dict[tuple[str, str], Message] = {}
        self.views: dict[str, dict] = {}
        self.published: dict[str, dict] = {}  # user -> home view
        self.files: list[dict] = []
        self.users: dict[str, dict] = {}
        self.refuse: dict[str, str] = {}  # channel -> error for chat.postMessage
        self.rate_limit_next: dict[str, int] = defaultdict(int)  # method -> how many 429s to answer
        self.fail_next: dict[str, int] = defaultdict(int)  # method -> how many 500s to answer
        self.delay: dict[str, float] = {}  # method -> seconds to wait before answering
        self.answers: dict[str, dict] = {}  # method -> what to answer instead, whatever the token (start-up checks)
        self.headers: dict[str, dict] = {}  # method -> headers to answer with, e.g. auth.test's X-OAuth-Scopes
        self.tokens: dict[str, str] = {TOKEN: TEAM_ID}  # bot token -> its workspace
        self.team_names: dict[str, str] = {TEAM_ID: "Dozen Test"}
        self.grants: dict[str, dict] = {}  # OAuth code -> the install it stands for
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self, port: int = 0) -> "FakeSlack":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

        class Server(ThreadingHTTPServer):
            request_queue_size = 128

        self._server = Server(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self) -> str:
        return f"{self.base}/response/{next(self._ids)}"

    # -- test helpers ----------------------------------------------------------------------
    # -- several workspaces ---------------------------------------------------------------
    def add_workspace(self, team_id: str, token: str, *, name: str | None = None) -> None:
        """Another workspace, with its own bot token (several installs of one app)."""
        self.tokens[token] = team_id
        self.team_names[team_id] = name or team_id

    def revoke(self, token: str) -> None:
        """The workspace uninstalled Dozen: its token no longer works."""
        self.tokens.pop(token, None)

    def grant(self, code: str, team_id: str, token: str, *, installer: str, team_name: str | None = None,
              enterprise_id: str | None = None, org_wide: bool = False) -> None:
        """What oauth.v2.access answers for `code`: an install of Dozen in `team_id` by `installer`."""
        self.grants[code] = {"team_id": team_id, "token": token, "installer": installer,
                             "team_name": team_name or team_id, "enterprise_id": enterprise_id, "org_wide": org_wide}

    def calls_in(self, team_id: str, method: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.team == team_id]

    def add_user(self, user_id: str, *, name: str | None = None, admin: bool = False, tz: str = "Europe/London",
                 email: str | None = None, team: str = TEAM_ID) -> None:
        name = name or user_id.lower()
        self.users[user_id] = {
            "id": user_id, "team_id": team, "name": name, "real_name": name.title(), "is_admin": admin,
            "is_owner": False, "is_bot": False, "deleted": False, "tz": tz,
            "profile": {"real_name": name.title(), "display_name": name, "email": email or f"{name}@example.gov.uk"},
        }

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def last(self, method: str) -> Call:
        calls = self.calls_to(method)
        assert calls, f"no {method} call was made; calls: {[c.method for c in self.calls]}"
        return calls[-1]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, **match: Any) -> list[Call]:
        """Wait until at least `count` calls of `method` (whose args include `match`) arrived."""
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls_to(method)
                     if c.result is not None and all(c.get(k) == v for k, v in match.items())]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} {method} {match or ''} call(s), saw {len(found)}: "
                                     f"{[c.method for c in self.calls]}")
            time.sleep(0.02)

    def wait_for_response(self, count: int = 1, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.responses) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} response_url post(s), saw {len(self.responses)}")
            time.sleep(0.02)
        return self.responses

    def dms_to(self, user_id: str) -> list[Message]:
        channel = self.dm_channel(user_id)
        with self._lock:
            return [m for m in self.messages.values() if m.channel == channel]

    @staticmethod
    def dm_channel(user_id: str) -> str:
        return "D" + user_id

    @staticmethod
    def group_channel(*user_ids: str) -> str:
        """The group DM (MPIM) of these people and Dozen."""
        return "G" + "-".join(sorted(user_ids))

    def group_messages(self, *user_ids: str) -> list[Message]:
        channel = self.group_channel(*user_ids)
        with self._lock:
            return [m for m in self.messages.values() if m.channel == channel]

    def message(self, channel: str, ts: str) -> Message:
        return self.messages[(channel, ts)]

    # -- the API ---------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if parsed.path.startswith("/response/"):
            self._record_response(parsed.path, raw)
            self._reply(request, 200, {"ok": True})
            return
        if parsed.path.startswith("/upload/"):
            self._record_upload(parsed.path, raw)
            self._reply(request, 200, {"ok": True})
            return
        method = parsed.path.removeprefix("/api/")
        args = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        content_type = request.headers.get("Content-Type", "")
        if raw and "json" in content_type:
            args.update(json.loads(raw))
        elif raw:
            args.update({k: v[-1] for k, v in parse_qs(raw.decode()).items()})
        for key in ("blocks", "view", "attachments", "files"):
            if isinstance(args.get(key), str):
                try:
                    args[key] = json.loads(args[key])
                except json.JSONDecodeError:
                    pass
        call = Call(method, args)
        with self._lock:
            self.calls.append(call)
            if self.rate_limit_next[method] > 0:
                self.rate_limit_next[method] -= 1
                self._reply(request, 429, {"ok": False, "error": "ratelimited"}, headers={"Retry-After": "1"})
                return
            if self.fail_next[method] > 0:
                self.fail_next[method] -= 1
                self._reply(request, 500, {"ok": False, "error": "internal_error"})
                return
            answer = self.answers.get(method)
        if answer is not None:
            call.result, call.answered_at = answer, time.monotonic()
            self._reply(request, 429 if answer.get("error") == "ratelimited" else 200, answer,
                        headers=self.headers.get(method))
            return
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        if method == "oauth.v2.access":  # the app's credentials, not a token, say who asks
            call.team = None
        elif method == "apps.connections.open":
            if token != APP_TOKEN:
                self._reply(request, 200, {"ok": False, "error": "invalid_auth"})
                return
        elif token in self.tokens:
            call.team = self.tokens[token]
        elif self.any_token and token.startswith("xoxb-"):
            call.team = token.removeprefix("xoxb-")
        else:
            self._reply(request, 200, {"ok": False, "error": "invalid_auth"})
            return
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            self.problems.append(f"Dozen called {method}, which this fake does not know")
            self._reply(request, 200, {"ok": False, "error": "unknown_method"})
            return
        problems = self._check(method, args) if self.checks else []
        if problems:
            self.problems.extend(f"{method}: {p}" for p in problems)
            self._reply(request, 200, {"ok": False, "error": "invalid_blocks", "errors": problems})
            return
        if self.delay.get(method):  # a slow Slack: answers take this long
            time.sleep(self.delay[method])
        with self._lock:
            result = handler(args, call.team) if method in TEAM_AWARE else handler(args)
            call.result, call.answered_at = result, time.monotonic()
        self._reply(request, 200, result, headers=self.headers.get(method))

    def _check(self, method: str, args: dict) -> list[str]:
        if method in MESSAGE_METHODS:
            problems = []
            if not args.get("text") and not args.get("blocks"):
                problems.append("a message needs text or blocks")
            if args.get("blocks") is not None:
                problems += block_problems(args["blocks"])
            return problems
        if method in VIEW_METHODS:
            return view_problems(args.get("view"))
        return []

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)

    def _record_response(self, path: str, raw: bytes) -> None:
        body = json.loads(raw or b"{}")
        if body.get("blocks") is not None and self.checks:
            problems = block_problems(body["blocks"])
            self.problems.extend(f"response_url: {p}" for p in problems)
        body["url"] = path
        with self._lock:
            self.responses.append(body)

    def _record_upload(self, path: str, raw: bytes) -> None:
        file_id = path.removeprefix("/upload/")
        with self._lock:
            for f in self.files:
                if f["id"] == file_id:
                    f["content"] = raw

    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def _channel(self, channel: str) -> str:
        return self.dm_channel(channel) if channel.startswith(("U", "W")) else channel

    def api_auth_test(self, args: dict, team: str | None = None) -> dict:
        team = team or TEAM_ID
        return {"ok": True, "url": f"https://{team.lower()}.slack.com/", "team": self.team_names.get(team, team),
                "user": "dozen", "team_id": team, "user_id": BOT_USER, "bot_id": "BDOZEN", "app_id": "ADOZEN",
                "is_enterprise_install": False}

    def api_oauth_v2_access(self, args: dict, team: str | None = None) -> dict:
        grant = self.grants.pop(args.get("code", ""), None)  # a code works once
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        self.tokens[grant["token"]] = grant["team_id"]
        self.team_names[grant["team_id"]] = grant["team_name"]
        enterprise = {"id": grant["enterprise_id"], "name": "Grid"} if grant["enterprise_id"] else None
        return {"ok": True, "app_id": "ADOZEN", "authed_user": {"id": grant["installer"]},
                "scope": "commands,chat:write", "token_type": "bot", "access_token": grant["token"],
                "bot_user_id": BOT_USER, "team": None if grant["org_wide"] else
                {"id": grant["team_id"], "name": grant["team_name"]},
                "enterprise": enterprise, "is_enterprise_install": grant["org_wide"]}

    def api_apps_connections_open(self, args: dict) -> dict:
        # Socket Mode asks where to connect; nothing listens there, which is enough to
        # show that Dozen chose Socket Mode and asked SLACK_API_URL with its app token.
        return {"ok": True, "url": f"ws://127.0.0.1:{self._server.server_address[1]}/socket"}

    def api_chat_postMessage(self, args: dict, team: str | None = None) -> dict:
        user = self.users.get(args["channel"])
        if user is not None and team and user["team_id"] != team:  # a DM goes through the person's own workspace
            return {"ok": False, "error": "channel_not_found"}
        channel = self._channel(args["channel"])
        if channel in self.refuse:
            return {"ok": False, "error": self.refuse[channel]}
        ts = self._next_ts()
        message = Message(channel, ts, args.get("text", ""), args.get("blocks") or [], thread_ts=args.get("thread_ts"))
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts,
                "message": {"type": "message", "user": BOT_USER, "text": message.text, "blocks": message.blocks,
                            "ts": ts}}

    def api_chat_update(self, args: dict) -> dict:
        key = (args["channel"], args["ts"])
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        message = self.messages[key]
        message.text = args.get("text", message.text)
        message.blocks = args.get("blocks") or message.blocks
        return {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": message.text}

    def api_chat_delete(self, args: dict) -> dict:
        if self.messages.pop((args["channel"], args["ts"]), None) is None:
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def api_chat_postEphemeral(self, args: dict) -> dict:
        if args["channel"] in self.refuse:
            return {"ok": False, "error": self.refuse[args["channel"]]}
        return {"ok": True, "message_ts": self._next_ts()}

    def api_chat_getPermalink(self, args: dict) -> dict:
        return {"ok": True, "channel": args["channel"],
                "permalink": f"https://dozen-test.slack.com/archives/{args['channel']}/p{args['message_ts'].replace('.', '')}"}

    def api_conversations_open(self, args: dict) -> dict:
        users = [u for u in args.get("users", "").split(",") if u]
        if len(users) > 1:  # a group DM (MPIM) of these people and Dozen: the same one each time
            return {"ok": True, "channel": {"id": self.group_channel(*users), "is_mpim": True}}
        return {"ok": True, "channel": {"id": self.dm_channel(users[0] if users else "")}}

    def api_users_info(self, args: dict, team: str | None = None) -> dict:
        user = self.users.get(args.get("user", ""))
        if user is None or (team and user["team_id"] != team):  # another workspace's people are not seen
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def api_users_list(self, args: dict, team: str | None = None) -> dict:
        members = [u for u in self.users.values() if not team or u["team_id"] == team]
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    def api_views_open(self, args: dict) -> dict:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view_id = f"V{next(self._ids):06d}"
        view = dict(args["view"], id=view_id, team_id=TEAM_ID, hash=f"h{view_id}")
        self.views[view_id] = view
        return {"ok": True, "view": view}

    def api_views_push(self, args: dict) -> dict:
        return self.api_views_open(args)

    def api_views_update(self, args: dict) -> dict:
        view_id = args.get("view_id")
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        self.views[view_id] = dict(args["view"], id=view_id, team_id=TEAM_ID, hash=f"h{view_id}")
        return {"ok": True, "view": self.views[view_id]}

    def api_views_publish(self, args: dict) -> dict:
        self.published[args["user_id"]] = args["view"]
        return {"ok": True, "view": dict(args["view"], id="VHOME")}

    def api_files_getUploadURLExternal(self, args: dict) -> dict:
        file_id = f"F{next(self._ids):06d}"
        self.files.append({"id": file_id, "filename": args.get("filename"), "length": int(args.get("length", 0)),
                           "content": b""})
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, args: dict) -> dict:
        files = args.get("files") or []
        for entry in files:
            for f in self.files:
                if f["id"] == entry["id"]:
                    f.update(title=entry.get("title"), channel=args.get("channel_id"),
                             initial_comment=args.get("initial_comment"))
        return {"ok": True, "files": [{"id": entry["id"], "title": entry.get("title")} for entry in files]}


if __name__ == "__main__":  # a fake Slack of its own, for benchmarks: python -m tests.fakeslack PORT
    import sys

    served = FakeSlack(checks=False, any_token="--any-token" in sys.argv).start(int(sys.argv[1]))
    print(served.url, flush=True)
    threading.Event().wait()
