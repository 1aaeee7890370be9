"""Reading what Slack sent: who acted, the values of a submitted form, a button's value."""

from __future__ import annotations

import json
from typing import Any

from bot.locale import N_
from bot.services.errors import DomainError
from bot.slack.messages import MessageRef
from bot.views.common import read_metadata

STALE_BUTTON = N_("That button is out of date. Try again from a newer message.")


def actor(body: dict) -> tuple[str, str]:
    """(team_id, user_id) of whoever pressed a button or submitted a form."""
    return body["team"]["id"], body["user"]["id"]


def command_actor(command: dict) -> tuple[str, str]:
    return command["team_id"], command["user_id"]


ROW_ID_MAX = 2**31 - 1  # the database's integer: a bigger "ID" was never Dozen's


def row_id(text: object) -> int:
    """A row's ID that Dozen put in a button or a form; a stale or malformed one is refused
    politely (DomainError), never a crash."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        raise DomainError(STALE_BUTTON) from None
    if not 0 < value <= ROW_ID_MAX:
        raise DomainError(STALE_BUTTON)
    return value


def int_value(action: dict) -> int:
    """A button whose value is a row's ID."""
    return row_id(action.get("value"))


def metadata_id(view: dict) -> int:
    """A form whose private_metadata is a row's ID."""
    return row_id(view.get("private_metadata"))


def json_value(action: dict) -> dict:
    """A button whose value is a small JSON object Dozen made; {} when it isn't one."""
    try:
        value = json.loads(action.get("value") or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def selected_value(action: dict) -> str:
    """The value of the option chosen in a select menu or radio buttons ("" when none)."""
    return ((action.get("selected_option") or {}).get("value")) or ""


def clicked_message(body: dict) -> MessageRef | None:
    """The message whose button was pressed (None for a button on a Home tab or in a modal)."""
    container = body.get("container") or {}
    if container.get("type") != "message":
        return None
    return MessageRef.of(container.get("channel_id"), container.get("message_ts"))


def private_metadata(view: dict) -> dict[str, Any]:
    """The JSON a modal carries between opening and submission."""
    return read_metadata(view.get("private_metadata"))


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


def ticked(body: dict, prefix: str) -> list[str]:
    """Every value still ticked in a message's checkboxes whose blocks start with `prefix`
    (Slack sends the state of a message's interactive elements with each action)."""
    values = (body.get("state") or {}).get("values") or {}
    chosen: list[str] = []
    for block_id, elements in values.items():
        if block_id.startswith(prefix):
            for element in elements.values():
                chosen += [o["value"] for o in element.get("selected_options") or []]
    return chosen
