"""Array helpers shared by matching: sparse and dense products, top-k by column. Pure NumPy/SciPy."""

from __future__ import annotations

import numpy as np
from scipy import sparse


def row_max_scaled(matrix: np.ndarray) -> np.ndarray:
    top = matrix.max(axis=1, keepdims=True) if matrix.size else np.zeros((matrix.shape[0], 1))
    return matrix / np.maximum(top, 1e-9)


def add_sparse(dense: np.ndarray, matrix: sparse.csr_matrix, weight: float) -> None:
    """dense += weight * matrix (same shape), in place."""
    matrix = matrix.tocsr()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    dense.reshape(-1)[rows * dense.shape[1] + matrix.indices] += weight * matrix.data


def ones_at(rows, cols, shape: tuple[int, int]) -> sparse.csr_matrix:
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)


WORD_WORK = 10_000_000  # multiply-adds the words' sparse product may take (a few hundredths of a second)


def affordable(needs: sparse.csr_matrix, people: sparse.csr_matrix, work: int = WORD_WORK) -> sparse.csr_matrix:
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


def keep_top(matrix: np.ndarray, k: int) -> None:
    """Zero all but the k largest of each row, in place."""
    if k < matrix.shape[1]:
        cut = np.argpartition(-matrix, k, axis=1)[:, k:]
        np.put_along_axis(matrix, cut, 0.0, axis=1)


def top_k(score: np.ndarray, k: int) -> list[np.ndarray]:
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


def dense(matrix) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix)
