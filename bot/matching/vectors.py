"""Pool members and challenges as vectors: skills offered and asked for (through the skill
bridge, weighted by rarity), words (TF-IDF), past work; and fit, a block of challenges at a time.
Pure."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

from bot.matching.arrays import add_sparse, affordable, keep_top, ones_at, row_max_scaled
from bot.matching.proposals import Candidate, Need, Weights, need_text
from bot.matching.skills import SkillSpace, level_weight
from bot.matching.text import Tokens, WordCounts, tfidf


@dataclass
class Vectors:
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


def offered_matrix(space: SkillSpace, kinds: dict[str, list[int]], people: list[Candidate]) -> sparse.csr_matrix:
    """people x skills: chosen skills at their levels, kinds of help at 0.5 (the larger wins)."""
    shape = (len(people), len(space.names))
    codes: dict[tuple, int] = {}  # a distinct (skill, level) or kind of help -> its code
    chosen = [codes.setdefault(choice, len(codes)) for p in people for choice in p.skills.items()]
    helped = [codes.setdefault(("", kind), len(codes)) for p in people for kind in p.help_kinds]
    per_person = np.fromiter((len(p.skills) for p in people), dtype=np.int64, count=len(people))
    per_kinds = np.fromiter((len(p.help_kinds) for p in people), dtype=np.int64, count=len(people))
    meaning: list[np.ndarray] = []  # code -> skill columns
    weight = np.zeros(len(codes), dtype=np.float32)
    for (name, level), code in codes.items():
        if name == "":
            meaning.append(np.array(kinds.get(level, ()), dtype=np.int64))
            weight[code] = 0.5
        else:
            meaning.append(np.array(space.resolve(name), dtype=np.int64))
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


def vectors(space: SkillSpace, weights: Weights, kinds: dict[str, list[int]], people: list[Candidate],
            needs: list[Need]) -> Vectors:
    """Everything scoring needs about these people and needs, computed once."""
    w = weights
    need_tokens = Tokens([need_text(n) for n in needs])
    asked = row_max_scaled(space.infer(need_tokens))
    named = np.zeros_like(asked)
    wanted: list[list[tuple[str, tuple[int, ...]]]] = [[] for _ in needs]  # (skill as named, what it means)
    for row, need in enumerate(needs):
        for name in need.skills:
            found = space.resolve(name)
            if found:
                named[row, found] = 1.0
                wanted[row].append((space.names[found[0]] if len(found) == 1 else name, tuple(found)))
    has_named = named.any(axis=1)
    asked[has_named] = np.maximum(named[has_named], w.named_skills * asked[has_named])
    if len(needs):
        top = np.argsort(-asked, axis=1, kind="stable")[:, :3]
        strong = np.take_along_axis(asked, top, axis=1) >= 0.75
        for row in np.flatnonzero(~has_named):
            wanted[row] = [(space.names[i], (int(i),)) for i in top[row][strong[row]]]

    # What people offer: the skills they chose and their kinds of help; and what their bio
    # says, read for skills in full when they chose none (otherwise weighted by bio_skills).
    offered = offered_matrix(space, kinds, people)
    indicator = offered.copy()
    indicator.data[:] = 1.0
    read = [i for i, p in enumerate(people) if p.bio and (w.bio_skills > 0 or not p.skills)]
    if read:
        bio = row_max_scaled(space.infer(Tokens([people[i].bio for i in read])))
        keep_top(bio, w.bio_top)
        bio *= np.array([w.bio_skills if people[i].skills else 1.0 for i in read], dtype=np.float32)[:, None]
        rows, cols = np.nonzero(bio)
        said = sparse.csr_matrix((bio[rows, cols], (np.asarray(read)[rows], cols)), shape=offered.shape)
        offered = offered.maximum(said).tocsr()
        indicator = indicator.maximum(said).tocsr()
    df = np.bincount(offered.indices, minlength=len(space.names))
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
        person_counts = (person_counts + ones_at(rows, cols, (len(people), len(labels))) @ label_counts).tocsr()
    df = np.bincount(need_counts.indices, minlength=size) + np.bincount(person_counts.indices, minlength=size)
    text_idf = (np.log((1 + len(needs) + len(people)) / (1 + df)) + 1.0).astype(np.float32)
    need_words = tfidf(need_counts, text_idf)
    person_words = affordable(need_words, tfidf(person_counts, text_idf))
    past = past_items = None
    past_index: dict[str, int] = {}
    if any(p.past_work for p in people):
        cols = [past_index.setdefault(text, len(past_index)) for p in people for _, text in p.past_work]
        rows = np.repeat(np.arange(len(people)), [len(p.past_work) for p in people])
        counts = words.count(Tokens(list(past_index)))
        past_items = tfidf(counts, text_idf)
        past = affordable(need_words, tfidf((ones_at(rows, cols, (len(people), len(past_index))) @ counts)
                                             .tocsr(), text_idf))
    return Vectors(need_skills.astype(np.float32), wanted, asked, person_skills, offered, need_words,
                    person_words, past, past_items, past_index)


def fit_blocks(weights: Weights, v: Vectors, people: np.ndarray, order: np.ndarray | None = None, block: int = 256
                ) -> Iterator[tuple[np.ndarray, np.ndarray, sparse.csr_matrix | None]]:
    """For each block of needs (in `order`): (their rows, fit of the people given (rows) x
    those needs (columns), and the people's experience of those needs, sparse)."""
    w = weights
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
            add_sparse(fit, words @ need_words, w.text)
        yield rows, fit, (past @ need_words if past is not None else None)
