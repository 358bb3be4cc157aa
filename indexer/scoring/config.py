"""``config/scoring.toml``: how much each kind of evidence counts, as frozen pydantic models.

A bad key is a ``ConfigError`` naming the file and the key; ``load_scoring`` validates a file
once per path.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talent.settings import config_dir, load_toml
from talent.taxonomy import CATEGORIES, validate_config
from talent.vocab import SENIORITIES, Role, Track

SCORING_FILE = "scoring.toml"
BANDS: tuple[str, ...] = SENIORITIES  # lowest first
# Bumped whenever the scoring code or the payload it feeds changes meaning, so that the next
# `talent index` re-scores everyone (changes to the config files are noticed by themselves).
SCORING_REVISION = 2


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
    roles: dict[Role, float] = Field(
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
    affinity: dict[str, dict[Track, float]] = Field(
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


class StrengthConfig(_Frozen):
    """Evidence strength per area, for ranking: how much work, how sustained, how recent.

    Unlike the 0..1 category scores it does not saturate: a contribution is worth
    ``log2(1 + commits)``, so 200 commits stay well ahead of 5, times its recency (full within
    ``recent_days``, halving every ``half_life_years`` after), how sustained it was (first to
    last commit against ``sustained_days``) and the role. Other evidence (own repositories,
    Hub artifacts, organisations, bio words) counts its points times ``other``."""

    contribution: float = Field(1.0, ge=0)
    recent_days: int = Field(365, ge=1)
    half_life_years: float = Field(1.0, gt=0)
    floor: float = Field(0.15, ge=0, le=1)
    unknown_recency: float = Field(0.7, ge=0, le=1)
    sustained_days: int = Field(180, ge=1)
    span_base: float = Field(0.6, ge=0, le=1)
    span_unknown: float = Field(0.5, ge=0, le=1)
    roles: dict[Role, float] = Field(
        default_factory=lambda: {"owner": 1.3, "member": 1.3, "contributor": 1.0}
    )
    other: float = Field(1.0, ge=0)
    item_decay: float = Field(0.8, gt=0, le=1)
    weak_cap: float = Field(0.3, ge=0)
    breadth: float = Field(0.2, ge=0, le=1)


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
    strength: StrengthConfig = StrengthConfig()


def load_scoring(path: Path | None = None) -> Scoring:
    """``scoring.toml`` from ``path`` or the config folder; a bad key is a ConfigError."""
    return _load_scoring((path or config_dir() / SCORING_FILE).resolve())


@lru_cache(maxsize=8)
def _load_scoring(path: Path) -> Scoring:
    return validate_config(Scoring, load_toml(path, cached=True), path)
