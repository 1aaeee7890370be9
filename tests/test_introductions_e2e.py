"""Connector introductions end to end: the weekly job run at fixed times (`job introductions
--at`), group DMs on the fake Slack, the "did you meet?" buttons and the Home tab's settings."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from bot.clock import Clock, FixedClock
from bot.jobs.runner import run_job
from bot.storage.models import Introduction, IntroductionSettings, Profile
from tests.slackdriver import blocks_text, find_action
from tests.test_challenges_e2e import post_challenge

TEAM = "T0DOZEN"
TUESDAY = datetime(2026, 12, 1, 10, 5, tzinfo=timezone.utc)  # ISO week 2026-W49; London is on UTC in winter


class SetClock(Clock):
    """The app's clock, moved by the test in step with the job's FixedClock."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> SetClock:
    return SetClock(TUESDAY - timedelta(days=1))


def member(dozen, user, council, skills, help_kinds=("user_research",)):
    dozen.fake.add_user(user)
    now = dozen.ctx.clock.now()
    with dozen.db.session() as session:
        session.add(Profile(team_id=TEAM, user_id=user, council_code=council, line_manager_id="UCAROL",
                            hours_per_week=4, skills=skills, help_kinds=list(help_kinds), status="member",
                            created_at=now, updated_at=now, approved_at=now))


@pytest.fixture
def world(dozen):
    """UCON (Leeds) offers the connector kind of help and user research. UDAN (Manchester) owns
    C-1, which asks for user research."""
    member(dozen, "UCON", "LDS", {"User research methods": "Expert"}, help_kinds=("connector", "user_research"))
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN",
                   skills=["User research methods"], other_skills="",
                   problem="We need someone to run user interviews with residents about missed bins.")
    return dozen


def run_at(dozen, at: datetime) -> str:
    """`python -m bot job introductions --at AT`, in process: the job's clock is fixed at AT."""
    dozen.ctx.clock.at = at
    summary = run_job("introductions", replace(dozen.ctx.for_job(), clock=FixedClock(at)))
    dozen.settle()
    return summary


def week(n: int) -> datetime:
    """Tuesday 10:05 of the n-th week after the first."""
    return TUESDAY + timedelta(weeks=n)


def introductions_between(dozen, *users):
    return [m for m in dozen.fake.group_messages(*users) if m.text.startswith("Meet each other")]


def followups_between(dozen, *users):
    return [m for m in dozen.fake.group_messages(*users) if m.text.startswith("Did you two meet?")]


def home(dozen, user) -> dict:
    dozen.slack.open_home(user)
    dozen.settle()
    return dozen.fake.published[user]


def press_home(dozen, user, action_id):
    view = dict(home(dozen, user), id="VHOME")
    reply = dozen.slack.click(action_id, user=user, view=view)
    assert reply.status == 200
    dozen.settle()
    return blocks_text(dozen.fake.published[user]["blocks"])


def settings_of(dozen, user):
    with dozen.db.reading() as session:
        return session.get(IntroductionSettings, (TEAM, user))


def test_a_connector_meets_someone_in_another_council_once_a_week_in_a_group_dm(world):
    dozen = world
    assert run_at(dozen, TUESDAY) == "introduced 1 pair for 2026-W49; 0 follow-ups; 0 paused"
    opened = dozen.fake.last("conversations.open")
    assert opened["users"] == "UCON,UDAN"
    [message] = introductions_between(dozen, "UCON", "UDAN")
    assert message.channel.startswith("G")  # a group DM of the two and Dozen
    shown = blocks_text(message.blocks)
    assert ":wave: *Meet each other:* <@UCON> (Leeds) and <@UDAN> (Manchester)." in shown
    assert ("*Why:* <@UDAN>'s *C-1 Talk to residents about bins* asks for User research methods, "
            "which <@UCON> offers.") in shown

    # Running the job again in the same week (later that day, on Friday) introduces nobody again.
    assert run_at(dozen, TUESDAY + timedelta(hours=1)) == "introductions for 2026-W49 already made"
    assert run_at(dozen, TUESDAY + timedelta(days=3)) == "introductions for 2026-W49 already made"
    assert len(introductions_between(dozen, "UCON", "UDAN")) == 1
    with dozen.db.reading() as session:
        assert len(session.exec(select(Introduction)).all()) == 1


def test_no_pair_twice_within_twelve_weeks(world):
    dozen = world
    run_at(dozen, week(0))
    for n in (1, 6, 11):  # UDAN is the only one for UCON: nobody this week rather than UDAN again
        assert run_at(dozen, week(n)).startswith("introduced 0 pairs")
    assert len(introductions_between(dozen, "UCON", "UDAN")) == 1
    assert run_at(dozen, week(12)).startswith("introduced 1 pair for 2027-W08")  # twelve weeks on (2026 has 53): again
    assert len(introductions_between(dozen, "UCON", "UDAN")) == 2


