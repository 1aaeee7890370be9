"""Choosing connector introductions on small hand-checked cases. Pure: no database, no Slack."""

from __future__ import annotations

from datetime import date, timedelta

from bot.matching.introductions import (
    CLOSE_KIND,
    NEEDS_KIND,
    SKILLS_KIND,
    Past,
    Person,
    Reason,
    Work,
    choose_pairs,
)

WEEK = date(2026, 11, 30)
POTHOLES = Work("C-1 Potholes", "Potholes on our roads take months to repair and residents complain")
ROADS = Work("C-7 Road repairs", "Repair potholes in roads faster: residents wait months")
PARKING = Work("C-4 Parking permits", "Parking permits online for residents", skills=("Data engineering",))


def pairs_of(people, past=(), week=WEEK):
    return [(p.first, p.second) for p in choose_pairs(list(people), list(past), week)]


def test_people_working_on_close_challenges_in_other_councils_are_introduced():
    people = [Person("UA", "LDS", work=(POTHOLES,), wants=True),
              Person("UB", "MAN", work=(ROADS,)),
              Person("UC", "BIR", work=(PARKING,))]
    [pair] = choose_pairs(people, [], WEEK)
    assert (pair.first, pair.second) == ("UA", "UB")
    assert pair.reason == Reason(CLOSE_KIND, work="C-1 Potholes", other_work="C-7 Road repairs")


def test_never_within_one_council():
    people = [Person("UA", "LDS", work=(POTHOLES,), wants=True), Person("UB", "LDS", work=(ROADS,))]
    assert pairs_of(people) == []


def test_someone_offering_what_a_challenge_asks_for():
    people = [Person("UA", "LDS", work=(PARKING,), wants=True),
              Person("UB", "MAN", skills=("Data engineering", "User research methods")),
              Person("UC", "BIR", skills=("User research methods",))]
    [pair] = choose_pairs(people, [], WEEK)
    assert (pair.first, pair.second) == ("UA", "UB")
    assert pair.reason == Reason(NEEDS_KIND, work="C-4 Parking permits", offerer="UB", skills=("Data engineering",))
    # The other way round: the connector offers what someone's challenge asks for.
    people = [Person("UA", "LDS", skills=("data engineering",), wants=True), Person("UB", "MAN", work=(PARKING,))]
    [pair] = choose_pairs(people, [], WEEK)
    assert pair.reason == Reason(NEEDS_KIND, work="C-4 Parking permits", offerer="UA", skills=("Data engineering",))


def test_a_challenge_asking_for_what_its_owner_offers_needs_nobody_for_it():
    people = [Person("UA", "LDS", skills=("Data engineering",), work=(PARKING,), wants=True),
              Person("UB", "MAN", skills=("Data engineering",))]
    assert pairs_of(people) == []  # same skills, nothing asked that UA lacks: no reason to meet


def test_complementary_skills_when_nothing_closer():
    people = [Person("UA", "LDS", skills=("Content design", "User research methods"), wants=True),
              Person("UB", "MAN", skills=("User research methods", "Data engineering")),
              Person("UC", "BIR", skills=("Content design", "User research methods"))]  # nothing UA lacks
    [pair] = choose_pairs(people, [], WEEK)
    assert (pair.first, pair.second) == ("UA", "UB")
    assert pair.reason == Reason(SKILLS_KIND, skills=("Content design",), other_skills=("Data engineering",))


def test_the_strongest_reason_wins():
    people = [Person("UA", "LDS", skills=("Content design",), work=(POTHOLES,), wants=True),
              Person("UB", "MAN", skills=("Data engineering",)),  # complementary skills
              Person("UC", "BIR", work=(ROADS,))]  # a close challenge
    assert pairs_of(people) == [("UA", "UC")]


def test_no_pair_twice_within_twelve_weeks_and_allowed_after():
    people = [Person("UA", "LDS", work=(POTHOLES,), wants=True), Person("UB", "MAN", work=(ROADS,))]
    for weeks_ago in (1, 6, 11):
        assert pairs_of(people, [Past("UB", "UA", WEEK - timedelta(weeks=weeks_ago))]) == []
    assert pairs_of(people, [Past("UA", "UB", WEEK - timedelta(weeks=12))]) == [("UA", "UB")]


def test_someone_else_when_the_best_was_met_recently():
    people = [Person("UA", "LDS", skills=("Content design",), work=(POTHOLES,), wants=True),
              Person("UB", "MAN", work=(ROADS,)),
              Person("UC", "BIR", skills=("Data engineering",)), Person("UD", "LDS", skills=("Data engineering",))]
    assert pairs_of(people, [Past("UA", "UB", WEEK - timedelta(weeks=3))]) == [("UA", "UC")]


def test_each_person_at_most_once_a_week():
    # UA and UC (one council) both want an introduction and UB is the only one for both: only one meets UB.
    people = [Person("UA", "LDS", work=(POTHOLES,), wants=True), Person("UB", "MAN", work=(ROADS,)),
              Person("UC", "LDS", work=(Work("C-9 Potholes", "Potholes on roads take months to repair"),),
                     wants=True)]
    pairs = pairs_of(people)
    assert len(pairs) == 1 and "UB" in pairs[0]
    # Already introduced this week (a run earlier in the week): nobody new for them.
    assert pairs_of(people, [Past("UB", "UX", WEEK), Past("UC", "UY", WEEK)]) == []


def test_both_wanting_introductions_meet_once():
    people = [Person("UA", "LDS", work=(POTHOLES,), wants=True), Person("UB", "MAN", work=(ROADS,), wants=True)]
    assert pairs_of(people) == [("UA", "UB")]


def test_nobody_wants_introductions_nobody_is_introduced():
    people = [Person("UA", "LDS", work=(POTHOLES,)), Person("UB", "MAN", work=(ROADS,))]
    assert pairs_of(people) == []


def test_reasons_keep_to_and_from_storage():
    reason = Reason(NEEDS_KIND, work="C-4 Parking", offerer="UB", skills=("Data engineering",))
    assert Reason.from_dict(reason.as_dict()) == reason
    assert reason.as_dict()["skills"] == ["Data engineering"]


def test_many_people_at_once_pair_each_at_most_once():
    councils = ["LDS", "MAN", "BIR", "BRI"]
    topics = [POTHOLES, ROADS, PARKING, Work("C-5 Bins", "Missed bin collections and calendars")]
    people = [Person(f"U{i:03d}", councils[i % 4], skills=(("Data engineering",), ("Content design",))[i % 2],
                     work=(topics[i % 3],) if i % 5 else (), wants=i % 3 == 0) for i in range(200)]
    pairs = choose_pairs(people, [], WEEK)
    met = [x for p in pairs for x in (p.first, p.second)]
    assert len(met) == len(set(met))
    by_id = {p.id: p for p in people}
    assert all(by_id[p.first].wants and by_id[p.first].council != by_id[p.second].council for p in pairs)
    assert {p.id for p in people if p.wants} <= set(met)  # everyone who wants one meets someone
