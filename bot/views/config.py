"""Block Kit for the organisers' settings form."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ChannelSelectElement,
    InputBlock,
    NumberInputElement,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.reference import council_name
from bot.services.bookings import rate_text
from bot.services.workspace import VOTE_THRESHOLD_MAX, VOTING_WINDOW_MAX
from bot.storage.models import CouncilRate, WorkspaceConfig
from bot.locale import LANGUAGES
from bot.services.workspace import CURRENCIES
from bot.views.common import context, council_option_groups, option, plain

CONFIG_CALLBACK = "config"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _channel(block_id: str, label: str, hint: str, initial: str | None) -> InputBlock:
    return InputBlock(block_id=block_id, label=plain(label), hint=plain(hint), optional=True,
                      element=ChannelSelectElement(action_id="value", placeholder=plain("Choose a channel"),
                                                   initial_channel=initial or None))


def config_modal(config: WorkspaceConfig, emojis: list[str], rates: list[CouncilRate] | None = None) -> dict:
    days = [option(day, str(i)) for i, day in enumerate(WEEKDAYS)]
    units = [option("per hour", "hour"), option("per day (7.5 hours)", "day")]
    current = ", ".join(f"{council_name(r.council_code)} {rate_text(r.rate_pence, r.unit)}"
                        for r in sorted(rates or [], key=lambda r: council_name(r.council_code)))
    approval = [option("On: line managers approve pool members and bookings", "on"),
                option("Off: people join and are booked on their own say-so", "off")]
    languages = [option(name, code) for code, name in LANGUAGES.items()]
    bilingual = [option("On", "on"), option("Off", "off")]
    currencies = [option(code, code) for code in CURRENCIES]
    board = [option("On: show this workspace's challenges on the public board", "on"),
             option("Off: challenges are seen only in Slack", "off")]
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
            InputBlock(block_id="vote_threshold", label=plain("Votes to shortlist a challenge"),
                       hint=plain("A proposed challenge with this many votes within its voting window is "
                                  "shortlisted."),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="1",
                                                  max_value=str(VOTE_THRESHOLD_MAX),
                                                  initial_value=str(config.vote_threshold))),
            InputBlock(block_id="voting_window_weeks", label=plain("Voting window in weeks"),
                       hint=plain("How long after posting people can vote on a challenge; 0 means no limit. "
                                  "Applies to challenges posted from now on."),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="0",
                                                  max_value=str(VOTING_WINDOW_MAX),
                                                  initial_value=str(config.voting_window_weeks))),
            InputBlock(block_id="public_board", label=plain("Public board"),
                       hint=plain("A web page anyone can read (/board): challenges by stage, votes, funding, "
                                  "check-ins and outcomes. People are named only if they agreed."),
                       element=RadioButtonsElement(action_id="value", options=board,
                                                   initial_option=board[0 if config.public_board else 1])),
            InputBlock(block_id="language", label=plain("Language of channel posts"),
                       hint=plain("Challenge posts, the digest and announcements. People's own messages follow "
                                  "their own language (their Slack language, or /dozen language)."),
                       element=StaticSelectElement(action_id="value", options=languages,
                                                   initial_option=next(o for o in languages
                                                                       if o.value == (config.language or "en")))),
            InputBlock(block_id="bilingual", label=plain("Welsh and English channel posts"),
                       hint=plain("Each channel post in Welsh, then in English."),
                       element=RadioButtonsElement(action_id="value", options=bilingual,
                                                   initial_option=bilingual[0 if config.bilingual else 1])),
            InputBlock(block_id="currency", label=plain("Currency"),
                       hint=plain("What pledges, targets and rates are counted in."),
                       element=StaticSelectElement(action_id="value", options=currencies,
                                                   initial_option=next(o for o in currencies
                                                                       if o.value == (config.currency or "GBP")))),
            InputBlock(block_id="rate_council", label=plain("Council rate: council"), optional=True,
                       hint=plain("To set what a council charges for its people's time, choose it here."),
                       element=StaticSelectElement(action_id="value", placeholder=plain("Choose a council"),
                                                   option_groups=council_option_groups())),
            InputBlock(block_id="rate_amount", label=plain("Council rate: amount in pounds"), optional=True,
                       hint=plain("e.g. 45 or £337.50"),
                       element=PlainTextInputElement(action_id="value", max_length=20)),
            InputBlock(block_id="rate_unit", label=plain("Council rate: per"), optional=True,
                       element=RadioButtonsElement(action_id="value", options=units, initial_option=units[0])),
            context(f"Council rates now: {current or 'none set'}."),
            context("Only organisers (workspace admins and DOZEN_ADMINS) can change these."),
        ],
    ).to_dict()
