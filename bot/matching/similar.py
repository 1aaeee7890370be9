"""Challenges like a new one: "someone already did this". Pure, like the rest of matching.

A challenge's text is read as the digest reads it (`engine.need_text`: the title twice, the
problem statement, the skills): word TF-IDF (stop words out, plurals folded) and character
3-5-gram TF-IDF within words, over the new challenge and the others together, compared by
cosine; the DDaT skills both name add a little."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.matching.engine import Need, need_text
from bot.matching.text import CharCounts, Tokens, WordCounts, idf_of, tfidf

WORDS, CHARS, SKILLS = 0.55, 0.3, 0.15  # how much each kind of likeness counts
CLOSE = 0.3  # a score from here up is "close": worth a look before posting another


def _cosines(counts) -> np.ndarray:
    """Cosine of the first row (the new challenge) with every other row, by TF-IDF."""
    vectors = tfidf(counts.tocsr(), idf_of(counts.tocsr()))
    return np.asarray((vectors[1:] @ vectors[0].T).todense()).ravel()


def _skill_overlap(new: Need, other: Need) -> float:
    mine, theirs = set(new.skills), set(other.skills)
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / len(mine | theirs)


def scores(new: Need, others: Sequence[Need]) -> np.ndarray:
    """How like `new` each of `others` is, 0 (nothing shared) to 1 (the same)."""
    if not others:
        return np.zeros(0, dtype=np.float32)
    tokens = Tokens([need_text(new), *(need_text(other) for other in others)])
    words = _cosines(WordCounts().count(tokens, grow=True))
    chars = _cosines(CharCounts().count(tokens, grow=True))
    skills = np.array([_skill_overlap(new, other) for other in others], dtype=np.float32)
    return np.clip(WORDS * words + CHARS * chars + SKILLS * skills, 0.0, 1.0)


def closest(new: Need, others: Sequence[Need], *, top: int = 3, threshold: float = CLOSE) -> list[tuple[int, float]]:
    """(index in `others`, score) of the closest, best first: at most `top`, each at least `threshold`."""
    found = scores(new, others)
    order = np.argsort(-found, kind="stable")[:top]
    return [(int(i), float(found[i])) for i in order if found[i] >= threshold]
