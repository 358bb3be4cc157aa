"""What a repository's own metadata shows: ownership, popularity and taxonomy matches.

Matches are cached per (repository, taxonomy) and shared by evidence, anti-signals and
production, which all ask the same questions of the same repositories.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from talent.indexer.facts import RepoFact
from talent.indexer.scoring.config import ContributionConfig, OwnRepoConfig
from talent.indexer.scoring.curves import log_ratio
from talent.taxonomy import Taxonomy

MAX_TEXT = 4000  # characters of a bio or description worth matching (GitHub allows far fewer)


def is_own(repo: RepoFact) -> bool:
    return repo.role == "owner"


def commit_factor(commits: int, cfg: ContributionConfig) -> float:
    return log_ratio(commits, cfg.commits_ref, cfg.commits_cap)


def star_farmed(repo: RepoFact, taxonomy: Taxonomy) -> bool:
    return taxonomy.is_star_farmed(repo.stars, repo.forks, repo.contributors, repo.commits)


def popularity(repo: RepoFact, taxonomy: Taxonomy, cfg: OwnRepoConfig) -> float:
    """Stars and forks received, log-scaled. Bought stars count for nothing, and stars on a
    repository without a dependency manifest (lists, prompt collections) count little."""
    if star_farmed(repo, taxonomy):
        return 0.0
    received = repo.stars + cfg.fork_weight * repo.forks
    value = log_ratio(received, cfg.stars_ref, cfg.popularity_cap, cfg.stars_knee)
    return value if repo.dependencies else value * cfg.no_manifest


def repo_words(repo: RepoFact) -> str:
    name = repo.full_name.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    return f"{name}. {(repo.description or '')[:MAX_TEXT]}"


def _dependency_matches(repo: RepoFact, taxonomy: Taxonomy) -> dict[str, dict[str, float]]:
    """category -> {dependency name: strength} for an own repository."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for ecosystem, name in repo.dependencies:
        try:
            found = taxonomy.categories_for_dependency(ecosystem, name)
        except ValueError:  # an ecosystem the taxonomy does not know
            continue
        for category, strength in found.items():
            out[category][name] = max(strength, out[category].get(name, 0.0))
    return out


def _topic_matches(repo: RepoFact, taxonomy: Taxonomy) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for topic in repo.topics:
        for category, strength in taxonomy.categories_for_topics([topic]).items():
            out[category][topic] = strength
    return out


@lru_cache(maxsize=4096)
def _keyword_strengths(keyword: str, taxonomy: Taxonomy) -> dict[str, float]:
    return taxonomy.categories_for_keywords(keyword)


def keyword_matches(text: str, taxonomy: Taxonomy) -> dict[str, dict[str, float]]:
    """category -> {keyword: strength}: one pass over the text, then each keyword's own
    strength (so "llm" stays weak next to a strong "vllm")."""
    out: dict[str, dict[str, float]] = {}
    for category, words in taxonomy.keyword_hits(text).items():
        found = {kw: _keyword_strengths(kw, taxonomy).get(category, 0.0) for kw in words}
        found = {kw: strength for kw, strength in found.items() if strength > 0}
        if found:
            out[category] = found
    return out


@dataclass(frozen=True, slots=True)
class RepoMatches:
    """What a repository's own metadata shows: per source, category -> {item: strength}.

    Cached and shared between callers: read it, never change it.
    """

    dependency: dict[str, dict[str, float]]
    topic: dict[str, dict[str, float]]
    keyword: dict[str, dict[str, float]]
    categories: dict[str, float]  # strongest match per category over the three sources
    tutorial: bool


@lru_cache(maxsize=4096)
def repo_matches(repo: RepoFact, taxonomy: Taxonomy) -> RepoMatches:
    """Dependencies, topics and words of a repository matched against the taxonomy."""
    sources = (
        dict(_dependency_matches(repo, taxonomy)),
        dict(_topic_matches(repo, taxonomy)),
        keyword_matches(repo_words(repo), taxonomy),
    )
    strongest: dict[str, float] = {}
    for found in sources:
        for category, items in found.items():
            strongest[category] = max(strongest.get(category, 0.0), *items.values())
    tutorial = taxonomy.is_tutorial_repo(repo.full_name, (repo.description or "")[:MAX_TEXT])
    return RepoMatches(*sources, categories=strongest, tutorial=tutorial)


def repo_categories(repo: RepoFact, taxonomy: Taxonomy) -> dict[str, float]:
    """Strongest match per category of a repository, from all three sources."""
    return repo_matches(repo, taxonomy).categories


@lru_cache(maxsize=8)
def org_categories(taxonomy: Taxonomy) -> dict[str, dict[str, float]]:
    """GitHub organisation (lower case) -> categories of the listed repositories it owns."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for name in taxonomy.repositories():
        owner = name.split("/", 1)[0].lower()
        for category, strength in taxonomy.categories_for_repo(name).items():
            out[owner][category] = max(strength, out[owner].get(category, 0.0))
    return dict(out)
