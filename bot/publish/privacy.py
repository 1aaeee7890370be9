"""What people see of their data: the `/dozen mydata` DM and file, and what Slack must hear
after someone is forgotten."""

from __future__ import annotations

from slack_sdk.models.views import View

from bot.clock import week_label
from bot.context import Context
from bot.services import privacy
from bot.services.privacy import Forgotten
from bot.services.voting import VoteTarget
from bot.slack import messages
from bot.slack.messages import MessageRef
from bot.views.common import section
from bot.views.privacy import FORGOTTEN_TEXT, mydata_summary


def send_mydata(ctx: Context, team_id: str, user_id: str) -> None:
    data = ctx.read(privacy.collect, team_id, user_id)
    messages.dm(ctx.client, user_id, *mydata_summary(data))
    messages.send_file(ctx.client, user_id, content=privacy.as_json(data), filename="dozen-my-data.json",
                       title="Everything Dozen holds about you", comment="Your data, as JSON.")


def after_forgetting(ctx: Context, team_id: str, user_id: str, done: Forgotten) -> None:
    for booking in done.cancelled:  # the other side is told, in their own workspace
        if booking.person_id == user_id:
            other, where = booking.requester_id, booking.team_id
        else:
            other, where = booking.person_id, booking.person_team_id
        messages.dm(ctx.for_team(where).client, other, f"{booking.short_id} ({booking.hours:g}h in "
                                                       f"{week_label(booking.week_start)}) was cancelled: a person "
                                                       "involved has left Dozen.")
        if booking.manager_id and booking.manager_id != user_id:
            messages.dm(ctx.for_team(booking.person_team_id).client, booking.manager_id,
                        f"{booking.short_id} was cancelled: a person involved has left Dozen.")
    for ref in done.messages_to_delete:
        messages.delete(ctx.client, MessageRef.parse(ref))
    for part in done.digest_parts:  # in whichever workspace of the network they were posted
        messages.update(ctx.for_team(part.team_id).client, MessageRef.of(part.channel_id, part.ts), part.text,
                        part.blocks)
    for challenge_id in done.challenges_to_redraw:
        ctx.redraw(VoteTarget(done.challenge_teams.get(challenge_id, team_id), "challenge", challenge_id))
    for nomination_id in done.nominations_to_redraw:
        ctx.redraw(VoteTarget(team_id, "nomination", nomination_id))
    messages.publish_home(ctx.client, user_id, View(type="home", blocks=[section(FORGOTTEN_TEXT)]).to_dict())
    messages.dm(ctx.client, user_id, FORGOTTEN_TEXT)
