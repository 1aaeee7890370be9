"""The DDaT skills as texts, field by field (the skill bridge): which skills a text speaks of,
and what a skill name written loosely means. Pure."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from bot.matching.arrays import dense
from bot.matching.text import CharCounts, Tokens, WordCounts, idf_of, tfidf
from bot.matching.vocabulary import LEVEL_WEIGHTS, SKILL_SYNONYMS


@dataclass(frozen=True)
class SkillInfo:
    name: str
    description: str
    levels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # job titles that use it: "we need a data engineer" finds its skills



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


def _base_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip().casefold()



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
            norms = np.sqrt(dense(squared @ idf_squared.T))  # texts x fields
            norms[norms == 0] = 1.0
            similarity = dense(tf @ documents)
            for k in range(idf_squared.shape[0]):
                result += similarity[:, k * n:(k + 1) * n] / norms[:, k:k + 1]
        return result
