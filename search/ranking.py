"""The ranking formula, as pure functions over candidates (weights in config/ranking.toml).

    score = evidence   * E           the asked areas' evidence strength, normalised
          + relevance  * R           text match: a recall source and tie-breaker
          + production * P           the indexer's 0..1 production score
          + track_match * [track asked and matched]
          + seniority  * [a seniority the query prefers]
          - penalties                bots, long silence

``E`` reads the payload's per-area strength (commits log-scaled, recent, sustained, with
roles and breadth; talent.indexer.scoring.strength) through ``s / (s + half)``: no early
saturation, 200 sustained commits stay ahead of 5. For several areas joined ("both",
"and", "with") the weaker bounds it: ``min + second_area * (max - min)``; for alternatives
the stronger counts (a less named one at ``alternative`` of its value), plus ``breadth`` of
the others. A query that names no area uses the
person's overall production evidence (the track's categories when a track is asked).

``R`` is the engine's fused score divided by the best in the candidate set (0 for people who
entered the pool by their strength alone). Ties break on production, then person id, so equal
inputs always give the same order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talent.contracts import PersonPayload
from talent.errors import ConfigError

RANKING_FILE = "ranking.toml"
OVERALL = "overall"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Weights(_Frozen):
    evidence: float = Field(1.0, ge=0)
    relevance: float = Field(0.15, ge=0)
    production: float = Field(0.1, ge=0)
    track_match: float = Field(0.05, ge=0)
    seniority: float = Field(0.08, ge=0)


class EvidenceConfig(_Frozen):
    half: float = Field(4.0, gt=0, description="strength at which the evidence term is 0.5")
    second_area: float = Field(0.15, ge=0, le=1)
    breadth: float = Field(0.1, ge=0, le=1)
    alternative: float = Field(0.8, ge=0, le=1, description="share of a less named area")
    joined_min: float = Field(
        0.35, ge=0, description="strength in every other joined area to enter the pool by one"
    )


class Penalties(_Frozen):
    bot: float = Field(1.0, ge=0)
    stale: float = Field(0.15, ge=0)
    stale_days: int = Field(540, ge=1)


class Candidates(_Frozen):
    pool: int = Field(200, ge=1, le=5000, description="text matches re-ranked")
    per_area: int = Field(200, ge=0, le=5000, description="strongest people added per area")


class RankingConfig(_Frozen):
    version: int = 1
    weights: Weights = Weights()
    evidence: EvidenceConfig = EvidenceConfig()
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
    fused: float  # the engine's score (RRF for hybrid, cosine or BM25); 0: not a text match
    payload: PersonPayload


@dataclass(frozen=True)
class Ranked:
    person_id: int
    score: float
    breakdown: dict[str, float]
    payload: PersonPayload


@dataclass(frozen=True)
class Asked:
    """What the ranking needs from the query: its areas, how they combine, a seniority."""

    areas: tuple[str, ...] = ()
    all_areas: bool = False
    seniority: tuple[str, ...] = ()


def relevances(candidates: Sequence[Candidate]) -> list[float]:
    best = max((c.fused for c in candidates), default=0.0)
    return [c.fused / best if best > 0 else 0.0 for c in candidates]


def normalised(strength: float, cfg: EvidenceConfig) -> float:
    """0 without evidence, 0.5 at ``half``, approaching 1 slowly (no early saturation)."""
    strength = max(strength, 0.0)
    return strength / (strength + cfg.half)


def evidence_score(
    payload: PersonPayload, asked: Asked, cfg: EvidenceConfig, track_preset: Mapping[str, float]
) -> float:
    """The evidence term for one person (see the module docstring)."""
    if asked.areas:
        if asked.all_areas:
            values = sorted(normalised(payload.strength_of(a), cfg) for a in asked.areas)
            return values[0] + cfg.second_area * (values[-1] - values[0])
        # alternatives: the first (most named) area in full, the others a little less
        values = sorted(
            (
                normalised(payload.strength_of(a), cfg) * (1.0 if i == 0 else cfg.alternative)
                for i, a in enumerate(asked.areas)
            ),
        )
        return min(1.0, values[-1] + cfg.breadth * sum(values[:-1]))
    if track_preset:
        strengths = sorted((payload.strength_of(c) for c in track_preset), reverse=True)
        return normalised(strengths[0] + cfg.breadth * sum(strengths[1:]), cfg)
    return normalised(payload.strength_of(OVERALL), cfg)


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
    asked: Asked = Asked(),
) -> list[Ranked]:
    """Order candidates; ``with_signals=False`` is plain retrieval (the eval baselines)."""
    weights = config.weights
    preset = {c: w for c, w in config.presets[track].items() if w > 0} if track else {}
    ranked = []
    for candidate, relevance in zip(candidates, relevances(candidates), strict=True):
        payload = candidate.payload
        relevance = relevance if has_query else 0.0
        if not with_signals:
            score = relevance if has_query else payload.production
            breakdown = {"relevance": round(relevance, 4)}
        else:
            parts = {
                "evidence": weights.evidence
                * evidence_score(payload, asked, config.evidence, preset),
                "relevance": weights.relevance * relevance,
                "production": weights.production * payload.production,
                "track_match": weights.track_match if track and payload.track == track else 0.0,
                "seniority": weights.seniority
                if asked.seniority and payload.seniority in asked.seniority
                else 0.0,
                "penalties": -penalties(payload, config, now_ts),
            }
            score = sum(parts.values())
            breakdown = {k: round(v, 4) for k, v in parts.items()}
        ranked.append(Ranked(candidate.person_id, round(score, 6), breakdown, payload))
    ranked.sort(key=lambda r: (-r.score, -r.payload.production, r.person_id))
    return ranked
