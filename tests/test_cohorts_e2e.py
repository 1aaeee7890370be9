"""Cohorts end to end: proposal, re-roll, confirm, invitations, bookings in every week,
replacements; check-ins and reminders with freezegun; outcomes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlmodel import select

from bot.bank_holidays import ENGLAND_AND_WALES, weekly_day
from bot.jobs.runner import run_job
from bot.services import availability
from bot.storage.models import Availability, Booking, Checkin, CohortMember, Profile, WorkspaceConfig
from tests.pool_flows import opened_view
from tests.slackdriver import blocks_text, find_action
from tests.test_challenges_e2e import post_challenge

TEAM = "T0DOZEN"
RESEARCH = {"User research methods": "Expert"}
PEOPLE = [("UBOB", "LDS"), ("UERIN", "BIR"), ("UFAY", "BRI"), ("UGUS", "CRF"), ("UHAL", "NEW")]


def add_member(dozen, user, council, skills=RESEARCH, hours=6.0, manager="UCAROL"):
    dozen.fake.add_user(user)
    now = dozen.ctx.clock.now()
    with dozen.db.session() as session:
        session.add(Profile(team_id=TEAM, user_id=user, council_code=council, line_manager_id=manager,
                            hours_per_week=hours, skills=skills, help_kinds=["user_research"], status="member",
                            created_at=now, updated_at=now, approved_at=now))


def approval(dozen, on: bool):
    with dozen.db.session() as session:
        config = session.get(WorkspaceConfig, TEAM) or WorkspaceConfig(team_id=TEAM)
        config.manager_approval = on
        session.add(config)


@pytest.fixture
def world(dozen):
    approval(dozen, False)
    for user, council in PEOPLE:
        add_member(dozen, user, council)
    post_challenge(dozen, user="UDAN", title="Talk to residents about bins", council="MAN")
    post_challenge(dozen, user="UDAN", title="Understand parking permit users", council="LDS")
    return dozen


def first_week(dozen):
    return availability.coming_weeks(dozen.ctx.today(), 1)[0]


def working_day(week, weekday):
    """Midnight (UTC) of the day a weekly job meant for `weekday` works in `week`, in England and
    Wales: a bank holiday moves it to the next working day."""
    return datetime.combine(weekly_day(week, weekday, ENGLAND_AND_WALES), datetime.min.time(), tzinfo=timezone.utc)


def propose(dozen, size="4", weeks="2", hours="3", challenges=("1", "2")):
    before = len(dozen.fake.calls_to("views.open"))
    assert dozen.slack.command("/dozen", "cohort new", user="UADMIN").text == ""
    view = opened_view(dozen, before)
    reply = dozen.slack.submit(view, {"name": "Winter dozen", "first_week": first_week(dozen).isoformat(),
                                      "weeks": weeks, "size": size, "hours": hours,
                                      "challenges": list(challenges)}, user="UADMIN")
    assert reply.text == "", reply.text
    dozen.settle()
    return proposal(dozen)


def proposal(dozen):
    return next(m for m in reversed(dozen.fake.dms_to("UADMIN")) if "cohort_confirm" in str(m.blocks))


def team_members(dozen, *statuses):
    with dozen.db.reading() as session:
        rows = session.exec(select(CohortMember)).all()
    return {m.person_id: m for m in rows if not statuses or m.status in statuses}


def press(dozen, user, action, message, state=None):
    reply = dozen.slack.click(action, user=user, blocks=message.blocks, channel=message.channel,
                              message_ts=message.ts, state=state)
    dozen.settle()
    return reply


def invitation_of(dozen, user):
    return next(m for m in reversed(dozen.fake.dms_to(user)) if "cohort_accept" in str(m.blocks))


def confirm_all(dozen):
    message = proposal(dozen)
    press(dozen, "UADMIN", "cohort_confirm", message)
    return team_members(dozen, "invited")


def test_only_organisers_form_cohorts(world):
    assert "`/dozen cohort new` is for organisers" in world.slack.command("/dozen", "cohort new",
                                                                         user="UBOB").message_text


def test_the_form_defaults_to_the_most_voted_challenges(world):
    dozen = world
    second = dozen.fake.calls_to("chat.postMessage")[-1].result
    dozen.slack.react("UBOB", second["channel"], second["ts"])
    dozen.settle()
    before = len(dozen.fake.calls_to("views.open"))
    dozen.slack.command("/dozen", "cohort new", user="UADMIN")
    view = opened_view(dozen, before)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert [b["label"]["text"] for b in inputs.values()] == [
        "Name", "First week", "Length in weeks", "Size", "Hours a week asked of each member", "Challenges"]
    assert inputs["weeks"]["element"]["initial_value"] == "6" and inputs["size"]["element"]["initial_value"] == "12"
    chosen = [o["text"]["text"] for o in inputs["challenges"]["element"]["initial_options"]]
    assert chosen[0].startswith("C-2") and len(chosen) == 2
    bad = dozen.slack.submit(view, {"name": "x", "hours": "0", "challenges": []}, user="UADMIN")
    assert set(bad.json["errors"]) == {"name", "hours", "challenges"}


def test_cohort_proposal_confirm_invitations_and_bookings_in_every_week(world):
    dozen = world
    message = propose(dozen)
    shown = blocks_text(message.blocks)
    assert "Proposed: Winter dozen" in shown and "3h a week" in shown
    assert "*C-1: Talk to residents about bins*" in shown and "*C-2: Understand parking permit users*" in shown
    assert "skills: User research methods" in shown
    proposed = team_members(dozen, "proposed")
    assert len(proposed) == 4
    for challenge_id in (1, 2):
        assert sum(1 for m in proposed.values() if m.challenge_id == challenge_id) >= 2
    by_council = {user: council for user, council in PEOPLE}
    assert len({by_council[p] for p in proposed}) == 4  # at least four councils
    c2 = [p for p, m in proposed.items() if m.challenge_id == 2]
    assert "UBOB" not in c2  # Leeds owns C-2: Bob is not put on it

    # Re-roll without someone: they are left out of the next proposal
    left_out = sorted(proposed)[0]
    state = {block: {"cohort_tick": {"type": "checkboxes", "selected_options": [
        o for o in element["initial_options"] if o["value"] != left_out]}}
        for block, element in ((b["block_id"], b["elements"][0]) for b in message.blocks
                               if b.get("block_id", "").startswith("tick_"))}
    press(dozen, "UADMIN", "cohort_reroll", message, state)
    assert left_out not in team_members(dozen, "proposed")
    assert len(team_members(dozen, "proposed")) == 4

    invited = confirm_all(dozen)
    assert len(invited) == 4
    assert "is confirmed: 4 invitations sent" in proposal_text(dozen)
    person = sorted(invited)[0]
    invite = invitation_of(dozen, person)
    shown = blocks_text(invite.blocks)
    assert "You're invited: Winter dozen" in shown and "*Time:* 3h a week" in shown and "*Teammates:* <@" in shown
    press(dozen, person, "cohort_accept", invite)
    with dozen.db.reading() as session:
        booked = session.exec(select(Booking).where(Booking.person_id == person)).all()
    weeks = [first_week(dozen), first_week(dozen) + timedelta(weeks=1)]
    assert sorted(b.week_start for b in booked) == weeks
    assert {b.status for b in booked} == {"confirmed"} and {b.hours for b in booked} == {3.0}
    assert "You're in! 3h a week is booked in each of the 2 weeks." in dozen.fake.message(invite.channel,
                                                                                         invite.ts).text
    shown = dozen.slack.command("/availability", "show", user=person).message_text
    assert "6h offered · 3h booked · *3h free*" in shown

    dozen.slack.open_home(person)
    dozen.settle()
    home = blocks_text(dozen.fake.published[person]["blocks"])
    assert "Winter dozen" in home and "Talk to residents about bins" in home


def proposal_text(dozen) -> str:
    message = next(m for m in reversed(dozen.fake.dms_to("UADMIN")) if m.text.startswith("K-"))
    return message.text


def test_declining_proposes_a_replacement_to_the_organiser(world):
    dozen = world
    propose(dozen, size="4")
    invited = confirm_all(dozen)
    person = sorted(invited)[0]
    press(dozen, person, "cohort_decline", invitation_of(dozen, person))
    assert team_members(dozen)[person].status == "declined"
    offer = next(m for m in reversed(dozen.fake.dms_to("UADMIN")) if "cohort_invite_replacement" in str(m.blocks))
    spare = (set(u for u, _ in PEOPLE) - set(invited)).pop()
    assert f"<@{person}> won't join K-1" in offer.text and f"Proposed instead: <@{spare}>" in offer.text
    press(dozen, "UADMIN", "cohort_invite_replacement", offer)
    assert team_members(dozen)[spare].status == "invited"
    assert invitation_of(dozen, spare)


def test_capacity_refusal_books_nothing_and_proposes_a_replacement(world):
    dozen = world
    propose(dozen)
    invited = confirm_all(dozen)
    person = sorted(invited)[0]
    with dozen.db.session() as session:  # they offer only 1h in the cohort's second week now
        session.add(Availability(team_id=TEAM, user_id=person, week_start=first_week(dozen) + timedelta(weeks=1),
                                 hours=1, updated_at=dozen.ctx.clock.now()))
    invite = invitation_of(dozen, person)
    press(dozen, person, "cohort_accept", invite)
    with dozen.db.reading() as session:
        assert session.exec(select(Booking).where(Booking.person_id == person)).all() == []
    assert "You couldn't join" in dozen.fake.message(invite.channel, invite.ts).text
    assert "not enough free hours" in team_members(dozen)[person].note
    offer = next(m for m in dozen.fake.dms_to("UADMIN") if f"<@{person}> won't join K-1" in m.text)
    assert "&lt;" not in offer.text and f"<@{person}> has only 1h free" in offer.text  # the reason: a mention


def test_manager_approves_every_week_at_once(world):
    dozen = world
    approval(dozen, True)
    propose(dozen)
    person = sorted(confirm_all(dozen))[0]
    press(dozen, person, "cohort_accept", invitation_of(dozen, person))
    with dozen.db.reading() as session:
        assert {b.status for b in session.exec(select(Booking).where(Booking.person_id == person))} == {"requested"}
    ask = next(m for m in reversed(dozen.fake.dms_to("UCAROL")) if "cohort_manager_approve" in str(m.blocks))
    press(dozen, "UCAROL", "cohort_manager_approve", ask)
    with dozen.db.reading() as session:
        assert {b.status for b in session.exec(select(Booking).where(Booking.person_id == person))} == {"confirmed"}
    assert "approved your weeks in Winter dozen" in dozen.fake.dms_to(person)[-1].text


def test_checkins_reminders_and_summary_with_the_clock(world):
    dozen = world
    propose(dozen, weeks="2")
    invited = sorted(confirm_all(dozen))
    for person in invited:
        press(dozen, person, "cohort_accept", invitation_of(dozen, person))
    week = first_week(dozen)
    monday = working_day(week, 0)  # Monday, or Tuesday after a bank holiday (the people are in England and Wales)
    ctx = dozen.ctx.for_job()
    with freeze_time(monday + timedelta(hours=9, minutes=5), tick=True):
        assert run_job("checkins", ctx).startswith(f"sent {len(invited)} check-ins")
        assert run_job("checkins", ctx).endswith("already sent")
    first, second = invited[0], invited[1]
    ask = next(m for m in dozen.fake.dms_to(first) if "checkin_open" in str(m.blocks))
    before = len(dozen.fake.calls_to("views.open"))
    press(dozen, first, "checkin_open", ask)
    view = opened_view(dozen, before)
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["Your current version of the problem statement", "The most surprising thing you found this week",
                      "What did you ship?", "Is the team okay?", "A note for organisers only"]
    answers = {"problem_statement": "Residents miss collections because calendars are wrong",
               "surprise": "Nobody reads the leaflet", "shipped": "A prototype reminder text",
               "team_health": "struggling", "private_note": "Two of us lost a day to IT access"}
    assert dozen.slack.submit(view, answers, user=first).text == ""
    dozen.settle()
    thread = [c for c in dozen.fake.calls_to("chat.postMessage") if c.get("thread_ts")][-1]
    shown = blocks_text(thread["blocks"])
    assert "Nobody reads the leaflet" in shown and "A prototype reminder text" in shown
    assert "IT access" not in shown  # the private note stays private

    with freeze_time(working_day(week, 3) + timedelta(hours=10), tick=True):  # Thursday
        assert run_job("checkin-reminders", ctx) == f"reminded {len(invited) - 1} people for {week:%G-W%V}"
        assert run_job("checkin-reminders", ctx).startswith("reminded 0 people")
    assert any("A reminder: this week's check-in" in m.text for m in dozen.fake.dms_to(second))
    assert not any("A reminder" in m.text for m in dozen.fake.dms_to(first))

    with freeze_time(working_day(week + timedelta(weeks=1), 0) + timedelta(hours=9, minutes=5), tick=True):  # next week
        run_job("checkins", ctx)
    summary = [m for m in dozen.fake.dms_to("UADMIN") if m.text.startswith("Check-ins for")][-1]
    shown = blocks_text(summary.blocks)
    assert f"1 of {len(invited)} answered" in shown
    assert "marked *struggling*" in shown and "Two of us lost a day to IT access" in shown


def test_outcomes_are_asked_once_and_mark_the_challenge_delivered(world):
    dozen = world
    propose(dozen, weeks="1")
    invited = sorted(confirm_all(dozen))
    for person in invited:
        press(dozen, person, "cohort_accept", invitation_of(dozen, person))
    end = datetime.combine(first_week(dozen) + timedelta(weeks=1), datetime.min.time(), tzinfo=timezone.utc)
    ctx = dozen.ctx.for_job()
    with freeze_time(end - timedelta(hours=1), tick=True):
        assert run_job("outcomes", ctx).startswith("asked 0 ended cohorts")
    with freeze_time(end + timedelta(hours=10), tick=True):
        assert run_job("outcomes", ctx) == f"asked 1 ended cohort for outcomes ({len(invited)} DMs)"
        assert run_job("outcomes", ctx).startswith("asked 0 ended cohorts")
    member = team_members(dozen)[invited[0]]
    ask = next(m for m in dozen.fake.dms_to(invited[0]) if "outcome_open" in str(m.blocks))
    before = len(dozen.fake.calls_to("views.open"))
    press(dozen, invited[0], "outcome_open", ask)
    view = opened_view(dozen, before)
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"] == [
        "What was delivered", "Links", "What another council could reuse"]
    assert "at least 10 characters" in dozen.slack.submit(view, {"delivered": "stuff"},
                                                          user=invited[0]).json["errors"]["delivered"]
    values = {"delivered": "A text reminder service for bin collections, in beta",
              "links": "https://github.com/example/bins", "reusable": "The message templates and the research"}
    assert dozen.slack.submit(view, values, user=invited[0]).text == ""
    dozen.settle()
    ref = f"C-{member.challenge_id}"
    shown = dozen.slack.command("/challenge", f"show {ref}").message_text
    assert "status: delivered" in shown and "*Outcome:* A text reminder service for bin collections" in shown
    assert "*Reusable:* The message templates and the research" in shown
    outsider = dozen.slack.submit(view, values, user="UALICE")
    assert "Only" in str(outsider.json["errors"])


def test_a_pool_too_small_says_which_rules_gave_way(world):
    dozen = world
    message = propose(dozen, size="12")
    shown = blocks_text(message.blocks)
    assert "Rules that gave way:" in shown and "The cohort has 5 people, not 12" in shown


def test_checkins_also_reach_people_booked_outside_cohorts(world):
    dozen = world
    week = first_week(dozen)
    with dozen.db.session() as session:
        session.add(Booking(team_id=TEAM, number=99, person_id="UHAL", requester_id="UDAN", challenge_id=1,
                            week_start=week, hours=2, status="confirmed", provider_council="NEW",
                            booking_council="MAN", created_at=dozen.ctx.clock.now()))
    with freeze_time(working_day(week, 0) + timedelta(hours=9), tick=True):
        assert run_job("checkins", dozen.ctx.for_job()).startswith("sent 1 check-in ")
    with dozen.db.reading() as session:
        assert [(c.person_id, c.challenge_id) for c in session.exec(select(Checkin)).all()] == [("UHAL", 1)]
    assert find_action(dozen.fake.dms_to("UHAL")[-1].blocks, "checkin_open")
