"""Block Kit for the organisers' settings form."""

from __future__ import annotations

from datetime import date, timedelta

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

from bot.locale import ENGLISH, LANGUAGES, Lang
from bot.reference import council_name
from bot.services.charging import rate_text
from bot.services.workspace import CURRENCIES, VOTE_THRESHOLD_MAX, VOTING_WINDOW_MAX
from bot.storage.models import CouncilRate, WorkspaceConfig
from bot.views.common import context, council_option_groups, option, plain

CONFIG_CALLBACK = "config"
A_MONDAY = date(2024, 1, 1)


def weekdays(t: Lang = ENGLISH) -> list[str]:
    """Monday to Sunday, as `t` names them."""
    return [t.weekday(A_MONDAY + timedelta(days=i)) for i in range(7)]


def _channel(block_id: str, label: str, hint: str, initial: str | None, t: Lang) -> InputBlock:
    return InputBlock(block_id=block_id, label=plain(label), hint=plain(hint), optional=True,
                      element=ChannelSelectElement(action_id="value", placeholder=plain(t._("Choose a channel")),
                                                   initial_channel=initial or None))


def config_modal(config: WorkspaceConfig, emojis: list[str], rates: list[CouncilRate] | None = None, *,
                 t: Lang = ENGLISH) -> dict:
    days = [option(day, str(i)) for i, day in enumerate(weekdays(t))]
    units = [option(t._("per hour"), "hour"), option(t._("per day (7.5 hours)"), "day")]
    currency = config.currency or "GBP"
    current = ", ".join(f"{council_name(r.council_code)} {rate_text(r.rate_pence, r.unit, t=t, currency=currency)}"
                        for r in sorted(rates or [], key=lambda r: council_name(r.council_code)))
    approval = [option(t._("On: line managers approve pool members and bookings"), "on"),
                option(t._("Off: people join and are booked on their own say-so"), "off")]
    languages = [option(name, code) for code, name in LANGUAGES.items()]
    bilingual = [option(t._("On"), "on"), option(t._("Off"), "off")]
    currencies = [option(code, code) for code in CURRENCIES]
    board = [option(t._("On: show this workspace's challenges on the public board"), "on"),
             option(t._("Off: challenges are seen only in Slack"), "off")]
    return View(
        type="modal",
        callback_id=CONFIG_CALLBACK,
        # Translators: modal title and buttons: at most 24 characters.
        title=plain(t._("Dozen settings")),
        submit=plain(t._("Save settings")),
        close=plain(t._("Cancel")),
        blocks=[
            _channel("challenges_channel", t._("Challenges channel"),
                     t._("Where challenges posted from the Home tab go (/challenge new posts where it's typed)."),
                     config.challenges_channel, t),
            _channel("nominations_channel", t._("Nominations channel"),
                     t._("Where nominations are posted for votes (default: where /nominate was typed)."),
                     config.nominations_channel, t),
            _channel("digest_channel", t._("Digest channel"), t._("Where the weekly match digest is posted."),
                     config.digest_channel, t),
            InputBlock(block_id="digest_day", label=plain(t._("Digest day")),
                       element=StaticSelectElement(action_id="value", options=days,
                                                   initial_option=days[config.digest_weekday])),
            InputBlock(block_id="digest_time", label=plain(t._("Digest time")),
                       hint=plain(t._("In the workspace's time zone (Europe/London unless DOZEN_TZ says otherwise).")),
                       element=TimePickerElement(action_id="value", initial_time=config.digest_time)),
            InputBlock(block_id="vote_emojis", label=plain(t._("Vote emoji")),
                       hint=plain(t._("Emoji names that count as a vote, separated by commas, e.g. +1, raised_hands")),
                       element=PlainTextInputElement(action_id="value", initial_value=", ".join(emojis),
                                                     max_length=200)),
            InputBlock(block_id="manager_approval", label=plain(t._("Manager approval")),
                       element=RadioButtonsElement(action_id="value", options=approval,
                                                   initial_option=approval[0 if config.manager_approval else 1])),
            InputBlock(block_id="vote_threshold", label=plain(t._("Votes to shortlist a challenge")),
                       hint=plain(t._("A proposed challenge with this many votes within its voting window is "
                                      "shortlisted.")),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="1",
                                                  max_value=str(VOTE_THRESHOLD_MAX),
                                                  initial_value=str(config.vote_threshold))),
            InputBlock(block_id="voting_window_weeks", label=plain(t._("Voting window in weeks")),
                       hint=plain(t._("How long after posting people can vote on a challenge; 0 means no limit. "
                                      "Applies to challenges posted from now on.")),
                       element=NumberInputElement(action_id="value", is_decimal_allowed=False, min_value="0",
                                                  max_value=str(VOTING_WINDOW_MAX),
                                                  initial_value=str(config.voting_window_weeks))),
            InputBlock(block_id="public_board", label=plain(t._("Public board")),
                       hint=plain(t._("A web page anyone can read (/board): challenges by stage, votes, funding, "
                                      "check-ins and outcomes. People are named only if they agreed.")),
                       element=RadioButtonsElement(action_id="value", options=board,
                                                   initial_option=board[0 if config.public_board else 1])),
            InputBlock(block_id="language", label=plain(t._("Language of channel posts")),
                       hint=plain(t._("Challenge posts, the digest and announcements. People's own messages follow "
                                      "their own language (their Slack language, or /dozen language).")),
                       element=StaticSelectElement(action_id="value", options=languages,
                                                   initial_option=next(o for o in languages
                                                                       if o.value == (config.language or "en")))),
            InputBlock(block_id="bilingual", label=plain(t._("Welsh and English channel posts")),
                       hint=plain(t._("Each channel post in Welsh, then in English.")),
                       element=RadioButtonsElement(action_id="value", options=bilingual,
                                                   initial_option=bilingual[0 if config.bilingual else 1])),
            InputBlock(block_id="currency", label=plain(t._("Currency")),
                       hint=plain(t._("What pledges, targets and rates are counted in.")),
                       element=StaticSelectElement(action_id="value", options=currencies,
                                                   initial_option=next(o for o in currencies
                                                                       if o.value == currency))),
            InputBlock(block_id="rate_council", label=plain(t._("Council rate: council")), optional=True,
                       hint=plain(t._("To set what a council charges for its people's time, choose it here.")),
                       element=StaticSelectElement(action_id="value", placeholder=plain(t._("Choose a council")),
                                                   option_groups=council_option_groups())),
            InputBlock(block_id="rate_amount", label=plain(t._("Council rate: amount in pounds") if currency == "GBP"
                                                           else t._("Council rate: amount ({currency})",
                                                                    currency=currency)), optional=True,
                       hint=plain(t._("e.g. 45 or £337.50") if currency == "GBP" else t._("e.g. 45 or 337.50")),
                       element=PlainTextInputElement(action_id="value", max_length=20)),
            InputBlock(block_id="rate_unit", label=plain(t._("Council rate: per")), optional=True,
                       element=RadioButtonsElement(action_id="value", options=units, initial_option=units[0])),
            context(t._("Council rates now: {rates}.", rates=current) if current
                    else t._("Council rates now: none set.")),
            context(t._("Only organisers (workspace admins and DOZEN_ADMINS) can change these.")),
        ],
    ).to_dict()
