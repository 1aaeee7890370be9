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


def test_nobody_is_said_only_when_nobody_is_free():
    people = [person("UR", free=0.0, **RESEARCHER), person("DEV", free=0.0, **DEVELOPER)]
    plan = matcher().plan(people, [INTERVIEWS])
    assert plan.proposals[1] == [] and plan.missing[1] == ["User research methods"]
    assert plan.closest(1) == "nobody in the pool is free"


def test_the_closest_free_person_is_proposed_with_how_well_they_fit_and_what_they_lack():
    data = Need(3, "BIR", "Move our data warehouse", "Build pipelines from the CRM into a warehouse.",
                skills=("Data engineering", "Data visualisation"))
    analyst = person("AN", skills={"Data visualisation": "Expert", "Data analysis and synthesis": "Expert"})
    people = [person("UR", **RESEARCHER), analyst, person("BUSY", free=0.0, skills={"Data engineering": "Expert"})]
    plan = matcher().plan(people, [data])
    best = plan.proposals[3][0]
    assert best.person_id == "AN" and best.lacking == ["Data engineering"]
    assert best.fit_label in ("good", "partial") and 0 < best.fit
    assert best.reason() == (f"{best.fit_label} fit: skills: Data visualisation; lacks Data engineering; "
                             "8h free in the coming weeks")
    assert plan.lacking[3] == ["Data engineering"]  # the busy data engineer is not free
    assert plan.closest(3) == ("no one free with Data engineering; closest: "
                               + ", ".join(f"{p.person_id} ({p.fit_label} fit)" for p in plan.proposals[3]))
    assert [p.person_id for p in plan.proposals[3]][:1] == ["AN"]


def test_candidates_and_explain_give_the_closest_free_person_for_a_replacement():
    """The cohort replacement asks for candidates of one challenge and takes the first."""
    procurement = Need(4, "BIR", "Procure a new CRM", "We must tender for a supplier contract.",
                       skills=("Commercial management",))
    people = [person("DEV", **DEVELOPER), person("UR", **RESEARCHER), person("AWAY", free=0.0,
                                                                          skills={"Commercial management": "Expert"})]
    ranked = matcher().candidates(people, [procurement], keep=len(people))[4]
    assert sorted(people[i].id for i, _, _ in ranked) == ["DEV", "UR"]  # everyone free, however little they fit
    closest = people[ranked[0][0]]
    [proposal] = matcher().explain(people, [procurement], [(closest.id, 4)]).values()
    assert proposal.fit_label == "weak" and proposal.lacking == ["Commercial management"]
    assert matcher().reasons(people, [procurement], [(closest.id, 4)])[(closest.id, 4)] == (
        "weak fit: lacks Commercial management; 8h free in the coming weeks")


def test_a_challenge_left_empty_by_the_caps_still_gets_someone():
    needs = [Need(i, "BIR", f"Research {i}", "user interviews with residents", hours_per_week=2) for i in range(1, 9)]
    people = [person("STAR", **RESEARCHER), person("SECOND", skills={"User research methods": "Working"})]
    plan = matcher().plan(people, needs)
    assert all(plan.proposals[n.id] for n in needs)
    counts = {}
    for proposals in plan.proposals.values():
        for p in proposals:
            counts[p.person_id] = counts.get(p.person_id, 0) + 1
    # three each, then the best once more for each challenge the caps left empty
    assert all(len(plan.proposals[n.id]) == 1 for n in needs) and counts == {"STAR": 5, "SECOND": 3}


def test_skills_written_without_their_qualifier_or_in_lower_case_count():
    need = Need(5, "BIR", "Fix our website", "", skills=("Programming and build (software engineering)",))
    people = [person("A", skills={"programming and build": "expert"}), person("B", **RESEARCHER)]
    assert [p.person_id for p in matcher().plan(people, [need]).proposals[5]] == ["A"]  # B hardly fits
    [first, second] = matcher().rank(people, [need])[5]
    assert first.person_id == "A" and first.fit_label == "strong" and first.lacking == []
    assert first.matched_skills == ["programming and build"]
    assert second.person_id == "B" and second.lacking == ["Programming and build (software engineering)"]


def test_best_candidates_match_a_full_sort_in_a_large_pool():
    """The top-k search uses a sampled threshold; it must give exactly what sorting everyone gives."""
    import random

    rng = random.Random(3)
    names = sorted(skills())
    people = [person(f"P{i}", free=rng.choice([0.0, 2.0, 8.0]), council=rng.choice(["A", "B", "C"]),
                     skills={n: rng.choice(["Expert", "Working", None]) for n in rng.sample(names, 4)},
                     votes=rng.randint(0, 5)) for i in range(1500)]
    needs = [Need(i, "A", f"Need {i}", " ".join(rng.sample(names, 3)), hours_per_week=rng.choice([2, 8]))
             for i in range(1, 40)]
    few = matcher().candidates(people, needs, keep=12)
    everyone = matcher().candidates(people, needs, keep=len(people))
    for need in needs:
        assert few[need.id] == everyone[need.id][:12]
        scores = [score for _, score, _ in everyone[need.id]]
        assert scores == sorted(scores, reverse=True)
        assert {i for i, _, _ in everyone[need.id]} == {i for i, p in enumerate(people) if p.free_hours > 0}


def test_a_bio_speaks_for_someone_who_chose_no_skills():
    people = [person("BIO", bio="I plan and run usability testing and interviews with residents and service users."),
              person("DEV", **DEVELOPER)]
    [first, *_] = matcher().plan(people, [INTERVIEWS]).proposals[1]
    assert first.person_id == "BIO" and "User research methods" in first.matched_skills
    assert first.lacking == []
