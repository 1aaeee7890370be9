"""How well does matching find the right people? An evaluation on real public data.

The DDaT framework (bot/data/ddat/roles.csv, OGL v3.0) describes 52 roles at several levels.
Each role level becomes a *person* (its skills at their levels, nothing else: no role name)
and a *challenge* (the text describing that role level and its role). A challenge is
answered well when people of the same role rank high. We report hit@3 (a same-role person
among the top 3) and MRR (1 / rank of the first same-role person), for:

- baseline: plain TF-IDF (scikit-learn defaults) between the challenge text and the
  person's skill names;
- words only: Dozen's text fit alone (its tokeniser, no skill space);
- skill space only: the DDaT vocabulary bridge alone;
- Dozen: the blend matching uses.

    python benchmarks/matching_quality.py
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.matching.engine import Candidate, Matcher, Need, SkillInfo, Weights  # noqa: E402
from bot.reference import skills  # noqa: E402


def load() -> tuple[list[Candidate], list[Need], list[str]]:
    by_level: dict[tuple[str, str], dict] = defaultdict(lambda: {"skills": {}, "text": ""})
    with open(ROOT / "bot" / "data" / "ddat" / "roles.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Role Level"] == "NOT IN USE" or row["Skill Level"] == "NOT IN USE":
                continue
            entry = by_level[(row["Role"], row["Role Level"])]
            entry["skills"][row["Skill Name"]] = row["Skill Level"]
            entry["text"] = f"{row['Role Description']}\n{row['Role Level Description']}"
    keys = sorted(by_level)
    people = [Candidate(id=f"P{i}", council="X", skills=by_level[k]["skills"], free_hours=10.0)
              for i, k in enumerate(keys)]
    needs = [Need(id=i, council="Y", title="", problem=by_level[k]["text"], hours_per_week=4)
             for i, k in enumerate(keys)]
    roles = [role for role, _ in keys]
    return people, needs, roles


def metrics(scores: np.ndarray, roles: list[str]) -> tuple[float, float]:
    hits, reciprocal = 0, 0.0
    for row, role in enumerate(roles):
        order = np.argsort(-scores[row], kind="stable")
        ranks = [rank for rank, i in enumerate(order, start=1) if roles[i] == role]
        hits += ranks[0] <= 3
        reciprocal += 1 / ranks[0]
    return hits / len(roles), reciprocal / len(roles)


def dozen_scores(matcher: Matcher, people: list[Candidate], needs: list[Need]) -> np.ndarray:
    ranked = matcher.candidates(people, needs, keep=len(people))
    scores = np.full((len(needs), len(people)), -1.0)
    for row, need in enumerate(needs):
        for i, score, _ in ranked[need.id]:
            scores[row, i] = score
    return scores


def scrub(needs: list[Need], roles: list[str]) -> list[Need]:
    """The same challenges with every role's name taken out, so that matching must go by
    what the text says is needed, not by the job title (which skill documents mention)."""
    words = {w for role in roles for w in re.findall(r"[a-z]+", role.lower()) if len(w) > 3}
    pattern = re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")s?\b", re.IGNORECASE)
    return [Need(id=n.id, council=n.council, title=n.title, problem=pattern.sub("", n.problem),
                 hours_per_week=n.hours_per_week) for n in needs]


def evaluate(people: list[Candidate], needs: list[Need], roles: list[str],
             skill_infos: list[SkillInfo]) -> dict[str, tuple[float, float]]:
    baseline = TfidfVectorizer()
    baseline.fit([n.problem for n in needs] + [" ".join(p.skills) for p in people])
    scores = (normalize(baseline.transform([n.problem for n in needs]))
              @ normalize(baseline.transform([" ".join(p.skills) for p in people])).T).toarray()
    results = {"baseline: plain TF-IDF": metrics(scores, roles)}
    for label, weights in (
        ("words only (Dozen's tokeniser)", Weights(skill=0.0, text=1.0, min_fit=0.0)),
        ("skill space only (vocabulary bridge)", Weights(skill=1.0, text=0.0, min_fit=0.0)),
        ("Dozen (0.7 skill space + 0.3 words)", Weights(min_fit=0.0)),
    ):
        results[label] = metrics(dozen_scores(Matcher(skill_infos, weights), people, needs), roles)
    return results


def main() -> None:
    people, needs, roles = load()
    skill_infos = [SkillInfo(s.name, s.description, tuple(s.levels.values()), s.roles) for s in skills().values()]
    print(f"{len(needs)} challenges (DDaT role levels) x {len(people)} people (the same role levels' skills), "
          f"{len(set(roles))} roles")
    for title, challenge_set in (("challenge texts as published", needs),
                                 ("role names removed from the challenge texts", scrub(needs, roles))):
        print(f"\n{title}\n{'method':40} {'hit@3':>6} {'MRR':>6}")
        for label, (hit, mrr) in evaluate(people, challenge_set, roles, skill_infos).items():
            print(f"{label:40} {hit:6.3f} {mrr:6.3f}")


if __name__ == "__main__":
    main()
