"""A small Slack Web API simulator on loopback, shipped for `python -m bot demo`.

It answers the Web API methods Dozen calls, for several workspaces each with its own bot
token, and records what each person would see in Slack: messages in channels and DMs (and
their edits), messages only one person sees (ephemeral replies, `response_url` posts), and
the forms (modals) Dozen opens. Unlike the test suite's fake it checks no Block Kit schema:
it is a stage for the demo, not a judge."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER = "UDOZENBOT"
TEAM_AWARE = {"auth.test", "users.info", "users.list", "chat.postMessage", "chat.postEphemeral", "views.open",
              "views.push", "views.update", "views.publish", "chat.update", "chat.delete", "conversations.open",
              "files.completeUploadExternal"}

# What a person sees: kinds of `Seen`
MESSAGE, EDIT, DELETED, EPHEMERAL, FORM, FORM_UPDATE, FILE = (
    "message", "edit", "deleted", "ephemeral", "form", "form update", "file")


@dataclass
class Seen:
    """One thing a person (or a channel) sees in Slack."""

    kind: str
    team: str | None  # the workspace it is seen in
    channel: str | None  # where: a channel, a DM ("D" + person) or a group DM
    user: str | None  # for what only one person sees (ephemeral, forms); None: everyone in `channel`
    text: str = ""
    blocks: list = field(default_factory=list)
    title: str = ""  # a form's title
    ts: str | None = None
    thread_ts: str | None = None
    before: list = field(default_factory=list)  # an edit: the blocks shown before
    before_text: str = ""


@dataclass
class Message:
    team: str | None
    channel: str
    ts: str
    text: str
    blocks: list
    thread_ts: str | None = None


@dataclass
class Workspace:
    team_id: str
    name: str
    token: str


class Simulator:
    """`Simulator().start()`; `url` is the Web API base for SLACK_API_URL."""

    def __init__(self) -> None:
        self.workspaces: dict[str, Workspace] = {}
        self.tokens: dict[str, str] = {}  # bot token -> workspace (once installed)
        self.users: dict[str, dict] = {}
        self.channels: dict[str, tuple[str, str]] = {}  # channel id -> (workspace, name)
        self.grants: dict[str, str] = {}  # OAuth code -> the workspace it installs Dozen in
        self.installers: dict[str, str] = {}  # workspace -> who installs it
        self.messages: dict[tuple[str, str], Message] = {}
        self.views: dict[str, dict] = {}  # view id -> view
        self.by_trigger: dict[str, dict] = {}  # trigger_id -> the view opened with it
        self.view_users: dict[str, str] = {}  # view id -> whose form it is
        self.responses: dict[str, tuple[str, str, str | None]] = {}  # response_url id -> (team, user, channel)
        self.files: dict[str, dict] = {}
        self.seen: list[Seen] = []
        self.unknown: list[str] = []  # methods Dozen called that the simulator does not know
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> Simulator:
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                simulator._handle(self)

            def do_POST(self) -> None:
                simulator._handle(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 64

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True,
                         name="slack-simulator").start()
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

    # -- the world ----------------------------------------------------------------------------------
    def add_workspace(self, team_id: str, name: str, token: str) -> None:
        """A workspace; Dozen gets its token when it is installed there (oauth.v2.access)."""
        self.workspaces[team_id] = Workspace(team_id, name, token)

    def add_user(self, user_id: str, name: str, team: str, *, admin: bool = False, title: str = "") -> None:
        handle = name.split()[0].lower()
        self.users[user_id] = {
            "id": user_id, "team_id": team, "name": handle, "real_name": name, "is_admin": admin,
            "is_owner": False, "is_bot": False, "deleted": False, "tz": "Europe/London", "locale": "en-GB",
            "profile": {"real_name": name, "display_name": name, "title": title,
                        "email": f"{handle}@{team.lower()}.example.gov.uk"},
        }

    def add_channel(self, channel_id: str, name: str, team: str) -> None:
        self.channels[channel_id] = (team, name)

    def grant(self, code: str, team_id: str, installer: str) -> None:
        """What oauth.v2.access answers for `code`: Dozen installed in `team_id` by `installer`."""
        self.grants[code] = team_id
        self.installers[team_id] = installer

    def response_url(self, team: str, user: str, channel: str | None) -> str:
        """A response_url for something `user` did: what Dozen posts there only they see."""
        key = str(next(self._ids))
        self.responses[key] = (team, user, channel)
        return f"{self.base}/response/{key}"

    def name_of(self, user_id: str) -> str:
        user = self.users.get(user_id)
        return user["real_name"] if user else user_id

    def channel_name(self, channel_id: str) -> str:
        if channel_id in self.channels:
            return "#" + self.channels[channel_id][1]
        if channel_id.startswith("D"):
            return "DM"
        if channel_id.startswith("G"):
            return "group DM"
        return channel_id

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def mark(self) -> int:
        """Where the record stands now (what was seen after it: `since`)."""
        with self._lock:
            return len(self.seen)

    def since(self, mark: int) -> list[Seen]:
        with self._lock:
            return list(self.seen[mark:])

    def message(self, channel: str, ts: str) -> Message:
        return self.messages[(channel, ts)]

    def dms_to(self, user_id: str) -> list[Message]:
        with self._lock:
            return [m for m in self.messages.values() if m.channel == "D" + user_id]

    def posts_in(self, channel: str) -> list[Message]:
        with self._lock:
            return [m for m in self.messages.values() if m.channel == channel and not m.thread_ts]

    def view_for(self, trigger_id: str, timeout: float = 15.0) -> dict:
        """The form Dozen opened with this trigger_id (it opens it after answering Slack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if trigger_id in self.by_trigger:
                    return self.views[self.by_trigger[trigger_id]["id"]]
            time.sleep(0.02)
        raise TimeoutError(f"Dozen opened no form for trigger {trigger_id}")

    # -- HTTP ---------------------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if parsed.path.startswith("/response/"):
            self._response(parsed.path.removeprefix("/response/"), raw)
            self._reply(request, {"ok": True})
            return
        if parsed.path.startswith("/upload/"):
            with self._lock:
                file = self.files.get(parsed.path.removeprefix("/upload/"))
                if file is not None:
                    file["content"] = raw
            self._reply(request, {"ok": True})
            return
        method = parsed.path.removeprefix("/api/")
        args = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        if raw and "json" in request.headers.get("Content-Type", ""):
            args.update(json.loads(raw))
        elif raw:
            args.update({k: v[-1] for k, v in parse_qs(raw.decode()).items()})
        for key in ("blocks", "view", "files"):
            if isinstance(args.get(key), str):
                try:
                    args[key] = json.loads(args[key])
                except json.JSONDecodeError:
                    pass
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        team = self.tokens.get(token)
        if method != "oauth.v2.access" and team is None:
            self._reply(request, {"ok": False, "error": "invalid_auth"})
            return
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            self.unknown.append(method)
            self._reply(request, {"ok": False, "error": "unknown_method"})
            return
        with self._lock:
            result = handler(args, team) if method in TEAM_AWARE else handler(args)
        self._reply(request, result)

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, body: dict) -> None:
        data = json.dumps(body).encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _response(self, key: str, raw: bytes) -> None:
        body = json.loads(raw or b"{}")
        team, user, channel = self.responses.get(key, (None, None, None))
        self.record(Seen(EPHEMERAL, team, channel, user, body.get("text", ""), body.get("blocks") or []))

    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    # -- the Web API --------------------------------------------------------------------------------
    def api_auth_test(self, args: dict, team: str) -> dict:
        workspace = self.workspaces[team]
        return {"ok": True, "url": f"https://{team.lower()}.slack.com/", "team": workspace.name, "user": "dozen",
                "team_id": team, "user_id": BOT_USER, "bot_id": "BDOZEN", "app_id": "ADOZEN",
                "is_enterprise_install": False}

    def api_oauth_v2_access(self, args: dict) -> dict:
        team = self.grants.pop(args.get("code", ""), None)  # a code works once
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        workspace = self.workspaces[team]
        self.tokens[workspace.token] = team
        return {"ok": True, "app_id": "ADOZEN", "authed_user": {"id": self.installers[team]},
                "scope": "commands,chat:write,chat:write.public,reactions:read,users:read,im:write,im:history,"
                         "mpim:write,files:write",
                "token_type": "bot", "access_token": workspace.token, "bot_user_id": BOT_USER,
                "team": {"id": team, "name": workspace.name}, "enterprise": None, "is_enterprise_install": False}

    def _where(self, channel: str) -> str:
        return "D" + channel if channel.startswith(("U", "W")) else channel

    def api_chat_postMessage(self, args: dict, team: str) -> dict:
        person = self.users.get(args["channel"])
        if person is not None and person["team_id"] != team:  # a DM goes through the person's own workspace
            return {"ok": False, "error": "channel_not_found"}
        channel = self._where(args["channel"])
        ts = self._next_ts()
        blocks = args.get("blocks") or []
        message = Message(team, channel, ts, args.get("text", ""), blocks, args.get("thread_ts"))
        self.messages[(channel, ts)] = message
        self.seen.append(Seen(MESSAGE, team, channel, None, message.text, blocks, ts=ts,
                              thread_ts=message.thread_ts))
        return {"ok": True, "channel": channel, "ts": ts,
                "message": {"type": "message", "user": BOT_USER, "text": message.text, "blocks": blocks, "ts": ts}}

    def api_chat_update(self, args: dict, team: str) -> dict:
        message = self.messages.get((args["channel"], args["ts"]))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        before, before_text = message.blocks, message.text
        message.text = args.get("text", message.text)
        message.blocks = args.get("blocks") or message.blocks
        self.seen.append(Seen(EDIT, team, message.channel, None, message.text, message.blocks, ts=message.ts,
                              thread_ts=message.thread_ts, before=before, before_text=before_text))
        return {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": message.text}

    def api_chat_delete(self, args: dict, team: str) -> dict:
        message = self.messages.pop((args["channel"], args["ts"]), None)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        self.seen.append(Seen(DELETED, team, message.channel, None, message.text, message.blocks, ts=message.ts))
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def api_chat_postEphemeral(self, args: dict, team: str) -> dict:
        self.seen.append(Seen(EPHEMERAL, team, self._where(args["channel"]), args.get("user"), args.get("text", ""),
                              args.get("blocks") or []))
        return {"ok": True, "message_ts": self._next_ts()}

    def api_chat_getPermalink(self, args: dict) -> dict:
        return {"ok": True, "channel": args["channel"],
                "permalink": f"https://slack.example/archives/{args['channel']}/p{args['message_ts'].replace('.', '')}"}

    def api_conversations_open(self, args: dict, team: str) -> dict:
        users = sorted(u for u in args.get("users", "").split(",") if u)
        if len(users) > 1:  # a group DM of these people and Dozen: the same one each time
            return {"ok": True, "channel": {"id": "G" + "-".join(users), "is_mpim": True}}
        return {"ok": True, "channel": {"id": "D" + (users[0] if users else "")}}

    def api_users_info(self, args: dict, team: str) -> dict:
        user = self.users.get(args.get("user", ""))
        if user is None or user["team_id"] != team:  # another workspace's people are not seen
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def api_users_list(self, args: dict, team: str) -> dict:
        members = [u for u in self.users.values() if u["team_id"] == team]
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}

    def _open(self, args: dict, team: str, kind: str) -> dict:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view_id = f"V{next(self._ids):06d}"
        view = dict(args["view"], id=view_id, team_id=team, hash=f"h{view_id}-1")
        self.views[view_id] = view
        self.by_trigger[args["trigger_id"]] = view
        user = args["trigger_id"].split(".")[-1]  # the demo's driver says whose trigger it is
        self.view_users[view_id] = user
        self.seen.append(Seen(kind, team, None, user, "", view.get("blocks") or [], title=_title(view)))
        return {"ok": True, "view": view}

    def api_views_open(self, args: dict, team: str) -> dict:
        return self._open(args, team, FORM)

    def api_views_push(self, args: dict, team: str) -> dict:
        return self._open(args, team, FORM)

    def api_views_update(self, args: dict, team: str) -> dict:
        view_id = args.get("view_id")
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        old = self.views[view_id]
        version = int(old["hash"].rsplit("-", 1)[-1]) + 1
        self.views[view_id] = dict(args["view"], id=view_id, team_id=team, hash=f"h{view_id}-{version}")
        self.seen.append(Seen(FORM_UPDATE, team, None, self.view_users.get(view_id), "", args["view"].get("blocks") or [],
                              title=_title(args["view"]), ts=view_id))
        return {"ok": True, "view": self.views[view_id]}

    def api_views_publish(self, args: dict, team: str) -> dict:
        return {"ok": True, "view": dict(args["view"], id=f"VHOME{args['user_id']}")}  # Home tabs: not shown

    def api_files_getUploadURLExternal(self, args: dict) -> dict:
        file_id = f"F{next(self._ids):06d}"
        self.files[file_id] = {"id": file_id, "filename": args.get("filename"), "content": b""}
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, args: dict, team: str) -> dict:
        entries = args.get("files") or []
        channel = args.get("channel_id")
        for entry in entries:
            self.seen.append(Seen(FILE, team, channel, None, args.get("initial_comment") or "",
                                  title=entry.get("title") or entry["id"]))
        return {"ok": True, "files": [{"id": e["id"], "title": e.get("title")} for e in entries]}


def _title(view: dict) -> str:
    title = view.get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)
