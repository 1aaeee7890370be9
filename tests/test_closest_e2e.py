"""No silent "nobody fits" (issue 16): the digest and a cohort's replacement propose the closest
free person, saying how well they fit and what they lack, and say "nobody" only when nobody in
the pool is free. End to end: the real app, the fake Slack, jobs run at a fixed time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.jobs.runner import run_job
from bot.services import availability
from bot.storage.models import Profile, WorkspaceConfig
from tests.pool_flows import opened_view
from tests.slackdriver import blocks_text
from tests.test_challenges_e2e import post_challenge

TEAM = "T0DOZEN"
MONDAY = datetime(2026, 11, 30, 9, 5, tzinfo=timezone.utc)  # Europe/London is UTC in winter
RESEARCH = {"User research methods": "Expert"}
CODE = {"Programming and build (software engineering)": "Expert"}


def member(dozen, user, council, skills, hours=6.0, help_kinds=("user_research",)):
    dozen.fake.add_user(user)
    now = dozen.ctx.clock.now()
    with dozen.db.session() as session:
        session.add(Profile(team_id=TEAM, user_id=user, council_code=council, line_manager_id="UCAROL",
                            hours_per_week=hours, skills=skills, help_kinds=list(help_kinds), status="member",
                            created_at=now, updated_at=now, approved_at=now))


def settings(dozen, **changes):
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, TEAM) or WorkspaceConfig(team_id=TEAM)
        for key, value in changes.items():
            setattr(config, key, value)
        session.add(config)


def set_hours(dozen, user, hours):
    with dozen.db.session() as session:
        profile = session.exec(select(Profile).where(Profile.team_id == TEAM, Profile.user_id == user)).one()
        profile.hours_per_week = hours
        session.add(profile)


def digest_at(dozen, at: datetime) -> str:
    """Run the digest job at `at` and return what its challenge messages say."""
    ctx = replace(dozen.ctx.for_job(forced=True), clock=FixedClock(at), pause=lambda seconds: None)
    before = len([c for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == "CDIGEST"])
    assert "posted" in run_job("digest", ctx)
    posts = [c for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == "CDIGEST"][before:]
    return "\n".join(blocks_text(p["blocks"]) for p in posts[1:])  # the first is the opening message


def line_of(shown: str, user: str) -> str:
    return next(line for line in shown.splitlines() if line.startswith(f"<@{user}>"))


# -- the digest ------------------------------------------------------------------------------------
@pytest.fixture
def digest_world(dozen):
    """UBOB (Leeds) does user research, UERIN (Birmingham) writes software. C-1 asks for data
    engineering and software: nobody offers data engineering."""
    settings(dozen, digest_channel="CDIGEST")
    member(dozen, "UBOB", "LDS", RESEARCH)
    member(dozen, "UERIN", "BIR", CODE, help_kinds=("software_development",))
    post_challenge(dozen, user="UDAN", title="A pipeline for parking sensor data", council="MAN",
                   skills=["Data engineering", "Programming and build (software engineering)"], other_skills="",
                   problem="Our parking sensors produce readings nobody can use: we need them in one place.")
    return dozen


def test_the_digest_proposes_the_closest_free_person_and_says_what_they_lack(digest_world):
    shown = digest_at(digest_world, MONDAY)
    assert "No one free offers Data engineering; the closest:" in shown
    # The developer comes closest: she offers one of the two skills asked for, and lacks the other.
    # The developer comes closest: she offers one of the two skills asked for (a good fit), and
    # lacks the other; the researcher, further off, is not proposed while someone fits.
    closest = [line for line in shown.split("the closest:")[1].splitlines() if line.startswith("<@")]
    assert closest == ["<@UERIN> (Birmingham) — good fit: skills: Programming and build (software engineering); "
                       "lacks Data engineering; 24h free in the coming weeks"]
    assert "Nobody in the pool is free" not in shown


def test_the_digest_says_nobody_only_when_nobody_in_the_pool_is_free(digest_world):
    dozen = digest_world
    set_hours(dozen, "UBOB", 0)
    set_hours(dozen, "UERIN", 0)
    shown = digest_at(dozen, MONDAY)
    assert "Nobody in the pool is free in the coming weeks." in shown
    assert "the closest:" not in shown and "<@UBOB>" not in shown and "<@UERIN>" not in shown

    # A week later one person is free again, however far from the challenge: proposed, not "nobody".
    set_hours(dozen, "UBOB", 2)
    shown = digest_at(dozen, MONDAY + timedelta(weeks=1))
    assert "Nobody in the pool is free" not in shown
    assert "No one free offers Data engineering, Programming and build (software engineering); the closest:" in shown
    line = line_of(shown, "UBOB")
    assert "weak fit: lacks Data engineering, Programming and build (software engineering)" in line
    assert "8h free in the coming weeks" in line


# -- a cohort's replacement ------------------------------------------------------------------------
@pytest.fixture
def cohort_world(dozen):
    """Two researchers and a developer; C-1 asks for user research."""
    settings(dozen, manager_approval=False)
    member(dozen, "UBOB", "LDS", RESEARCH)
    member(dozen, "UERIN", "BIR", RESEARCH)
    member(dozen, "UFAY", "BRI", CODE, help_kinds=("software_development",))
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN",
                   skills=["User research methods"], other_skills="",
                   problem="We need someone to run user interviews with residents about missed bins.")
    return dozen


def form_cohort(dozen, size="2"):
    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.command("/dozen", "cohort new", user="UADMIN")
    view = opened_view(dozen, before)
    first = availability.coming_weeks(dozen.ctx.today(), 1)[0]
    reply = dozen.slack.submit(view, {"name": "Winter dozen", "first_week": first.isoformat(), "weeks": "2",
                                      "size": size, "hours": "3", "challenges": ["1"]}, user="UADMIN")
    assert reply.text == "", reply.text
    dozen.settle()
    proposal = next(m for m in reversed(dozen.fake.dms_to("UADMIN")) if "cohort_confirm" in str(m.blocks))
    assert "<@UBOB>" in proposal.text + blocks_text(proposal.blocks)
    click(dozen, "UADMIN", "cohort_confirm", proposal)


def click(dozen, user, action, message):
    dozen.slack.click(action, user=user, blocks=message.blocks, channel=message.channel, message_ts=message.ts)
    dozen.settle()


def decline(dozen, user):
    invitation = next(m for m in reversed(dozen.fake.dms_to(user)) if "cohort_decline" in str(m.blocks))
    click(dozen, user, "cohort_decline", invitation)
    return next(m for m in reversed(dozen.fake.dms_to("UADMIN")) if f"<@{user}> won't join" in m.text)


def test_a_cohort_decline_proposes_the_closest_free_person_with_what_they_lack(cohort_world):
    dozen = cohort_world
    form_cohort(dozen)
    offer = decline(dozen, "UBOB")
    assert offer.text == ("<@UBOB> won't join K-1 on C-1. No one free offers User research methods. "
                          "Proposed instead: <@UFAY>, the closest — weak fit: lacks User research methods; "
                          "12h free in the coming weeks.")
    assert "cohort_invite_replacement" in str(offer.blocks)  # the organiser can still invite her


def test_a_cohort_decline_says_nobody_only_when_nobody_else_is_free(cohort_world):
    dozen = cohort_world
    set_hours(dozen, "UFAY", 1)  # less than the 3 hours a week asked
    form_cohort(dozen)
    offer = decline(dozen, "UERIN")
    assert offer.text == ("<@UERIN> won't join K-1 on C-1. Nobody else in the pool is free for 3h a week "
                          "in every week of K-1.")
    assert "cohort_invite_replacement" not in str(offer.blocks)
