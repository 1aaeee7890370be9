"""What Slack must hear after someone is forgotten."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.clock import week_label
from bot.commands.support import Deps, dm, parse_ref, update_message
from bot.services.privacy import Forgotten
from bot.services.voting import VoteTarget
from bot.views.common import section

log = logging.getLogger(__name__)


def after_forgetting(deps: Deps, team_id: str, user_id: str, done: Forgotten) -> None:
    for booking in done.cancelled:
        other = booking.requester_id if booking.person_id == user_id else booking.person_id
        dm(deps.client, other, f"{booking.short_id} ({booking.hours:g}h in {week_label(booking.week_start)}) was "
                               "cancelled: a person involved has left Dozen.")
        if booking.manager_id and booking.manager_id != user_id:
            dm(deps.client, booking.manager_id, f"{booking.short_id} was cancelled: a person involved has left Dozen.")
    for ref in done.messages_to_delete:
        channel, ts = parse_ref(ref)
        try:
            deps.client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as error:
            log.warning("could not delete %s: %s", ref, error.response.get("error"))
    for part in done.digest_parts:
        update_message(deps.client, part.channel_id, part.ts, part.text, part.blocks)
    for challenge_id in done.challenges_to_redraw:
        deps.post_updater.request(VoteTarget(team_id, "challenge", challenge_id))
    for nomination_id in done.nominations_to_redraw:
        deps.post_updater.request(VoteTarget(team_id, "nomination", nomination_id))
    text = "Dozen has forgotten you: your data is gone, as the form said. Thank you for the time you gave."
    deps.client.views_publish(user_id=user_id, view=View(type="home", blocks=[section(text)]).to_dict())
    dm(deps.client, user_id, text)
