"""Production signals: per-category scores, evidence, anti-signals, production, track, seniority.

Everything here is a pure function of a person's facts, the taxonomy (``signals.toml``: what
counts) and the scoring weights (``scoring.toml``: how much), plus ``now``. Same input, same
profile: no clock, no randomness, no database.

Category scores
    Each piece of evidence is worth *points*: a contribution to a listed repository (commits
    log-scaled, owner/member roles worth more than drive-by commits, fading with age), an own
    non-fork repository that depends on, is tagged with or describes a category's tools
    (scaled by its stars and forks, log-scaled; stars count little without a dependency
    manifest, and course work or tutorial clones count a fifth), a Hub artifact (downloads and
    likes, log-scaled), an organisation membership, and words in the bio (cheap, so worth
    little). Within a category the k-th strongest item counts ``item_decay^k``, items the
    taxonomy calls weak (``openai``, ``langchain``: everyone has them) add at most
    ``weak_cap`` points together, and the score is ``1 - exp(-points / saturation)``: one
    huge repository raises a category quickly but never alone to 1, and no pile of weak items
    makes a strong score.

Anti-signals (weights in ``signals.toml``)
    Bots, forks-only profiles, a profile whose AI work is mostly tutorials or clones, long
    inactivity, star farming (signals.toml's rule, or many stars on AI repositories without
    code on a profile with no real work), and buzzword bios with no evidence. People who
    commit upstream are spared the forks, tutorial and hollow-star rules. Scores and
    production are multiplied by the product of ``(1 - weight)`` of those that fire: they
    already include the penalty, so rankers must not apply it again.

Production (0..1)
    Evidence of shipped, maintained, used AI work, as a soft OR of components (any one
    channel can carry it, more channels make it surer): sustained commits to listed projects
    over months, maintainer roles, own AI repositories that are used (stars, forks), kept up
    for months and still pushed, production-grade dependencies (evaluation, observability,
    serving, caching/routing), Hub artifacts with downloads, and a little for own AI projects
    of any kind (course work included); times the anti-signal penalty. Shipped work outside AI
    is not production *AI* evidence and counts nothing here.

Track
    Per track, the sum of category score x category weight x the category's share of the
    track (``tracks`` in signals.toml, weighed by ``track.affinity``), from strong evidence
    only and with course work counted in full (it shows a direction, not a skill). None when
    no category reaches ``track.min_score``, or ``track.code_min_score`` when the evidence
    includes code (contributions, dependencies, Hub artifacts) rather than only words.

Seniority (a heuristic with wide error bars)
    General years are the span of public activity (first to last: own repositories, forks,
    commits, Hub uploads), blended a little with the account's age up to its last activity.
    AI years run from the first strong AI evidence to the last activity. For people with an
    AI track the article's bands need both (junior 0-1 AI + 1-2 general, mid 1-2 + 3-5,
    senior 2+ + 5-8, lead 3+ + 8+), so the band is the lower of the two; others get the band
    of their general years. A maintainer role or breadth across categories lifts a person
    within a whisker of the next band by one. Public activity under-reports people whose work
    is private, and account age over-reports people who signed up young, so the confidence is
    modest by design: it grows with the distance from a band boundary and the number of active
    years, and drops when the band was lifted or rests on general years alone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talent.indexer.facts import ArtifactFact, OrgFact, PersonFacts, RepoFact
from talent.settings import config_dir, load_toml
from talent.taxonomy import CATEGORIES, TRACKS, Signals, Taxonomy, validate_config

SCORING_FILE = "scoring.toml"
BANDS: tuple[str, ...] = ("junior", "mid", "senior", "lead")
DAYS_PER_YEAR = 365.25
ROLE_LABEL = {"owner": "owner", "member": "maintainer", "contributor": ""}
ARTIFACT_WORD = {"model": "model", "dataset": "dataset", "space": "Space"}
REASON_MIN = 0.05  # production components below this are not worth a reason
NAME_MIN = 0.2  # items worth less than this are not named in a production reason
MAX_TEXT = 4000  # characters of a bio or description worth matching (GitHub allows far fewer)


# Configuration: scoring.toml --------------------------------------------------------------
class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CategoryConfig(_Frozen):
    saturation: float = Field(2.0, gt=0)
    item_decay: float = Field(0.7, gt=0, le=1)
    weak_below: float = Field(0.5, ge=0, le=1)
    weak_cap: float = Field(0.3, ge=0)


class RecencyConfig(_Frozen):
    half_life_years: float = Field(2.0, gt=0)
    floor: float = Field(0.15, ge=0, le=1)
    unknown: float = Field(0.5, ge=0, le=1)


class ContributionConfig(_Frozen):
    weight: float = Field(2.0, ge=0)
    commits_ref: int = Field(50, ge=1)
    commits_cap: float = Field(1.5, gt=0)
    topic_match: float = Field(0.5, ge=0, le=1)
    roles: dict[Literal["owner", "member", "contributor"], float] = Field(
        default_factory=lambda: {"owner": 1.5, "member": 1.5, "contributor": 1.0}
    )


class OwnRepoConfig(_Frozen):
    dependency: float = Field(1.0, ge=0)
    topic: float = Field(0.6, ge=0)
    keyword: float = Field(0.4, ge=0)
    extra_source: float = Field(0.25, ge=0, le=1)
    base: float = Field(0.5, ge=0)
    stars_ref: int = Field(100, ge=1)
    stars_knee: float = Field(10.0, gt=0)
    fork_weight: float = Field(2.0, ge=0)
    popularity_cap: float = Field(1.5, gt=0)
    no_manifest: float = Field(0.25, ge=0, le=1)
    tutorial: float = Field(0.2, ge=0, le=1)
    archived: float = Field(0.7, ge=0, le=1)


class HfConfig(_Frozen):
    weight: float = Field(1.5, ge=0)
    base: float = Field(0.25, ge=0)
    downloads_ref: int = Field(2000, ge=1)
    downloads_knee: float = Field(100.0, gt=0)
    like_weight: float = Field(10.0, ge=0)
    usage_cap: float = Field(1.5, gt=0)
    kinds: dict[Literal["model", "dataset", "space"], float] = Field(
        default_factory=lambda: {"model": 1.0, "dataset": 0.8, "space": 0.6}
    )


class WeightConfig(_Frozen):
    weight: float = Field(ge=0)


class OrgConfig(WeightConfig):
    focus: int = Field(2, ge=1)


class AntiConfig(_Frozen):
    forks_only_max_commits: int = Field(5, ge=0)
    tutorial_min_share: float = Field(0.5, ge=0, le=1)
    tutorial_min_repos: int = Field(1, ge=1)
    buzzword_max_score: float = Field(0.3, ge=0, le=1)


class ProductionWeights(_Frozen):
    """The most each component alone can give production (components are 0..1)."""

    sustained: float = Field(0.4, ge=0, le=1)
    maintainer: float = Field(0.25, ge=0, le=1)
    used: float = Field(0.75, ge=0, le=1)
    dependencies: float = Field(0.3, ge=0, le=1)
    artifacts: float = Field(0.75, ge=0, le=1)
    toy: float = Field(0.15, ge=0, le=1)


class ProductionConfig(_Frozen):
    sustained_saturation: float = Field(1.5, gt=0)
    sustained_days: int = Field(365, ge=1)
    maintainer_min_commits: int = Field(20, ge=1)
    used_saturation: float = Field(1.0, gt=0)
    used_base: float = Field(0.1, ge=0)
    deps_saturation: float = Field(1.5, gt=0)
    dependency_categories: tuple[str, ...] = ("evaluation", "mlops", "inference", "cost_latency")
    span_unknown: float = Field(0.25, ge=0, le=1)
    span_floor: float = Field(0.1, ge=0, le=1)
    upkeep_days: int = Field(300, ge=1)
    upkeep_floor: float = Field(0.2, ge=0, le=1)
    maturity_base: float = Field(0.4, ge=0, le=1)
    artifacts_saturation: float = Field(1.0, gt=0)
    artifacts_downloads_ref: int = Field(5000, ge=1)
    artifacts_downloads_knee: float = Field(100.0, gt=0)
    artifacts_cap: float = Field(1.5, gt=0)
    toy_saturation: float = Field(1.0, gt=0)
    weights: ProductionWeights = ProductionWeights()

    @model_validator(mode="after")
    def _known_categories(self) -> ProductionConfig:
        unknown = sorted(set(self.dependency_categories) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"dependency_categories: unknown categories {unknown}")
        return self


class TrackConfig(_Frozen):
    min_score: float = Field(0.2, ge=0, le=1)
    code_min_score: float = Field(0.1, ge=0, le=1)
    code_kinds: tuple[str, ...] = ("contribution", "dependency", "hf_artifact")
    # category -> {track: share}; a category not named here splits evenly over its tracks
    affinity: dict[str, dict[Literal["rag", "agentic", "platform"], float]] = Field(
        default_factory=lambda: {
            "evaluation": {"rag": 0.5, "agentic": 0.25, "platform": 0.25},
            "vector_db": {"rag": 0.7, "platform": 0.3},
            "mlops": {"platform": 0.5},
            "cost_latency": {"rag": 0.25, "agentic": 0.25, "platform": 0.5},
        }
    )

    @model_validator(mode="after")
    def _known_categories(self) -> TrackConfig:
        unknown = sorted(set(self.affinity) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"affinity: unknown categories {unknown}")
        if any(share < 0 for shares in self.affinity.values() for share in shares.values()):
            raise ValueError("affinity: shares must not be negative")
        return self


class BandYears(_Frozen):
    junior: float = Field(0.0, ge=0)
    mid: float = Field(ge=0)
    senior: float = Field(ge=0)
    lead: float = Field(ge=0)

    @model_validator(mode="after")
    def _ascending(self) -> BandYears:
        if not self.junior <= self.mid <= self.senior <= self.lead:
            raise ValueError("band years must not decrease from junior to lead")
        return self

    def of(self, band: int) -> float:
        return float(getattr(self, BANDS[band]))


class SeniorityConfig(_Frozen):
    ai_years: BandYears = BandYears(junior=0, mid=1, senior=2, lead=3)
    general_years: BandYears = BandYears(junior=0, mid=3, senior=5, lead=8)
    account_weight: float = Field(0.1, ge=0, le=1)
    sustained_commits: int = Field(20, ge=1)
    lift_margin: float = Field(0.95, ge=0, le=1)
    lift_breadth: int = Field(4, ge=1)
    breadth_min_score: float = Field(0.3, ge=0, le=1)
    ai_min_score: float = Field(0.0, ge=0)
    confidence_base: float = Field(0.35, ge=0, le=1)
    confidence_margin: float = Field(0.3, ge=0, le=1)
    confidence_data: float = Field(0.25, ge=0, le=1)
    active_years_full: int = Field(4, ge=1)
    confidence_lift: float = Field(0.15, ge=0, le=1)
    confidence_no_ai: float = Field(0.1, ge=0, le=1)


class Scoring(_Frozen):
    """``config/scoring.toml``: how much each kind of evidence counts."""

    version: Literal[1] = 1
    categories: CategoryConfig = CategoryConfig()
    recency: RecencyConfig = RecencyConfig()
    contribution: ContributionConfig = ContributionConfig()
    own_repo: OwnRepoConfig = OwnRepoConfig()
    hf: HfConfig = HfConfig()
    orgs: OrgConfig = OrgConfig(weight=0.6)
    profile: WeightConfig = WeightConfig(weight=0.3)
    anti: AntiConfig = AntiConfig()
    production: ProductionConfig = ProductionConfig()
    track: TrackConfig = TrackConfig()
    seniority: SeniorityConfig = SeniorityConfig()


def load_scoring(path: Path | None = None) -> Scoring:
    """``scoring.toml`` from ``path`` or the config folder; a bad key is a ConfigError."""
    return _load_scoring((path or config_dir() / SCORING_FILE).resolve())


@lru_cache(maxsize=8)
def _load_scoring(path: Path) -> Scoring:
    return validate_config(Scoring, load_toml(path), path)


# Output records ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Evidence:
    """One clickable reason behind a category score; ``weight`` is its points."""

    category: str
    kind: str  # contribution | dependency | topic | keyword | hf_artifact | org | bio
    url: str | None
    text: str
    occurred_at: datetime | None
    weight: float
    strength: float = 1.0  # the taxonomy's strength of the match (weak items are capped)
    since: datetime | None = None  # when this work began, for the AI clock
    learning: bool = False  # course work or a tutorial clone: little skill, but a direction


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """Everything the indexer derives about one person; scores already include anti-signals."""

    person_id: int
    scores: dict[str, float]
    evidence: tuple[Evidence, ...]
    anti_signals: dict[str, float]
    anti_signal_reasons: dict[str, str]
    production: float
    production_reasons: tuple[str, ...]
    track: str | None
    track_scores: dict[str, float]
    track_reasons: tuple[str, ...]
    seniority: str
    seniority_confidence: float
    seniority_reasons: tuple[str, ...]
    last_active: datetime | None
    ai_start: datetime | None


# Small numeric helpers ---------------------------------------------------------------------
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


def _month(when: datetime | None) -> str:
    return when.strftime("%Y-%m") if when else "unknown"


def _few(items: Iterable[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    more = f" +{len(unique) - limit}" if len(unique) > limit else ""
    return ", ".join(unique[:limit]) + more


# Repository helpers -------------------------------------------------------------------------
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


def _repo_words(repo: RepoFact) -> str:
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


def _keyword_matches(text: str, taxonomy: Taxonomy) -> dict[str, dict[str, float]]:
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
        _keyword_matches(_repo_words(repo), taxonomy),
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


# Evidence, one source at a time ----------------------------------------------------------
def contribution_evidence(
    repo: RepoFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """Commits to a listed repository, or to another one whose topics name a category."""
    cfg = scoring.contribution
    found = taxonomy.categories_for_repo(repo.full_name)
    note = ""
    if not found and not is_own(repo) and not repo.is_fork:
        topics = taxonomy.categories_for_topics(repo.topics)
        found = {c: s * cfg.topic_match for c, s in topics.items()}
        note = f" (topics {_few(repo.topics)})" if found else ""
    if not found:
        return []
    commits = max(repo.commits, 1) if is_own(repo) else repo.commits
    if commits <= 0:
        return []
    when = repo.last_commit_at or (repo.pushed_at if is_own(repo) else None)
    factor = (
        cfg.weight
        * commit_factor(commits, cfg)
        * cfg.roles.get(repo.role, 1.0)  # type: ignore[call-overload]
        * recency(when, now, scoring.recency)
    )
    label = ROLE_LABEL.get(repo.role, "")
    text = (
        f"{repo.commits} commits to {repo.full_name}{f' ({label})' if label else ''}{note}, "
        f"last {_month(when)}"
        if repo.commits
        else f"{label} of {repo.full_name}{note}"
    )
    since = repo.first_commit_at or repo.created_at or when
    return [
        Evidence(category, "contribution", repo.commits_url, text, when, factor * s, s, since)
        for category, s in found.items()
    ]


def own_repo_evidence(
    repo: RepoFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """An own non-fork repository: its dependencies, topics and words, scaled by its users."""
    if not is_own(repo) or repo.is_fork or taxonomy.categories_for_repo(repo.full_name):
        return []
    cfg = scoring.own_repo
    matches = repo_matches(repo, taxonomy)
    sources = {
        "dependency": (cfg.dependency, matches.dependency),
        "topic": (cfg.topic, matches.topic),
        "keyword": (cfg.keyword, matches.keyword),
    }
    tutorial = matches.tutorial
    factor = (cfg.base + popularity(repo, taxonomy, cfg)) * recency(
        repo.pushed_at, now, scoring.recency
    )
    factor *= (cfg.tutorial if tutorial else 1.0) * (cfg.archived if repo.archived else 1.0)
    out = []
    for category in CATEGORIES:
        parts = {
            kind: (weight * max(found[category].values()), found[category])
            for kind, (weight, found) in sources.items()
            if found.get(category)
        }
        if not parts:
            continue
        kind = max(parts, key=lambda k: (parts[k][0], -list(sources).index(k)))
        values = [points for points, _ in parts.values()]
        points = max(values) + cfg.extra_source * (sum(values) - max(values))
        strength = max(max(items.values()) for _, items in parts.values())
        text = _own_repo_text(repo, {k: items for k, (_, items) in parts.items()}, tutorial)
        out.append(
            Evidence(
                category,
                kind,
                repo.html_url,
                text,
                repo.pushed_at,
                points * factor,
                strength,
                repo.created_at,
                tutorial,
            )
        )
    return out


def _own_repo_text(repo: RepoFact, parts: dict[str, dict[str, float]], tutorial: bool) -> str:
    users = [f"{repo.stars}★"] if repo.stars else []
    users += [f"{repo.forks} forks"] if repo.forks else []
    head = f"{repo.full_name} ({', '.join(users)})" if users else repo.full_name
    said = {"dependency": "depends on", "topic": "topics", "keyword": "mentions"}
    body = "; ".join(f"{said[kind]} {_few(items)}" for kind, items in parts.items())
    return f"{head}: {body}{' [tutorial/clone]' if tutorial else ''}"


def artifact_evidence(
    artifact: ArtifactFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """A Hub model, dataset or space: tags, library and pipeline, scaled by its use."""
    cfg = scoring.hf
    found = taxonomy.categories_for_hf(artifact.tags, artifact.library_name, artifact.pipeline_tag)
    if not found:
        return []
    used = artifact.downloads + cfg.like_weight * artifact.likes
    usage = log_ratio(used, cfg.downloads_ref, cfg.usage_cap, cfg.downloads_knee)
    when = artifact.last_modified or artifact.created_at
    factor = (
        cfg.weight
        * cfg.kinds.get(artifact.kind, 0.5)  # type: ignore[call-overload]
        * (cfg.base + usage)
        * recency(when, now, scoring.recency)
    )
    details = [d for d in (artifact.pipeline_tag, artifact.library_name) if d]
    text = (
        f"{ARTIFACT_WORD.get(artifact.kind, artifact.kind)} {artifact.hf_id} "
        f"({artifact.downloads:,} downloads, {artifact.likes} likes"
        f"{'; ' + ', '.join(details) if details else ''})"
    )
    since = artifact.created_at or when
    return [
        Evidence(c, "hf_artifact", artifact.url, text, when, factor * s, s, since)
        for c, s in found.items()
    ]


def org_evidence(org: OrgFact, taxonomy: Taxonomy, scoring: Scoring) -> list[Evidence]:
    """Membership of an organisation that owns listed repositories or describes AI work.

    An organisation spanning many categories (huggingface, microsoft) says little about any
    one of them: its strengths are shared out over more than ``orgs.focus`` categories.
    """
    owned = org_categories(taxonomy).get(org.login.lower(), {}) if org.platform == "github" else {}
    share = min(1.0, scoring.orgs.focus / len(owned)) if owned else 1.0
    found = {category: strength * share for category, strength in owned.items()}
    # a name anyone can join ("rag-builders") is a weak hint; owning listed repositories is not
    about = f"{org.login} {org.name or ''} {(org.description or '')[:MAX_TEXT]}"
    weak = taxonomy.signals.strength.weak
    for category, strength in taxonomy.categories_for_keywords(about).items():
        found[category] = max(found.get(category, 0.0), min(strength, weak))
    where = "GitHub" if org.platform == "github" else "Hugging Face"
    text = f"{org.role} of {where} organisation {org.login}"
    return [
        Evidence(c, "org", org.url, text, None, scoring.orgs.weight * s, s)
        for c, s in found.items()
    ]


def profile_evidence(facts: PersonFacts, taxonomy: Taxonomy, scoring: Scoring) -> list[Evidence]:
    """Words in the bio and company: what people say about themselves, worth little."""
    text = f"{(facts.bio or '')[:MAX_TEXT]}\n{(facts.company or '')[:MAX_TEXT]}"
    url = facts.github_url or facts.hf_url
    return [
        Evidence(
            c,
            "bio",
            url,
            f"profile says {_few(items)}",
            None,
            scoring.profile.weight * max(items.values()),
            max(items.values()),
        )
        for c, items in _keyword_matches(text, taxonomy).items()
    ]


def collect_evidence(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[Evidence, ...]:
    """All evidence items, strongest first (ties by category, kind, url, text)."""
    items: list[Evidence] = []
    for repo in sorted(facts.repos, key=lambda r: r.full_name.lower()):
        items += contribution_evidence(repo, taxonomy, now, scoring)
        items += own_repo_evidence(repo, taxonomy, now, scoring)
    for artifact in sorted(facts.artifacts, key=lambda a: (a.kind, a.hf_id)):
        items += artifact_evidence(artifact, taxonomy, now, scoring)
    for org in sorted(facts.orgs, key=lambda o: (o.platform, o.login.lower())):
        items += org_evidence(org, taxonomy, scoring)
    items += profile_evidence(facts, taxonomy, scoring)
    items = [e for e in items if e.weight > 0]
    return tuple(sorted(items, key=lambda e: (-e.weight, e.category, e.kind, e.url or "", e.text)))


def category_points(items: Sequence[Evidence], cfg: CategoryConfig) -> float:
    """Decayed sum of the strong items plus the (capped) decayed sum of the weak ones."""
    strong = [e.weight for e in items if e.strength >= cfg.weak_below]
    weak = [e.weight for e in items if e.strength < cfg.weak_below]
    return decayed_sum(strong, cfg.item_decay) + min(
        cfg.weak_cap, decayed_sum(weak, cfg.item_decay)
    )


def category_scores(
    evidence: Iterable[Evidence], cfg: CategoryConfig, *, strong_only: bool = False
) -> dict[str, float]:
    """Saturated points per category; ``strong_only`` ignores the weak items (for the track)."""
    by_category: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if not strong_only or item.strength >= cfg.weak_below:
            by_category[item.category].append(item)
    return {
        c: saturate(category_points(by_category.get(c, []), cfg), cfg.saturation)
        for c in CATEGORIES
    }


def direction_scores(evidence: Iterable[Evidence], scoring: Scoring) -> dict[str, float]:
    """Category scores from strong evidence with course work undiscounted: what the person
    works towards, for the track (a junior's course project points somewhere, too)."""
    undo = 1.0 / scoring.own_repo.tutorial if scoring.own_repo.tutorial > 0 else 1.0
    items = (replace(e, weight=e.weight * undo) if e.learning else e for e in evidence)
    return category_scores(items, scoring.categories, strong_only=True)


# Activity ---------------------------------------------------------------------------------
def last_active(facts: PersonFacts) -> datetime | None:
    """Latest public activity: events, pushes to own repositories, commits, Hub updates."""
    moments = [facts.last_event_at]
    moments += [r.pushed_at for r in facts.repos if is_own(r)]
    moments += [r.last_commit_at for r in facts.repos]
    moments += [a.last_modified or a.created_at for a in facts.artifacts]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def activity_moments(facts: PersonFacts, sustained_commits: int) -> list[datetime]:
    """Dated public activity; a long contribution with many commits fills its years."""
    out: list[datetime] = []
    for repo in facts.repos:
        if is_own(repo):  # forking is public activity too
            out += [m for m in (repo.created_at, repo.pushed_at) if m]
        out += [m for m in (repo.first_commit_at, repo.last_commit_at) if m]
        if repo.commits >= sustained_commits and repo.first_commit_at and repo.last_commit_at:
            first, last = repo.first_commit_at, repo.last_commit_at
            out += [first.replace(year=y, month=1, day=1) for y in range(first.year + 1, last.year)]
    for artifact in facts.artifacts:
        out += [m for m in (artifact.created_at, artifact.last_modified) if m]
    if facts.last_event_at:
        out.append(facts.last_event_at)
    return out


def ai_start(evidence: Iterable[Evidence], min_points: float, weak_below: float) -> datetime | None:
    """When the first real AI work began: strong evidence worth at least ``min_points``."""
    starts = [
        e.since
        for e in evidence
        if e.since is not None and e.weight >= min_points and e.strength >= weak_below
    ]
    return min(starts) if starts else None


# Anti-signals -----------------------------------------------------------------------------
def bot_reason(facts: PersonFacts, taxonomy: Taxonomy) -> str | None:
    logins = [login for login in facts.github_logins if taxonomy.is_bot_login(login)]
    if facts.is_bot or facts.github_type == "Bot" or logins:
        return f"automation account{f' ({logins[0]})' if logins else ''}"
    return None


def forks_only_reason(facts: PersonFacts, taxonomy: Taxonomy, cfg: AntiConfig) -> str | None:
    """Mostly forks and no commits upstream: clicks on "Fork", not work."""
    own = [r for r in facts.repos if is_own(r)]
    sources = sum(1 for r in own if not r.is_fork)
    public = max(facts.public_repos, len(own))
    upstream = sum(r.commits for r in facts.repos if not is_own(r))
    if upstream < cfg.forks_only_max_commits and taxonomy.is_forks_only(public, sources):
        return f"{public - sources} of {public} public repositories are forks"
    return None


def tutorial_reason(facts: PersonFacts, taxonomy: Taxonomy, cfg: AntiConfig) -> str | None:
    """Most of the person's AI work is tutorials, courses or clones (forked or not); other
    forks are nobody's work and do not count either way. People who commit upstream are
    spared: their awesome-list is a side note."""
    if sum(r.commits for r in facts.repos if not is_own(r)) >= cfg.forks_only_max_commits:
        return None
    own = [r for r in facts.repos if is_own(r)]
    tutorials = [r.full_name for r in own if repo_matches(r, taxonomy).tutorial]
    ai = [r for r in own if not r.is_fork and repo_categories(r, taxonomy)]
    total = len({r.full_name for r in ai} | set(tutorials))
    if (
        len(tutorials) >= cfg.tutorial_min_repos
        and len(tutorials) >= cfg.tutorial_min_share * total
    ):
        shown = _few(tutorials, 2)
        return f"{len(tutorials)} of {total} AI repositories are tutorials or clones ({shown})"
    return None


def inactivity_reason(facts: PersonFacts, taxonomy: Taxonomy, now: datetime) -> str | None:
    latest = last_active(facts)
    days = (now - latest).total_seconds() / 86_400 if latest else None
    if taxonomy.is_inactive(days):
        return f"no public activity since {_month(latest)}" if latest else "no dated activity"
    return None


def hollow_stars(repo: RepoFact, taxonomy: Taxonomy) -> bool:
    """Many stars on an AI repository with no code manifest and (as far as we know) no
    commits: the shape of bought stars when forks were bought too."""
    rule = taxonomy.anti.star_farming
    return (
        repo.stars >= rule.min_stars
        and not repo.dependencies
        and repo.commits <= rule.max_commits
        and bool(repo_categories(repo, taxonomy))
    )


def star_farming_reason(facts: PersonFacts, taxonomy: Taxonomy, cfg: AntiConfig) -> str | None:
    """Bought stars (signals.toml's rule), or hollow ones on a profile with no real work."""
    own = [r for r in facts.repos if is_own(r) and not r.is_fork]
    farmed = [r.full_name for r in own if star_farmed(r, taxonomy)]
    upstream = sum(r.commits for r in facts.repos if not is_own(r))
    real = upstream >= cfg.forks_only_max_commits or any(
        r.dependencies and repo_categories(r, taxonomy) for r in own
    )
    if not real:
        farmed += [
            r.full_name for r in own if hollow_stars(r, taxonomy) and r.full_name not in farmed
        ]
    return f"stars without forks, commits or code on {_few(farmed, 2)}" if farmed else None


def buzzword_reason(
    facts: PersonFacts, taxonomy: Taxonomy, scores: dict[str, float], cfg: AntiConfig
) -> str | None:
    """Hype in the bio and no category with real evidence behind it."""
    phrases = taxonomy.buzzwords((facts.bio or "")[:MAX_TEXT])
    if phrases and max(scores.values(), default=0.0) < cfg.buzzword_max_score:
        return f"bio says {_few(phrases)} with no evidence behind it"
    return None


def anti_signals(
    facts: PersonFacts,
    taxonomy: Taxonomy,
    signals: Signals,
    now: datetime,
    scores: dict[str, float],
    scoring: Scoring,
) -> tuple[dict[str, float], dict[str, str]]:
    """Anti-signals that fire: name -> weight (signals.toml), and name -> reason."""
    anti = signals.anti_signals
    checks = {
        "bot": (anti.bot.weight, bot_reason(facts, taxonomy)),
        "forks_only": (anti.forks_only.weight, forks_only_reason(facts, taxonomy, scoring.anti)),
        "tutorial_clone": (
            anti.tutorial_clone.weight,
            tutorial_reason(facts, taxonomy, scoring.anti),
        ),
        "inactivity": (anti.inactivity.weight, inactivity_reason(facts, taxonomy, now)),
        "star_farming": (
            anti.star_farming.weight,
            star_farming_reason(facts, taxonomy, scoring.anti),
        ),
        "buzzword_bio": (
            anti.buzzword_bio.weight,
            buzzword_reason(facts, taxonomy, scores, scoring.anti),
        ),
    }
    fired = {name: (w, why) for name, (w, why) in checks.items() if why is not None}
    return {n: w for n, (w, _) in fired.items()}, {n: why for n, (_, why) in fired.items()}


def penalty(weights: dict[str, float]) -> float:
    """The multiplier anti-signals leave: product of (1 - weight)."""
    return math.prod(1.0 - min(max(w, 0.0), 1.0) for w in weights.values())


# Production -------------------------------------------------------------------------------
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
        f"{label} {value:.2f}{': ' + _few(names) if names else ''}"
        for _, ((value, names), label) in ranked
        if value >= REASON_MIN
    ]
    if multiplier < 1.0:
        reasons.append(f"anti-signals x{multiplier:.2f}")
    return total * multiplier, tuple(reasons)


