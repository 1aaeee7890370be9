"""Bookings end to end: request, approve in DMs, confirm, cancel, expire, pay."""

from __future__ import annotations

import csv
import io
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlmodel import select

from bot.clock import FixedClock
from bot.jobs.runner import run_job
from bot.services import availability
from bot.storage.models import Booking, WorkspaceConfig
from tests.conftest import both_backends, serving
from tests.pool_flows import dm_with, make_member, opened_view
from tests.slackdriver import blocks_text
from tests.test_challenges_e2e import post_challenge


def weeks(dozen, count=12):
    return availability.coming_weeks(dozen.ctx.today(), count)


def label(week: date) -> str:
    return f"w/c {week.day} {week:%b}"


@pytest.fixture
def pool(dozen):
    """UBOB (Leeds, 4h a week, managed by UCAROL) is in the pool; UDAN posted C-1 for Manchester."""
    make_member(dozen, person="UBOB", manager="UCAROL")
    post_challenge(dozen, user="UDAN", title="Digitise planning appeals", council="MAN")
    return dozen


def book_form(dozen, person="UBOB", user="UDAN"):
    before = len(dozen.fake.calls_to("views.open"))
    reply = dozen.slack.command("/book", f"<@{person}|{person.lower()}>", user=user)
    assert reply.text == "", reply.text
    return opened_view(dozen, before)


def request(dozen, *, week: date, hours="3", user="UDAN", person="UBOB", note="Help us plan research"):
    view = book_form(dozen, person=person, user=user)
    reply = dozen.slack.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": hours, "note": note},
                               user=user)
    dozen.settle()
    return reply


def booking(dozen, number=1) -> Booking:
    with dozen.db.reading() as session:
        return session.exec(select(Booking).where(Booking.number == number)).one()


def click(dozen, user, action, message):
    reply = dozen.slack.click(action, user=user, blocks=message.blocks, channel=message.channel,
                              message_ts=message.ts)
    dozen.settle()
    return reply


def set_rate(dozen, council="LDS", amount="45", unit="hour"):
    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.command("/dozen", "config", user="UADMIN")
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {"rate_council": council, "rate_amount": amount, "rate_unit": unit},
                               user="UADMIN")
    assert reply.text == "", reply.text


def test_request_approve_confirm_and_cancel(pool):
    dozen, fake = pool, pool.fake
    set_rate(dozen)
    view = book_form(dozen)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert [b["label"]["text"] for b in inputs.values()] == ["Person", "Challenge", "Week", "Hours", "Note"]
    week_labels = [o["text"]["text"] for o in inputs["week"]["element"]["options"]]
    assert len(week_labels) == 12 and week_labels[0].startswith(label(weeks(dozen)[0]))  # (and its bank holidays)
    assert week_labels[0].endswith(": 4h free")
    assert inputs["challenge"]["element"]["options"][0]["text"]["text"] == "C-1 Digitise planning appeals (Manchester)"

    first = weeks(dozen)[0]
    assert request(dozen, week=first).text == ""
    told = fake.responses[-1]["text"]
    assert f"Requested 3h of <@UBOB>'s time in {label(first)} (B-1)" in told and "<@UCAROL>" in told

    ask = dm_with(dozen, "UBOB", "booking_approve")
    shown = blocks_text(ask.blocks)
    assert "<@UDAN> would like to book *3h* of your time" in shown
    assert "C-1: Digitise planning appeals" in shown and "Help us plan research" in shown
    manager_ask = dm_with(dozen, "UCAROL", "booking_approve")
    assert "As their line manager" in blocks_text(manager_ask.blocks)

    click(dozen, "UBOB", "booking_approve", ask)
    assert booking(dozen).status == "requested"
    assert "you approved; waiting for <@UCAROL>" in blocks_text(fake.message(ask.channel, ask.ts).blocks)
    assert "4h free" in dozen.slack.command("/availability", "show", user="UBOB").message_text

    click(dozen, "UCAROL", "booking_approve", manager_ask)
    confirmed = booking(dozen)
    assert confirmed.status == "confirmed"
    assert (confirmed.rate_pence, confirmed.rate_unit, confirmed.amount_pence) == (4500, "hour", 13500)
    to_person = dm_with(dozen, "UBOB", "booking_cancel")
    to_requester = dm_with(dozen, "UDAN", "booking_cancel")
    assert f"Booked: 3h of your time in {label(first)} for C-1, with <@UDAN>" in to_person.text
    assert f"Confirmed: <@UBOB> gives 3h in {label(first)} to C-1" in to_requester.text
    assert "£135 (£45/hour), paid by Manchester to Leeds" in blocks_text(to_requester.blocks)
    assert "can cancel until the week starts" in blocks_text(to_person.blocks)
    for message in (ask, manager_ask):
        assert "confirmed" in blocks_text(fake.message(message.channel, message.ts).blocks)
    shown = dozen.slack.command("/availability", "show", user="UBOB").message_text
    assert "4h offered · 3h booked · *1h free*" in shown

    click(dozen, "UDAN", "booking_cancel", to_requester)
    assert booking(dozen).status == "cancelled"
    assert "was cancelled by <@UDAN>" in fake.dms_to("UBOB")[-1].text
    assert "4h offered · 0h booked · *4h free*" in dozen.slack.command("/availability", "show",
                                                                      user="UBOB").message_text


