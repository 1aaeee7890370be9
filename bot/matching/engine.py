"""Scoring pool members against open challenges, and choosing who to propose.

Pure: plain values in, ranked proposals out; no database, no Slack.

How fit is measured (benchmarks/matching_quality.py says what each part is worth on real briefs):
- The skill bridge. A challenge's words are compared with each DDaT skill's texts, field by
  field: the everyday and job-market words for it (vocabulary.py), what its levels ask, its
  name, the roles that use it; by words and by character 3-5-grams (which meet "architect" in
  "architecture", "developer" in "development"). That says which skills the challenge asks
  for; skills it names count in full. A person offers the skills they chose, at their levels
  (Expert counts more than Awareness; many skills count no more than one), and those of the
  kinds of help they offer. Skills are weighted by how rare they are among the people scored
  (everyone offers "Stakeholder relationship management", few "Data engineering"); skill fit
  is the cosine between what is asked and what is offered.
- The words: TF-IDF of the challenge's words against the person's skill names, kinds of help
  and bio (what the skills miss: "Drupal", "parking permits").
- Past outcomes: how like the challenge is what they worked on and delivered before.

Fit alone ranks people for `rank`; the digest multiplies in free hours and a preference for
other councils, breaks ties by votes, then applies rotation and caps (`Matcher.plan`).

Scores are computed in blocks of challenges: a sparse (people x skills) by dense (skills x
challenges) product, and sparse products of words (at very large sizes only the rarer words,
within a fixed amount of work), so 20,000 people x 2,000 challenges takes about a second and
a half (benchmarks/matching_scale.py)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from scipy import sparse

from bot.matching.text import CharCounts, Tokens, WordCounts, idf_of, tfidf
from bot.matching.vocabulary import HELP_KIND_SKILLS, LEVEL_WEIGHTS, SKILL_SYNONYMS


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


# (skill text field, analyser, weight): how a challenge's words find the skills it asks for.
# Chosen by a search on the development set of real briefs; weights chosen by 5-fold
# cross-validation score the same on held-out folds (benchmarks/matching_quality.py --cv).
BRIDGE: tuple[tuple[str, str, float], ...] = (
    ("everyday", "char", 2.0), ("everyday", "word", 0.25),
    ("levels", "word", 0.5),
    ("name", "word", 0.25),
    ("roles", "char", 0.25), ("roles", "word", 0.25),
)
FIELDS = ("name", "description", "levels", "everyday", "roles")


@dataclass(frozen=True)
class Weights:
    skill: float = 1.0  # fit in DDaT skill space (the skills asked for and offered)
    text: float = 0.25  # fit of the raw words
    experience: float = 0.25  # similarity to challenges they worked on before
    same_council: float = 0.85  # multiplier when the person is from the challenge's own council
    min_fit: float = 0.15  # below this a person doesn't really fit (proposed only when nobody does)
    bio_skills: float = 0.0  # how much the skills a bio speaks of count beside skills chosen (1 if none chosen)
    bio_top: int = 3  # how many skills a bio is read for
    named_skills: float = 0.5  # inferred skills beside the skills a challenge names (those count 1)
    bridge: tuple[tuple[str, str, float], ...] = BRIDGE


FIT_LABELS = ("strong", "good", "partial", "weak")


@dataclass
class Proposal:
    person_id: str
    need_id: int
    score: float
    matched_skills: list[str] = field(default_factory=list)
    free_hours: float | None = 0.0  # None: not known (ranking by fit alone)
    past_work: str | None = None
    same_council: bool = False
    fit: float = 0.0  # how well their skills and words fit the challenge, about 0..1
    fit_label: str = "strong"  # strong (offers every skill asked for), good, partial or weak
    lacking: list[str] = field(default_factory=list)  # skills the challenge asks for that they don't offer

    def fit_reason(self, label: bool = False) -> str:
        """How well they fit and why, without availability: "skills: A, B" (a strong fit: the
        label is said only when asked), or "partial fit: skills: A; lacks C"."""
        parts = []
        if self.matched_skills:
            parts.append("skills: " + ", ".join(self.matched_skills))
        if self.lacking:
            parts.append("lacks " + ", ".join(self.lacking))
        text = "; ".join(parts)
        if label or self.fit_label != "strong":
            text = f"{self.fit_label} fit" + (f": {text}" if text else "")
        return text

    def reason(self) -> str:
        parts = [self.fit_reason()] if self.fit_reason() else []
        if self.free_hours is not None:
            parts.append(f"{self.free_hours:g}h free in the coming weeks")
        if self.past_work:
            parts.append(f"has worked on {self.past_work}")
        return "; ".join(parts)


@dataclass
class Plan:
    proposals: dict[int, list[Proposal]]  # need id -> up to 3, best first
    missing: dict[int, list[str]]  # need id -> skills it asks for, where nobody could be proposed (nobody free)
    lacking: dict[int, list[str]] = field(default_factory=dict)  # need id -> skills it asks for that nobody free offers

    def closest(self, need_id: int) -> str:
        """Plain words for a challenge nobody fits fully, e.g. "no one free with Data engineering;
        closest: U1 (partial fit), U2 (weak fit)"; "" when someone offers everything it asks for."""
        lacking = self.lacking.get(need_id, [])
        proposals = self.proposals.get(need_id, [])
        if not proposals:
            return "nobody in the pool is free"
        if not lacking:
            return ""
        closest = ", ".join(f"{p.person_id} ({p.fit_label} fit)" for p in proposals)
        return f"no one free with {', '.join(lacking)}; closest: {closest}"


