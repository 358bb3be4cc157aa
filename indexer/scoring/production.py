"""Production (0..1): evidence of shipped, maintained, used AI work.

Evidence of shipped, maintained, used AI work, as a soft OR of components (any one
channel can carry it, more channels make it surer): sustained commits to listed projects
over months, maintainer roles, own AI repositories that are used (stars, forks), kept up
for months and still pushed, production-grade dependencies (evaluation, observability,
serving, caching/routing), Hub artifacts with downloads, and a little for own AI projects
of any kind (course work included); times the anti-signal penalty. Shipped work outside AI
is not production *AI* evidence and counts nothing here.
"""

from __future__ import annotations

import math
from datetime import datetime

from talent.indexer.facts import PersonFacts, RepoFact
from talent.indexer.scoring.config import ProductionConfig, Scoring
from talent.indexer.scoring.curves import (
    decayed_sum,
    log_ratio,
    recency,
    saturate,
    years_between,
)
from talent.indexer.scoring.repos import (
    commit_factor,
    is_own,
    popularity,
    repo_categories,
    repo_matches,
    star_farmed,
)
from talent.indexer.scoring.wording import few
from talent.taxonomy import CATEGORIES, Taxonomy

REASON_MIN = 0.05  # production components below this are not worth a reason
NAME_MIN = 0.2  # items worth less than this are not named in a production reason


def _span_factor(repo: RepoFact, cfg: ProductionConfig) -> float:
    """How sustained a contribution is: its first-to-last commit span against a year."""
    start, end = repo.first_commit_at, repo.last_commit_at
    if start is None or end is None:
        return cfg.span_unknown
    return max(cfg.span_floor, min(1.0, (end - start).days / cfg.sustained_days))


