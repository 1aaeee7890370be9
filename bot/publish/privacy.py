"""What people see of their data: the `/dozen mydata` DM and file, and what Slack must hear
after someone is forgotten."""

from __future__ import annotations

from slack_sdk.models.views import View

from bot.context import Context
from bot.services import languages, privacy
from bot.services.privacy import Forgotten
from bot.services.voting import VoteTarget
from bot.slack import messages
from bot.slack.messages import MessageRef
from bot.views.common import section
from bot.views.privacy import FORGOTTEN_TEXT, mydata_summary


def send_mydata(ctx: Context, team_id: str, user_id: str) -> None:
    """What Dozen holds about someone, to them (in their language): a summary and the JSON file."""
    data = ctx.read(privacy.collect, team_id, user_id)
    t = ctx.lang(team_id, user_id)
    messages.dm(ctx.client, user_id, *mydata_summary(data, ctx.read(languages.workspace, team_id)[2], t=t))
    messages.send_file(ctx.client, user_id, content=privacy.as_json(data), filename="dozen-my-data.json",
                       title=t._("Everything Dozen holds about you"), comment=t._("Your data, as JSON."))


def after_forgetting(ctx: Context, team_id: str, user_id: str, done: Forgotten) -> None:
    for booking in done.cancelled:  # the other side is told, in their own workspace and language
        if booking.person_id == user_id:
            other, where = booking.requester_id, booking.team_id
        else:
            other, where = booking.person_id, booking.person_team_id
        t = ctx.lang(where, other)
        messages.dm(ctx.for_team(where).client, other, t._(
            "{booking} ({hours} in {week}) was cancelled: a person involved has left Dozen.",
            booking=booking.short_id, hours=t.hours(booking.hours), week=t.week(booking.week_start)))
        if booking.manager_id and booking.manager_id != user_id:
            told = ctx.lang(booking.person_team_id, booking.manager_id)._(
                "{booking} was cancelled: a person involved has left Dozen.", booking=booking.short_id)
            messages.dm(ctx.for_team(booking.person_team_id).client, booking.manager_id, told)
    for ref in done.messages_to_delete:
        messages.delete(ctx.client, MessageRef.parse(ref))
    for part in done.digest_parts:  # in whichever workspace of the network they were posted
        messages.update(ctx.for_team(part.team_id).client, MessageRef.of(part.channel_id, part.ts), part.text,
                        part.blocks)
    for challenge_id in done.challenges_to_redraw:
        ctx.redraw(VoteTarget(done.challenge_teams.get(challenge_id, team_id), "challenge", challenge_id))
    for nomination_id in done.nominations_to_redraw:
        ctx.redraw(VoteTarget(team_id, "nomination", nomination_id))
    goodbye = ctx.lang(team_id, user_id)._(FORGOTTEN_TEXT)  # their choice is forgotten too: their Slack's
    messages.publish_home(ctx.client, user_id, View(type="home", blocks=[section(goodbye)]).to_dict())
    messages.dm(ctx.client, user_id, goodbye)
