"""Check-ins and outcomes: the Monday DMs and Thursday reminders, the organisers' weekly
summary, answers posted in the challenge's thread (working in the open), and the requests
for what a cohort delivered."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from bot.context import Context
from bot.publish.challenges import channel_blocks, channel_text, in_thread
from bot.publish.names import names_for
from bot.services import challenges, checkins
from bot.services.voting import VoteTarget
from bot.slack import messages
from bot.slack.messages import MessageRef, stored
from bot.storage.models import Challenge, Checkin, Cohort, CohortMember, Outcome
from bot.views.checkins import (
    CHECKIN_THANKS,
    checkin_dm,
    checkin_modal,
    checkin_thread_post,
    delivered_note,
    organisers_summary,
    outcome_modal,
    outcome_request,
    outcome_thanks,
    reminder_dm,
)
from bot.views.common import section


def send_checkins(ctx: Context, pending: list[Checkin]) -> int:
    """This week's check-in DMs; each is remembered once sent. Returns how many were sent."""
    sent = 0
    for checkin in pending:
        challenge = ctx.read(challenges.get_by_id, checkin.team_id, checkin.challenge_id)
        ref = messages.dm(ctx.for_team(checkin.team_id).client, checkin.person_id,
                          *checkin_dm(checkin, challenge, t=ctx.lang(checkin.team_id, checkin.person_id)))
        if ref:
            ctx.record(checkins.record_checkin_dm, checkin.id, stored(ref))
            sent += 1
    return sent


def send_summaries(ctx: Context, week: date, nations: Collection[str] | None = None) -> int:
    """`week`'s check-ins, to each workspace's organisers (cohort organisers and DOZEN_ADMINS);
    with `nations`, for the workspaces in those. Returns how many DMs were sent."""
    sent = 0
    for team, (organisers, rows) in ctx.read(checkins.week_summaries, week, nations).items():
        names = names_for(ctx, team, [(checkin.team_id, checkin.person_id) for checkin, _ in rows])
        for organiser in sorted(organisers | ctx.settings.admins):
            text, blocks = organisers_summary(week, rows, names=names, t=ctx.lang(team, organiser))
            messages.dm(ctx.for_team(team).client, organiser, text, blocks)
            sent += 1
    return sent


def send_reminders(ctx: Context, due: list[Checkin]) -> None:
    for checkin in due:
        challenge = ctx.read(challenges.get_by_id, checkin.team_id, checkin.challenge_id)
        messages.dm(ctx.for_team(checkin.team_id).client, checkin.person_id,
                    *reminder_dm(checkin, challenge, t=ctx.lang(checkin.team_id, checkin.person_id)))


def open_checkin(ctx: Context, *, trigger_id: str, checkin: Checkin, challenge: Challenge) -> None:
    messages.open_modal(ctx.client, trigger_id,
                        checkin_modal(checkin, challenge, t=ctx.lang(checkin.team_id, checkin.person_id)))


def checked_in(ctx: Context, answered: checkins.Answered) -> None:
    """Post the answers (not the private note) in the challenge's thread (in its workspace's
    language, or Welsh then English), and thank them in the DM (in theirs)."""
    checkin = answered.checkin
    names = names_for(ctx, answered.challenge.team_id, [(checkin.team_id, checkin.person_id)])
    text, blocks = channel_blocks(ctx, answered.challenge.team_id,
                                  lambda t: checkin_thread_post(checkin, updated=not answered.first, names=names, t=t))
    posted = in_thread(ctx, answered.challenge, text, blocks)
    if posted is not None:  # remembered so forget-me can take it down
        ctx.record(checkins.record_checkin_post, checkin.team_id, checkin.id, stored(posted))
    thanks = ctx.lang(checkin.team_id, checkin.person_id)._(CHECKIN_THANKS)
    messages.update(ctx.client, MessageRef.parse(checkin.dm), thanks, [section(thanks)])


def ask_for_outcomes(ctx: Context, asks: list[tuple[Cohort, CohortMember, Challenge]]) -> None:
    for cohort, member, challenge in asks:
        messages.dm(ctx.for_team(member.person_team_id).client, member.person_id,
                    *outcome_request(cohort, challenge, t=ctx.lang(member.person_team_id, member.person_id)))


def open_outcome(ctx: Context, *, trigger_id: str, cohort_id: int | None, challenge: Challenge,
                 existing: Outcome | None, team_id: str | None = None, user_id: str | None = None) -> None:
    messages.open_modal(ctx.client, trigger_id, outcome_modal(cohort_id, challenge, existing,
                                                              t=ctx.lang(team_id, user_id)))


def outcome_recorded(ctx: Context, user_id: str, outcome: Outcome, challenge: Challenge,
                     team_id: str | None = None) -> None:
    """Say so in the challenge's thread (in its workspace's language, or Welsh then English),
    redraw its post (now delivered) and thank whoever recorded it (in theirs)."""
    in_thread(ctx, challenge, channel_text(ctx, challenge.team_id, lambda t: delivered_note(challenge, outcome, t=t)))
    ctx.redraw(VoteTarget(challenge.team_id, "challenge", challenge.id))
    messages.dm(ctx.client, user_id, outcome_thanks(challenge, t=ctx.lang(team_id or challenge.team_id, user_id)))
