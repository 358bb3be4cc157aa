"""Seniority: a band and a confidence, a heuristic with wide error bars.

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
from collections.abc import Iterable
from datetime import datetime

from talent.indexer.facts import PersonFacts
from talent.indexer.scoring.activity import activity_moments, last_active
from talent.indexer.scoring.config import BANDS, BandYears, Scoring
from talent.indexer.scoring.curves import years_between
from talent.indexer.scoring.evidence import Evidence
from talent.indexer.scoring.wording import few, month
from talent.taxonomy import CATEGORIES, Taxonomy


def ai_start(evidence: Iterable[Evidence], min_points: float, weak_below: float) -> datetime | None:
    """When the first real AI work began: strong evidence worth at least ``min_points``."""
    starts = [
        e.since
        for e in evidence
        if e.since is not None
        and e.weight >= min_points
        and e.strength >= weak_below
        and e.category in CATEGORIES  # an open-source library is no AI work
    ]
    return min(starts) if starts else None


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
        reasons.append(f"AI work since {month(started)} ({ai_years:.1f} years)")
    if track is None or started is None:  # not an AI engineer: an engineering band
        band, deciding = gen_band, [(general, cfg.general_years)]
        reasons.append("no AI track: band from general years alone")
    else:
        band = min(_band(ai_years, cfg.ai_years), gen_band)
        deciding = [(ai_years, cfg.ai_years), (general, cfg.general_years)]
    if breadth:
        reasons.append(f"evidence in {len(breadth)} categories ({few(breadth, 4)})")
    if maintains:
        reasons.append(f"maintainer role: {few(maintains, 2)}")
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