def _base_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip().casefold()


def need_text(need: Need) -> str:
    return " ".join([need.title, need.title, need.problem, *need.skills, need.other_skills])


def level_weight(level: str | None) -> float:
    if level is None:
        return LEVEL_WEIGHTS[None]
    return LEVEL_WEIGHTS.get(str(level).strip().capitalize(), LEVEL_WEIGHTS[None])


class SkillSpace:
    """The DDaT skills as texts, field by field: projects any text onto skills (the bridge)."""

    def __init__(self, skills: list[SkillInfo], bridge: Sequence[tuple[str, str, float]] = BRIDGE,
                 everyday: dict[str, str] | None = None):
        everyday = SKILL_SYNONYMS if everyday is None else everyday
        self.names = [s.name for s in skills]
        self.index = {name: i for i, name in enumerate(self.names)}
        self._folded = {name.casefold(): [i] for i, name in enumerate(self.names)}
        self._bases: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(self.names):
            self._bases[_base_name(name)].append(i)
        self._resolved: dict[str, list[int]] = {}
        texts = {
            "name": [s.name for s in skills],
            "description": [s.description for s in skills],
            "levels": [" ".join(s.levels) for s in skills],
            "everyday": [everyday.get(s.name, "") for s in skills],
            "roles": [" ".join(s.roles) for s in skills],
        }
        self.bridge = [(f, kind, w) for f, kind, w in bridge if w > 0]
        n = len(skills)
        self.counters: dict[str, WordCounts | CharCounts] = {}
        # analyser -> (squared idf of each field (fields x terms), terms x (fields x skills))
        self.fields: dict[str, tuple[np.ndarray, sparse.csr_matrix]] = {}
        for kind, counter in (("word", WordCounts()), ("char", CharCounts())):
            fields = [(f, weight) for f, k, weight in self.bridge if k == kind]
            if not fields:
                continue
            # the vocabulary: what the fields compared by this analyser say, nothing else
            counts = counter.count(Tokens([t for f, _ in fields for t in texts[f]]), grow=True)
            self.counters[kind] = counter
            # For each field: its idf, and its documents weighted by idf and the field's weight;
            # side by side, so a text meets every field of this analyser in one product.
            idfs, blocks = [], []
            for k, (f, weight) in enumerate(fields):
                part = counts[k * n:(k + 1) * n]
                idf = idf_of(part)  # 0 for terms the field never uses: a text is measured on what it could share
                idfs.append(idf)
                blocks.append(weight * (sparse.diags(idf) @ tfidf(part, idf).T))
            self.fields[kind] = (np.stack(idfs) ** 2, sparse.hstack(blocks).tocsr().astype(np.float32))

    def resolve(self, name: str) -> list[int]:
        """The skills a name means: itself; or, written without its qualifier ("Programming and
        build" for "Programming and build (software engineering)") or in other letter case, every
        skill it can mean."""
        found = self._resolved.get(name)
        if found is None:
            found = ([self.index[name]] if name in self.index else self._folded.get(name.casefold())
                     or self._bases.get(_base_name(name), []))
            if len(self._resolved) < 100_000:
                self._resolved[name] = found
        return found

    def infer(self, tokens: Tokens, words_only: bool = False) -> np.ndarray:
        """texts x skills: how much each text speaks of each skill, a weighted sum over fields of
        the cosine between the text and each skill's field (sublinear tf x the field's idf)."""
        n = len(self.names)
        result = np.zeros((tokens.n_texts, n), dtype=np.float32)
        for kind, (idf_squared, documents) in self.fields.items():
            if words_only and kind == "char":
                continue
            tf = self.counters[kind].count(tokens).astype(np.float32)
            np.log(tf.data, out=tf.data)
            tf.data += 1.0
            squared = tf.copy()
            squared.data **= 2
            norms = np.sqrt(_dense(squared @ idf_squared.T))  # texts x fields
            norms[norms == 0] = 1.0
            similarity = _dense(tf @ documents)
            for k in range(idf_squared.shape[0]):
                result += similarity[:, k * n:(k + 1) * n] / norms[:, k:k + 1]
        return result


