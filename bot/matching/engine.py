"""Scoring pool members against open challenges, and choosing who to propose.

Pure: plain values in, ranked proposals out; no database, no Slack. Scores are computed in
blocks of challenges with sparse and dense matrix products (scikit-learn TF-IDF, NumPy), so
20,000 people x 2,000 challenges fits in seconds and well under a gigabyte."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from bot.matching.vocabulary import HELP_KIND_SKILLS, LEVEL_WEIGHTS, analyse, skill_document, tokens


@dataclass(frozen=True)
class SkillInfo:
    name: str
    description: str
    levels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # job titles that use it: "we need a data engineer" finds its skills


@dataclass(frozen=True)
class Candidate:
    """A pool member as matching sees them."""

    id: str
    council: str
    skills: dict[str, str | None]  # DDaT skill -> level (or None)
    help_kinds: tuple[str, ...] = ()
    bio: str = ""
    past_work: tuple[tuple[str, str], ...] = ()  # (label, text) of challenges they worked on
    free_hours: float = 0.0  # free hours in the coming weeks
    votes: int = 0


@dataclass(frozen=True)
class Need:
    """An open challenge as matching sees it."""

    id: int
    council: str
    title: str
    problem: str
    skills: tuple[str, ...] = ()
    other_skills: str = ""
    hours_per_week: float = 1.0


@dataclass(frozen=True)
class Weights:
    skill: float = 0.7  # fit in DDaT skill space (explicit and inferred skills)
    text: float = 0.3  # fit of the raw words
    experience: float = 0.25  # similarity to challenges they worked on before
    same_council: float = 0.85  # multiplier when the person is from the challenge's own council
    min_fit: float = 0.08  # below this nobody "fits"
    inferred_skills: int = 5  # skills a challenge's text implies, beyond those it names
    inferred_weight: float = 1.0


@dataclass
class Proposal:
    person_id: str
    need_id: int
    score: float
    matched_skills: list[str] = field(default_factory=list)
    free_hours: float = 0.0
    past_work: str | None = None
    same_council: bool = False

    def reason(self) -> str:
        parts = []
        if self.matched_skills:
            parts.append("skills: " + ", ".join(self.matched_skills))
        parts.append(f"{self.free_hours:g}h free in the coming weeks")
        if self.past_work:
            parts.append(f"has worked on {self.past_work}")
        return "; ".join(parts)


@dataclass
class Plan:
    proposals: dict[int, list[Proposal]]  # need id -> up to 3, best first
    missing: dict[int, list[str]]  # need id -> skills nobody available offers (when nobody fits)


class SkillSpace:
    """The DDaT skills as documents: projects text onto skills (the vocabulary bridge)."""

    def __init__(self, skills: list[SkillInfo]):
        self.names = [s.name for s in skills]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.vectorizer = TfidfVectorizer(analyzer=tokens, sublinear_tf=True)
        documents = [analyse(skill_document(s.name, s.description, s.levels, s.roles)) for s in skills]
        self.documents = normalize(self.vectorizer.fit_transform(documents))

    def infer(self, analysed: list[list[str]], top: int) -> np.ndarray:
        """For each (analysed) text, its `top` most similar skills' similarities (others 0)."""
        similarity = (normalize(self.vectorizer.transform(analysed)) @ self.documents.T).toarray()
        if top < similarity.shape[1]:
            cut = np.argpartition(-similarity, top, axis=1)[:, top:]
            np.put_along_axis(similarity, cut, 0.0, axis=1)
        return similarity

    def explicit(self, weighted: list[dict[str, float]]) -> np.ndarray:
        matrix = np.zeros((len(weighted), len(self.names)), dtype=np.float32)
        for row, skills in enumerate(weighted):
            for name, weight in skills.items():
                column = self.index.get(name)
                if column is not None:
                    matrix[row, column] = max(matrix[row, column], weight)
        return matrix


def person_skill_weights(person: Candidate) -> dict[str, float]:
    weights = {name: LEVEL_WEIGHTS.get(level, 0.6) for name, level in person.skills.items()}
    for kind in person.help_kinds:
        for name in HELP_KIND_SKILLS.get(kind, ()):
            weights[name] = max(weights.get(name, 0.0), 0.5)
    return weights


def need_text(need: Need) -> str:
    return " ".join([need.title, need.title, need.problem, *need.skills, need.other_skills])


def person_text(person: Candidate) -> str:
    return " ".join([*person.skills, *person.help_kinds, person.bio])


