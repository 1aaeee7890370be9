"""`checkins` (Mondays), `checkin-reminders` (Thursdays) and `outcomes` (after a cohort ends)."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from sqlmodel import select

from bot.clock import iso_week_key, local_today, week_start
from bot.commands.support import dm
from bot.jobs import JobContext, job
from bot.services import challenges, checkins, job_runs
from bot.storage.models import Checkin, Cohort, CohortMember
from bot.views.cohorts import checkin_dm, organisers_summary, outcome_request, reminder_dm

LEASE = timedelta(minutes=10)
ALL = "*"  # these jobs sweep every workspace at once


def _claimed(ctx: JobContext, name: str, period: str):
    """A claim on (every workspace, job, period): one process does each period's sending."""
    key = {"team_id": ALL, "job": name, "period": period,
           "owner": f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"}
    with ctx.db.session() as session:
        state = job_runs.claim(session, now=ctx.clock.now(), lease=LEASE, **key)
    return key if state == job_runs.CLAIMED else None


def _finish(ctx: JobContext, key: dict) -> None:
    with ctx.db.session() as session:
        job_runs.finish(session, now=ctx.clock.now(), **key)


def _release(ctx: JobContext, key: dict) -> None:
    with ctx.db.session() as session:
        job_runs.release(session, **key)


def _this_week(ctx: JobContext):
    return week_start(local_today(ctx.clock, ctx.settings.tz))


@job("checkins", "Monday check-in DMs to everyone on a cohort or booked on a challenge this week; "
                 "last week's summary to organisers.", day_of_week="mon", hour="9-17", minute=5)
def send_checkins(ctx: JobContext) -> str:
    week = _this_week(ctx)
    key = _claimed(ctx, "checkins", iso_week_key(week))
    if key is None:
        return f"check-ins for {iso_week_key(week)} already sent"
    try:
        with ctx.db.session() as session:
            pending = checkins.create_due(session, week, ctx.clock.now())
        sent = 0
        for checkin in pending:
            with ctx.db.reading() as session:
                challenge = challenges.get_by_id(session, checkin.team_id, checkin.challenge_id)
            message = dm(ctx.client, checkin.person_id, *checkin_dm(checkin, challenge))
            if message:
                with ctx.db.session() as session:
                    stored = session.get(Checkin, checkin.id)
                    stored.dm = f"{message['channel']}:{message['ts']}"
                    session.add(stored)
                sent += 1
        summaries = _summaries(ctx, week - timedelta(weeks=1))
        _finish(ctx, key)
    except BaseException:
        _release(ctx, key)
        raise
    return f"sent {sent} check-in{'s' if sent != 1 else ''} for {iso_week_key(week)}; {summaries} summaries"


def _summaries(ctx: JobContext, week) -> int:
    """Last week's check-ins, to each workspace's organisers (cohort organisers and DOZEN_ADMINS)."""
    with ctx.db.reading() as session:
        rows = [(c, challenges.get_by_id(session, c.team_id, c.challenge_id)) for c in checkins.week_checkins(session,
                                                                                                            week)]
        organisers = {team: {c.organiser_id for c in session.exec(select(Cohort).where(Cohort.team_id == team))}
                      for team in {c.team_id for c, _ in rows}}
    sent = 0
    for team, people in organisers.items():
        text, blocks = organisers_summary(week, [(c, ch) for c, ch in rows if c.team_id == team])
        for organiser in sorted(people | ctx.settings.admins):
            dm(ctx.client, organiser, text, blocks)
            sent += 1
    return sent


@job("checkin-reminders", "Thursday reminders to those who haven't checked in this week (one a week at most).",
     day_of_week="thu", hour="9-17", minute=5)
def send_reminders(ctx: JobContext) -> str:
    week = _this_week(ctx)
    with ctx.db.session() as session:
        # claimed one by one before sending: nobody is reminded twice, whatever runs at once
        due = [c for c in checkins.to_remind(session, week) if checkins.claim_reminder(session, c, ctx.clock.now())]
    for checkin in due:
        with ctx.db.reading() as session:
            challenge = challenges.get_by_id(session, checkin.team_id, checkin.challenge_id)
        dm(ctx.client, checkin.person_id, *reminder_dm(checkin, challenge))
    return f"reminded {len(due)} {'person' if len(due) == 1 else 'people'} for {iso_week_key(week)}"


@job("outcomes", "Ask each team of a cohort that has ended what it delivered.", hour=10, minute=0)
def ask_for_outcomes(ctx: JobContext) -> str:
    today = local_today(ctx.clock, ctx.settings.tz)
    with ctx.db.session() as session:
        ended = checkins.ended_cohorts(session, today, ctx.clock.now())
        asks = []
        for cohort in ended:
            for member in session.exec(select(CohortMember).where(CohortMember.cohort_id == cohort.id,
                                                                  CohortMember.status == "accepted")).all():
                asks.append((cohort, member, challenges.get_by_id(session, cohort.team_id, member.challenge_id)))
    for cohort, member, challenge in asks:
        dm(ctx.client, member.person_id, *outcome_request(cohort, challenge))
    return f"asked {len(ended)} ended cohort{'s' if len(ended) != 1 else ''} for outcomes ({len(asks)} DMs)"