def _row_max_scaled(matrix: np.ndarray) -> np.ndarray:
    top = matrix.max(axis=1, keepdims=True) if matrix.size else np.zeros((matrix.shape[0], 1))
    return matrix / np.maximum(top, 1e-9)


@dataclass
class _Vectors:
    """Everything scoring needs, computed once per call."""

    need_skills: np.ndarray  # needs x skills, unit rows (idf weighted)
    wanted: list[list[tuple[str, tuple[int, ...]]]]  # per need: the skills it names, or asks for most
    asked: np.ndarray  # needs x skills before idf: how much each need asks for each skill (max 1)
    person_skills: sparse.csr_matrix  # people x skills (idf weighted; levels scale, breadth doesn't)
    offered: sparse.csr_matrix  # people x skills they chose (at their level's weight) or offer as help
    need_words: sparse.csr_matrix  # needs x words, unit rows
    person_words: sparse.csr_matrix  # people x words, unit rows (the commonest words left out at scale)
    past: sparse.csr_matrix | None  # people x words of what they worked on before
    past_items: sparse.csr_matrix | None  # distinct past texts x words
    past_index: dict[str, int]  # past text -> its row in past_items

    def offers(self, person: int) -> np.ndarray:
        return self.offered.indices[self.offered.indptr[person]:self.offered.indptr[person + 1]]


