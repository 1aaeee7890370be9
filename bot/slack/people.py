"""Looking people up in Slack: who a command names, who is a person, what they are called."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.storage.models import FORMER_MEMBER

log = logging.getLogger(__name__)

MENTION = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*(.*)$", re.DOTALL)
PLAIN_NAME = re.compile(r"^\s*@([\w.\-]+)\s*(.*)$", re.DOTALL)


def _user(client: WebClient, user_id: str) -> dict | None:
    try:
        return client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
        return None


def slack_locale(client: WebClient, user_id: str) -> str | None:
    """The locale someone set in Slack ("cy-GB", "sv-SE"), when Slack says."""
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as error:
        log.info("no locale for %s: %s", user_id, error.response.get("error"))
        return None
    return user.get("locale")


def is_workspace_admin(client: WebClient, user_id: str) -> bool | None:
    """Whether Slack says this person is an admin or owner; None when Slack can't say."""
    user = _user(client, user_id)
    if user is None:
        return None
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def is_person(client: WebClient, user_id: str) -> bool:
    """False for bots, apps and deactivated accounts (they can't join the pool or be booked).
    When Slack can't say, the person is given the benefit of the doubt."""
    if user_id == "USLACKBOT":
        return False
    user = _user(client, user_id)
    return user is None or not (user.get("is_bot") or user.get("deleted"))


def parse_mention(text: str) -> tuple[str | None, str]:
    """'<@U123|alex> great at research' -> ('U123', 'great at research')."""
    match = MENTION.match(text or "")
    if not match:
        return None, (text or "").strip()
    return match.group(1), match.group(2).strip()


def names_someone(text: str) -> bool:
    """Whether a command's text starts with a person: `<@U123>` or a plain `@alex`."""
    return bool(MENTION.match(text or "") or PLAIN_NAME.match(text or ""))


def find_person(client: WebClient, text: str) -> tuple[str | None, str]:
    """The person a command names, and the rest of its text: a mention as Slack escapes it
    (`<@U123|alex>`), or, when a command arrives unescaped, a plain `@alex` looked up by name
    (which pages through users.list: call it after acknowledging Slack)."""
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


def display_names(client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """Slack user IDs -> the names people know them by (the ID itself when Slack won't say)."""
    names = {FORMER_MEMBER: FORMER_MEMBER}
    for user_id in user_ids:
        if user_id == FORMER_MEMBER:
            continue
        user = _user(client, user_id) or {}
        profile = user.get("profile") or {}
        names[user_id] = profile.get("real_name") or user.get("real_name") or user.get("name") or user_id
    return names


def named_person(ack: Callable[..., None], client: WebClient, command: dict) -> tuple[str | None, str, bool]:
    """The person a command's text names, the rest of its text, and whether Slack has been
    answered already. A mention as Slack escapes it (`<@U123|alex>`) is read at once; a plain
    `@alex` is looked up by name in users.list, which can take longer than the 3 seconds Slack
    waits, so Slack is answered (ack) first."""
    text = command.get("text") or ""
    person_id, rest = parse_mention(text)
    if person_id or not names_someone(text):
        return person_id, rest, False
    ack()
    person_id, rest = find_person(client, text)
    return person_id, rest, True
