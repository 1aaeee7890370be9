"""`rank`: the pure matcher on files, checked by hand on small files; bad input answered with one
line naming the file and line, exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.matching import rank

ROOT = Path(__file__).resolve().parent.parent

PEOPLE = [
    {"id": "UR", "skills": [{"name": "User research methods", "level": "expert"}], "help_kinds": ["user_research"],
     "bio": "I run interviews with residents.", "council": "LDS"},
    {"id": "DEV", "skills": [{"name": "Programming and build (software engineering)", "level": "practitioner"}],
     "help_kinds": ["software_development"], "bio": "Python and Django developer.", "council": "MAN"},
    {"id": 3, "skills": [{"name": "Data engineering", "level": None},
                         {"name": "Data analysis and synthesis", "level": "working"}],
     "bio": "ETL pipelines and dashboards", "council": "BIR"},
]
CHALLENGES = [
    {"id": 1, "title": "Talk to residents about bins",
     "problem": "We need someone to run user interviews with residents.", "skills": [], "council": "MAN"},
    {"id": "C-2", "title": "Move our data warehouse", "problem": "Build pipelines from the CRM into a warehouse.",
     "skills": ["Data engineering"], "council": "LDS"},
    {"id": 3, "title": "Procure a new CRM", "problem": "We must tender for a supplier contract.",
     "skills": ["Commercial management"]},
]


def write(path: Path, rows) -> str:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def run(tmp_path, people=PEOPLE, challenges=CHALLENGES, *extra):
    parser = argparse.ArgumentParser()
    rank.add_arguments(parser)
    args = parser.parse_args(["--people", write(tmp_path / "people.jsonl", people),
                              "--challenges", write(tmp_path / "challenges.jsonl", challenges), *extra])
    return rank.run(args)


def output(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_everyone_ranked_by_fit_for_each_challenge_in_order(tmp_path, capsys):
    assert run(tmp_path) == 0
    lines = output(capsys)
    assert [line["challenge"] for line in lines] == [1, "C-2", 3]  # ids come back as given, in order
    interviews, warehouse, procurement = lines
    assert [r["person"] for r in interviews["ranked"]][0] == "UR"
    assert [r["person"] for r in warehouse["ranked"]][0] == 3
    assert sorted(str(r["person"]) for r in procurement["ranked"]) == ["3", "DEV", "UR"]  # everyone, however weak
    assert interviews["ranked"][0]["reason"] == "strong fit: skills: User research methods"
    assert warehouse["ranked"][0]["reason"] == "strong fit: skills: Data engineering"
    for line in lines:
        scores = [r["score"] for r in line["ranked"]]
        assert scores == sorted(scores, reverse=True) and len(scores) == 3
    # nobody offers procurement: everyone is ranked, each said to lack it
    assert all(r["reason"] == "weak fit: lacks Commercial management" for r in procurement["ranked"])
    assert all(r["person"] != "UR" or r["reason"].startswith("weak fit: lacks Data engineering")
               for r in warehouse["ranked"])


def test_top_k_and_fit_alone(tmp_path, capsys):
    assert run(tmp_path, PEOPLE, CHALLENGES, "--top", "1") == 0
    lines = output(capsys)
    assert [[r["person"] for r in line["ranked"]] for line in lines][:2] == [["UR"], [3]]
    # fit alone: a person from the challenge's own council is not ranked lower for it
    same = [dict(PEOPLE[0], council="MAN")]
    assert run(tmp_path, same, CHALLENGES[:1]) == 0
    [line] = output(capsys)
    assert run(tmp_path, PEOPLE[:1], CHALLENGES[:1]) == 0
    [other] = output(capsys)
    assert line["ranked"][0]["score"] == other["ranked"][0]["score"]


def test_a_skill_named_without_its_qualifier_and_a_level_in_any_case(tmp_path, capsys):
    people = [{"id": "A", "skills": [{"name": "Programming and build", "level": "Expert"}]},
              {"id": "B", "skills": [{"name": "User research methods", "level": "AWARENESS"}]}]
    challenges = [{"id": 1, "title": "Fix our website", "skills": ["Programming and build (software engineering)"]}]
    assert run(tmp_path, people, challenges) == 0
    [line] = output(capsys)
    assert line["ranked"][0]["person"] == "A"
    assert line["ranked"][0]["reason"] == "strong fit: skills: Programming and build"
    assert line["ranked"][1]["reason"] == "weak fit: lacks Programming and build (software engineering)"


def test_no_people_or_no_challenges(tmp_path, capsys):
    assert run(tmp_path, [], CHALLENGES) == 0
    assert [line["ranked"] for line in output(capsys)] == [[], [], []]
    assert run(tmp_path, PEOPLE, ["", "  "]) == 0  # blank lines are skipped
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("people, challenges, message", [
    (PEOPLE[:1] + ["{not json"], CHALLENGES, "people.jsonl:2: not JSON"),
    (["[1, 2]"], CHALLENGES, "people.jsonl:1: expected a JSON object, found list"),
    ([{"skills": []}], CHALLENGES, 'people.jsonl:1: a person needs an "id"'),
    ([{"id": ""}], CHALLENGES, 'people.jsonl:1: "id" must be a non-empty string or an integer'),
    ([{"id": "A"}, {"id": "A"}], CHALLENGES, 'people.jsonl:2: person "A" is listed twice'),
    ([{"id": "A", "skills": [{"name": "Data engineering", "level": "guru"}]}], CHALLENGES,
     "people.jsonl:1: skill 'Data engineering' has level 'guru'; use one of expert, practitioner, working, "
     "awareness or null"),
    ([{"id": "A", "skills": "Data engineering"}], CHALLENGES, 'people.jsonl:1: "skills" must be a list'),
    ([{"id": "A", "help_kinds": ["juggling"]}], CHALLENGES, "people.jsonl:1: unknown help kind 'juggling'"),
    ([{"id": "A", "bio": 7}], CHALLENGES, 'people.jsonl:1: "bio" must be a string'),
    (PEOPLE, [CHALLENGES[0], {"id": 2}], 'challenges.jsonl:2: a challenge needs a "title", a "problem" or "skills"'),
    (PEOPLE, [{"id": 1.5, "title": "x"}], 'challenges.jsonl:1: "id" must be a non-empty string or an integer'),
    (PEOPLE, [{"id": 1, "title": "x", "skills": "Data"}], 'challenges.jsonl:1: "skills" must be a list of strings'),
])
def test_bad_input_is_one_line_naming_file_and_line(tmp_path, capsys, people, challenges, message):
    assert run(tmp_path, people, challenges) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("rank: ") and message in line and str(tmp_path) in line


def test_missing_file_and_bad_top(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    rank.add_arguments(parser)
    args = parser.parse_args(["--people", str(tmp_path / "nobody.jsonl"),
                              "--challenges", write(tmp_path / "c.jsonl", CHALLENGES)])
    assert rank.run(args) == 2
    assert capsys.readouterr().err.strip() == f"rank: {tmp_path / 'nobody.jsonl'}: no such file"
    assert run(tmp_path, PEOPLE, CHALLENGES, "--top", "0") == 2
    assert capsys.readouterr().err.strip() == "rank: --top must be 1 or more, not 0"


def test_unknown_skills_are_said_but_still_matched_by_their_words(tmp_path, capsys):
    people = [{"id": "A", "skills": [{"name": "Drupal theming", "level": "expert"}]}, {"id": "B"}]
    challenges = [{"id": 1, "title": "Our Drupal site needs new theming"}]
    assert run(tmp_path, people, challenges) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == "rank: not DDaT skills, matched by their words only: 'Drupal theming'"
    assert json.loads(captured.out)["ranked"][0]["person"] == "A"


def test_from_the_command_line_without_a_traceback(tmp_path):
    people = write(tmp_path / "people.jsonl", PEOPLE[:1] + ['{"id": "X", "skills": [{"name": 5}]}'])
    challenges = write(tmp_path / "challenges.jsonl", CHALLENGES)
    code = "import sys; from bot.matching.rank import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "--people", people, "--challenges", challenges],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == (f'rank: {people}:2: skill 1 must be {{"name": "...", "level": ...}} with a name')
    ok = subprocess.run([sys.executable, "-c", code, "--people", write(tmp_path / "p.jsonl", PEOPLE),
                         "--challenges", challenges, "--top", "2"], capture_output=True, text=True, cwd=ROOT,
                        timeout=120)
    assert ok.returncode == 0 and ok.stderr == ""
    assert [len(json.loads(line)["ranked"]) for line in ok.stdout.splitlines()] == [2, 2, 2]
