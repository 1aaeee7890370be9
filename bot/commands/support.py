"""What every listener shares: its dependencies, reading modal fields, replying."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.clock import Clock, local_today
from bot.jobs import JobContext
from bot.settings import Settings
from bot.services.errors import DomainError, ValidationFailed
from bot.storage.db import Database
from bot.storage.models import FORMER_MEMBER

log = logging.getLogger(__name__)

ORGANISER_CACHE_SECONDS = 300


@dataclass(frozen=True)
class HomeTab:
    """A Home tab to republish (through the same coalescing as voted-on posts)."""

    team_id: str
    user_id: str
    kind: str = "home"


@dataclass
class Deps:
    """Everything a listener may use, built once in build_app."""

    settings: Settings
    db: Database
    clock: Clock
    client: WebClient
    post_updater: Any = None  # PostUpdater, set by build_app
    redrawers: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    _organisers: dict[tuple[str, str], tuple[float, bool]] = field(default_factory=dict)
    _organisers_lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh_home(self, team_id: str, user_id: str) -> None:
        """Republish someone's Home tab soon; a burst of changes ends in one publish."""
        self.post_updater.request(HomeTab(team_id, user_id))

    def job_context(self, *, forced: bool = False) -> JobContext:
        """What a scheduled job needs, from this app's dependencies."""
        return JobContext(settings=self.settings, db=self.db, clock=self.clock, client=self.client, forced=forced)

    def today(self) -> date:
        """Today's date where people are (DOZEN_TZ)."""
        return local_today(self.clock, self.settings.tz)

    def is_organiser(self, team_id: str, user_id: str) -> bool:
        """Organisers are workspace admins and owners, and anyone in DOZEN_ADMINS."""
        if user_id in self.settings.admins:
            return True
        key = (team_id, user_id)
        with self._organisers_lock:
            cached = self._organisers.get(key)
        if cached and time.monotonic() - cached[0] < ORGANISER_CACHE_SECONDS:
            return cached[1]
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
            return False
        answer = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        with self._organisers_lock:
            self._organisers[key] = (time.monotonic(), answer)
        return answer


def input_value(view: dict, block_id: str) -> Any:
    """The value a person gave in one input block of a submitted view, whatever the
    element: text for text and number inputs, a value or list of values for selects,
    user IDs for user pickers, None when left empty."""
    state = view.get("state", {}).get("values", {}).get(block_id, {})
    for element in state.values():
        kind = element.get("type")
        if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
            return element.get("value")
        if kind in ("static_select", "external_select", "radio_buttons"):
            selected = element.get("selected_option")
            return selected.get("value") if selected else None
        if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
            return [o.get("value") for o in element.get("selected_options") or []]
        if kind == "users_select":
            return element.get("selected_user")
        if kind == "multi_users_select":
            return element.get("selected_users") or []
        if kind in ("channels_select", "conversations_select"):
            return element.get("selected_channel") or element.get("selected_conversation")
        if kind == "datepicker":
            return element.get("selected_date")
        if kind == "timepicker":
            return element.get("selected_time")
        return element.get("value")
    return None


def text_value(view: dict, block_id: str) -> str:
    value = input_value(view, block_id)
    return value if isinstance(value, str) else ""


def list_value(view: dict, block_id: str) -> list[str]:
    value = input_value(view, block_id)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def send_to_response_url(response_url: str | None, text: str, blocks: list[dict] | None = None) -> bool:
    """An ephemeral reply through a slash command's response_url (valid 30 minutes)."""
    if not response_url:
        return False
    try:
        response = WebhookClient(response_url, timeout=10).send(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=False
        )
    except OSError as error:
        log.warning("response_url post failed: %s", error)
        return False
    return response.status_code == 200


def dm(client: WebClient, user_id: str, text: str, blocks: list[dict] | None = None) -> dict | None:
    """Send a direct message from Dozen; returns {'channel', 'ts'} or None if Slack refused."""
    try:
        response = client.chat_postMessage(channel=user_id, text=text, blocks=blocks, unfurl_links=False)
    except SlackApiError as error:
        log.warning("DM to %s failed: %s", user_id, error.response.get("error"))
        return None
    return {"channel": response["channel"], "ts": response["ts"]}