# Track ------------------------------------------------------------------------------------
def track_shares(category: str, signals: Signals, cfg: TrackConfig) -> dict[str, float]:
    """How much a category points at each of its tracks (signals.toml names the tracks,
    scoring.toml may weigh them); an even split by default."""
    tracks = signals.categories[category].tracks
    given = cfg.affinity.get(category, {})
    shares = {t: float(given[t]) for t in tracks if t in given}  # type: ignore[index]
    return shares or {t: 1.0 / len(tracks) for t in tracks}


def track_scores(scores: dict[str, float], signals: Signals, cfg: TrackConfig) -> dict[str, float]:
    """Per track: category score x category weight x the category's share of the track."""
    out = dict.fromkeys(TRACKS, 0.0)
    for category, score in scores.items():
        weight = signals.categories[category].weight
        for track, share in track_shares(category, signals, cfg).items():
            out[track] += score * weight * share
    return out


def code_backed(evidence: Iterable[Evidence], cfg: TrackConfig, weak_below: float) -> bool:
    """Strong evidence from code (a contribution, a dependency, a Hub artifact), course work
    included: topics, descriptions, bios and organisation names are only words."""
    return any(e.kind in cfg.code_kinds and e.strength >= weak_below for e in evidence)


def estimate_track(
    scores: dict[str, float], code: bool, signals: Signals, cfg: TrackConfig
) -> tuple[str | None, dict[str, float], tuple[str, ...]]:
    """The track the strong evidence points at; None with too little of it. ``code`` lowers
    the bar to ``code_min_score``: a junior's course project says which way they are going."""
    per_track = track_scores(scores, signals, cfg)
    strongest = max(scores.values(), default=0.0)
    bar = cfg.code_min_score if code else cfg.min_score
    if strongest < bar:
        return None, per_track, (f"no category reaches {bar:.2f} (best {strongest:.2f})",)
    track = max(TRACKS, key=lambda t: (per_track[t], -TRACKS.index(t)))
    behind = sorted(
        (c for c in CATEGORIES if track in signals.categories[c].tracks and scores[c] > 0),
        key=lambda c: (-scores[c], c),
    )
    reasons = (
        f"{track} {per_track[track]:.2f} from {_few(f'{c} {scores[c]:.2f}' for c in behind)}",
        *(f"{t} {per_track[t]:.2f}" for t in TRACKS if t != track),
    )
    return track, per_track, reasons


