"""Answering the person who acted: privately, in place, or on a modal's fields.

The shapes every listener shares live here once: "do it, or tell them why not"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.locale import ENGLISH, Lang
from bot.services.errors import DomainError, ValidationFailed
from bot.slack.messages import dm

log = logging.getLogger(__name__)
T = TypeVar("T")


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


def tell_from_form(client: WebClient, user_id: str, meta: dict, text: str, blocks: list[dict] | None = None) -> None:
    """Tell someone the outcome of a form opened by a command (its metadata says where)."""
    tell(client, user_id=user_id, channel_id=meta.get("channel"), response_url=meta.get("response_url"), text=text,
         blocks=blocks)


def answer_privately(client: WebClient, body: dict, text: str) -> None:
    """Reply to whoever pressed a button, only to them: in place for a message button,
    by DM for one on the Home tab (which has no response_url)."""
    if not send_to_response_url(body.get("response_url"), text):
        dm(client, body["user"]["id"], text)


def usage_reply(ack: Callable[..., None], text: str, blocks: list[dict] | None = None) -> None:
    """Acknowledge a slash command with an answer only its sender sees."""
    ack(response_type="ephemeral", text=text, blocks=blocks)


def first_input_block(view: dict) -> str | None:
    blocks = view.get("blocks") if isinstance(view.get("blocks"), list) else []
    return next((b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("type") == "input"), None)


def refuse_in_modal(ack: Callable[..., None], view: dict, message: str) -> None:
    """A modal submission that cannot go ahead for a reason no one field owns."""
    ack(response_action="errors", errors={first_input_block(view): message})


def refuse_submission(ack: Callable[..., None], view: dict, error: DomainError, t: Lang = ENGLISH) -> None:
    """Answer a modal submission a service refused, in `t`'s language: on the fields at fault,
    or on the first."""
    if isinstance(error, ValidationFailed):
        ack(response_action="errors", errors=error.say_all(t))
    else:
        refuse_in_modal(ack, view, error.say(t))


def or_usage_reply(ack: Callable[..., None], work: Callable[[], T], *, usage: str = "",
                   t: Lang = ENGLISH) -> T | None:
    """Do `work` for a slash command; if a rule refuses it, acknowledge with why (in `t`'s
    language), followed by `usage` (None)."""
    try:
        return work()
    except DomainError as error:
        usage_reply(ack, error.say(t) + usage)
        return None


def refuse_command(ack: Callable[..., None], client: WebClient, command: dict, text: str, *, acked: bool) -> None:
    """Tell whoever typed a command why it can't go ahead, only to them: in the answer to
    Slack, or through the command's response_url once Slack has been answered."""
    if acked:
        tell(client, user_id=command["user_id"], channel_id=command.get("channel_id"),
             response_url=command.get("response_url"), text=text)
    else:
        usage_reply(ack, text)