def test_person_or_manager_declines(pool):
    dozen = pool
    request(dozen, week=weeks(dozen)[0])
    click(dozen, "UCAROL", "booking_decline", dm_with(dozen, "UCAROL", "booking_decline"))
    assert booking(dozen).status == "declined"
    assert "<@UCAROL> declined your request for 3h of <@UBOB>'s time" in dozen.fake.dms_to("UDAN")[-1].text
    request(dozen, week=weeks(dozen)[1])
    managers_copy = dm_with(dozen, "UCAROL", "booking_approve")
    stale_blocks = list(managers_copy.blocks)
    click(dozen, "UBOB", "booking_decline", dm_with(dozen, "UBOB", "booking_decline"))
    assert booking(dozen, 2).status == "declined"
    assert "<@UBOB> declined" in dozen.fake.dms_to("UDAN")[-1].text
    assert "declined by <@UBOB>" in dozen.fake.message(managers_copy.channel, managers_copy.ts).text
    dozen.slack.click("booking_approve", user="UCAROL", blocks=stale_blocks, channel=managers_copy.channel,
                      message_ts=managers_copy.ts)  # pressed on a copy that was still open
    dozen.settle()
    assert "This request is already declined." in dozen.fake.responses[-1]["text"]


def test_without_manager_approval_the_person_alone_confirms(pool):
    dozen = pool
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, "T0DOZEN") or WorkspaceConfig(team_id="T0DOZEN")
        config.manager_approval = False
        session.add(config)
    request(dozen, week=weeks(dozen)[0])
    assert not [m for m in dozen.fake.dms_to("UCAROL") if "booking_approve" in str(m.blocks)]
    click(dozen, "UBOB", "booking_approve", dm_with(dozen, "UBOB", "booking_approve"))
    assert booking(dozen).status == "confirmed"
    assert booking(dozen).amount_pence is None  # Leeds has no rate yet
    assert "no rate set yet" in blocks_text(dm_with(dozen, "UDAN", "booking_cancel").blocks)


def test_only_the_last_free_hours_can_be_confirmed_once(pool):
    dozen = pool
    week = weeks(dozen)[2]
    request(dozen, week=week, hours="3", user="UDAN")
    request(dozen, week=week, hours="3", user="UERIN")  # both wait: only confirmed hours count
    asks = [m for m in dozen.fake.dms_to("UBOB") if "booking_approve" in str(m.blocks)]
    manager_asks = [m for m in dozen.fake.dms_to("UCAROL") if "booking_approve" in str(m.blocks)]
    for ask in asks:
        click(dozen, "UBOB", "booking_approve", ask)
    click(dozen, "UCAROL", "booking_approve", manager_asks[1])
    click(dozen, "UCAROL", "booking_approve", manager_asks[0])
    statuses = {booking(dozen, n).requester_id: booking(dozen, n).status for n in (1, 2)}
    assert statuses == {"UERIN": "confirmed", "UDAN": "declined"}
    told = dozen.fake.dms_to("UDAN")[-1].text
    assert "could not be confirmed: only 1h of <@UBOB>'s time was still free that week" in told
    assert "booked by someone else first" in dozen.fake.dms_to("UBOB")[-1].text


