"""The cohort assignment rules on small hand-checked pools."""

import numpy as np

from bot.matching.cohort import form_cohort

LABELS = ["C-1", "C-2"]


def teams(plan):
    return {team.challenge: sorted(team.members) for team in plan.teams}


def test_best_fits_fill_every_challenge_up_to_the_size():
    # people 0-3 fit challenge 0, people 4-7 fit challenge 1; councils all different
    fit = np.array([[.9, .8, .7, .6, .1, .1, .1, .1],
                    [.1, .1, .1, .1, .9, .8, .7, .2]])
    plan = form_cohort(fit, list("ABCDEFGH"), ["X", "Y"], size=6, challenge_labels=LABELS)
    assert teams(plan) == {0: [0, 1, 2], 1: [4, 5, 6]}
    assert plan.gave_way == []


def test_each_person_on_at_most_one_challenge_and_two_each_first():
    fit = np.array([[.9, .9, .9, .9], [.5, .4, .3, .2]])  # everyone prefers challenge 0
    plan = form_cohort(fit, list("ABCD"), ["X", "Y"], size=4, challenge_labels=LABELS)
    assigned = [i for team in plan.teams for i in team.members]
    assert sorted(assigned) == [0, 1, 2, 3]
    assert all(len(team.members) == 2 for team in plan.teams)


def test_nobody_from_the_challenges_own_council_where_others_fit():
    fit = np.array([[.95, .6, .5, .4]])  # the best fit works for the council that owns the challenge
    plan = form_cohort(fit, ["OWN", "B", "C", "D"], ["OWN"], size=3, challenge_labels=["C-1"])
    assert teams(plan) == {0: [1, 2, 3]}


def test_own_council_when_nobody_else_fits_is_said():
    fit = np.array([[.9, .8, .7]])
    plan = form_cohort(fit, ["OWN", "OWN", "B"], ["OWN"], size=3, challenge_labels=["C-1"])
    assert teams(plan) == {0: [0, 1, 2]}
    assert any("includes someone from its own council" in rule for rule in plan.gave_way)


def test_at_least_four_councils_where_the_pool_allows():
    # the best fits all come from councils A and B; E, F, G fit a little less
    councils = ["A", "A", "A", "B", "B", "B", "E", "F", "G"]
    fit = np.array([[.9, .9, .9, .9, .9, .9, .7, .7, .1],
                    [.9, .9, .9, .9, .9, .9, .1, .6, .7]])
    plan = form_cohort(fit, councils, ["X", "Y"], size=6, challenge_labels=LABELS)
    chosen = [i for team in plan.teams for i in team.members]
    assert len({councils[i] for i in chosen}) >= 4 and len(chosen) == 6
    assert plan.gave_way == []


def test_too_small_a_pool_says_which_rules_gave_way():
    fit = np.array([[.9, .8, .1], [.2, .1, .6]])
    plan = form_cohort(fit, ["A", "A", "B"], ["X", "Y"], size=12, challenge_labels=LABELS)
    assert sorted(len(t.members) for t in plan.teams) == [1, 2]
    assert "C-2 has 1 person: not enough people are free (rule: at least 2 per challenge)." in plan.gave_way
    assert ("The cohort has people from 2 councils, not 4: only 2 councils have people free "
            "(rule: at least 4 councils).") in plan.gave_way
    assert "The cohort has 3 people, not 12: not enough people are free." in plan.gave_way


def test_nobody_free():
    plan = form_cohort(np.zeros((2, 0)), [], ["X", "Y"], size=12, challenge_labels=LABELS)
    assert plan.gave_way == ["Nobody in the pool is free for the asked hours in every week of the cohort."]
