"""UK bank holidays by nation, the working days they move weekly work to, and the job
schedules said in words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.bank_holidays import (
    ENGLAND_AND_WALES,
    NORTHERN_IRELAND,
    SCOTLAND,
    bank_holiday,
    bank_holidays_in_week,
    is_working_day,
    moved,
    nation_of_council,
    next_working_day,
    week_note,
    weekly_day,
)
from bot.jobs import all_jobs
from bot.jobs.schedules import describe


def test_councils_follow_their_nations_calendar():
    assert nation_of_council("MAN") == ENGLAND_AND_WALES  # Manchester
    assert nation_of_council("CRF") == ENGLAND_AND_WALES  # Cardiff: Wales shares England's bank holidays
    assert nation_of_council("EDH") == SCOTLAND  # Edinburgh
    assert nation_of_council("BFS") == NORTHERN_IRELAND  # Belfast
    assert nation_of_council(None) == nation_of_council("NOPE") == ENGLAND_AND_WALES


@pytest.mark.parametrize("day, nation, name", [
    (date(2027, 3, 29), ENGLAND_AND_WALES, "Easter Monday"),
    (date(2027, 3, 29), NORTHERN_IRELAND, "Easter Monday"),
    (date(2027, 3, 29), SCOTLAND, None),  # Scotland has no Easter Monday holiday
    (date(2026, 11, 30), SCOTLAND, "Saint Andrew's Day"),
    (date(2026, 11, 30), ENGLAND_AND_WALES, None),
    (date(2026, 3, 17), NORTHERN_IRELAND, "Saint Patrick's Day"),
    (date(2026, 12, 28), ENGLAND_AND_WALES, "Boxing Day"),  # Boxing Day fell on a Saturday: moved to Monday
    (date(2027, 1, 4), SCOTLAND, "New Year Holiday"),  # 2 January was a Saturday
    (date(2026, 12, 2), ENGLAND_AND_WALES, None),
])
def test_bank_holiday_names(day, nation, name):
    assert bank_holiday(day, nation) == name


def test_working_days_skip_weekends_and_bank_holidays():
    assert is_working_day(date(2027, 3, 30), ENGLAND_AND_WALES)
    assert not is_working_day(date(2027, 3, 29), ENGLAND_AND_WALES)
    assert not is_working_day(date(2026, 12, 5), ENGLAND_AND_WALES)  # a Saturday
    assert next_working_day(date(2027, 3, 25), ENGLAND_AND_WALES) == date(2027, 3, 30)  # Good Friday, Easter Monday
    assert next_working_day(date(2027, 3, 25), SCOTLAND) == date(2027, 3, 29)
    assert next_working_day(date(2028, 12, 22), ENGLAND_AND_WALES) == date(2028, 12, 27)  # Christmas on a Monday


def test_weekly_work_moves_to_the_next_working_day_of_its_week():
    easter = date(2027, 3, 29)
    assert weekly_day(easter, 0, ENGLAND_AND_WALES) == date(2027, 3, 30)
    assert weekly_day(easter, 0, SCOTLAND) == easter
    assert weekly_day(date(2026, 11, 30), 0, SCOTLAND) == date(2026, 12, 1)  # St Andrew's Day
    assert weekly_day(date(2028, 12, 25), 0, ENGLAND_AND_WALES) == date(2028, 12, 27)  # Christmas and Boxing Day
    assert weekly_day(date(2026, 12, 21), 3, ENGLAND_AND_WALES) == date(2026, 12, 24)  # a Thursday as usual
    # Thursday 25 and Friday 26 December 2025: the next working day is in the next week
    assert weekly_day(date(2025, 12, 22), 3, ENGLAND_AND_WALES) is None
    assert moved(date(2027, 3, 26), ENGLAND_AND_WALES) == date(2027, 3, 30)  # Good Friday -> Tuesday
    assert moved(date(2026, 12, 5), ENGLAND_AND_WALES) == date(2026, 12, 5)  # a weekend day that is no holiday


def test_a_weeks_bank_holidays_on_its_working_days():
    assert bank_holidays_in_week(date(2026, 4, 6), ENGLAND_AND_WALES) == [(date(2026, 4, 6), "Easter Monday")]
    assert week_note(date(2026, 4, 6), ENGLAND_AND_WALES) == " (Easter Monday)"
    assert week_note(date(2026, 3, 30), SCOTLAND) == " (Good Friday)"
    assert week_note(date(2027, 12, 27), ENGLAND_AND_WALES) == " (Christmas Day, Boxing Day)"  # both observed
    assert week_note(date(2026, 12, 21), ENGLAND_AND_WALES) == " (Christmas Day)"  # Boxing Day is the Saturday
    assert week_note(date(2026, 12, 7), ENGLAND_AND_WALES) == ""


@pytest.mark.parametrize("schedule, weekday, said", [
    ({"minute": "*/10"}, None, "every 10 minutes"),
    ({"minute": 15}, None, "hourly at :15"),
    ({"hour": 3, "minute": 30}, None, "daily at 03:30"),
    ({"hour": 0, "minute": 20}, None, "daily at 00:20"),
    ({"day_of_week": "tue", "hour": "10-17", "minute": 5}, None, "Tuesdays, hourly 10:05–17:05"),
    ({"day_of_week": "mon-fri", "hour": "9-17", "minute": 5}, None, "Monday to Friday, hourly 09:05–17:05"),
    ({"day_of_week": "mon,thu", "hour": 9, "minute": 0}, None, "Mondays and Thursdays at 09:00"),
    ({"day_of_week": "mon-fri", "hour": "9-17", "minute": 5}, 0,
     "Mondays (or the next working day when that is a bank holiday), hourly 09:05–17:05"),
    ({"day_of_week": "sat", "hour": "8,20", "minute": 0}, None, "Saturdays at 08:00, 20:00"),
    ({"second": 5}, None, "cron second=5"),  # what it cannot say in words, it shows as cron
    ({"minute": "5-10/2"}, None, "cron minute=5-10/2"),
])
def test_schedules_in_words(schedule, weekday, said):
    assert describe(schedule, weekday) == said


def test_every_job_has_a_schedule_in_words():
    said = {name: describe(job.schedule, job.weekday) for name, job in all_jobs().items()}
    assert said["digest"] == "every 10 minutes"
    assert said["checkins"].startswith("Mondays (or the next working day")
    assert said["checkin-reminders"].startswith("Thursdays (or the next working day")
    assert said["retention"] == "daily at 03:30"
    assert not [name for name, words in said.items() if words.startswith("cron")]
    # the weekly jobs that move are scheduled until Friday, and decide themselves whether today is their day
    assert all_jobs()["checkins"].schedule["day_of_week"] == "mon-fri"
    assert all_jobs()["checkin-reminders"].schedule["day_of_week"] == "thu-fri"
