"""Small numeric curves the scoring modules share: saturation, log scales, age and decay."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from talent.indexer.scoring.config import RecencyConfig

DAYS_PER_YEAR = 365.25


def saturate(points: float, scale: float) -> float:
    """0 at no points, 1 - 1/e at ``scale`` points, approaching 1."""
    return 1.0 - math.exp(-max(points, 0.0) / scale)


def log_ratio(value: float, ref: float, cap: float, knee: float = 1.0) -> float:
    """log(1 + value/knee) / log(1 + ref/knee), capped: 1.0 at ``ref``. A larger ``knee``
    discounts small counts (a few stars from friends) while keeping the log scale above it."""
    return min(cap, math.log1p(max(value, 0.0) / knee) / math.log1p(ref / knee))


def years_between(start: datetime | None, end: datetime | None) -> float:
    if start is None or end is None:
        return 0.0
    return max((end - start).total_seconds(), 0.0) / (DAYS_PER_YEAR * 86_400)


def recency(when: datetime | None, now: datetime, cfg: RecencyConfig) -> float:
    """0.5^(age / half-life), at least ``floor``; ``unknown`` without a date."""
    if when is None:
        return cfg.unknown
    return max(cfg.floor, 0.5 ** (years_between(when, now) / cfg.half_life_years))


def decayed_sum(points: Iterable[float], decay: float) -> float:
    """Sum with the k-th largest value weighted decay^k."""
    return sum(p * decay**k for k, p in enumerate(sorted(points, reverse=True)))
