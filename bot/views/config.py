"""Block Kit for the organisers' settings form."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ChannelSelectElement,
    InputBlock,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.storage.models import WorkspaceConfig
from bot.views.common import context, option, plain

CONFIG_CALLBACK = "config"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _channel(block_id: str, label: str, hint: str, initial: str | None) -> InputBlock:
    return InputBlock(block_id=block_id, label=plain(label), hint=plain(hint), optional=True,
                      element=ChannelSelectElement(action_id="value", placeholder=plain("Choose a channel"),
                                                   initial_channel=initial or None))


def config_modal(config: WorkspaceConfig, emojis: list[str]) -> dict:
    days = [option(day, str(i)) for i, day in enumerate(WEEKDAYS)]
    approval = [option("On: line managers approve pool members and bookings", "on"),
                option("Off: people join and are booked on their own say-so", "off")]
    return View(
        type="modal",
        callback_id=CONFIG_CALLBACK,
        title=plain("Dozen settings"),
        submit=plain("Save settings"),
        close=plain("Cancel"),
        blocks=[
            _channel("challenges_channel", "Challenges channel",
                     "Where challenges posted from the Home tab go (/challenge new posts where it's typed).",
                     config.challenges_channel),
            _channel("nominations_channel", "Nominations channel",
                     "Where nominations are posted for votes (default: where /nominate was typed).",
                     config.nominations_channel),
            _channel("digest_channel", "Digest channel", "Where the weekly match digest is posted.",
                     config.digest_channel),
            InputBlock(block_id="digest_day", label=plain("Digest day"),
                       element=StaticSelectElement(action_id="value", options=days,
                                                   initial_option=days[config.digest_weekday])),
            InputBlock(block_id="digest_time", label=plain("Digest time"),
                       hint=plain("In the workspace's time zone (Europe/London unless DOZEN_TZ says otherwise)."),
                       element=TimePickerElement(action_id="value", initial_time=config.digest_time)),
            InputBlock(block_id="vote_emojis", label=plain("Vote emoji"),
                       hint=plain("Emoji names that count as a vote, separated by commas, e.g. +1, raised_hands"),
                       element=PlainTextInputElement(action_id="value", initial_value=", ".join(emojis),
                                                     max_length=200)),
            InputBlock(block_id="manager_approval", label=plain("Manager approval"),
                       element=RadioButtonsElement(action_id="value", options=approval,
                                                   initial_option=approval[0 if config.manager_approval else 1])),
            context("Only organisers (workspace admins and DOZEN_ADMINS) can change these."),
        ],
    ).to_dict()
