"""Matching on small hand-checked cases. Pure: no database, no Slack."""

from __future__ import annotations

from functools import lru_cache

import pytest

from bot.matching.engine import Candidate, Matcher, Need, SkillInfo
from bot.matching.vocabulary import HELP_KIND_SKILLS, SKILL_SYNONYMS, analyse
from bot.reference import skills
from bot.services.pool import HELP_KINDS


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    return Matcher([SkillInfo(s.name, s.description, tuple(s.levels.values()), s.roles) for s in skills().values()])


def person(pid, council="LDS", free=8.0, **kwargs):
    return Candidate(id=pid, council=council, free_hours=free, skills=kwargs.pop("skills", {}), **kwargs)


RESEARCHER = dict(skills={"User research methods": "Expert"}, help_kinds=("user_research",))
DEVELOPER = dict(skills={"Programming and build (software engineering)": "Expert"},
                 help_kinds=("software_development",))
INTERVIEWS = Need(1, "BIR", "Talk to residents", "We need someone to run user interviews with residents.",
                  hours_per_week=4)


def test_vocabulary_refers_only_to_real_skills_and_kinds():
    known = skills()
    assert set(SKILL_SYNONYMS) <= set(known)
    assert {s for kind in HELP_KIND_SKILLS.values() for s in kind} <= set(known)
    assert set(HELP_KIND_SKILLS) == set(HELP_KINDS)


def test_plural_folding():
    assert analyse("User interviews with residents") == ["user", "interview", "resident"]


def test_the_vocabulary_bridge_finds_user_research_for_user_interviews():
    people = [person("DEV", **DEVELOPER), person("UR", **RESEARCHER)]
    plan = matcher().plan(people, [INTERVIEWS])
    assert [p.person_id for p in plan.proposals[1]] == ["UR"]
    assert plan.proposals[1][0].matched_skills == ["User research methods"]


def test_nobody_without_free_hours_is_proposed():
    people = [person("UR", free=0.0, **RESEARCHER)]
    plan = matcher().plan(people, [INTERVIEWS])
    assert plan.proposals[1] == []
    assert plan.missing[1] == ["User research methods"]  # what nobody available offers


def test_more_free_hours_rank_higher_up_to_what_is_asked():
    people = [person("LITTLE", free=1.0, **RESEARCHER), person("ENOUGH", free=8.0, **RESEARCHER)]
    ranked = [p.person_id for p in matcher().plan(people, [INTERVIEWS]).proposals[1]]
    assert ranked == ["ENOUGH", "LITTLE"]


def test_people_from_other_councils_are_preferred():
    people = [person("OWN", council="BIR", **RESEARCHER), person("OTHER", council="LDS", **RESEARCHER)]
    proposals = matcher().plan(people, [INTERVIEWS]).proposals[1]
    assert [p.person_id for p in proposals] == ["OTHER", "OWN"]
    assert proposals[1].same_council and not proposals[0].same_council


def test_someone_who_did_this_before_ranks_higher_and_it_is_said():
    past = (("C-7: Resident interviews on bin collections", "user interviews with residents about bins"),)
    people = [person("NEW", **RESEARCHER), person("DONE", past_work=past, **RESEARCHER)]
    proposals = matcher().plan(people, [INTERVIEWS]).proposals[1]
    assert proposals[0].person_id == "DONE"
    assert proposals[0].past_work == "C-7: Resident interviews on bin collections"
    assert "has worked on C-7: Resident interviews on bin collections" in proposals[0].reason()
    assert proposals[1].past_work is None


def test_higher_levels_fit_better_and_votes_only_break_ties():
    novice = dict(skills={"User research methods": "Awareness"})
    people = [person("NOVICE", votes=50, **novice), person("EXPERT", **RESEARCHER)]
    assert matcher().plan(people, [INTERVIEWS]).proposals[1][0].person_id == "EXPERT"
    twins = [person("QUIET", votes=0, **RESEARCHER), person("POPULAR", votes=30, **RESEARCHER)]
    assert matcher().plan(twins, [INTERVIEWS]).proposals[1][0].person_id == "POPULAR"


def test_reason_reads_well():
    proposal = matcher().plan([person("UR", free=6.0, **RESEARCHER)], [INTERVIEWS]).proposals[1][0]
    assert proposal.reason() == "skills: User research methods; 6h free in the coming weeks"


def test_rotation_skips_last_weeks_people_unless_nobody_else_fits():
    people = [person("A", **RESEARCHER), person("B", **RESEARCHER)]
    first = matcher().plan(people, [INTERVIEWS], per_need=1)
    chosen = first.proposals[1][0].person_id
    second = matcher().plan(people, [INTERVIEWS], per_need=1, previous={(chosen, 1)})
    assert second.proposals[1][0].person_id != chosen
    alone = matcher().plan([person(chosen, **RESEARCHER)], [INTERVIEWS], previous={(chosen, 1)})
    assert [p.person_id for p in alone.proposals[1]] == [chosen]  # nobody else fits: proposed again


def test_nobody_is_proposed_for_more_than_three_challenges():
    needs = [Need(i, "BIR", f"Research {i}", "user interviews with residents", hours_per_week=2) for i in range(1, 6)]
    people = [person("STAR", **RESEARCHER), person("SECOND", skills={"User research methods": "Working"})]
    plan = matcher().plan(people, needs)
    counts = {}
    for proposals in plan.proposals.values():
        for p in proposals:
            counts[p.person_id] = counts.get(p.person_id, 0) + 1
    assert counts == {"STAR": 3, "SECOND": 3}
    assert all(len(p) <= 3 for p in plan.proposals.values())


def test_at_most_three_people_per_challenge_best_first():
    people = [person(f"P{i}", free=float(i + 1), **RESEARCHER) for i in range(6)]
    proposals = matcher().plan(people, [INTERVIEWS]).proposals[1]
    assert len(proposals) == 3
    assert [p.score for p in proposals] == sorted((p.score for p in proposals), reverse=True)


def test_a_challenge_nobody_fits_gets_the_closest_free_person_and_what_they_lack():
    need = Need(2, "BIR", "Procure a new CRM", "We must tender for a supplier contract.",
                skills=("Commercial management",))
    plan = matcher().plan([person("UR", **RESEARCHER)], [need])
    [closest] = plan.proposals[2]
    assert closest.person_id == "UR" and closest.fit_label == "weak"
    assert closest.lacking == ["Commercial management"]
    assert closest.reason() == "weak fit: lacks Commercial management; 8h free in the coming weeks"
    assert plan.lacking[2] == ["Commercial management"] and 2 not in plan.missing
    assert plan.closest(2) == "no one free with Commercial management; closest: UR (weak fit)"


@pytest.mark.parametrize("people, needs", [([], [INTERVIEWS]), ([person("UR", **RESEARCHER)], [])])
def test_empty_inputs(people, needs):
    plan = matcher().plan(people, needs)
    assert all(v == [] for v in plan.proposals.values())