def test_someone_new_while_the_last_one_was_met_recently(world):
    dozen = world
    member(dozen, "UERIN", "BIR", {"Content design": "Expert"}, help_kinds=("content_design",))
    run_at(dozen, week(0))
    run_at(dozen, week(1))
    assert len(introductions_between(dozen, "UCON", "UDAN")) == 1
    [second] = introductions_between(dozen, "UCON", "UERIN")
    assert ("*Why:* Complementary skills: <@UCON> brings User research methods; <@UERIN> brings Content design."
            in blocks_text(second.blocks))


def test_did_you_meet_is_asked_once_and_answered_once(world):
    dozen = world
    run_at(dozen, week(0))
    assert run_at(dozen, week(1)) == "introduced 0 pairs for 2026-W50; 1 follow-up; 0 paused"
    [followup] = followups_between(dozen, "UCON", "UDAN")
    buttons = copy.deepcopy(followup.blocks)  # as both people see it until one answers
    assert followup.text.startswith("Did you two meet? <@UCON> and <@UDAN>, introduced w/c 30 Nov")
    assert find_action(followup.blocks, "introduction_met")["text"]["text"] == "Yes, we met"
    assert find_action(followup.blocks, "introduction_not_met")["text"]["text"] == "Not yet"

    outsider = dozen.slack.click("introduction_met", user="UERIN", blocks=followup.blocks,
                                 channel=followup.channel, message_ts=followup.ts)
    assert outsider.status == 200
    dozen.settle()
    assert "Only the two people introduced can answer this." in dozen.fake.responses[-1]["text"]

    dozen.slack.click("introduction_met", user="UDAN", blocks=followup.blocks, channel=followup.channel,
                      message_ts=followup.ts)
    dozen.settle()
    assert dozen.fake.message(followup.channel, followup.ts).text == "<@UDAN> says you met. Glad it helped!"
    dozen.slack.click("introduction_not_met", user="UCON", blocks=buttons, channel=followup.channel,
                      message_ts=followup.ts)
    dozen.settle()
    assert "<@UDAN> already answered this." in dozen.fake.responses[-1]["text"]
    with dozen.db.reading() as session:
        [made] = session.exec(select(Introduction)).all()
    assert (made.met, made.answered_by) == (True, "UDAN")
    assert "w/c 30 Nov: <@UDAN> — you met" in blocks_text(home(dozen, "UCON")["blocks"])
    for n in (2, 3):
        assert run_at(dozen, week(n)).endswith("; 0 follow-ups; 0 paused")  # asked once only
    asked = [c for c in dozen.fake.calls_to("chat.postMessage") if c["text"].startswith("Did you two meet?")]
    assert len(asked) == 1
    assert settings_of(dozen, "UCON") is None  # answered: not counted as ignored


def test_snooze_for_four_weeks_from_the_home_tab_and_resume(world):
    dozen = world
    dozen.ctx.clock.at = week(0) - timedelta(days=1)  # Monday 30 Nov
    shown = blocks_text(home(dozen, "UCON")["blocks"])
    assert "Each week Dozen introduces you to someone in another council" in shown
    assert "(you offer the connector kind of help)" in shown
    shown = press_home(dozen, "UCON", "introductions_snooze")
    assert ":zzz: Snoozed until 28 Dec 2026." in shown
    for n in range(4):  # w/c 30 Nov, 7, 14 and 21 Dec
        assert run_at(dozen, week(n)).startswith("introduced 0 pairs")
    assert run_at(dozen, week(4)).startswith("introduced 1 pair for 2026-W53")  # w/c 28 Dec
    # Snoozed again, then resumed at once: introduced the next week as usual.
    member(dozen, "UERIN", "BIR", {"Content design": "Expert"}, help_kinds=("content_design",))
    press_home(dozen, "UCON", "introductions_snooze")
    assert "Snooze 4 weeks" in press_home(dozen, "UCON", "introductions_resume")
    assert run_at(dozen, week(5)).startswith("introduced 1 pair")
    assert len(introductions_between(dozen, "UCON", "UERIN")) == 1