# Seniority --------------------------------------------------------------------------------
def _band(value: float, years: BandYears) -> int:
    return max(b for b in range(len(BANDS)) if value >= years.of(b))


def _margin(value: float, band: int, years: BandYears) -> float:
    """Years from the nearest boundary of ``band`` that this value could cross."""
    down = value - years.of(band) if band > 0 else math.inf
    up = years.of(band + 1) - value if band + 1 < len(BANDS) else math.inf
    return max(0.0, min(down, up if up > 0 else math.inf))


def estimate_seniority(
    facts: PersonFacts,
    evidence: tuple[Evidence, ...],
    scores: dict[str, float],
    track: str | None,
    taxonomy: Taxonomy,
    now: datetime,
    scoring: Scoring,
) -> tuple[str, float, tuple[str, ...], datetime | None]:
    """Band, confidence, reasons and the start of AI work (see the module docstring)."""
    cfg = scoring.seniority
    latest = last_active(facts) or now
    moments = activity_moments(facts, cfg.sustained_commits)
    earliest = min(moments, default=None)
    # the account's age up to its last activity: a dormant decade is no experience
    account_years = years_between(facts.account_created_at, latest)
    span = years_between(earliest, latest)
    general = (
        cfg.account_weight * account_years + (1 - cfg.account_weight) * span
        if facts.account_created_at
        else span
    )
    started = ai_start(evidence, cfg.ai_min_score, scoring.categories.weak_below)
    ai_years = years_between(started, latest)
    active_years = len({m.year for m in moments})
    breadth = [c for c in CATEGORIES if scores[c] >= cfg.breadth_min_score]
    maintains = sorted(
        {
            r.full_name
            for r in facts.repos
            if r.role in ("member", "owner")
            and r.commits >= scoring.production.maintainer_min_commits
            and taxonomy.categories_for_repo(r.full_name)
        }
    )
    reasons = []
    if facts.account_created_at:
        reasons.append(f"GitHub account {account_years:.1f} years old")
    if moments:
        reasons.append(
            f"public activity in {active_years} distinct years "
            f"({min(m.year for m in moments)}-{max(m.year for m in moments)})"
        )
    reasons.append(f"about {general:.1f} years of general engineering (estimate)")
    gen_band = _band(general, cfg.general_years)
    if started is not None:
        reasons.append(f"AI work since {_month(started)} ({ai_years:.1f} years)")
    if track is None or started is None:  # not an AI engineer: an engineering band
        band, deciding = gen_band, [(general, cfg.general_years)]
        reasons.append("no AI track: band from general years alone")
    else:
        band = min(_band(ai_years, cfg.ai_years), gen_band)
        deciding = [(ai_years, cfg.ai_years), (general, cfg.general_years)]
    if breadth:
        reasons.append(f"evidence in {len(breadth)} categories ({_few(breadth, 4)})")
    if maintains:
        reasons.append(f"maintainer role: {_few(maintains, 2)}")
    lifted = False
    if (
        len(deciding) == 2
        and band + 1 < len(BANDS)
        and (maintains or len(breadth) >= cfg.lift_breadth)
    ):
        nxt = band + 1
        if all(v >= cfg.lift_margin * y.of(nxt) for v, y in deciding):
            band, lifted = nxt, True
            reasons.append(f"lifted to {BANDS[band]}: close to it, with maintainer role or breadth")
    margin = min(_margin(v, band, y) for v, y in deciding)
    confidence = (
        cfg.confidence_base
        + cfg.confidence_margin * min(1.0, margin)
        + cfg.confidence_data * min(1.0, active_years / cfg.active_years_full)
        - (cfg.confidence_lift if lifted else 0.0)
        - (cfg.confidence_no_ai if len(deciding) == 1 else 0.0)
    )
    return BANDS[band], round(min(0.95, max(0.05, confidence)), 3), tuple(reasons), started


