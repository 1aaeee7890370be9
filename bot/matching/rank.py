"""`python -m bot rank`: the pure matcher on files, for operators and benchmarks.

    python -m bot rank --people PEOPLE.jsonl --challenges CHALLENGES.jsonl [--top K]

PEOPLE.jsonl, one person a line:
    {"id": "U1", "skills": [{"name": "User research methods", "level": "expert"}],
     "help_kinds": ["user_research"], "bio": "...", "council": "LDS"}
  (level: expert, practitioner, working, awareness or null; everything but "id" may be left out)
CHALLENGES.jsonl, one challenge a line:
    {"id": 7, "title": "...", "problem": "...", "skills": ["Data engineering"], "council": "BIR"}

Prints one JSON line per challenge, in the order given:
    {"challenge": 7, "ranked": [{"person": "U1", "score": 0.4123, "reason": "strong fit: skills: ..."}, ...]}
every person (or the best K) by fit alone: no availability, rotation or caps (the digest's rules).
A bad line stops the run with one line on stderr naming the file and line, and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from functools import lru_cache
from typing import Any

from bot.matching.engine import Candidate, Matcher, Need, SkillInfo
from bot.matching.vocabulary import HELP_KIND_SKILLS

LEVELS = {"expert": "Expert", "practitioner": "Practitioner", "working": "Working", "awareness": "Awareness"}


class BadInput(Exception):
    """One line of input is wrong: the message names the file and line."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", required=True, metavar="PEOPLE.jsonl",
                        help='one person a line: {"id", "skills": [{"name", "level"}], "help_kinds", "bio", "council"}')
    parser.add_argument("--challenges", required=True, metavar="CHALLENGES.jsonl",
                        help='one challenge a line: {"id", "title", "problem", "skills": [..], "council"}')
    parser.add_argument("--top", type=int, default=None, metavar="K",
                        help="print only the best K people for each challenge (default: everyone)")


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    from bot.reference import skills

    return Matcher([SkillInfo(s.name, s.description, tuple(s.levels.values()), s.roles) for s in skills().values()])


def _lines(path: str):
    """(line number, parsed object) for each non-blank line."""
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as error:
                    raise BadInput(f"{path}:{number}: not JSON ({error.msg} at column {error.colno})") from None
                if not isinstance(value, dict):
                    raise BadInput(f"{path}:{number}: expected a JSON object, found {type(value).__name__}")
                yield number, value
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a directory, not a file") from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text ({error.reason})") from None
    except PermissionError:
        raise BadInput(f"{path}: cannot be read (permission denied)") from None


def _identifier(value: Any, where: str) -> str | int:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or (isinstance(value, str) and not value.strip()):
        raise BadInput(f'{where}: "id" must be a non-empty string or an integer')
    return value


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInput(f'{where}: "{key}" must be a string')
    return value


def _strings(entry: dict, key: str, where: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(f'{where}: "{key}" must be a list of strings')
    return value


def read_people(path: str) -> tuple[list[Candidate], list[str | int]]:
    people, ids, seen = [], [], set()
    for number, entry in _lines(path):
        where = f"{path}:{number}"
        if "id" not in entry:
            raise BadInput(f'{where}: a person needs an "id"')
        pid = _identifier(entry["id"], where)
        if str(pid) in seen:
            raise BadInput(f"{where}: person {json.dumps(pid)} is listed twice")
        seen.add(str(pid))
        skills: dict[str, str | None] = {}
        listed = entry.get("skills") or []
        if not isinstance(listed, list):
            raise BadInput(f'{where}: "skills" must be a list of {{"name", "level"}}')
        for k, skill in enumerate(listed, start=1):
            if isinstance(skill, str):
                skill = {"name": skill}
            if not isinstance(skill, dict) or not isinstance(skill.get("name"), str) or not skill["name"].strip():
                raise BadInput(f'{where}: skill {k} must be {{"name": "...", "level": ...}} with a name')
            level = skill.get("level")
            if level is not None and (not isinstance(level, str) or level.strip().lower() not in LEVELS):
                raise BadInput(f"{where}: skill {skill['name']!r} has level {level!r}; use one of "
                               f"{', '.join(LEVELS)} or null")
            skills[skill["name"].strip()] = LEVELS[level.strip().lower()] if level is not None else None
        kinds = _strings(entry, "help_kinds", where)
        unknown = [kind for kind in kinds if kind not in HELP_KIND_SKILLS]
        if unknown:
            raise BadInput(f"{where}: unknown help kind {unknown[0]!r}; use {', '.join(HELP_KIND_SKILLS)}")
        people.append(Candidate(id=str(pid), council=_text(entry, "council", where), skills=skills,
                                help_kinds=tuple(kinds), bio=_text(entry, "bio", where), free_hours=1.0))
        ids.append(pid)
    return people, ids


def read_challenges(path: str) -> tuple[list[Need], list[str | int]]:
    needs, ids, seen = [], [], set()
    for number, entry in _lines(path):
        where = f"{path}:{number}"
        if "id" not in entry:
            raise BadInput(f'{where}: a challenge needs an "id"')
        cid = _identifier(entry["id"], where)
        if str(cid) in seen:
            raise BadInput(f"{where}: challenge {json.dumps(cid)} is listed twice")
        seen.add(str(cid))
        title, problem = _text(entry, "title", where), _text(entry, "problem", where)
        skills = _strings(entry, "skills", where)
        if not (title.strip() or problem.strip() or skills):
            raise BadInput(f'{where}: a challenge needs a "title", a "problem" or "skills" to match on')
        needs.append(Need(id=len(needs), council=_text(entry, "council", where), title=title, problem=problem,
                          skills=tuple(skills)))
        ids.append(cid)
    return needs, ids


def run(args) -> int:
    """Read, rank, write; 0 when done, 2 on bad input (one line on stderr, no traceback)."""
    top = getattr(args, "top", None)
    if top is not None and top < 1:
        print(f"rank: --top must be 1 or more, not {top}", file=sys.stderr)
        return 2
    try:
        people, person_ids = read_people(args.people)
        needs, challenge_ids = read_challenges(args.challenges)
    except BadInput as error:
        print(f"rank: {error}", file=sys.stderr)
        return 2
    engine = matcher()
    unknown = sorted({name for p in people for name in p.skills if not engine.space.resolve(name)})
    if unknown:
        shown = ", ".join(repr(n) for n in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        print(f"rank: not DDaT skills, matched by their words only: {shown}", file=sys.stderr)
    position = {p.id: k for k, p in enumerate(people)}
    out = sys.stdout
    try:
        for need, proposals in engine.iter_rank(people, needs, top=top):  # written as they come
            line = {"challenge": challenge_ids[need.id], "ranked": [
                {"person": person_ids[position[p.person_id]], "score": p.fit, "reason": p.fit_reason(label=True)}
                for p in proposals]}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
    except BrokenPipeError:  # e.g. piped into head: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush doesn't complain
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot rank", description="Rank pool members for challenges by fit.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

