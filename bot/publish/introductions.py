"""Connector introductions: the group DM introducing two people, the "did you meet?" a week
later and what its answer turns it into, the note to someone paused, and Home tab refreshes."""

from __future__ import annotations

from datetime import date

from bot.context import Context
from bot.services import introductions
from bot.slack import messages
from bot.slack.messages import MessageRef, stored
from bot.storage.models import Introduction, IntroductionSettings
from bot.views.common import section
from bot.views.introductions import PAUSED, followup_answered, followup_message, introduction_message


def send_introductions(ctx: Context, week: date) -> int:
    """This week's introductions not sent yet, each in a group DM of the two and Dozen (in their
    workspace's language: a group DM has more than one reader)."""
    sent = 0
    for introduction in ctx.read(introductions.unsent, week):
        councils = ctx.read(introductions.councils_of, introduction)
        ref = messages.group_dm(ctx.for_team(introduction.team_id).client, [introduction.first_id, introduction.second_id],
                                *introduction_message(introduction, councils, t=ctx.team_lang(introduction.team_id)))
        ctx.record(introductions.record_message, introduction.id, stored(ref))
        sent += ref is not None
    return sent


def send_followups(ctx: Context, due: list[Introduction]) -> int:
    """One "did you meet?" in each introduction's group DM (in its workspace's language), with Yes / Not yet."""
    asked = 0
    for introduction in due:
        where = MessageRef.parse(introduction.message)
        ref = (messages.try_post(ctx.for_team(introduction.team_id).client, where.channel,
                                 *followup_message(introduction, t=ctx.team_lang(introduction.team_id)))
               if where else None)
        ctx.record(introductions.record_followup, introduction.id, stored(ref))
        asked += ref is not None
    return asked


def tell_paused(ctx: Context, paused: list[tuple[str, str]]) -> None:
    for team_id, user_id in paused:
        said = ctx.lang(team_id, user_id)._(PAUSED)
        messages.dm(ctx.for_team(team_id).client, user_id, said, [section(said)])


def answered(ctx: Context, introduction: Introduction, clicked: MessageRef | None) -> None:
    """The "did you meet?" says who answered what; both Home tabs show it."""
    note = followup_answered(introduction, t=ctx.team_lang(introduction.team_id))
    messages.update(ctx.client, clicked, note, [section(note)])
    for user_id in (introduction.first_id, introduction.second_id):
        ctx.refresh_home(introduction.team_id, user_id)


def settings_changed(ctx: Context, settings: IntroductionSettings) -> None:
    ctx.refresh_home(settings.team_id, settings.user_id)