# The whole profile ------------------------------------------------------------------------
def canonical(facts: PersonFacts) -> PersonFacts:
    """The same facts in a fixed order, so that the store's row order never shows."""
    return replace(
        facts,
        repos=tuple(
            sorted(
                facts.repos,
                key=lambda r: (r.full_name.lower(), r.full_name, r.login, r.role, r.commits),
            )
        ),
        artifacts=tuple(sorted(facts.artifacts, key=lambda a: (a.kind, a.hf_id, a.url))),
        orgs=tuple(sorted(facts.orgs, key=lambda o: (o.platform, o.login.lower(), o.login))),
    )


def score_person(
    facts: PersonFacts, taxonomy: Taxonomy, signals: Signals, now: datetime, scoring: Scoring
) -> PersonProfile:
    """Every score, estimate and reason for one person; pure and deterministic."""
    facts = canonical(facts)
    evidence = collect_evidence(facts, taxonomy, now, scoring)
    raw = category_scores(evidence, scoring.categories)
    anti, anti_reasons = anti_signals(facts, taxonomy, signals, now, raw, scoring)
    multiplier = penalty(anti)
    scores = {c: round(raw[c] * multiplier, 6) for c in CATEGORIES}
    # The track rests on strong evidence only: an OpenAI client says nothing about the track.
    direction = direction_scores(evidence, scoring)
    strong = {c: direction[c] * multiplier for c in CATEGORIES}
    production, production_reasons = production_score(facts, taxonomy, now, scoring, multiplier)
    code = code_backed(evidence, scoring.track, scoring.categories.weak_below)
    track, per_track, track_reasons = estimate_track(strong, code, signals, scoring.track)
    band, confidence, band_reasons, started = estimate_seniority(
        facts, evidence, scores, track, taxonomy, now, scoring
    )
    return PersonProfile(
        person_id=facts.person_id,
        scores=scores,
        evidence=evidence,
        anti_signals=anti,
        anti_signal_reasons=anti_reasons,
        production=round(production, 6),
        production_reasons=production_reasons,
        track=track,
        track_scores={t: round(v, 6) for t, v in per_track.items()},
        track_reasons=track_reasons,
        seniority=band,
        seniority_confidence=confidence,
        seniority_reasons=band_reasons,
        last_active=last_active(facts),
        ai_start=started,
    )


def score_people(
    facts: Iterable[PersonFacts], taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> Iterator[PersonProfile]:
    """``score_person`` over many people."""
    for person in facts:
        yield score_person(person, taxonomy, taxonomy.signals, now, scoring)
