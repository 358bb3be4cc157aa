"""The ranking formula, as pure functions over retrieved candidates (weights in config).

    score = w_retrieval * relevance + w_signals * preset . scores + w_production * production
            + w_track_match * [track asked and matched] - penalties

``relevance`` is the engine's fused (RRF) score divided by the best one in the candidate
set, so it is 1.0 for the top retrieved person and comparable across queries. Ties break on
production, then person id, so equal inputs always give the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talent.contracts import PersonPayload
from talent.errors import ConfigError

RANKING_FILE = "ranking.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Weights(_Frozen):
    retrieval: float = Field(1.0, ge=0)
    signals: float = Field(1.0, ge=0)
    production: float = Field(0.6, ge=0)
    track_match: float = Field(0.15, ge=0)
    asked_category: float = Field(
        0.0,
        ge=0,
        description="preset weight added per category the query names or --min-signal requires",
    )


class Penalties(_Frozen):
    bot: float = Field(1.0, ge=0)
    stale: float = Field(0.15, ge=0)
    stale_days: int = Field(540, ge=1)


class Candidates(_Frozen):
    pool: int = Field(200, ge=1, le=5000)
    min_pool: int = Field(50, ge=1)


class RankingConfig(_Frozen):
    version: int = 1
    weights: Weights = Weights()
    penalties: Penalties = Penalties()
    candidates: Candidates = Candidates()
    presets: dict[str, dict[str, float]]

    @model_validator(mode="after")
    def _known(self) -> RankingConfig:
        from talent.vocab import CATEGORIES, TRACKS

        missing = {"default", *TRACKS} - set(self.presets)
        if missing:
            raise ValueError(f"presets missing for {', '.join(sorted(missing))}")
        for name, preset in self.presets.items():
            unknown = set(preset) - set(CATEGORIES)
            if unknown:
                raise ValueError(f"preset {name!r} names unknown categories {sorted(unknown)}")
        return self


@lru_cache(maxsize=4)
def load_ranking(path: Path | None = None) -> RankingConfig:
    from pydantic import ValidationError

    from talent.settings import config_dir, load_toml

    source = path or config_dir() / RANKING_FILE
    try:
        return RankingConfig.model_validate(load_toml(source))
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"{source}: {where}", "fix the file and run again") from None


@dataclass(frozen=True)
class Candidate:
    person_id: int
    fused: float  # the engine's score (RRF for hybrid, cosine or BM25 otherwise)
    payload: PersonPayload


@dataclass(frozen=True)
class Ranked:
    person_id: int
    score: float
    breakdown: dict[str, float]
    payload: PersonPayload


def relevances(candidates: Sequence[Candidate]) -> list[float]:
    best = max((c.fused for c in candidates), default=0.0)
    return [c.fused / best if best > 0 else 0.0 for c in candidates]


def effective_preset(
    preset: Mapping[str, float], asked: Iterable[str], boost: float
) -> dict[str, float]:
    """The track's preset, with ``boost`` added to each category the sourcer asked about (in
    the query's words or with --min-signal), renormalised to sum to 1."""
    weights = dict(preset)
    for category in set(asked):
        weights[category] = weights.get(category, 0.0) + boost
    total = sum(weights.values())
    return {k: v / total for k, v in sorted(weights.items())} if total else weights


def signal_score(scores: Mapping[str, float], preset: Mapping[str, float]) -> float:
    return sum(weight * float(scores.get(category, 0.0)) for category, weight in preset.items())


def penalties(payload: PersonPayload, config: RankingConfig, now_ts: int) -> float:
    total = config.penalties.bot if payload.is_bot else 0.0
    last = payload.last_active
    stale_after = now_ts - config.penalties.stale_days * 86400
    if last is None or last < stale_after:
        total += config.penalties.stale
    return total


def rank(
    candidates: Sequence[Candidate],
    *,
    config: RankingConfig,
    track: str | None,
    now_ts: int,
    with_signals: bool = True,
    has_query: bool = True,
    asked: Iterable[str] = (),
) -> list[Ranked]:
    """Order candidates; ``with_signals=False`` is plain retrieval (the eval baselines)."""
    weights = config.weights
    preset = effective_preset(config.presets[track or "default"], asked, weights.asked_category)
    ranked = []
    for candidate, relevance in zip(candidates, relevances(candidates), strict=True):
        payload = candidate.payload
        relevance = relevance if has_query else 0.0
        if not with_signals:
            score = relevance if has_query else payload.production
            breakdown = {"relevance": round(relevance, 4)}
        else:
            parts = {
                "relevance": weights.retrieval * relevance,
                "signals": weights.signals * signal_score(payload.scores, preset),
                "production": weights.production * payload.production,
                "track_match": weights.track_match if track and payload.track == track else 0.0,
                "penalties": -penalties(payload, config, now_ts),
            }
            score = sum(parts.values())
            breakdown = {k: round(v, 4) for k, v in parts.items()}
        ranked.append(Ranked(candidate.person_id, round(score, 6), breakdown, payload))
    ranked.sort(key=lambda r: (-r.score, -r.payload.production, r.person_id))
    return ranked
