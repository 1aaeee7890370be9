"""The weekly digest end to end, with freezegun driving the clock across weeks."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from freezegun import freeze_time
from slack_sdk.errors import SlackApiError
from sqlmodel import select

from bot.publish.digest import post_digest
from bot.jobs.runner import run_job
from bot.storage.db import Database
from bot.storage.models import DigestPart, WorkspaceConfig
from tests.conftest import both_backends
from tests.pool_flows import make_member, opened_view
from tests.slackdriver import blocks_text, find_action
from tests.test_challenges_e2e import post_challenge

TEAM = "T0DOZEN"
MONDAY_0859 = datetime(2026, 11, 30, 8, 59, tzinfo=timezone.utc)  # Europe/London is UTC in winter
RESEARCH = {"skills_expert": ["User research methods"], "skills_working": [], "help_kinds": ["user_research"]}


def configure(dozen, **changes):
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, TEAM) or WorkspaceConfig(team_id=TEAM)
        config.digest_channel = "CDIGEST"
        for key, value in changes.items():
            setattr(config, key, value)
        session.add(config)


@pytest.fixture
def world(dozen):
    """UBOB (Leeds) does user research; UERIN (Manchester) develops software.
    C-1 needs user interviews; C-2 needs procurement, which nobody offers."""
    configure(dozen)
    make_member(dozen, person="UBOB", manager="UCAROL")
    make_member(dozen, person="UERIN", manager="UCAROL", nominator="UDAN", council="MAN", skills_expert=[
        "Programming and build (software engineering)"], skills_working=[], help_kinds=["software_development"])
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN", skills=[],
                   other_skills="resident engagement",
                   problem="We need someone to run user interviews with residents about bins.")
    post_challenge(dozen, user="UDAN", title="Procure a new CRM", council="MAN", skills=["Commercial management"],
                   problem="We must tender for a CRM supplier and write the contract.")
    return dozen


def digest_posts(dozen):
    return [c for c in dozen.fake.calls_to("chat.postMessage") if c["channel"] == "CDIGEST"]


def ctx(dozen, forced=False, **changes):
    """The job context the scheduler uses (or a person, when forced), without the pause between posts."""
    return replace(dozen.ctx.for_job(forced=forced), **{"pause": lambda seconds: None, **changes})


def test_digest_proposes_people_with_reasons_and_says_who_is_missing(world):
    dozen = world
    with freeze_time(MONDAY_0859.replace(hour=9, minute=5), tick=True):
        summary = run_job("digest", ctx(dozen, forced=True))
    assert summary == "T0DOZEN 2026-W49: posted 2 messages in CDIGEST"
    opening, challenges = digest_posts(dozen)
    assert "This week's matches: w/c 30 Nov" in blocks_text(opening["blocks"])
    shown = blocks_text(challenges["blocks"])
    assert "*C-1: Talk to residents about bins* — Manchester" in shown
    line = next(line for line in shown.splitlines() if line.startswith("<@UBOB>"))
    assert line == ("<@UBOB> (Leeds) — skills: User research methods; 16h free in the coming weeks")
    assert "<@UERIN>" not in shown.split("C-2")[0]  # the developer is not proposed for interviews
    # Nobody offers what C-2 asks for: the digest says so and proposes the closest, with what they lack.
    procurement = shown.split("C-2")[1]
    assert "No one free offers Commercial management; the closest:" in procurement
    assert "weak fit: lacks Commercial management" in procurement
    assert ":warning:" not in shown  # "nobody" only when nobody in the pool is free
    button = find_action(challenges["blocks"], "digest_book")
    assert button["text"]["text"] == "Request booking"

    message = dozen.fake.message("CDIGEST", challenges.result["ts"])
    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.click("digest_book", user="UDAN", blocks=message.blocks, channel="CDIGEST", message_ts=message.ts)
    view = opened_view(dozen, before)
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert view["callback_id"] == "book" and inputs["person"]["initial_user"] == "UBOB"
    assert inputs["challenge"]["initial_option"]["text"]["text"].startswith("C-1 Talk to residents")


def test_posted_once_a_week_on_its_day_from_its_time_with_rotation(world):
    dozen = world
    scheduled = ctx(dozen)
    with freeze_time(MONDAY_0859, tick=True):
        assert run_job("digest", scheduled) == "T0DOZEN: not due"
    with freeze_time(MONDAY_0859.replace(minute=59, hour=11), tick=True):  # down at 09:00, back at 11:59
        assert run_job("digest", scheduled).endswith("posted 2 messages in CDIGEST")
    with freeze_time(MONDAY_0859.replace(hour=16), tick=True):
        assert run_job("digest", scheduled) == "T0DOZEN 2026-W49: already posted"
        assert run_job("digest", ctx(dozen, forced=True)) == "T0DOZEN 2026-W49: already posted"
    with freeze_time(MONDAY_0859.replace(day=1, month=12, hour=10), tick=True):  # Tuesday
        assert run_job("digest", scheduled) == "T0DOZEN: not due"
    assert len(digest_posts(dozen)) == 2

    # Another researcher joins: next week she is proposed instead of last week's UBOB.
    make_member(dozen, person="UDAN", manager="UCAROL", nominator="UALICE")
    with freeze_time(datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc), tick=True):
        assert run_job("digest", scheduled).startswith("T0DOZEN 2026-W50: posted 2 messages")
    this_week = blocks_text(digest_posts(dozen)[-1]["blocks"]).split("C-2")[0]
    assert "<@UDAN> (Leeds)" in this_week and "<@UBOB>" not in this_week


def test_rotation_keeps_last_weeks_person_when_nobody_else_fits(world):
    dozen = world
    with freeze_time(MONDAY_0859.replace(hour=9), tick=True):
        run_job("digest", ctx(dozen))
    with freeze_time(datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc), tick=True):
        run_job("digest", ctx(dozen))
    assert "<@UBOB> (Leeds)" in blocks_text(digest_posts(dozen)[-1]["blocks"])


def test_an_interrupted_digest_run_again_posts_only_what_is_missing(world):
    dozen = world
    for n in range(3, 12):  # enough challenges for two challenge messages
        post_challenge(dozen, user="UDAN", title=f"Research project {n}", council="MAN")
    calls = []

    def fail_after_first(seconds):
        calls.append(seconds)
        dozen.fake.refuse["CDIGEST"] = "channel_not_found"

    with freeze_time(MONDAY_0859.replace(hour=9), tick=True):
        with pytest.raises(SlackApiError):
            run_job("digest", ctx(dozen, pause=fail_after_first))
        with dozen.db.reading() as session:
            parts = session.exec(select(DigestPart).order_by(DigestPart.part)).all()
        assert [bool(p.ts) for p in parts] == [True, False, False]
        del dozen.fake.refuse["CDIGEST"]
        assert run_job("digest", ctx(dozen)).endswith("posted 2 messages in CDIGEST")
        assert run_job("digest", ctx(dozen)).endswith("already posted")
    texts = [c["text"] for c in digest_posts(dozen) if c.result and c.result.get("ok")]
    assert len(texts) == 3 and len(set(texts)) == 3  # each message exactly once
    assert texts[1].endswith("(1–8 of 11)") and texts[2].endswith("(9–11 of 11)")


def test_posts_to_a_channel_at_most_about_one_a_second(world):
    dozen = world
    for n in range(3, 12):
        post_challenge(dozen, user="UDAN", title=f"Research project {n}", council="MAN")
    with freeze_time(MONDAY_0859.replace(hour=9), tick=True):
        run_job("digest", replace(dozen.ctx.for_job()))  # the real pause
    posts = digest_posts(dozen)
    assert len(posts) == 3
    assert all(b.at - a.at >= 1.0 for a, b in zip(posts, posts[1:]))


def test_a_long_digest_is_split_within_block_kit_limits(world):
    dozen = world
    for n in range(3, 31):
        post_challenge(dozen, user="UDAN", title=f"Research project {n}", council="MAN")
    with freeze_time(MONDAY_0859.replace(hour=9), tick=True):
        assert run_job("digest", ctx(dozen, forced=True)).endswith("posted 5 messages in CDIGEST")
    for post in digest_posts(dozen):
        assert len(post["blocks"]) <= 50 and post.result["ok"]  # and the fake checked each against the schema


@both_backends
def test_two_processes_post_one_digest(world, backend):
    dozen = world
    start = threading.Barrier(2)
    outcomes = []

    def replica():
        db = Database(dozen.db.url)  # a process of its own: its own engine and connections
        try:
            start.wait()
            context = replace(ctx(dozen, forced=True), db=db, pause=lambda s: threading.Event().wait(0.2))
            outcomes.append(post_digest(context, TEAM).summary)
        finally:
            db.dispose()

    with freeze_time(MONDAY_0859.replace(hour=9), tick=True):
        threads = [threading.Thread(target=replica) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(o.split(": ")[1] for o in outcomes) == ["being posted elsewhere", "posted 2 messages in CDIGEST"]
    assert len(digest_posts(dozen)) == 2


def test_digest_now_for_organisers(world):
    dozen = world
    refused = dozen.slack.command("/dozen", "digest now", user="UBOB")
    assert "`/dozen digest now` is for organisers" in refused.message_text
    reply = dozen.slack.command("/dozen", "digest now", user="UADMIN")
    assert "Working out this week's matches" in reply.message_text
    dozen.settle()
    assert dozen.fake.responses[-1]["text"].startswith("This week's digest is posted: posted 2 messages in CDIGEST")
    dozen.slack.command("/dozen", "digest now", user="UADMIN")
    dozen.settle()
    assert dozen.fake.responses[-1]["text"] == "This week's digest was already posted; it goes out once a week."
    assert len(digest_posts(dozen)) == 2


def test_digest_without_a_channel(dozen):
    assert run_job("digest", ctx(dozen, forced=True)) == "no workspace has a digest channel yet"
    dozen.slack.command("/dozen", "digest now", user="UADMIN", channel="DUADMIN")
    dozen.settle()
    assert "There's no digest channel yet" in dozen.fake.responses[-1]["text"]


@both_backends
def test_past_work_counts_and_is_said(world, backend):
    dozen = world
    from bot.storage.models import Booking, Challenge

    post_challenge(dozen, user="UALICE", title="Resident interviews about recycling", council="LDS",
                   problem="We ran user interviews with residents about recycling collections.")
    dozen.slack.command("/challenge", "close C-3", user="UALICE")
    with dozen.db.session() as session:
        past = session.exec(select(Challenge).where(Challenge.number == 3)).one()
        session.add(Booking(team_id=TEAM, number=1, person_id="UBOB", requester_id="UALICE", challenge_id=past.id,
                            week_start=datetime(2026, 11, 16).date(), hours=2, status="confirmed",
                            provider_council="LDS", booking_council="LDS", created_at=MONDAY_0859))
    with freeze_time(MONDAY_0859.replace(hour=9), tick=True):
        run_job("digest", ctx(dozen))
    shown = blocks_text(digest_posts(dozen)[-1]["blocks"])
    assert "has worked on C-3: Resident interviews about recycling" in shown