def test_refusals_name_the_field(pool):
    dozen = pool
    week = weeks(dozen)[0]
    view = book_form(dozen)

    def errors(**values):
        reply = dozen.slack.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": "2", **values},
                                   user="UDAN")
        return reply.json["errors"]

    assert errors(hours="0") == {"hours": "Book more than 0 hours."}
    assert errors(hours="-3") == {"hours": "Book more than 0 hours."}
    assert errors(hours="1.2") == {"hours": "Hours go in half hours, like 3.5."}
    assert errors(hours="5") == {"hours": f"<@UBOB> has only 4h free in {label(week)}."}
    assert errors(person="UDAN") == {"person": "You can't book yourself. Set the hours you can give with "
                                               "`/availability`."}
    assert "isn't in the talent pool" in errors(person="UERIN")["person"]
    # a week that has started (a stale form, submitted after the week began)
    this_week = availability.coming_weeks(dozen.ctx.today(), 1)[0] - timedelta(days=7)
    stale = dict(view)
    stale["blocks"] = [dict(b, element=dict(b["element"], options=b["element"]["options"] + [
        {"text": {"type": "plain_text", "text": "this week"}, "value": this_week.isoformat()}]))
        if b.get("block_id") == "week" else b for b in view["blocks"]]
    reply = dozen.slack.submit(stale, {"challenge": "1", "week": this_week.isoformat(), "hours": "2"}, user="UDAN")
    assert "has started; choose a week that hasn't" in reply.json["errors"]["week"]
    # a week with no free hours at all
    with dozen.db.session() as session:
        from bot.storage.models import Availability

        session.add(Availability(team_id="T0DOZEN", user_id="UBOB", week_start=week, hours=0, away=True,
                                 updated_at=dozen.ctx.clock.now()))
    assert errors() == {"week": f"<@UBOB> has no free hours in {label(week)}; choose another week."}
    dozen.slack.command("/challenge", "close C-1", user="UDAN")
    assert "is closed: choose an open challenge" in errors(week=weeks(dozen)[1].isoformat())["challenge"]
    with dozen.db.reading() as session:
        assert session.exec(select(Booking)).all() == []


@pytest.mark.parametrize("text, expected", [
    ("", "/book @person"),
    ("someone", "Start with the person's @name"),
    ("<@UERIN|erin>", "<@UERIN> isn't in the talent pool"),
    ("<@UDAN|dan>", "You can't book yourself"),
])
def test_book_command_refusals(pool, text, expected):
    reply = pool.slack.command("/book", text, user="UDAN")
    assert reply.json["response_type"] == "ephemeral" and expected in reply.message_text


def test_no_open_challenges_means_nothing_to_book(dozen):
    make_member(dozen)
    reply = dozen.slack.command("/book", "<@UBOB>", user="UDAN")
    assert "There are no open challenges to book time for" in reply.message_text


def test_choosing_another_person_redraws_their_free_weeks(pool):
    dozen = pool
    make_member(dozen, person="UERIN", manager="UCAROL", nominator="UDAN", hours="7.5")
    view = book_form(dozen)
    person_block = next(b for b in view["blocks"] if b.get("block_id") == "person")
    assert person_block["dispatch_action"] is True
    payload_view = dict(view, state={"values": {}})
    dozen.slack.interact({
        "type": "block_actions", "team": {"id": "T0DOZEN"}, "user": {"id": "UDAN"}, "api_app_id": "ADOZEN",
        "token": "t", "trigger_id": "1.2.3", "container": {"type": "view", "view_id": view["id"]},
        "view": payload_view,
        "actions": [{"action_id": "book_person", "block_id": "person", "type": "users_select",
                     "selected_user": "UERIN", "action_ts": "1"}],
    })
    dozen.settle()
    updated = dozen.fake.views[view["id"]]
    week = next(b for b in updated["blocks"] if b.get("block_id") == "week")
    assert week["element"]["options"][0]["text"]["text"].endswith("7.5h free")


