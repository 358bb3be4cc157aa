"""Ranking-quality metrics over graded relevance, as pure functions (used by ``talent eval``).

A ranking is given as the relevance grades (0..3) of its results in order; ``ideal`` holds the
grades of every judged person the store knows, whether retrieved or not.

- nDCG@k: gain ``2**rel - 1``, discount ``log2(rank + 1)``; divided by the DCG of ``ideal``
  sorted best first.
- P@k, Recall@k and MRR count a result as relevant when its grade is at least
  ``RELEVANT`` (2: "some production work that fits the query"; a grade of 1 is a near miss).
  P@k divides by k even when fewer than k results came back.
- A query with no relevant person (nobody graded >= ``RELEVANT``) has no defined P, Recall or
  MRR, and nDCG is meaningless; every metric is then ``None`` and averages skip the query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

RELEVANT = 2


def gain(grade: int) -> float:
    return float(2**grade - 1)


def dcg(grades: Sequence[int], k: int) -> float:
    return sum(gain(g) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg_at(grades: Sequence[int], ideal: Iterable[int], k: int = 10) -> float | None:
    best = dcg(sorted(ideal, reverse=True), k)
    return dcg(grades, k) / best if best > 0 else None


def precision_at(grades: Sequence[int], k: int = 10, threshold: int = RELEVANT) -> float:
    return sum(1 for g in grades[:k] if g >= threshold) / k


def recall_at(
    grades: Sequence[int], relevant: int, k: int = 100, threshold: int = RELEVANT
) -> float | None:
    """Share of the ``relevant`` people (grade >= threshold) found in the top ``k``."""
    if relevant <= 0:
        return None
    return sum(1 for g in grades[:k] if g >= threshold) / relevant


def reciprocal_rank(grades: Sequence[int], threshold: int = RELEVANT) -> float:
    return next((1 / (i + 1) for i, g in enumerate(grades) if g >= threshold), 0.0)


def mean(values: Iterable[float | None]) -> float | None:
    """The average of the defined values; ``None`` when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None