class Matcher:
    """Scores every (person, challenge) pair; keeps the best candidates of each challenge."""

    def __init__(self, skills: list[SkillInfo], weights: Weights | None = None, *,
                 everyday: dict[str, str] | None = None):
        """`everyday`: the words people use for each skill (default: vocabulary.SKILL_SYNONYMS)."""
        self.weights = weights or Weights()
        self.space = SkillSpace(skills, self.weights.bridge, everyday)
        self._kinds = {kind: sorted({i for name in names for i in self.space.resolve(name)})
                       for kind, names in HELP_KIND_SKILLS.items()}

    # -- vectors -------------------------------------------------------------------------
    def _offered(self, people: list[Candidate]) -> sparse.csr_matrix:
        """people x skills: chosen skills at their levels, kinds of help at 0.5 (the larger wins)."""
        shape = (len(people), len(self.space.names))
        codes: dict[tuple, int] = {}  # a distinct (skill, level) or kind of help -> its code
        chosen = [codes.setdefault(choice, len(codes)) for p in people for choice in p.skills.items()]
        helped = [codes.setdefault(("", kind), len(codes)) for p in people for kind in p.help_kinds]
        per_person = np.fromiter((len(p.skills) for p in people), dtype=np.int64, count=len(people))
        per_kinds = np.fromiter((len(p.help_kinds) for p in people), dtype=np.int64, count=len(people))
        meaning: list[np.ndarray] = []  # code -> skill columns
        weight = np.zeros(len(codes), dtype=np.float32)
        for (name, level), code in codes.items():
            if name == "":
                meaning.append(np.array(self._kinds.get(level, ()), dtype=np.int64))
                weight[code] = 0.5
            else:
                meaning.append(np.array(self.space.resolve(name), dtype=np.int64))
                weight[code] = level_weight(level)
        if not codes:
            return sparse.csr_matrix(shape, dtype=np.float32)
        sizes = np.array([len(m) for m in meaning], dtype=np.int64)
        flat = np.concatenate(meaning)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        code = np.array(chosen + helped, dtype=np.int64)
        owner = np.concatenate([np.repeat(np.arange(len(people)), per_person),
                                np.repeat(np.arange(len(people)), per_kinds)])
        n = sizes[code]
        rows = np.repeat(owner, n)
        within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        cols = flat[np.repeat(starts[code], n) + within]
        values = np.repeat(weight[code], n)
        key = rows * shape[1] + cols
        order = np.lexsort((-values, key))  # the largest weight of each (person, skill) first
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        keep = order[first]
        return sparse.csr_matrix((values[keep], (rows[keep], cols[keep])), shape=shape)

    def _vectors(self, people: list[Candidate], needs: list[Need]) -> _Vectors:
        w = self.weights
        need_tokens = Tokens([need_text(n) for n in needs])
        asked = _row_max_scaled(self.space.infer(need_tokens))
        named = np.zeros_like(asked)
        wanted: list[list[tuple[str, tuple[int, ...]]]] = [[] for _ in needs]  # (skill as named, what it means)
        for row, need in enumerate(needs):
            for name in need.skills:
                found = self.space.resolve(name)
                if found:
                    named[row, found] = 1.0
                    wanted[row].append((self.space.names[found[0]] if len(found) == 1 else name, tuple(found)))
        has_named = named.any(axis=1)
        asked[has_named] = np.maximum(named[has_named], w.named_skills * asked[has_named])
        if len(needs):
            top = np.argsort(-asked, axis=1, kind="stable")[:, :3]
            strong = np.take_along_axis(asked, top, axis=1) >= 0.75
            for row in np.flatnonzero(~has_named):
                wanted[row] = [(self.space.names[i], (int(i),)) for i in top[row][strong[row]]]

        # What people offer: the skills they chose and their kinds of help; and what their bio
        # says, read for skills in full when they chose none (otherwise weighted by bio_skills).
        offered = self._offered(people)
        indicator = offered.copy()
        indicator.data[:] = 1.0
        read = [i for i, p in enumerate(people) if p.bio and (w.bio_skills > 0 or not p.skills)]
        if read:
            bio = _row_max_scaled(self.space.infer(Tokens([people[i].bio for i in read])))
            _keep_top(bio, w.bio_top)
            bio *= np.array([w.bio_skills if people[i].skills else 1.0 for i in read], dtype=np.float32)[:, None]
            rows, cols = np.nonzero(bio)
            said = sparse.csr_matrix((bio[rows, cols], (np.asarray(read)[rows], cols)), shape=offered.shape)
            offered = offered.maximum(said).tocsr()
            indicator = indicator.maximum(said).tocsr()
        df = np.bincount(offered.indices, minlength=len(self.space.names))
        idf = (np.log((1 + len(people)) / (1 + df)) + 1.0).astype(np.float32)
        bio_tokens = Tokens([p.bio or "" for p in people])
        explicit = sparse.csr_matrix(offered @ sparse.diags(idf))
        indicator = sparse.csr_matrix(indicator @ sparse.diags(idf))
        norms = np.sqrt(np.asarray(indicator.multiply(indicator).sum(axis=1)).ravel())
        person_skills = sparse.csr_matrix(sparse.diags(1.0 / np.maximum(norms, 1e-9)) @ explicit, dtype=np.float32)
        need_skills = asked * idf
        need_skills /= np.maximum(np.linalg.norm(need_skills, axis=1, keepdims=True), 1e-9)

        # The words: a need's text against the person's skill names, kinds of help and bio. Each
        # distinct skill name, kind of help and past challenge text is read once.
        words = WordCounts()
        need_counts = words.count(need_tokens, grow=True)
        person_counts = words.count(bio_tokens, grow=True)
        labels: dict[str, int] = {}
        cols = [labels.setdefault(label, len(labels)) for p in people for label in chain(p.skills, p.help_kinds)]
        rows = np.repeat(np.arange(len(people)), [len(p.skills) + len(p.help_kinds) for p in people])
        label_counts = words.count(Tokens([label.replace("_", " ") for label in labels]), grow=True)
        size = len(words.vocabulary)
        need_counts.resize((len(needs), size))
        person_counts.resize((len(people), size))
        if cols:
            person_counts = (person_counts + _indicator(rows, cols, (len(people), len(labels))) @ label_counts).tocsr()
        df = np.bincount(need_counts.indices, minlength=size) + np.bincount(person_counts.indices, minlength=size)
        text_idf = (np.log((1 + len(needs) + len(people)) / (1 + df)) + 1.0).astype(np.float32)
        need_words = tfidf(need_counts, text_idf)
        person_words = _affordable(need_words, tfidf(person_counts, text_idf))
        past = past_items = None
        past_index: dict[str, int] = {}
        if any(p.past_work for p in people):
            cols = [past_index.setdefault(text, len(past_index)) for p in people for _, text in p.past_work]
            rows = np.repeat(np.arange(len(people)), [len(p.past_work) for p in people])
            counts = words.count(Tokens(list(past_index)))
            past_items = tfidf(counts, text_idf)
            past = _affordable(need_words, tfidf((_indicator(rows, cols, (len(people), len(past_index))) @ counts)
                                                 .tocsr(), text_idf))
        return _Vectors(need_skills.astype(np.float32), wanted, asked, person_skills, offered, need_words,
                        person_words, past, past_items, past_index)

    def _fit_blocks(self, v: _Vectors, people: np.ndarray, order: np.ndarray | None = None, block: int = 256
                    ) -> Iterator[tuple[np.ndarray, np.ndarray, sparse.csr_matrix | None]]:
        """For each block of needs (in `order`): (their rows, fit of the people given (rows) x
        those needs (columns), and the people's experience of those needs, sparse)."""
        w = self.weights
        skills = v.person_skills[people]
        words = v.person_words[people]
        past = v.past[people] if v.past is not None and w.experience else None
        order = np.arange(v.need_skills.shape[0]) if order is None else order
        for start in range(0, len(order), block):
            rows = order[start:start + block]
            # sparse people x dense needs: people offer a few skills each, needs ask for many
            fit = skills @ np.ascontiguousarray(v.need_skills[rows].T)
            if w.skill != 1.0:
                fit *= w.skill
            need_words = v.need_words[rows].T.tocsr()
            if w.text:
                _add_sparse(fit, words @ need_words, w.text)
            yield rows, fit, (past @ need_words if past is not None else None)

    # -- ranking by fit alone ---------------------------------------------------------------
    def fit_matrix(self, people: list[Candidate], needs: list[Need]) -> np.ndarray:
        """needs x people: fit alone (no availability, council, rotation or caps)."""
        result = np.zeros((len(needs), len(people)), dtype=np.float32)
        if people and needs:
            v = self._vectors(people, needs)
            for rows, fit, _ in self._fit_blocks(v, np.arange(len(people))):
                result[rows] = fit.T
        return result

    def rank(self, people: list[Candidate], needs: list[Need], top: int | None = None) -> dict[int, list[Proposal]]:
        """For each need: every person (or the best `top`) by fit alone, best first, explained."""
        return {need.id: proposals for need, proposals in self.iter_rank(people, needs, top)}

    def iter_rank(self, people: list[Candidate], needs: list[Need],
                  top: int | None = None) -> Iterator[tuple[Need, list[Proposal]]]:
        """`rank`, one need at a time in the order given, so that a caller can write each as it
        comes rather than hold every explanation of every pair at once."""
        if not people:
            yield from ((need, []) for need in needs)
            return
        if not needs:
            return
        v = self._vectors(people, needs)
        keep = len(people) if top is None else max(0, min(top, len(people)))
        for rows, fit, _ in self._fit_blocks(v, np.arange(len(people)), block=256 if keep <= 1000 else 16):
            for column, best in enumerate(_top_k(fit, keep)):
                row = int(rows[column])
                yield needs[row], [self._explain(v, people[i], int(i), needs[row], row, float(fit[i, column]),
                                                 float(fit[i, column]), None, free_hours=None) for i in best]

    # -- the digest ----------------------------------------------------------------------------
    def candidates(self, people: list[Candidate], needs: list[Need], *, keep: int = 12,
                   block: int = 256) -> dict[int, list[tuple[int, float, float]]]:
        """For each need: up to `keep` (person index, score, fit) of available people, best first,
        however little they fit (fit below Weights.min_fit means they hardly do)."""
        return self._score(people, needs, keep=keep, block=block)[0]

    def _score(self, people: list[Candidate], needs: list[Need], *, keep: int, block: int = 256):
        w = self.weights
        if not needs:
            return {}, None
        free = np.array([p.free_hours for p in people], dtype=np.float32)
        available = np.flatnonzero(free > 0)
        # Only the people free are read and scored; skills are weighted by how rare they are among them.
        v = self._vectors([people[i] for i in available], needs)
        if not len(available):
            return {n.id: [] for n in needs}, v
        free = free[available]
        ties = (0.01 * np.log1p(np.array([people[i].votes for i in available], dtype=np.float32)) / math.log(100))
        by_council: dict[str, list[int]] = defaultdict(list)
        for k, i in enumerate(available):
            by_council[people[i].council].append(k)
        # availability factor by hours asked: 0.6 (a little free) .. 1.0 (enough for the need).
        # Needs are scored in order of hours asked, so a block's needs asking the same hours are
        # neighbouring columns, scaled in place.
        asks = np.array([max(n.hours_per_week, 0.5) for n in needs], dtype=np.float32)
        order = np.argsort(asks, kind="stable")
        result: dict[int, list[tuple[int, float, float]]] = {}
        top = min(keep, len(available))
        for rows, fit, experience in self._fit_blocks(v, np.arange(len(available)), order, block):
            score = fit.copy()
            if experience is not None:
                _add_sparse(score, experience, w.experience)
            block_asks = asks[rows]
            edges = np.flatnonzero(np.diff(block_asks)) + 1
            for a, b in zip([0, *edges], [*edges, len(rows)]):
                score[:, a:b] *= (0.6 + 0.4 * np.minimum(1.0, free / block_asks[a]))[:, None]
            if w.same_council != 1.0:
                for column, row in enumerate(rows):
                    own = by_council.get(needs[row].council)
                    if own:
                        score[own, column] *= w.same_council
            score += ties[:, None]  # votes on their nomination only break ties
            for column, best in enumerate(_top_k(score, top)):
                result[needs[rows[column]].id] = [(int(available[k]), float(score[k, column]),
                                                   float(fit[k, column])) for k in best]
        return result, v

    def plan(self, people: list[Candidate], needs: list[Need], *, previous: set[tuple[str, int]] = frozenset(),
             per_need: int = 3, per_person: int = 3) -> Plan:
        """Who to propose for each need: the best fits, at most `per_person` needs each, and not
        the same person for the same need as last time unless nobody else fits. A need nobody
        fits gets the closest free people, said to fit weakly and what they lack; a need gets
        nobody only when nobody is free."""
        w = self.weights
        ranked, v = self._score(people, needs, keep=max(12, per_need * 4))
        taken: dict[str, int] = defaultdict(int)
        chosen: dict[int, list[tuple[int, float, float]]] = {n.id: [] for n in needs}
        pairs = sorted(((score, need_id, i, fit) for need_id, options in ranked.items() for i, score, fit in options),
                       key=lambda pair: (-pair[0], pair[1], pair[2]))

        def choose(allowed, most: int = per_need, capped: bool = True, only_empty: bool = False) -> None:
            empty = {need_id for need_id, picks in chosen.items() if not picks}
            for score, need_id, i, fit in pairs:
                if only_empty and need_id not in empty:
                    continue
                if len(chosen[need_id]) >= most or (capped and taken[people[i].id] >= per_person):
                    continue
                if not allowed(need_id, people[i].id, fit) or any(j == i for j, _, _ in chosen[need_id]):
                    continue
                chosen[need_id].append((i, score, fit))
                taken[people[i].id] += 1

        fits = w.min_fit
        # Everyone who fits gets one challenge before anyone gets a second: first one person for
        # each challenge, then the rest. Not last week's people for the same challenge, unless
        # nobody else fits.
        choose(lambda need_id, person_id, fit: fit >= fits and (person_id, need_id) not in previous, most=1)
        choose(lambda need_id, person_id, fit: fit >= fits, most=1, only_empty=True)
        choose(lambda need_id, person_id, fit: fit >= fits and (person_id, need_id) not in previous)
        # Nobody fits: the closest free people, however little they fit (the proposal says so).
        choose(lambda need_id, person_id, fit: (person_id, need_id) not in previous, only_empty=True)
        choose(lambda need_id, person_id, fit: True, only_empty=True)
        # Everyone free is already proposed `per_person` times: one of them once more rather than nobody.
        choose(lambda need_id, person_id, fit: True, most=1, capped=False, only_empty=True)

        proposals: dict[int, list[Proposal]] = {}
        missing: dict[int, list[str]] = {}
        lacking: dict[int, list[str]] = {}
        if v is None:
            return Plan(proposals, missing, lacking)
        local = {int(i): k for k, i in enumerate(np.flatnonzero([p.free_hours > 0 for p in people]))}  # rows of v
        past = self._relevant_past_work(people, needs, chosen, v)
        free_offered = set(np.unique(v.offered.indices).tolist())  # v holds the people free
        for row, need in enumerate(needs):
            picks = sorted(chosen[need.id], key=lambda pick: -pick[1])
            proposals[need.id] = [self._explain(v, people[i], local[i], need, row, score, fit,
                                                past.get((i, need.id))) for i, score, fit in picks]
            nobody = [name for name, means in v.wanted[row] if not free_offered.intersection(means)]
            if nobody:
                lacking[need.id] = nobody
            if not picks:
                missing[need.id] = [name for name, _ in v.wanted[row]] or list(need.skills)
        return Plan(proposals, missing, lacking)

    def _relevant_past_work(self, people, needs, chosen, v: _Vectors) -> dict[tuple[int, int], str]:
        """For each chosen (person, need): the label of the person's most similar past challenge,
        if similar enough to mention. One batch for every proposal."""
        if v.past_items is None:
            return {}
        pairs, items, rows = [], [], []
        for row, need in enumerate(needs):
            for i, _, _ in chosen[need.id]:
                for label, text in people[i].past_work:
                    pairs.append((i, need.id, label))
                    items.append(v.past_index[text])
                    rows.append(row)
        if not pairs:
            return {}
        similarity = np.asarray(v.past_items[items].multiply(v.need_words[rows]).sum(axis=1)).ravel()
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for (i, need_id, label), value in zip(pairs, similarity):
            if value >= 0.15 and value > best.get((i, need_id), (0.0, ""))[0]:
                best[(i, need_id)] = (float(value), label)
        return {pair: label for pair, (_, label) in best.items()}

    def _explain(self, v: _Vectors, person: Candidate, i: int, need: Need, row: int, score: float, fit: float,
                 past: str | None, free_hours: float | None | bool = True) -> Proposal:
        offered = v.offers(i).tolist()
        names = self.space.names
        # the skills they offer that the need asks for (at least 0.3 of its strongest), most asked first
        asked = v.asked[row, offered].tolist() if offered else []
        relevant = sorted(((-a, names[s], s) for a, s in zip(asked, offered) if a >= 0.3))
        said = {}  # a skill as the person wrote it ("Programming and build" means four DDaT skills)
        if relevant:
            for name in person.skills:
                for s in self.space.resolve(name):
                    said.setdefault(s, name)
        matched = list(dict.fromkeys(said.get(s, name) for _, name, s in relevant))[:3]
        wanted = v.wanted[row]
        mine = set(offered)
        lacking = [name for name, means in wanted if not mine.intersection(means)]
        has = len(wanted) - len(lacking)
        fits = fit >= self.weights.min_fit
        if wanted and not lacking:
            label = "strong" if fits else "good"
        elif wanted and has * 2 >= len(wanted):
            label = "good" if fits else "partial"
        elif has or fits:
            label = "partial"
        else:
            label = "weak"
        hours = person.free_hours if free_hours is True else free_hours
        return Proposal(person.id, need.id, round(score, 4), matched, hours, past, person.council == need.council,
                        round(fit, 4), label, lacking)

    def reasons(self, people: list[Candidate], needs: list[Need],
                pairs: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The readable reason for each (person id, need id) chosen some other way (cohorts)."""
        return {pair: proposal.reason() for pair, proposal in self.explain(people, needs, pairs).items()}

    def explain(self, people: list[Candidate], needs: list[Need],
                pairs: list[tuple[str, int]]) -> dict[tuple[str, int], Proposal]:
        """The proposal (fit, fit label, skills matched and lacking, reason) for each (person id,
        need id) chosen some other way (cohorts, replacements)."""
        if not pairs or not people or not needs:
            return {}
        v = self._vectors(people, needs)
        person_row = {p.id: i for i, p in enumerate(people)}
        need_row = {n.id: j for j, n in enumerate(needs)}
        result = {}
        for pid, nid in pairs:
            i, j = person_row[pid], need_row[nid]
            fit = self.weights.skill * float((v.person_skills[i] @ v.need_skills[j]).sum())
            fit += self.weights.text * float(_dense(v.person_words[i] @ v.need_words[j].T).sum())
            result[(pid, nid)] = self._explain(v, people[i], i, needs[j], j, fit, fit, None)
        return result


def _add_sparse(dense: np.ndarray, matrix: sparse.csr_matrix, weight: float) -> None:
    """dense += weight * matrix (same shape), in place."""
    matrix = matrix.tocsr()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    dense.reshape(-1)[rows * dense.shape[1] + matrix.indices] += weight * matrix.data


def _indicator(rows, cols, shape: tuple[int, int]) -> sparse.csr_matrix:
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)


WORD_WORK = 10_000_000  # multiply-adds the words' sparse product may take (a few hundredths of a second)


def _affordable(needs: sparse.csr_matrix, people: sparse.csr_matrix, work: int = WORD_WORK) -> sparse.csr_matrix:
    """`people`, keeping only the words whose products with the needs fit in `work`, rarest words
    first. Exact for all but very large pools; there the commonest words (the least telling,
    which the skill bridge covers anyway) are left out of the words' fit."""
    in_needs = np.bincount(needs.indices, minlength=needs.shape[1]).astype(np.int64)
    in_people = np.bincount(people.indices, minlength=people.shape[1]).astype(np.int64)
    cost = in_needs * in_people
    if cost.sum() <= work:
        return people
    order = np.argsort(in_people, kind="stable")
    keep = np.zeros(len(cost), dtype=bool)
    keep[order[np.cumsum(cost[order]) <= work]] = True
    people = people.copy()
    people.data[~keep[people.indices]] = 0.0
    people.eliminate_zeros()
    return people


def _keep_top(matrix: np.ndarray, k: int) -> None:
    """Zero all but the k largest of each row, in place."""
    if k < matrix.shape[1]:
        cut = np.argpartition(-matrix, k, axis=1)[:, k:]
        np.put_along_axis(matrix, cut, 0.0, axis=1)


def _top_k(score: np.ndarray, k: int) -> list[np.ndarray]:
    """For each column of `score` (people x needs): the rows of its k largest values, largest
    first (ties: lower row first). A threshold from a sample of rows finds a few candidates per
    column without sorting every column."""
    n_rows, n_cols = score.shape
    if k <= 0:
        return [np.zeros(0, dtype=np.int64) for _ in range(n_cols)]
    if k >= n_rows or n_rows < 8 * k + 256:
        order = np.lexsort((np.broadcast_to(np.arange(n_rows)[:, None], score.shape), -score), axis=0)
        return [order[:k, column] for column in range(n_cols)]
    size = min(n_rows, max(64 * k, 4096))
    sample = np.ascontiguousarray(score[np.linspace(0, n_rows - 1, num=size, dtype=np.int64)].T)
    threshold = -np.partition(-sample, k - 1, axis=1)[:, k - 1]  # k-th largest of the sample: a lower bound
    needs, people = np.nonzero((score >= threshold).T)  # (column, row) of every candidate, column by column
    counts = np.bincount(needs, minlength=n_cols)
    crowded = np.flatnonzero(counts > 64 * k)  # many ties at the threshold: sort those columns outright
    if len(crowded):
        keep = ~np.isin(needs, crowded)
        more_needs, more_people = [needs[keep]], [people[keep]]
        for column in crowded:
            found = np.argpartition(-score[:, column], k - 1)[:k]
            found = np.flatnonzero(score[:, column] >= score[found, column].min())
            more_needs.append(np.full(len(found), column))
            more_people.append(found)
        needs, people = np.concatenate(more_needs), np.concatenate(more_people)
    order = np.lexsort((people, -score[people, needs], needs))  # by column; largest first, then lower row
    needs, people = needs[order], people[order]
    bounds = np.searchsorted(needs, np.arange(n_cols + 1))
    return [people[bounds[c]:min(bounds[c] + k, bounds[c + 1])] for c in range(n_cols)]


def _dense(matrix) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)