def test_either_side_cancels_until_the_week_starts_and_from_app_home(pool):
    dozen = pool
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, "T0DOZEN") or WorkspaceConfig(team_id="T0DOZEN")
        config.manager_approval = False
        session.add(config)
    week = weeks(dozen)[0]
    request(dozen, week=week)
    click(dozen, "UBOB", "booking_approve", dm_with(dozen, "UBOB", "booking_approve"))
    dozen.slack.open_home("UBOB")
    dozen.settle()
    home = dozen.fake.published["UBOB"]
    assert f"`B-1` {label(week)}: 3h for <@UDAN> on C-1 — confirmed" in blocks_text(home["blocks"])
    dozen.ctx.clock = _at(week)  # Monday of that week: too late
    dozen.slack.click("booking_cancel", user="UBOB", view=dict(home, id="VHOME"))
    dozen.settle()
    assert "B-1 can't be cancelled: its week" in dozen.fake.dms_to("UBOB")[-1].text
    assert booking(dozen).status == "confirmed"
    from bot.clock import Clock

    dozen.ctx.clock = Clock()
    dozen.slack.click("booking_cancel", user="UBOB", view=dict(home, id="VHOME"))
    dozen.settle()
    assert booking(dozen).status == "cancelled"
    assert "was cancelled by <@UBOB>" in dozen.fake.dms_to("UDAN")[-1].text


def _at(week: date):
    from bot.clock import FixedClock

    return FixedClock(datetime(week.year, week.month, week.day, 10, tzinfo=timezone.utc))


def test_unanswered_requests_expire_after_five_days(pool):
    dozen = pool
    request(dozen, week=weeks(dozen)[3])
    created = booking(dozen).created_at
    ctx = dozen.ctx.for_job()
    from bot.clock import Clock

    ctx.clock = Clock()
    with freeze_time(created + timedelta(days=4, hours=23)):
        assert run_job("expire-bookings", ctx) == "expired 0 booking requests"
    with freeze_time(created + timedelta(days=5, minutes=1)):
        assert run_job("expire-bookings", ctx) == "expired 1 booking request"
        assert run_job("expire-bookings", ctx) == "expired 0 booking requests"  # twice does it once
    assert booking(dozen).status == "expired"
    assert "lapsed: nobody answered within 5 days" in dozen.fake.dms_to("UDAN")[-1].text
    stale = [m for m in dozen.fake.dms_to("UBOB") if "lapsed" in m.text]
    assert stale, "the person's request DM should say it lapsed"


def test_bookings_statement(pool):
    dozen = pool
    set_rate(dozen, "LDS", "337.50", "day")
    set_rate(dozen, "MAN", "40", "hour")
    make_member(dozen, person="UERIN", manager="UCAROL", nominator="UDAN", council="MAN")
    post_challenge(dozen, user="UALICE", title="Leeds parking permits", council="LDS")
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, "T0DOZEN")
        config.manager_approval = False
        session.add(config)
    month = f"{weeks(dozen)[1]:%Y-%m}"
    in_month = [w for w in weeks(dozen) if f"{w:%Y-%m}" == month]
    outside = next(w for w in weeks(dozen) if f"{w:%Y-%m}" != month)
    plan = [("UBOB", "UDAN", "1", in_month[0], "3"), ("UBOB", "UDAN", "1", in_month[-1], "1"),
            ("UERIN", "UALICE", "2", in_month[0], "2.5"), ("UBOB", "UDAN", "1", outside, "2")]
    for number, (person, requester, challenge, when, hours) in enumerate(plan, start=1):
        view = book_form(dozen, person=person, user=requester)
        reply = dozen.slack.submit(view, {"challenge": challenge, "week": when.isoformat(), "hours": hours},
                                   user=requester)
        assert reply.text == "", reply.text
        dozen.settle()
        click(dozen, person, "booking_approve", dm_with(dozen, person, "booking_approve"))
        assert booking(dozen, number).status == "confirmed"

    refused = dozen.slack.command("/dozen", f"export bookings {month}", user="UBOB")
    assert "is for organisers" in refused.message_text
    bad = dozen.slack.command("/dozen", "export bookings December", user="UADMIN")
    assert "is not a month: write it as YYYY-MM" in bad.message_text

    reply = dozen.slack.command("/dozen", f"export bookings {month}", user="UADMIN")
    assert "Preparing the bookings file" in reply.message_text
    dozen.settle()
    dozen.fake.wait_for("files.completeUploadExternal")
    upload = dozen.fake.files[-1]
    assert upload["filename"] == f"dozen-bookings-{month}.csv" and upload["channel"] == "DUADMIN"
    rows = list(csv.reader(io.StringIO(upload["content"].decode())))
    assert rows[0] == ["week", "provider council", "person", "booking council", "challenge", "hours", "rate",
                       "amount"]
    body = [r for r in rows[1:] if r and r[0] != "total"]
    # £337.50 a day is £45 an hour: 3h = £135, 1h = £45. Manchester's £40 an hour x 2.5h = £100.
    expected = sorted([
        [in_month[0].isoformat(), "Leeds", "Ubob", "Manchester", "C-1 Digitise planning appeals", "3",
         "£337.50/day", "135.00"],
        [in_month[-1].isoformat(), "Leeds", "Ubob", "Manchester", "C-1 Digitise planning appeals", "1",
         "£337.50/day", "45.00"],
        [in_month[0].isoformat(), "Manchester", "Uerin", "Leeds", "C-2 Leeds parking permits", "2.5",
         "£40/hour", "100.00"],
    ], key=lambda r: (r[0], r[1]))
    assert body == expected  # the booking outside the month is not on this statement
    totals = [r for r in rows if r and r[0] == "total"]
    assert totals == [["total", "provider council", "", "booking council", "", "hours", "", "amount"],
                      ["total", "Leeds", "", "Manchester", "", "4", "", "180.00"],
                      ["total", "Manchester", "", "Leeds", "", "2.5", "", "100.00"]]