class Matcher:
    """Scores every (person, challenge) pair; keeps the best candidates of each challenge."""

    def __init__(self, skills: list[SkillInfo], weights: Weights | None = None):
        self.space = SkillSpace(skills)
        self.weights = weights or Weights()

    def _need_skills(self, need_tokens: list[list[str]], needs: list[Need]) -> np.ndarray:
        w = self.weights
        inferred = self.space.infer(need_tokens, w.inferred_skills) * w.inferred_weight
        explicit = self.space.explicit([{s: 1.0 for s in n.skills} for n in needs])
        return normalize(np.maximum(inferred, explicit).astype(np.float32))

    def _person_skills(self, bio_tokens: list[list[str]], people: list[Candidate]) -> np.ndarray:
        explicit = self.space.explicit([person_skill_weights(p) for p in people])
        inferred = self.space.infer(bio_tokens, 3) * 0.3
        combined = np.maximum(explicit, inferred).astype(np.float32)
        # Not unit length: one skill at Awareness must fit less than the same skill at Expert.
        # Only vectors longer than 1 are shortened, so broad profiles don't outscore focused ones.
        norms = np.linalg.norm(combined, axis=1, keepdims=True)
        return combined / np.maximum(norms, 1.0)

    def candidates(self, people: list[Candidate], needs: list[Need], *, keep: int = 12,
                   block: int = 256) -> dict[int, list[tuple[int, float, float]]]:
        """For each need: up to `keep` (person index, score, fit) of available people, best first."""
        return self._score(people, needs, keep=keep, block=block)[0]

    def _score(self, people: list[Candidate], needs: list[Need], *, keep: int, block: int = 256):
        w = self.weights
        if not people or not needs:
            return {n.id: [] for n in needs}, np.zeros((len(needs), len(self.space.names))), None, None
        need_tokens = [analyse(need_text(n)) for n in needs]  # each text is tokenised once
        need_skills = self._need_skills(need_tokens, needs)
        bio_tokens = [analyse(p.bio or "") for p in people]
        person_skills = self._person_skills(bio_tokens, people)
        person_tokens = [analyse(" ".join([*p.skills, *p.help_kinds])) + bio
                         for p, bio in zip(people, bio_tokens)]
        words = TfidfVectorizer(analyzer=tokens, sublinear_tf=True)
        matrix = words.fit_transform(need_tokens + person_tokens)
        need_words = normalize(matrix[: len(needs)]).astype(np.float32)
        # people x words, multiplied by dense blocks of needs (sparse x dense is several times
        # faster than sparse x sparse here: the products are dense anyway)
        person_words = normalize(matrix[len(needs):]).astype(np.float32).tocsr()
        past = normalize(words.transform([analyse(" ".join(t for _, t in p.past_work)) for p in people]))
        past = past.astype(np.float32).tocsr()

        free = np.array([p.free_hours for p in people], dtype=np.float32)
        unavailable = np.flatnonzero(free <= 0)
        ties = (0.01 * np.log1p(np.array([p.votes for p in people], dtype=np.float32)) / math.log(100))
        by_council: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(people):
            by_council[p.council].append(i)
        # availability factor by hours asked: 0.6 (a little free) .. 1.0 (enough for the need)
        factors = {h: 0.6 + 0.4 * np.minimum(1.0, free / h) for h in {max(n.hours_per_week, 0.5) for n in needs}}
        result: dict[int, list[tuple[int, float, float]]] = {}
        for start in range(0, len(needs), block):
            chunk = needs[start:start + block]
            block_words = need_words[start:start + block].toarray().T
            fit = need_skills[start:start + block] @ person_skills.T
            fit *= w.skill
            fit += w.text * np.asarray(person_words @ block_words).T
            score = np.asarray(past @ block_words).T  # experience: similar challenges before
            score *= w.experience
            score += fit
            for row, need in enumerate(chunk):
                score[row] *= factors[max(need.hours_per_week, 0.5)]
                own = by_council.get(need.council)
                if own:
                    score[row, own] *= w.same_council
            score += ties  # votes on their nomination only break ties
            score[fit < w.min_fit] = -1.0
            score[:, unavailable] = -1.0
            top = min(keep, len(people))
            best = np.argpartition(-score, top - 1, axis=1)[:, :top]
            for row, need in enumerate(chunk):
                ranked = sorted(best[row], key=lambda i: -score[row, i])
                result[need.id] = [(int(i), float(score[row, i]), float(fit[row, i]))
                                   for i in ranked if score[row, i] > 0]
        return result, need_skills, words, need_words

    def plan(self, people: list[Candidate], needs: list[Need], *, previous: set[tuple[str, int]] = frozenset(),
             per_need: int = 3, per_person: int = 3) -> Plan:
        """Who to propose for each need: the best fits, at most `per_person` needs each, and
        not the same person for the same need as last time unless nobody else fits."""
        ranked, need_skills, words, need_words = self._score(people, needs, keep=max(12, per_need * 4))
        taken: dict[str, int] = defaultdict(int)
        chosen: dict[int, list[tuple[int, float]]] = {n.id: [] for n in needs}
        pairs = sorted(((score, need_id, i) for need_id, options in ranked.items() for i, score, _ in options),
                       reverse=True)

        def choose(allowed) -> None:
            for score, need_id, i in pairs:
                if not allowed(need_id, people[i].id):
                    continue
                if len(chosen[need_id]) >= per_need or taken[people[i].id] >= per_person:
                    continue
                if any(j == i for j, _ in chosen[need_id]):
                    continue
                chosen[need_id].append((i, score))
                taken[people[i].id] += 1

        choose(lambda need_id, person_id: (person_id, need_id) not in previous)
        nobody_new = {need_id for need_id, picks in chosen.items() if not picks}
        choose(lambda need_id, person_id: need_id in nobody_new)  # last week's people, where nobody else fits

        past = self._relevant_past_work(people, needs, chosen, words, need_words)
        available = {name for p in people if p.free_hours > 0 for name in person_skill_weights(p)}
        proposals, missing = {}, {}
        for row, need in enumerate(needs):
            picks = sorted(chosen[need.id], key=lambda pick: -pick[1])
            proposals[need.id] = [self._explain(people[i], need, score, need_skills[row], past.get((i, need.id)))
                                  for i, score in picks]
            if not picks:
                missing[need.id] = self._missing_skills(need, available, need_skills[row])
        return Plan(proposals, missing)

    @staticmethod
    def _relevant_past_work(people, needs, chosen, words, need_words) -> dict[tuple[int, int], str]:
        """For each chosen (person, need): the label of the person's most similar past challenge,
        if similar enough to mention. One batch for every proposal."""
        wanted = [(i, row) for row, need in enumerate(needs) for i, _ in chosen[need.id] if people[i].past_work]
        if not wanted:
            return {}
        persons = sorted({i for i, _ in wanted})
        items = [(i, label, text) for i in persons for label, text in people[i].past_work]
        vectors = normalize(words.transform([analyse(text) for _, _, text in items])).astype(np.float32)
        similarity = _dense(vectors @ need_words.T)  # past items x needs
        rows_of: dict[int, list[int]] = defaultdict(list)
        for k, (i, _, _) in enumerate(items):
            rows_of[i].append(k)
        result = {}
        for i, row in wanted:
            candidates = rows_of[i]
            best = candidates[int(similarity[candidates, row].argmax())]
            if similarity[best, row] >= 0.15:
                result[(i, needs[row].id)] = items[best][1]
        return result

    def _explain(self, person: Candidate, need: Need, score: float, wanted_row: np.ndarray,
                 past: str | None) -> Proposal:
        wanted = {self.space.names[i]: float(wanted_row[i]) for i in np.nonzero(wanted_row)[0]}
        offered = person_skill_weights(person)
        matched = sorted((name for name in offered if name in wanted),
                         key=lambda name: -(wanted[name] * offered[name]))[:3]
        return Proposal(person.id, need.id, round(score, 4), matched, person.free_hours, past,
                        person.council == need.council)

    def reasons(self, people: list[Candidate], needs: list[Need],
                pairs: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The readable reason for each (person id, need id) chosen some other way (cohorts)."""
        if not pairs:
            return {}
        need_skills = self._need_skills([analyse(need_text(n)) for n in needs], needs)
        row = {n.id: i for i, n in enumerate(needs)}
        person = {p.id: p for p in people}
        need = {n.id: n for n in needs}
        return {(pid, nid): self._explain(person[pid], need[nid], 0.0, need_skills[row[nid]], None).reason()
                for pid, nid in pairs}

    def _missing_skills(self, need: Need, available: set[str], wanted_row: np.ndarray) -> list[str]:
        """The skills a need asks for that no available person offers (or its main inferred ones)."""
        strongest = float(wanted_row.max()) if wanted_row.size else 0.0
        wanted = list(need.skills) or [self.space.names[i] for i in np.argsort(-wanted_row)[:3]
                                       if strongest > 0 and wanted_row[i] >= 0.75 * strongest]
        return [name for name in wanted if name not in available] or wanted


def _dense(matrix) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)