def sustained_component(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[float, list[str]]:
    """Commits over months to listed AI projects."""
    cfg, points, names = scoring.production, 0.0, []
    for repo in facts.repos:
        found = taxonomy.categories_for_repo(repo.full_name)
        if not found or repo.commits <= 0:
            continue
        value = (
            max(found.values())
            * commit_factor(repo.commits, scoring.contribution)
            * _span_factor(repo, cfg)
            * recency(repo.last_commit_at, now, scoring.recency)
        )
        points += value
        if value >= NAME_MIN:
            names.append(f"{repo.commits} commits to {repo.full_name}")
    return saturate(points, cfg.sustained_saturation), names


def maintainer_component(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[float, list[str]]:
    """A member/owner role with real commits on a listed project, fading with age."""
    cfg, best, names = scoring.production, 0.0, []
    for repo in facts.repos:
        listed = taxonomy.categories_for_repo(repo.full_name)
        if (
            listed
            and repo.role in ("member", "owner")
            and repo.commits >= cfg.maintainer_min_commits
        ):
            when = repo.last_commit_at or repo.pushed_at
            best = max(best, recency(when, now, scoring.recency))
            names.append(f"maintainer of {repo.full_name}")
    return best, names


def is_ai_repo(repo: RepoFact, taxonomy: Taxonomy, weak_below: float) -> bool:
    """A repository with a strong match: a weak one (openai, redis, "caching") is not AI work."""
    return max(repo_categories(repo, taxonomy).values(), default=0.0) >= weak_below


def _own_ai_repo(repo: RepoFact, taxonomy: Taxonomy, scoring: Scoring) -> bool:
    """An own, non-fork, non-tutorial, non-farmed repository with a strong AI match."""
    return (
        is_own(repo)
        and not repo.is_fork
        and not star_farmed(repo, taxonomy)
        and not repo_matches(repo, taxonomy).tutorial
        and is_ai_repo(repo, taxonomy, scoring.categories.weak_below)
    )


def upkeep(repo: RepoFact, cfg: ProductionConfig) -> float:
    """How long a repository has been kept up: created-to-last-push against ``upkeep_days``."""
    if repo.created_at is None or repo.pushed_at is None:
        return cfg.upkeep_floor
    days = (repo.pushed_at - repo.created_at).total_seconds() / 86_400
    return max(cfg.upkeep_floor, min(1.0, days / cfg.upkeep_days))


def used_component(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[float, list[str]]:
    """Own AI repositories that are shipped: used (stars, forks), kept up for months, still
    pushed. Mostly the best one counts (``item_decay`` for the others)."""
    cfg, values, names = scoring.production, [], []
    for repo in facts.repos:
        if not _own_ai_repo(repo, taxonomy, scoring):
            continue
        strength = max(repo_categories(repo, taxonomy).values())
        users = cfg.used_base + popularity(repo, taxonomy, scoring.own_repo)
        fresh = recency(repo.pushed_at, now, scoring.recency)
        values.append(strength * users * upkeep(repo, cfg) * fresh)
        if repo.stars or repo.forks:
            names.append(f"{repo.full_name} ({repo.stars}★, {repo.forks} forks)")
    points = decayed_sum(values, scoring.categories.item_decay)
    return saturate(points, cfg.used_saturation), names


def dependencies_component(
    facts: PersonFacts, taxonomy: Taxonomy, scoring: Scoring
) -> tuple[float, list[str]]:
    """Production-grade libraries (evals, observability, serving, caching) in own AI repos."""
    cfg = scoring.production
    best: dict[str, tuple[float, str]] = {}
    for repo in facts.repos:
        if not _own_ai_repo(repo, taxonomy, scoring):
            continue
        # a used, long-maintained repository shows its libraries in production, not a template
        rest = (1.0 - cfg.maturity_base) / 2
        maturity = cfg.maturity_base
        maturity += rest * min(1.0, popularity(repo, taxonomy, scoring.own_repo))
        maturity += rest * min(1.0, years_between(repo.created_at, repo.pushed_at))
        for category, items in repo_matches(repo, taxonomy).dependency.items():
            if category not in cfg.dependency_categories:
                continue
            name = max(sorted(items), key=lambda n: items[n])
            value = items[name] * maturity
            if value > best.get(category, (0.0, ""))[0]:
                best[category] = (value, name)
    names = [f"{c} ({best[c][1]})" for c in CATEGORIES if c in best]
    return saturate(sum(v for v, _ in best.values()), cfg.deps_saturation), names


def artifacts_component(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[float, list[str]]:
    """Hub artifacts other people download."""
    cfg, points, names = scoring.production, 0.0, []
    for artifact in facts.artifacts:
        used = artifact.downloads + scoring.hf.like_weight * artifact.likes
        used_share = log_ratio(
            used, cfg.artifacts_downloads_ref, cfg.artifacts_cap, cfg.artifacts_downloads_knee
        )
        value = used_share * recency(
            artifact.last_modified or artifact.created_at, now, scoring.recency
        )
        points += value
        if value >= NAME_MIN:
            names.append(f"{artifact.hf_id} ({artifact.downloads:,} downloads)")
    return saturate(points, cfg.artifacts_saturation), names


def toy_component(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[float, list[str]]:
    """Own AI repositories of any kind, course work included: a first step, not shipping."""
    cfg, points, names = scoring.production, 0.0, []
    for repo in facts.repos:
        if not is_own(repo) or repo.is_fork or star_farmed(repo, taxonomy):
            continue
        strength = max(repo_categories(repo, taxonomy).values(), default=0.0)
        if strength < scoring.categories.weak_below:
            continue
        points += strength * recency(repo.pushed_at, now, scoring.recency)
        names.append(repo.full_name)
    return saturate(points, cfg.toy_saturation), names


def production_score(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring, multiplier: float
) -> tuple[float, tuple[str, ...]]:
    """Soft OR of the components, ``1 - prod(1 - weight * value)``, times the anti-signals.

    People show production through different channels (commits upstream, a used service, Hub
    downloads): any one channel alone can carry the score up to its weight, and every further
    channel makes it surer.
    """
    parts = {
        "sustained": (sustained_component(facts, taxonomy, now, scoring), "sustained commits"),
        "maintainer": (maintainer_component(facts, taxonomy, now, scoring), "maintainer"),
        "used": (used_component(facts, taxonomy, now, scoring), "own AI repositories in use"),
        "dependencies": (
            dependencies_component(facts, taxonomy, scoring),
            "production dependencies",
        ),
        "artifacts": (artifacts_component(facts, taxonomy, now, scoring), "Hub artifacts used"),
        "toy": (toy_component(facts, taxonomy, now, scoring), "own AI projects"),
    }
    weights = scoring.production.weights.model_dump()
    total = 1.0 - math.prod(1.0 - weights[k] * value for k, ((value, _), _) in parts.items())
    ranked = sorted(parts.items(), key=lambda kv: (-weights[kv[0]] * kv[1][0][0], kv[0]))
    reasons = [
        f"{label} {value:.2f}{': ' + few(names) if names else ''}"
        for _, ((value, names), label) in ranked
        if value >= REASON_MIN
    ]
    if multiplier < 1.0:
        reasons.append(f"anti-signals x{multiplier:.2f}")
    return total * multiplier, tuple(reasons)
