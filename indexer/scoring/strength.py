"""Evidence strength per area: the ranking's measure of how much real work a person shows.

The 0..1 category scores saturate after a few items, which is what filters and a glance
need. Ranking needs the opposite: a maintainer with 200 sustained, recent commits must stay
well ahead of someone with 5 (``StrengthConfig`` says how). An area's strength is the
decayed sum of its strong items' volumes (the k-th counts ``item_decay^k``: breadth across
repositories helps, repetition less) plus at most ``weak_cap`` from weak ones, times the
anti-signal penalty. ``overall`` is the strongest AI category plus ``breadth`` times the
others: what a query that names no area ranks by.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from talent.indexer.facts import RepoFact
from talent.indexer.scoring.config import StrengthConfig
from talent.indexer.scoring.curves import decayed_sum, years_between
from talent.vocab import AREAS, CATEGORIES

OVERALL = "overall"


def recent(when: datetime | None, now: datetime, cfg: StrengthConfig) -> float:
    """1 within ``recent_days``, then halving every ``half_life_years``, at least ``floor``."""
    if when is None:
        return cfg.unknown_recency
    over = years_between(when, now) - cfg.recent_days / 365.25
    return 1.0 if over <= 0 else max(cfg.floor, 0.5 ** (over / cfg.half_life_years))


def sustained(repo: RepoFact, cfg: StrengthConfig) -> float:
    """``span_base`` for a single day of work, rising to 1 at ``sustained_days`` of it."""
    if repo.first_commit_at is None or repo.last_commit_at is None:
        span = cfg.span_unknown
    else:
        span = min(1.0, (repo.last_commit_at - repo.first_commit_at).days / cfg.sustained_days)
    return cfg.span_base + (1.0 - cfg.span_base) * max(span, 0.0)


def contribution_volume(repo: RepoFact, commits: int, now: datetime, cfg: StrengthConfig) -> float:
    """How much work one repository's commits show: log2(1 + commits), recent, sustained,
    in a role."""
    when = repo.last_commit_at or (repo.pushed_at if repo.role == "owner" else None)
    return (
        cfg.contribution
        * math.log2(1 + max(commits, 0))
        * recent(when, now, cfg)
        * sustained(repo, cfg)
        * cfg.roles.get(repo.role, 1.0)  # type: ignore[call-overload]
    )


def area_strengths(
    items: Iterable[tuple[str, float, bool]], multiplier: float, cfg: StrengthConfig
) -> dict[str, float]:
    """Area -> strength from ``(area, volume, weak)`` items, and ``overall``."""
    strong: dict[str, list[float]] = defaultdict(list)
    weak: dict[str, list[float]] = defaultdict(list)
    for area, volume, is_weak in items:
        (weak if is_weak else strong)[area].append(volume)
    out = {
        a: multiplier
        * (
            decayed_sum(strong.get(a, []), cfg.item_decay)
            + min(cfg.weak_cap, decayed_sum(weak.get(a, []), cfg.item_decay))
        )
        for a in AREAS
    }
    ai = sorted((out[c] for c in CATEGORIES), reverse=True)
    out[OVERALL] = ai[0] + cfg.breadth * sum(ai[1:])
    return {k: round(v, 4) for k, v in out.items()}
