"""Privacy end to end: my data, forget me, retention and the audit trail."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlmodel import SQLModel, select

from bot.clock import week_label
from bot.jobs.runner import run_job
from bot.services import availability
from bot.storage.models import Booking, Checkin, Nomination, WorkspaceConfig
from tests.conftest import both_backends
from tests.pool_flows import dm_with, make_member, opened_view
from tests.slackdriver import blocks_text
from tests.test_bookings_e2e import set_rate
from tests.test_challenges_e2e import post_challenge

TEAM = "T0DOZEN"


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"


def statement(dozen, month: str) -> list[list[str]]:
    before = len(dozen.fake.files)
    dozen.slack.command("/dozen", f"export bookings {month}", user="UADMIN")
    dozen.settle()
    dozen.fake.wait_for("files.completeUploadExternal", count=before + 1)
    return list(csv.reader(io.StringIO(dozen.fake.files[-1]["content"].decode())))


@pytest.fixture
def world(dozen):
    """Bob is in the pool (nominated by Alice, managed by Carol) and has left traces everywhere."""
    with dozen.db.session() as session:
        session.add(WorkspaceConfig(team_id=TEAM, digest_channel="CDIGEST"))
    set_rate(dozen, "LDS", "40", "hour")
    make_member(dozen, person="UBOB", manager="UCAROL")
    make_member(dozen, person="UERIN", manager="UCAROL", nominator="UDAN", council="MAN",
                bio="Erin's secret bio about data pipelines")
    with dozen.db.session() as session:  # bookings below need only the person's yes
        session.get(WorkspaceConfig, TEAM).manager_approval = False
    post_challenge(dozen, user="UDAN", title="Talk to residents", council="MAN")  # C-1
    bobs = post_challenge(dozen, user="UBOB", title="Bob's own challenge", council="LDS")  # C-2
    first = dozen.fake.calls_to("chat.postMessage")
    c1 = next(c for c in first if "C-1" in c["text"]).result
    dozen.slack.react("UBOB", c1["channel"], c1["ts"])  # Bob votes
    dozen.slack.react("UDAN", bobs.channel, bobs.ts)
    dozen.settle()
    # Bob's availability, a booking of Bob (future, confirmed) and one Bob asked for (of Erin)
    week = availability.coming_weeks(dozen.ctx.today(), 1)[0]
    view = _open(dozen, "/availability", "", "UBOB")
    dozen.slack.submit(view, {"hours": "5", "from_week": week.isoformat(), "until_week": week.isoformat()},
                       user="UBOB")
    for person, requester in (("UBOB", "UDAN"), ("UERIN", "UBOB")):
        view = _open(dozen, "/book", f"<@{person}>", requester)
        assert dozen.slack.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": "2"},
                                  user=requester).text == ""
        dozen.settle()
        ask = dm_with(dozen, person, "booking_approve")
        dozen.slack.click("booking_approve", user=person, blocks=ask.blocks, channel=ask.channel, message_ts=ask.ts)
        dozen.settle()
    # a confirmed booking of Bob in a past week, kept for accounting (£40/hour x 3h)
    past = week - timedelta(weeks=6)  # a month of its own: only kept records are on its statement
    with dozen.db.session() as session:
        session.add(Booking(team_id=TEAM, number=50, person_id="UBOB", requester_id="UDAN", challenge_id=1,
                            week_start=past, hours=3, status="confirmed", provider_council="LDS",
                            booking_council="MAN", rate_pence=4000, rate_unit="hour", amount_pence=12000,
                            created_at=dozen.ctx.clock.now()))
    # Bob nominates Alice's colleague, pledges, and checks in (answers posted in C-1's thread)
    view = _open(dozen, "/nominate", "<@UFRED|fred> great", "UBOB")
    dozen.fake.add_user("UFRED")
    dozen.slack.submit(view, {"why": "Fred knows procurement inside out", "skills_unknown": ["Commercial management"],
                              "help_kinds": ["procurement"], "council": "LDS", "nominee": "UFRED"}, user="UBOB")
    view = _open(dozen, "/pledge", "C-1 £250", "UBOB")
    dozen.slack.submit(view, {"kind": "money", "on_behalf_of": "Leeds City Council", "note": "from Bob"}, user="UBOB")
    posted = dozen.fake.api_chat_postMessage({"channel": c1["channel"], "thread_ts": c1["ts"], "text": "Bob's answers"})
    with dozen.db.session() as session:
        session.add(Checkin(team_id=TEAM, week_start=week, person_id="UBOB", challenge_id=1, created_at=dozen.ctx.clock.now(),
                            problem_statement="Bins are confusing", surprise="Leaflets unread", shipped="A prototype",
                            team_health="fine", answered_at=dozen.ctx.clock.now(),
                            posted=f"{posted['channel']}:{posted['ts']}"))
    with freeze_time(datetime.now(timezone.utc), tick=True):
        run_job("digest", dozen.ctx.for_job(forced=True))  # Bob is proposed in the digest
    dozen.settle()
    dozen.week, dozen.past, dozen.thread_post = week, past, (posted["channel"], posted["ts"])
    return dozen


def _open(dozen, command, text_, user):
    before = len(dozen.fake.calls_to("views.open"))
    reply = dozen.slack.command(command, text_, user=user)
    assert reply.text == "", reply.text
    return opened_view(dozen, before)


def test_mydata_summary_and_json_hold_every_kind_of_record(world):
    dozen = world
    reply = dozen.slack.command("/dozen", "mydata", user="UBOB")
    assert "everything Dozen holds about you" in reply.message_text
    dozen.settle()
    summary = next(m for m in reversed(dozen.fake.dms_to("UBOB")) if m.text.startswith("Here is everything"))
    shown = blocks_text(summary.blocks)
    assert "*Pool profile* (member)" in shown and "User research methods (Expert)" in shown
    # the records themselves, not counts
    week, past = week_label(dozen.week), week_label(dozen.past)
    assert f"*Availability* (1):\n• {week}: 5h" in shown
    assert (f"*Bookings of you* (2):\n• B-1 · C-1: Talk to residents · {week} · 2h · confirmed · <@UDAN>\n"
            f"• B-50 · C-1: Talk to residents · {past} · 3h · confirmed · <@UDAN>") in shown
    assert f"*Bookings you asked for* (1):\n• B-2 · C-1: Talk to residents · {week} · 2h · confirmed" in shown
    assert "*Nominations of you* (1):\n• N-1 · <@UALICE> · accepted" in shown
    assert "*Nominations you made* (1):\n• N-3 · <@UFRED> · awaiting consent" in shown
    assert "*Votes* (1):\n• challenge C-1: Talk to residents :+1:" in shown
    assert "*Pledges* (1):\n• P-1 · C-1: Talk to residents · £250.00 · active" in shown
    assert f"*Check-in answers* (1):\n• {week} · C-1: Talk to residents" in shown
    assert "*Challenges you posted* (1):\n• C-2: Bob's own challenge · open" in shown
    upload = dozen.fake.files[-1]
    assert upload["filename"] == "dozen-my-data.json" and upload["channel"] == "DUBOB"
    data = json.loads(upload["content"])
    for key in ("profile", "availability", "bookings_of_you", "bookings_you_asked_for", "nominations_of_you",
                "nominations_by_you", "votes", "pledges", "check_ins", "challenges_you_posted"):
        assert data[key], key
    assert data["nominations_of_you"][0]["nominator_id"] == "UALICE"
    assert data["check_ins"][0]["surprise"] == "Leaflets unread"
    flat = json.dumps(data)
    assert "secret bio" not in flat and "data pipelines" not in flat  # nothing about other people
    others = {"UERIN", "UDAN", "UALICE", "UCAROL", "UFRED"}
    assert all(flat.count(o) <= 6 for o in others)  # only as the people Bob dealt with
    assert "Fred knows procurement" in flat  # what Bob wrote himself


def every_row_mentioning(db, needles: tuple[str, ...]) -> list[str]:
    found = []
    with db.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                flat = " ".join(str(v) for v in row)
                if any(n in flat for n in needles):
                    found.append(f"{table.name}: {flat[:200]}")
    return found


@both_backends
def test_forget_me_leaves_nothing_identifying_and_keeps_the_totals(world, backend):
    dozen = world
    month = month_of(dozen.past)
    before = statement(dozen, month)
    assert any(row[2] == "Ubob" for row in before)

    reply = dozen.slack.command("/dozen", "forget-me", user="UBOB")
    assert reply.text == ""
    view = opened_view(dozen, len(dozen.fake.calls_to("views.open")) - 1)
    shown = blocks_text(view["blocks"])
    assert view["callback_id"] == "forget_me"
    for promise in ("delete your pool profile", "cancel your bookings in weeks that haven't started",
                    "withdraw your open pledges", "replace your name with “former member”", "can't be undone"):
        assert promise in shown
    assert dozen.slack.submit(view, {}, user="UBOB").text == ""
    dozen.settle()

    assert every_row_mentioning(dozen.db, ("UBOB", "Ubob")) == []
    after = statement(dozen, month)
    assert [r for r in after if r and r[0] == "total"] == [r for r in before if r and r[0] == "total"]
    assert any(row[2] == "former member" for row in after)

    told = [m.text for m in dozen.fake.dms_to("UDAN")] + [m.text for m in dozen.fake.dms_to("UERIN")]
    assert sum("was cancelled: a person involved has left Dozen" in t for t in told) == 2
    assert dozen.thread_post not in dozen.fake.messages  # the check-in answers' post was taken down
    for message in dozen.fake.messages.values():
        if message.channel in ("CCHALLENGES", "CNOMS", "CDIGEST", "CGENERAL"):
            assert "UBOB" not in json.dumps(message.blocks) and "UBOB" not in message.text, message.text
    assert "has forgotten you" in blocks_text(dozen.fake.published["UBOB"]["blocks"])
    assert "Only talent pool members" in dozen.slack.command("/availability", "show", user="UBOB").message_text
    with dozen.db.reading() as session:
        assert session.exec(select(Booking).where(Booking.week_start == dozen.week,
                                                  Booking.status == "cancelled")).all()
    dozen.slack.open_home("UDAN")
    dozen.settle()
    assert "UBOB" not in json.dumps(dozen.fake.published["UDAN"])


def test_retention_purges_old_declined_nominations_and_expired_requests(dozen):
    now = datetime.now(timezone.utc)
    with dozen.db.session() as session:
        session.add(Nomination(team_id=TEAM, number=1, nominee_id="UOLD", status="declined", created_at=now,
                               decided_at=now))
        session.add(Booking(team_id=TEAM, number=1, person_id="UP", requester_id="UR", challenge_id=1,
                            week_start=now.date(), hours=1, status="expired", provider_council="LDS",
                            booking_council="MAN", created_at=now, decided_at=now))
    ctx = dozen.ctx.for_job()
    with freeze_time(now + timedelta(days=89)):
        assert run_job("retention", ctx).startswith("purged 0 declined nominations, 0 expired booking requests")
    with freeze_time(now + timedelta(days=91)):
        assert run_job("retention", ctx).startswith("purged 1 declined nominations, 0 expired booking requests")
    with freeze_time(now + timedelta(days=366)):
        assert run_job("retention", ctx).startswith("purged 0 declined nominations, 1 expired booking requests")
    with dozen.db.reading() as session:
        assert session.exec(select(Nomination)).all() == [] and session.exec(select(Booking)).all() == []


def test_audit_trail_export(world):
    dozen = world
    refused = dozen.slack.command("/dozen", f"export audit {date.today():%Y-%m}", user="UBOB")
    assert "is for organisers" in refused.message_text
    assert "is not a month" in dozen.slack.command("/dozen", "export audit last", user="UADMIN").message_text
    dozen.slack.command("/dozen", f"export audit {date.today():%Y-%m}", user="UADMIN")
    dozen.settle()
    dozen.fake.wait_for("files.completeUploadExternal", count=len(dozen.fake.files))
    upload = dozen.fake.files[-1]
    assert upload["filename"] == f"dozen-audit-{date.today():%Y-%m}.csv"
    rows = list(csv.reader(io.StringIO(upload["content"].decode())))
    assert rows[0] == ["when (UTC)", "who", "action", "subject"]
    actions = {(r[1], r[2]) for r in rows[1:]}
    assert ("UCAROL", "membership.approved") in actions
    assert ("UBOB", "booking.approved") in actions and ("UERIN", "booking.approved") in actions
    assert ("UADMIN", "rate.changed") in actions
    assert all(len(r) == 4 for r in rows)  # identifiers only: no free text column
