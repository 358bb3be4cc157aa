"""The whole profile of one person: every score, estimate and reason, in one pure call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from talent.indexer.facts import PersonFacts
from talent.indexer.scoring.activity import last_active
from talent.indexer.scoring.anti import anti_signals, penalty
from talent.indexer.scoring.config import Scoring
from talent.indexer.scoring.evidence import (
    Evidence,
    category_scores,
    collect_evidence,
    direction_scores,
)
from talent.indexer.scoring.production import production_score
from talent.indexer.scoring.seniority import estimate_seniority
from talent.indexer.scoring.strength import area_strengths
from talent.indexer.scoring.track import code_backed, estimate_track
from talent.taxonomy import CATEGORIES, Signals, Taxonomy


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
    strength: dict[str, float] = field(default_factory=dict)  # area -> strength, for ranking


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
    cfg = scoring.strength
    strength = area_strengths(
        (
            (e.category, e.strength_points(cfg.other), e.strength < scoring.categories.weak_below)
            for e in evidence
        ),
        multiplier,
        cfg,
    )
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
        strength=strength,
    )


def score_people(
    facts: Iterable[PersonFacts], taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> Iterator[PersonProfile]:
    """``score_person`` over many people."""
    for person in facts:
        yield score_person(person, taxonomy, taxonomy.signals, now, scoring)
