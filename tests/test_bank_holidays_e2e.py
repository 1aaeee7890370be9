"""Bank holidays end to end: no check-in, reminder or digest lands on one (it moves to the next
working day, by the council's nation: England and Wales, Scotland, Northern Ireland), and
availability weeks show them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from sqlmodel import select

from bot.clock import FixedClock
from bot.jobs.runner import run_job
from bot.services.nations import workspace_nation
from bot.storage.models import Booking, Checkin, Profile, WorkspaceConfig
from tests.pool_flows import opened_view
from tests.test_challenges_e2e import post_challenge
from tests.test_process import clean_env, run_bot

TEAM = "T0DOZEN"
EASTER_MONDAY = date(2027, 3, 29)  # a bank holiday in England, Wales and Northern Ireland, not in Scotland
ST_ANDREWS_DAY = date(2026, 11, 30)  # a Monday: a bank holiday in Scotland only


def add_person(dozen, user: str, council: str, status: str = "member") -> None:
    dozen.fake.add_user(user)
    now = dozen.ctx.clock.now()
    with dozen.db.session() as session:
        session.add(Profile(team_id=TEAM, user_id=user, council_code=council, line_manager_id="UCAROL",
                            hours_per_week=6, skills={"User research methods": "Expert"}, help_kinds=[],
                            status=status, created_at=now, updated_at=now, approved_at=now))


def book(dozen, user: str, council: str, week: date, number: int) -> None:
    with dozen.db.session() as session:
        session.add(Booking(team_id=TEAM, number=number, person_id=user, requester_id="UDAN", challenge_id=1,
                            week_start=week, hours=2, status="confirmed", provider_council=council,
                            booking_council="MAN", created_at=dozen.ctx.clock.now()))


def checkin_dms(dozen, user: str) -> list:
    return [m for m in dozen.fake.dms_to(user) if "checkin_open" in str(m.blocks)]


def at(day: date, hour: int, minute: int = 5) -> datetime:
    """A local (Europe/London) time as UTC: British Summer Time from the last Sunday of March."""
    summer = date(day.year, 3, 25) <= day < date(day.year, 10, 25)
    return datetime(day.year, day.month, day.day, hour - (1 if summer else 0), minute, tzinfo=timezone.utc)


def job_at(dozen, name: str, when: datetime) -> str:
    """`python -m bot job NAME --at WHEN`, in process: forced, with the clock fixed at WHEN."""
    return run_job(name, replace(dozen.ctx.for_job(forced=True), clock=FixedClock(when),
                                 pause=lambda seconds: None))


# -- check-ins -------------------------------------------------------------------------------------
def test_checkins_skip_easter_monday_in_england_and_go_out_on_tuesday(dozen, tmp_path):
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    add_person(dozen, "UBOB", "LDS")  # Leeds, England
    add_person(dozen, "UFIONA", "EDH")  # Edinburgh, Scotland: Easter Monday is a working day there
    book(dozen, "UBOB", "LDS", EASTER_MONDAY, 1)
    book(dozen, "UFIONA", "EDH", EASTER_MONDAY, 2)
    env = clean_env(tmp_path, DATABASE_URL=dozen.db.url, SLACK_API_URL=dozen.fake.url,
                    SLACK_BOT_TOKEN=dozen.settings.slack_bot_token,
                    SLACK_SIGNING_SECRET="0123456789abcdef0123456789abcdef")

    monday = run_bot("job", "checkins", "--at", at(EASTER_MONDAY, 9).isoformat(), env=env, cwd=tmp_path)
    assert monday.returncode == 0, monday.stderr
    assert monday.stdout.strip() == ("sent 1 check-in for 2027-W13; 0 summaries; due Tuesday 30 Mar in England "
                                     "and Wales and Northern Ireland (bank holiday)")
    assert checkin_dms(dozen, "UBOB") == [] and len(checkin_dms(dozen, "UFIONA")) == 1

    again = run_bot("job", "checkins", "--at", at(EASTER_MONDAY, 15).isoformat(), env=env, cwd=tmp_path)
    assert again.stdout.startswith("check-ins for 2027-W13 already sent")
    assert checkin_dms(dozen, "UBOB") == []

    tuesday = run_bot("job", "checkins", "--at", at(date(2027, 3, 30), 9).isoformat(), env=env, cwd=tmp_path)
    assert tuesday.returncode == 0, tuesday.stderr
    assert tuesday.stdout.strip() == "sent 1 check-in for 2027-W13; 0 summaries"
    assert len(checkin_dms(dozen, "UBOB")) == 1 and len(checkin_dms(dozen, "UFIONA")) == 1  # each once
    later = run_bot("job", "checkins", "--at", at(date(2027, 3, 31), 11).isoformat(), env=env, cwd=tmp_path)
    assert later.stdout.strip() == "check-ins for 2027-W13 already sent"


def test_a_scottish_council_checks_in_the_day_after_st_andrews_day(dozen):
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    add_person(dozen, "UBOB", "LDS")
    add_person(dozen, "UFIONA", "GLG")  # Glasgow
    week = ST_ANDREWS_DAY
    book(dozen, "UBOB", "LDS", week, 1)
    book(dozen, "UFIONA", "GLG", week, 2)

    assert job_at(dozen, "checkins", at(week, 9)) == ("sent 1 check-in for 2026-W49; 0 summaries; "
                                                      "due Tuesday 1 Dec in Scotland (bank holiday)")
    assert len(checkin_dms(dozen, "UBOB")) == 1 and checkin_dms(dozen, "UFIONA") == []
    assert job_at(dozen, "checkins", at(date(2026, 12, 1), 9)) == "sent 1 check-in for 2026-W49; 0 summaries"
    assert len(checkin_dms(dozen, "UFIONA")) == 1 and len(checkin_dms(dozen, "UBOB")) == 1
    with dozen.db.reading() as session:
        assert sorted(c.person_id for c in session.exec(select(Checkin)).all()) == ["UBOB", "UFIONA"]


def test_reminders_move_off_a_bank_holiday_thursday(dozen):
    """Christmas Day 2025 was a Thursday and Boxing Day a Friday: no reminders that week (the
    next working day is in the next week); in a normal week they go on Thursday."""
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    add_person(dozen, "UBOB", "LDS")
    christmas_week = date(2025, 12, 22)
    book(dozen, "UBOB", "LDS", christmas_week, 1)
    assert job_at(dozen, "checkins", at(christmas_week, 9)).startswith("sent 1 check-in for 2025-W52")
    for day in (date(2025, 12, 23), date(2025, 12, 25), date(2025, 12, 26)):  # in all three nations
        assert job_at(dozen, "checkin-reminders", at(day, 10)) == (
            "reminded 0 people for 2025-W52; due not this week (bank holiday)")

    book(dozen, "UBOB", "LDS", date(2026, 12, 7), 2)
    assert job_at(dozen, "checkins", at(date(2026, 12, 7), 9)).startswith("sent 1 check-in for 2026-W50")
    assert job_at(dozen, "checkin-reminders", at(date(2026, 12, 9), 10)) == (
        "reminded 0 people for 2026-W50; due Thursday 10 Dec")
    assert job_at(dozen, "checkin-reminders", at(date(2026, 12, 10), 10)) == "reminded 1 person for 2026-W50"
    assert any("A reminder" in m.text for m in dozen.fake.dms_to("UBOB"))


# -- the digest ------------------------------------------------------------------------------------
def configure_digest(dozen) -> None:
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, TEAM) or WorkspaceConfig(team_id=TEAM)
        config.digest_channel, config.digest_weekday, config.digest_time = "CDIGEST", 0, "09:00"
        session.add(config)


def scheduled_digest(dozen, when: datetime) -> str:
    return run_job("digest", replace(dozen.ctx.for_job(), clock=FixedClock(when), pause=lambda seconds: None))


def test_the_digest_on_easter_monday_posts_on_tuesday(dozen):
    configure_digest(dozen)
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    assert scheduled_digest(dozen, at(EASTER_MONDAY, 9, 10)) == f"{TEAM}: not due"
    assert scheduled_digest(dozen, at(EASTER_MONDAY, 16, 0)) == f"{TEAM}: not due"
    assert scheduled_digest(dozen, at(date(2027, 3, 30), 8, 50)) == f"{TEAM}: not due"  # before its time
    assert scheduled_digest(dozen, at(date(2027, 3, 30), 9, 0)).startswith(f"{TEAM} 2027-W13: posted")
    assert scheduled_digest(dozen, at(date(2027, 3, 30), 9, 10)) == f"{TEAM} 2027-W13: already posted"
    assert scheduled_digest(dozen, at(date(2027, 3, 31), 9, 10)) == f"{TEAM}: not due"


def test_a_friday_digest_on_good_friday_posts_the_next_tuesday(dozen):
    configure_digest(dozen)
    with dozen.db.session() as session:
        session.get(WorkspaceConfig, TEAM).digest_weekday = 4
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    assert scheduled_digest(dozen, at(date(2027, 3, 26), 10)) == f"{TEAM}: not due"
    assert scheduled_digest(dozen, at(date(2027, 3, 30), 10)).startswith(f"{TEAM} 2027-W12: posted")  # its own week
    assert scheduled_digest(dozen, at(date(2027, 4, 2), 10)).startswith(f"{TEAM} 2027-W13: posted")


def test_a_scottish_workspaces_digest_waits_for_the_day_after_st_andrews_day(dozen):
    configure_digest(dozen)
    for user, council in (("UFIONA", "EDH"), ("UGREG", "GLG"), ("UBOB", "LDS")):
        add_person(dozen, user, council)
    with dozen.db.reading() as session:
        assert workspace_nation(session, TEAM) == "Scotland"
    assert scheduled_digest(dozen, at(ST_ANDREWS_DAY, 9, 30)) == f"{TEAM}: not due"
    assert scheduled_digest(dozen, at(date(2026, 12, 1), 9, 30)).startswith(f"{TEAM} 2026-W49: posted")


def test_a_workspaces_nation_is_where_most_of_its_pool_and_challenges_are(dozen):
    with dozen.db.reading() as session:
        assert workspace_nation(session, TEAM) == "England and Wales"  # nothing yet: the default
    add_person(dozen, "UFIONA", "EDH")
    with dozen.db.reading() as session:
        assert workspace_nation(session, TEAM) == "Scotland"
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    with dozen.db.reading() as session:
        assert workspace_nation(session, TEAM) == "England and Wales"  # a tie goes to England and Wales
    add_person(dozen, "UNIAMH", "BFS", status="awaiting_manager")  # not in the pool yet: not counted
    add_person(dozen, "UCIARA", "BFS")
    add_person(dozen, "UDEV", "DRS")  # Derry City and Strabane
    with dozen.db.reading() as session:
        assert workspace_nation(session, TEAM) == "Northern Ireland"


# -- availability ---------------------------------------------------------------------------------
def test_availability_weeks_show_their_bank_holidays(dozen, monkeypatch):
    monkeypatch.setattr(dozen.ctx.clock, "now", lambda: datetime(2027, 3, 17, 12, tzinfo=timezone.utc))
    add_person(dozen, "UBOB", "LDS")
    add_person(dozen, "UFIONA", "EDH")

    shown = dozen.slack.command("/availability", "show", user="UBOB").message_text
    lines = [line for line in shown.splitlines() if line.startswith("• ")]
    assert lines[0].startswith("• *w/c 22 Mar (Good Friday)*: 6h offered")
    assert lines[1].startswith("• *w/c 29 Mar (Easter Monday)*: 6h offered")
    assert lines[2].startswith("• *w/c 5 Apr*: 6h offered")
    scottish = dozen.slack.command("/availability", "show", user="UFIONA").message_text
    assert "w/c 22 Mar (Good Friday)" in scottish and "w/c 29 Mar*" in scottish and "Easter" not in scottish

    before = len(dozen.fake.calls_to("views.open"))
    assert dozen.slack.command("/availability", user="UBOB").text == ""
    view = opened_view(dozen, before)
    options = next(b for b in view["blocks"] if b.get("block_id") == "from_week")["element"]["options"]
    labels = [o["text"]["text"] for o in options]
    assert labels[:3] == ["w/c 22 Mar 2027 (Good Friday)", "w/c 29 Mar 2027 (Easter Monday)", "w/c 5 Apr 2027"]
    assert "w/c 3 May 2027 (May Day)" in labels and "w/c 30 Aug 2027 (Late Summer Bank Holiday)" in labels