def test_opting_out_and_in(world):
    dozen = world
    member(dozen, "UERIN", "BIR", {"Content design": "Expert"}, help_kinds=("content_design",))
    member(dozen, "UBOB", "MAN", {"Data engineering": "Working"}, help_kinds=("data",))
    shown = press_home(dozen, "UCON", "introductions_opt_out")
    assert "You opted out of introductions." in shown
    # Not a connector: Erin opts in.
    assert "Opt in to get them." in blocks_text(home(dozen, "UERIN")["blocks"])
    assert "Snooze 4 weeks" in press_home(dozen, "UERIN", "introductions_opt_in")
    assert run_at(dozen, week(0)) == "introduced 1 pair for 2026-W49; 0 follow-ups; 0 paused"
    [made] = introductions_between(dozen, "UERIN", "UBOB")
    assert ("Complementary skills: <@UERIN> brings Content design; <@UBOB> brings Data engineering."
            in blocks_text(made.blocks))
    assert not any("UCON" in call["users"] for call in dozen.fake.calls_to("conversations.open"))

    # Someone who opted out is not introduced to anyone either: Bob opts out, Erin meets nobody.
    press_home(dozen, "UBOB", "introductions_opt_out")
    assert run_at(dozen, week(1)).startswith("introduced 0 pairs")
    # Opting in again: the connector is back.
    press_home(dozen, "UCON", "introductions_opt_in")
    assert run_at(dozen, week(2)).startswith("introduced 1 pair")
    assert len(introductions_between(dozen, "UCON", "UERIN")) + len(introductions_between(dozen, "UCON", "UDAN")) == 1


def test_paused_after_three_ignored_introductions_until_they_resume(world):
    dozen = world
    for user, council in (("UBOB", "NEW"), ("UERIN", "BIR"), ("UFAY", "BRI"), ("UGUS", "CRF")):
        member(dozen, user, council, {"Content design": "Expert"}, help_kinds=("content_design",))
    summaries = [run_at(dozen, week(n)) for n in range(5)]
    # Weeks 0-3: a new person each week. Each "did you meet?" goes out a week later; nobody answers,
    # and by the next week it counts as ignored: the third ignored (week 4) pauses UCON.
    assert [s.split(";")[0] for s in summaries] == ["introduced 1 pair for 2026-W49", "introduced 1 pair for 2026-W50",
                                                    "introduced 1 pair for 2026-W51", "introduced 1 pair for 2026-W52",
                                                    "introduced 0 pairs for 2026-W53"]
    assert summaries[4].endswith("1 follow-up; 1 paused")
    assert settings_of(dozen, "UCON").paused_at is not None and settings_of(dozen, "UCON").ignored == 3
    assert "I've paused introductions for you" in dozen.fake.dms_to("UCON")[-1].text
    assert settings_of(dozen, "UDAN").ignored == 1 and settings_of(dozen, "UDAN").paused_at is None
    assert run_at(dozen, week(5)).startswith("introduced 0 pairs")  # still paused
    shown = blocks_text(home(dozen, "UCON")["blocks"])
    assert "Your introductions are paused" in shown and "no answer" in shown
    press_home(dozen, "UCON", "introductions_resume")
    assert settings_of(dozen, "UCON").paused_at is None and settings_of(dozen, "UCON").ignored == 0
    assert run_at(dozen, week(6)).startswith("introduced 1 pair")


def test_mydata_shows_introductions_and_forget_me_removes_them(world):
    dozen = world
    press_home(dozen, "UCON", "introductions_snooze")
    press_home(dozen, "UCON", "introductions_resume")
    run_at(dozen, week(0))
    dozen.slack.command("/dozen", "mydata", user="UDAN")
    dozen.settle()
    summary = next(m for m in reversed(dozen.fake.dms_to("UDAN")) if m.text.startswith("Here is everything"))
    assert "Introductions" in blocks_text(summary.blocks)
    data = json.loads(dozen.fake.files[-1]["content"])
    assert data["introductions"]["introductions"] == [{"week": "2026-11-30", "with": "UCON", "why": "needs",
                                                       "met": None}]

    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.command("/dozen", "forget-me", user="UCON")
    view = dozen.fake.wait_for("views.open", count=before + 1)[-1].result["view"]
    assert "delete your introduction settings and the introductions you were in" in blocks_text(view["blocks"])
    assert dozen.slack.submit(view, {}, user="UCON").text == ""
    dozen.settle()
    with dozen.db.reading() as session:
        assert session.exec(select(Introduction)).all() == []
        assert session.get(IntroductionSettings, (TEAM, "UCON")) is None


def test_a_bank_holiday_tuesday_moves_the_introductions_to_wednesday(world):
    """New Year's Day 2030 is a Tuesday: that week's introductions come on Wednesday 2 January."""
    dozen = world
    new_years_day = datetime(2030, 1, 1, 10, 5, tzinfo=timezone.utc)
    assert run_at(dozen, new_years_day) == "introductions for 2030-W01 due Wednesday 2 Jan (bank holiday)"
    assert introductions_between(dozen, "UCON", "UDAN") == []
    assert run_at(dozen, new_years_day + timedelta(days=1)) == "introduced 1 pair for 2030-W01; 0 follow-ups; 0 paused"
    assert run_at(dozen, datetime(2030, 1, 7, 10, 5, tzinfo=timezone.utc)).startswith(
        "introductions for 2030-W02 due Tuesday 8 Jan")  # a Monday run: not yet, and no bank holiday
