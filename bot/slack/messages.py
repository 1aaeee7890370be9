"""Sending, editing and deleting Dozen's messages and files, and where they are.

A `MessageRef` is "where Dozen posted": a channel and a timestamp, stored as "channel:ts"."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MessageRef:
    channel: str
    ts: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.ts}"

    @classmethod
    def parse(cls, text: str | None) -> MessageRef | None:
        """A stored "channel:ts" (None when there is none)."""
        if not text or ":" not in text:
            return None
        channel, ts = text.split(":", 1)
        return cls(channel, ts)

    @classmethod
    def of(cls, channel: str | None, ts: str | None) -> MessageRef | None:
        return cls(channel, ts) if channel and ts else None


def stored(ref: MessageRef | None) -> str | None:
    """How a reference is kept in a text column."""
    return str(ref) if ref else None


def post(client: WebClient, channel: str, text: str, blocks: list[dict] | None = None, *,
         thread_ts: str | None = None) -> MessageRef:
    """Post a message; raises SlackApiError when Slack refuses (callers decide what that means)."""
    response = client.chat_postMessage(channel=channel, text=text, blocks=blocks, thread_ts=thread_ts,
                                       unfurl_links=False)
    return MessageRef(response["channel"], response["ts"])


def try_post(client: WebClient, channel: str, text: str, blocks: list[dict] | None = None, *,
             thread_ts: str | None = None) -> MessageRef | None:
    """Post a message; None (logged) when Slack refuses."""
    try:
        return post(client, channel, text, blocks, thread_ts=thread_ts)
    except SlackApiError as error:
        log.warning("post in %s failed: %s", channel, error.response.get("error"))
        return None


def dm(client: WebClient, user_id: str, text: str, blocks: list[dict] | None = None) -> MessageRef | None:
    """Send a direct message from Dozen; None if Slack refused."""
    try:
        return post(client, user_id, text, blocks)
    except SlackApiError as error:
        log.warning("DM to %s failed: %s", user_id, error.response.get("error"))
        return None


def group_dm(client: WebClient, user_ids: list[str], text: str,
             blocks: list[dict] | None = None) -> MessageRef | None:
    """Open the group DM of these people and Dozen (conversations.open with several users gives
    the same one each time) and post there; None if Slack refused."""
    try:
        channel = client.conversations_open(users=",".join(user_ids))["channel"]["id"]
        return post(client, channel, text, blocks)
    except SlackApiError as error:
        log.warning("group DM to %s failed: %s", ",".join(user_ids), error.response.get("error"))
        return None


def update(client: WebClient, ref: MessageRef | None, text: str, blocks: list[dict]) -> None:
    """Replace a message Dozen sent earlier (a DM whose buttons were answered, a post)."""
    if ref is None:
        return
    try:
        client.chat_update(channel=ref.channel, ts=ref.ts, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update %s: %s", ref, error.response.get("error"))


def delete(client: WebClient, ref: MessageRef | None) -> None:
    if ref is None:
        return
    try:
        client.chat_delete(channel=ref.channel, ts=ref.ts)
    except SlackApiError as error:
        log.warning("could not delete %s: %s", ref, error.response.get("error"))


def send_file(client: WebClient, user_id: str, *, content: str, filename: str, title: str, comment: str) -> None:
    """Upload a file into someone's DM with Dozen (files_upload_v2)."""
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(channel=channel, content=content, filename=filename, title=title,
                           initial_comment=comment)


def permalink(client: WebClient, ref: MessageRef | None) -> str | None:
    """A link to a message Dozen posted (None when Slack won't give one)."""
    if ref is None:
        return None
    try:
        return client.chat_getPermalink(channel=ref.channel, message_ts=ref.ts).get("permalink")
    except SlackApiError as error:
        log.info("no permalink for %s: %s", ref, error.response.get("error"))
        return None


def open_modal(client: WebClient, trigger_id: str, view: dict) -> None:
    client.views_open(trigger_id=trigger_id, view=view)


def update_modal(client: WebClient, view: dict, new_view: dict) -> None:
    """Redraw an open modal unless it changed meanwhile (hash_conflict: keep what is shown)."""
    if not view.get("id"):
        return
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=new_view)
    except SlackApiError as error:
        log.info("modal not redrawn: %s", error.response.get("error"))


def publish_home(client: WebClient, user_id: str, view: dict) -> None:
    try:
        client.views_publish(user_id=user_id, view=view)
    except SlackApiError as error:
        log.warning("could not publish App Home for %s: %s", user_id, error.response.get("error"))
