"""How well does matching find the right people for real requests? Measured on the development
set of real UK specialist briefs (../shared/data/matching-dev/, evaluation only, never copied
into the package; see its README).

Each of the 52 DDaT roles is a pool member, as a real one would be: the role's skills (no
levels) and the role description as a bio (its title masked), exactly the `skills+bio` text of
profiles.csv. Each brief is a challenge: its title as the buyer wrote it, or `masked` (the
words naming the role taken out, as council challenges describe a problem, not a job). A
brief is answered when one of its correct roles ranks high. Reported: hit@1/3/5 and MRR, ties
counted at their expected position (listing tied people in a lucky order gains nothing), for

- baseline: TF-IDF over character 3-5-grams (scikit-learn, fitted on the profiles' texts);
- Dozen: `Matcher.fit_matrix`, fit alone, what `python -m bot rank` prints;
- what Dozen's parts are worth: without the roles that use each skill, without the job-market
  words, words only, the skill bridge only.

    python benchmarks/matching_quality.py [--data DIR] [--cv]

--cv: 5-fold cross-validation of the bridge's field weights (chosen on four fifths of the
briefs, measured on the fifth), to show the shipped weights are not fitted to these briefs.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from math import comb
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.matching.engine import BRIDGE, Candidate, Matcher, Need, SkillInfo, Weights  # noqa: E402
from bot.matching.vocabulary import COUNCIL_WORDS  # noqa: E402
from bot.reference import skills  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "matching-dev"
COLUMNS = (("title", "as written"), ("masked", "role words out"))
# The matcher before issue 16 (TF-IDF words + a skill space with the roles in it), measured on
# this set with the same people and scoring, before it was replaced.
BEFORE = {"title": {"hit@1": 0.465, "hit@3": 0.590, "hit@5": 0.650, "MRR": 0.554},
          "masked": {"hit@1": 0.278, "hit@3": 0.442, "hit@5": 0.519, "MRR": 0.395}}


def load(data: Path):
    with open(data / "profiles.csv", newline="", encoding="utf-8") as f:
        profiles = list(csv.DictReader(f))
    with open(data / "briefs.csv", newline="", encoding="utf-8") as f:
        briefs = [b for b in csv.DictReader(f) if b["correct_roles"].strip()]
    roles = [p["role"] for p in profiles]
    correct = [[roles.index(r) for r in b["correct_roles"].split("|")] for b in briefs]
    people = []
    for i, p in enumerate(profiles):
        bio = p["skills+bio"][len(p["skills"]):].lstrip(". ")
        people.append(Candidate(id=f"P{i}", council="", skills={s.strip(): None for s in p["skills"].split(";")},
                                bio=bio, free_hours=1.0))
    return profiles, briefs, correct, people


def first_correct(scores: np.ndarray, correct: list[int]) -> tuple[int, list[tuple[int, float]]]:
    """(people strictly ahead of the best correct one, [(position among the tied, probability)])."""
    best = scores[correct].max()
    ahead = int((scores > best + 1e-6).sum())
    tied = np.abs(scores - best) <= 1e-6
    t, c = int(tied.sum()), int(tied[correct].sum())
    return ahead, [(x, comb(t - x, c - 1) / comb(t, c)) for x in range(1, t - c + 2)]


def metrics(scores: np.ndarray, correct: list[list[int]], rows=None) -> dict[str, float]:
    rows = range(len(correct)) if rows is None else rows
    hits, reciprocal, n = {1: 0.0, 3: 0.0, 5: 0.0}, 0.0, 0
    for row in rows:
        ahead, spread = first_correct(scores[row], correct[row])
        for k in hits:
            hits[k] += sum(p for x, p in spread if ahead + x <= k)
        reciprocal += sum(p / (ahead + x) for x, p in spread)
        n += 1
    return {**{f"hit@{k}": v / n for k, v in hits.items()}, "MRR": reciprocal / n}


def baseline(profiles, texts: list[str]) -> np.ndarray:
    documents = [p["skills+bio"] for p in profiles]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(3, 5)).fit(documents)
    return (normalize(vectorizer.transform(texts)) @ normalize(vectorizer.transform(documents)).T).toarray()


def skill_infos(drop_roles: bool = False) -> list[SkillInfo]:
    return [SkillInfo(s.name, s.description, tuple(s.levels.values()), () if drop_roles else s.roles)
            for s in skills().values()]


def dozen(people, briefs, column: str, weights: Weights | None = None, infos=None, everyday=None) -> np.ndarray:
    needs = [Need(id=j, council="", title=b[column], problem="") for j, b in enumerate(briefs)]
    return Matcher(infos or skill_infos(), weights, everyday=everyday).fit_matrix(people, needs)


def cross_validate(people, briefs, correct) -> dict[str, dict[str, float]]:
    """Choose the bridge's weights on 4/5 of the briefs (coordinate ascent over a grid, for the
    mean MRR of both columns), score the other 1/5 with them; five times."""
    fields = sorted({(f, kind) for f in ("name", "description", "levels", "everyday", "roles")
                     for kind in ("word", "char")})
    grid = (0.0, 0.25, 0.5, 1.0, 2.0)
    cache: dict[tuple, dict[str, np.ndarray]] = {}

    def scores(bridge: tuple, text: float) -> dict[str, np.ndarray]:
        key = (bridge, text)
        if key not in cache:
            weights = Weights(bridge=bridge, text=text)
            cache[key] = {c: dozen(people, briefs, c, weights) for c, _ in COLUMNS}
        return cache[key]

    def objective(setting, rows) -> float:
        bridge = tuple((f, k, w) for (f, k), w in setting["bridge"].items() if w > 0)
        found = scores(bridge, setting["text"])
        return sum(metrics(found[c], correct, rows)["MRR"] for c, _ in COLUMNS) / len(COLUMNS)

    def fit(rows):
        setting = {"bridge": {key: (1.0 if key == ("everyday", "char") else 0.0) for key in fields}, "text": 0.0}
        best = objective(setting, rows)
        for _ in range(3):
            improved = False
            for key in [*fields, "text"]:
                for value in grid:
                    trial = {"bridge": dict(setting["bridge"]), "text": setting["text"]}
                    if key == "text":
                        trial["text"] = value
                    else:
                        trial["bridge"][key] = value
                    if trial == setting or not any(trial["bridge"].values()):
                        continue
                    value_found = objective(trial, rows)
                    if value_found > best + 1e-4:
                        best, setting, improved = value_found, trial, True
            if not improved:
                break
        return setting

    order = list(range(len(briefs)))
    random.Random(0).shuffle(order)
    folds = [order[k::5] for k in range(5)]
    held_out = {c: np.zeros((len(briefs), len(people)), dtype=np.float32) for c, _ in COLUMNS}
    for k, fold in enumerate(folds):
        training = [i for i in order if i not in set(fold)]
        setting = fit(training)
        chosen = {f"{f}/{kind}": w for (f, kind), w in setting["bridge"].items() if w}
        print(f"  fold {k + 1}: bridge {chosen}, words {setting['text']}")
        bridge = tuple((f, kind, w) for (f, kind), w in setting["bridge"].items() if w > 0)
        found = scores(bridge, setting["text"])
        for c, _ in COLUMNS:
            held_out[c][fold] = found[c][fold]
    return {c: metrics(held_out[c], correct) for c, _ in COLUMNS}


def table(rows: dict[str, dict[str, dict[str, float]]]) -> None:
    keys = ("hit@1", "hit@3", "hit@5", "MRR")
    head = "  ".join(f"{k:>6}" for k in keys)
    print(f"{'':52} {'as written':^30}  {'role words out':^30}")
    print(f"{'method':52} {head}  {head}")
    for label, result in rows.items():
        cells = "  ".join("  ".join(f"{result[c][k]:6.3f}" for k in keys) for c, _ in COLUMNS)
        print(f"{label:52} {cells}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the development set's directory")
    parser.add_argument("--cv", action="store_true", help="also cross-validate the bridge's weights")
    args = parser.parse_args()
    if not (args.data / "briefs.csv").exists() or not (args.data / "profiles.csv").exists():
        print(f"The development set is not there: {args.data} needs briefs.csv and profiles.csv "
              "(it lives in ../shared/data/matching-dev/, outside the repository). Nothing measured.")
        return 1
    profiles, briefs, correct, people = load(args.data)
    print(f"{len(briefs)} briefs x {len(people)} people (DDaT roles as pool members); a hit is a correct role")
    rows = {}
    rows["baseline: TF-IDF character 3-5-grams"] = {
        c: metrics(baseline(profiles, [b[c] for b in briefs]), correct) for c, _ in COLUMNS}
    rows["Dozen before issue 16 (measured then, not rerun)"] = BEFORE
    rows["Dozen"] = {c: metrics(dozen(people, briefs, c), correct) for c, _ in COLUMNS}
    bridge_by = {kind: tuple((f, k, w) for f, k, w in BRIDGE if k == kind) for kind in ("word", "char")}
    variants = {
        "  without the roles that use each skill": dict(infos=skill_infos(drop_roles=True)),
        "  without the job-market words (council words kept)": dict(everyday=COUNCIL_WORDS),
        "  skill bridge by words only (no char n-grams)": dict(weights=Weights(bridge=bridge_by["word"])),
        "  skill bridge by char n-grams only": dict(weights=Weights(bridge=bridge_by["char"])),
        "  skill bridge only (no words)": dict(weights=Weights(text=0.0)),
        "  words only (no skill bridge)": dict(weights=Weights(skill=0.0, text=1.0)),
        "  bios also read for skills (0.3)": dict(weights=Weights(bio_skills=0.3)),
    }
    for label, options in variants.items():
        rows[label] = {c: metrics(dozen(people, briefs, c, **options), correct) for c, _ in COLUMNS}
    # People who chose no skills: their bio is read for skills.
    for label, bios in (("  no skills chosen, bio = skills+bio text", [p["skills+bio"] for p in profiles]),
                        ("  no skills chosen, bio = role description only", [p.bio for p in people])):
        shown = [Candidate(id=p.id, council="", skills={}, bio=bio, free_hours=1.0) for p, bio in zip(people, bios)]
        rows[label] = {c: metrics(dozen(shown, briefs, c), correct) for c, _ in COLUMNS}
    if args.cv:
        print("cross-validating the bridge's weights (5 folds)...")
        rows["Dozen, weights chosen by 5-fold CV"] = cross_validate(people, briefs, correct)
    print()
    table(rows)
    print("\nhit@k: a correct role among the first k people; MRR: mean of 1 / rank of the first correct role")
    return 0


if __name__ == "__main__":
    sys.exit(main())