@both_backends
def test_thirty_requests_and_approvals_at_once_never_overbook(dozen, backend):
    make_member(dozen, person="UBOB", manager="UCAROL", hours="4")
    post_challenge(dozen, user="UDAN", title="Concurrency", council="MAN")
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, "T0DOZEN") or WorkspaceConfig(team_id="T0DOZEN")
        config.manager_approval = False
        session.add(config)
    week = weeks(dozen)[0]
    view = book_form(dozen)
    requesters = [f"UREQ{i:02d}" for i in range(30)]
    for requester in requesters:
        dozen.fake.add_user(requester)

    def request_and_approve(requester: str) -> str:
        reply = dozen.slack.submit(view, {"challenge": "1", "week": week.isoformat(), "hours": "1"}, user=requester)
        assert reply.status == 200, reply.text
        if reply.text:  # refused on the form: by then the week was already fully booked
            assert "no free hours" in reply.json["errors"]["week"], reply.text
            return "full when asked"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            mine = [m for m in dozen.fake.dms_to("UBOB") if f"<@{requester}> would like" in m.text]
            if mine:
                reply = dozen.slack.click("booking_approve", user="UBOB", blocks=mine[0].blocks,
                                          channel=mine[0].channel, message_ts=mine[0].ts)
                assert reply.status == 200
                return "requested"
            time.sleep(0.2)
        return "no DM"

    with ThreadPoolExecutor(max_workers=30) as threads:
        results = list(threads.map(request_and_approve, requesters))
    dozen.settle()
    assert "no DM" not in results
    with dozen.db.reading() as session:
        rows = session.exec(select(Booking)).all()
    confirmed = [b for b in rows if b.status == "confirmed"]
    assert len(rows) == results.count("requested")
    assert sum(b.hours for b in confirmed) == 4  # never more than was free, and all of it used
    assert all(b.status == "declined" and "still free" in b.reason for b in rows if b.status != "confirmed")
    print(f"\n[{backend}] 30 requests at once for 1h each of 4h free: {results.count('full when asked')} refused "
          f"on the form (week already full), {len(rows)} requested, {len(confirmed)} confirmed "
          f"({sum(b.hours for b in confirmed):g}h), {len(rows) - len(confirmed)} declined at approval for capacity")


def test_the_week_picker_names_the_bank_holidays_where_the_person_works(fake, db):
    """UBOB is at Leeds: England and Wales's Christmas and Boxing Day (moved to Monday 28 Dec
    in 2026) and New Year's Day are named in the weeks they fall in."""
    with serving(fake, db, FixedClock(datetime(2026, 12, 14, 10, tzinfo=timezone.utc))) as dozen:
        make_member(dozen, person="UBOB", manager="UCAROL")
        post_challenge(dozen, user="UDAN", title="Digitise planning appeals", council="MAN")
        view = book_form(dozen)
    options = next(b for b in view["blocks"] if b.get("block_id") == "week")["element"]["options"]
    labels = {o["value"]: o["text"]["text"] for o in options}
    assert labels["2026-12-21"] == "w/c 21 Dec (Christmas Day): 4h free"
    assert labels["2026-12-28"] == "w/c 28 Dec (Boxing Day, New Year's Day): 4h free"
    assert labels["2027-01-04"] == "w/c 4 Jan: 4h free"
