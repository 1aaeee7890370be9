"""Turning many texts into TF-IDF vectors quickly: words (stop words out, plurals folded) and
character 3-5-grams within words, in one pass over all the texts.

scikit-learn's vectorisers walk every text and every word in Python; at 20,000 pool members
that alone takes seconds. Here all texts are tokenised at once (bytes.translate and split, at C
speed), each distinct word is analysed once, and the character n-grams of a text are the sum of
its words' n-grams (a sparse product), which is what an analyser of n-grams within words sees."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from bot.matching.vocabulary import STOP, stem

_SEP = "\x1f"
NGRAMS = (3, 5)
# Bytes of a word: ASCII letters (lower-cased) and digits, and every byte of a non-ASCII character.
_TABLE = bytearray(b" " * 256)
for _c in range(256):
    if chr(_c).isascii() and chr(_c).isalnum():
        _TABLE[_c] = ord(chr(_c).lower())
    elif _c >= 128:
        _TABLE[_c] = _c
_TABLE[0x1F] = 0x1F
_TABLE = bytes(_TABLE)
_PUNCTUATION = tuple(c.encode() for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0")


def char_ngrams(word: str, low: int = NGRAMS[0], high: int = NGRAMS[1]) -> list[str]:
    """The n-grams of a word padded with a space either side (as scikit-learn's 'char_wb')."""
    padded = f" {word} "
    grams = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def _is_word(token: bytes) -> bool:
    """At least two characters, the first a letter (numbers alone say little)."""
    return len(token) >= 2 and not token[:1].isdigit()


class Tokens:
    """The words of many texts: for each text, indexes into `words` (distinct lower-case words
    of two or more characters starting with a letter). Tokenised with bytes.translate and
    bytes.split over all texts at once: C speed, not a regular expression per text."""

    def __init__(self, texts: Sequence[str]):
        texts = [t.replace(_SEP, " ") if _SEP in t else t for t in texts]
        raw = _SEP.join(texts).encode("utf-8", "replace")
        for mark in _PUNCTUATION:
            if mark in raw:
                raw = raw.replace(mark, b" ")
        raw = raw.translate(_TABLE)  # ASCII lower-cased; other characters kept as they are
        flat = raw.replace(b"\x1f", b" \x1f ").split()  # one split: the separators are tokens too
        distinct = list(set(flat))
        index = dict(zip(distinct, range(len(distinct))))
        ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
        separator = ids == index.get(b"\x1f", -1)
        self.words = [w.decode("utf-8", "replace") if _is_word(w) else "" for w in distinct]  # "" for non-words
        self.doc = np.cumsum(separator)[~separator]  # the text each word belongs to
        self.ids = ids[~separator]
        self.n_texts = len(texts)

    def counts(self, columns: np.ndarray, n_columns: int) -> sparse.csr_matrix:
        """texts x columns counts, where `columns[word id]` is a word's column (-1: left out)."""
        cols = columns[self.ids] if len(self.ids) else np.zeros(0, dtype=np.int64)
        keep = cols >= 0
        data = np.ones(int(keep.sum()), dtype=np.float32)
        matrix = sparse.csr_matrix((data, (self.doc[keep], cols[keep])), shape=(self.n_texts, n_columns))
        matrix.sum_duplicates()
        return matrix


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf (1 + log tf) times idf, rows of unit length (terms with idf 0 left out)."""
    counts = counts.astype(np.float32, copy=True)
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    squares = counts.copy()
    squares.data **= 2
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    counts.data /= np.repeat(norms, np.diff(counts.indptr)).astype(np.float32)
    counts.eliminate_zeros()
    return counts


def idf_of(counts: sparse.csr_matrix) -> np.ndarray:
    """scikit-learn's smooth idf, ln((1 + n) / (1 + df)) + 1, over the texts counted; 0 for terms
    none of them uses (so texts compared with them are measured only on what they could share)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + df)) + 1.0
    idf[df == 0] = 0.0
    return idf.astype(np.float32)


class WordCounts:
    """Counts of words (stop words out, plurals folded) over a vocabulary that grows when asked
    to (`grow=True`) and otherwise leaves out words it never saw, as scikit-learn's transform."""

    def __init__(self):
        self.vocabulary: dict[str, int] = {}

    def count(self, tokens: Tokens, grow: bool = False) -> sparse.csr_matrix:
        columns = np.full(len(tokens.words), -1, dtype=np.int64)
        vocabulary = self.vocabulary
        for i, word in enumerate(tokens.words):
            if not word or word in STOP:
                continue
            term = stem(word)
            column = vocabulary.get(term)
            if column is None and grow:
                column = vocabulary[term] = len(vocabulary)
            if column is not None:
                columns[i] = column
        return tokens.counts(columns, len(vocabulary))


class CharCounts:
    """Counts of character 3-5-grams within words (stop words out), through each distinct word's
    n-grams: counts(texts x n-grams) = counts(texts x words) @ n-grams(words x n-grams)."""

    def __init__(self):
        self.vocabulary: dict[str, int] = {}
        self._grams_of: dict[str, np.ndarray] = {}  # word -> columns of its known n-grams

    def _grams(self, word: str, grow: bool) -> np.ndarray:
        if grow:
            return np.array([self.vocabulary.setdefault(g, len(self.vocabulary)) for g in char_ngrams(word)],
                            dtype=np.int64)
        grams = self._grams_of.get(word)
        if grams is None:
            found = (self.vocabulary.get(g) for g in char_ngrams(word))
            grams = np.array([c for c in found if c is not None], dtype=np.int64)
            if len(self._grams_of) < 200_000:
                self._grams_of[word] = grams
        return grams

    def count(self, tokens: Tokens, grow: bool = False) -> sparse.csr_matrix:
        if grow:
            self._grams_of.clear()
        keep = [i for i, w in enumerate(tokens.words) if w and w not in STOP]
        columns = np.full(len(tokens.words), -1, dtype=np.int64)
        columns[keep] = np.arange(len(keep))
        by_word = tokens.counts(columns, len(keep))
        grams = [self._grams(tokens.words[i], grow) for i in keep]
        lengths = np.array([len(g) for g in grams], dtype=np.int64)
        col_index = np.concatenate(grams) if grams else np.zeros(0, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        word_grams = sparse.csr_matrix((np.ones(len(col_index), dtype=np.float32), col_index, indptr),
                                       shape=(len(keep), len(self.vocabulary)))
        word_grams.sum_duplicates()
        counts = (by_word @ word_grams).tocsr()
        counts.sum_duplicates()
        return counts