def tell(client: WebClient, *, user_id: str, channel_id: str | None, response_url: str | None, text: str,
         blocks: list[dict] | None = None) -> None:
    """Tell one person something only they see: through the command's response_url when
    there is one, else as an ephemeral message in the channel, else in a DM."""
    if send_to_response_url(response_url, text, blocks):
        return
    if channel_id:
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text, blocks=blocks)
            return
        except SlackApiError as error:
            log.info("ephemeral in %s failed (%s); sending a DM", channel_id, error.response.get("error"))
    dm(client, user_id, text, blocks)


def usage_reply(ack: Callable[..., None], text: str) -> None:
    ack(response_type="ephemeral", text=text)


MENTION = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*(.*)$", re.DOTALL)


def parse_mention(text: str) -> tuple[str | None, str]:
    """'<@U123|alex> great at research' -> ('U123', 'great at research')."""
    match = MENTION.match(text or "")
    if not match:
        return None, (text or "").strip()
    return match.group(1), match.group(2).strip()


def first_input_block(view: dict) -> str | None:
    return next((b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"), None)


def refuse_in_modal(ack: Callable[..., None], view: dict, message: str) -> None:
    """A modal submission that cannot go ahead for a reason no one field owns."""
    ack(response_action="errors", errors={first_input_block(view): message})


def refuse_submission(ack: Callable[..., None], view: dict, error: DomainError) -> None:
    """Answer a modal submission a service refused: on the fields at fault, or on the first."""
    if isinstance(error, ValidationFailed):
        ack(response_action="errors", errors=error.errors)
    else:
        refuse_in_modal(ack, view, error.message)


def is_person(client: WebClient, user_id: str) -> bool:
    """False for bots, apps and deactivated accounts (they can't join the pool or be booked).
    When Slack can't say, the person is given the benefit of the doubt."""
    if user_id == "USLACKBOT":
        return False
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
        return True
    return not (user.get("is_bot") or user.get("deleted"))


PLAIN_NAME = re.compile(r"^\s*@([\w.\-]+)\s*(.*)$", re.DOTALL)


def find_person(client: WebClient, text: str) -> tuple[str | None, str]:
    """The person a command names, and the rest of its text: a mention as Slack escapes it
    (`<@U123|alex>`), or, when a command arrives unescaped, a plain `@alex` looked up by name."""
    user_id, rest = parse_mention(text)
    if user_id:
        return user_id, rest
    match = PLAIN_NAME.match(text or "")
    if not match:
        return None, rest
    wanted = match.group(1).lower()
    try:
        for page in client.users_list(limit=200):
            for user in page.get("members", []):
                profile = user.get("profile") or {}
                names = {user.get("name"), profile.get("display_name"), profile.get("real_name")}
                if wanted in {n.lower() for n in names if n} and not user.get("deleted"):
                    return user["id"], match.group(2).strip()
    except SlackApiError as error:
        log.warning("users.list failed: %s", error.response.get("error"))
    return None, rest


def message_ref(sent: dict | None) -> str | None:
    """How a message Dozen sent is remembered: "channel:ts"."""
    return f"{sent['channel']}:{sent['ts']}" if sent else None


def parse_ref(ref: str | None) -> tuple[str | None, str | None]:
    return tuple(ref.split(":", 1)) if ref else (None, None)  # type: ignore[return-value]


def update_message(client: WebClient, channel: str | None, ts: str | None, text: str, blocks: list[dict]) -> None:
    """Replace a message Dozen sent earlier (a DM whose buttons were answered, a post)."""
    if not channel or not ts:
        return
    try:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update %s/%s: %s", channel, ts, error.response.get("error"))


def display_names(client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """Slack user IDs -> the names people know them by (the ID itself when Slack won't say)."""
    names = {FORMER_MEMBER: FORMER_MEMBER}
    for user_id in user_ids:
        if user_id == FORMER_MEMBER:
            continue
        try:
            user = client.users_info(user=user_id)["user"]
            profile = user.get("profile") or {}
            names[user_id] = profile.get("real_name") or user.get("real_name") or user.get("name") or user_id
        except SlackApiError:
            names[user_id] = user_id
    return names


def send_file(client: WebClient, user_id: str, *, content: str, filename: str, title: str, comment: str) -> None:
    """Upload a file into someone's DM with Dozen (files_upload_v2)."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(channel=channel, content=content, filename=filename, title=title,
                           initial_comment=comment)


def answer_privately(client: WebClient, body: dict, text: str) -> None:
    """Reply to whoever pressed a button, only to them: in place for a message button,
    by DM for one on the Home tab (which has no response_url)."""
    if not send_to_response_url(body.get("response_url"), text):
        dm(client, body["user"]["id"], text)
