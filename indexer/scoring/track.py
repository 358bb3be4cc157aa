"""Track: which way a person's strong evidence points (rag, agentic, platform).

Per track, the sum of category score x category weight x the category's share of the
track (``tracks`` in signals.toml, weighed by ``track.affinity``), from strong evidence
only and with course work counted in full (it shows a direction, not a skill). None when
no category reaches ``track.min_score``, or ``track.code_min_score`` when the evidence
includes code (contributions, dependencies, Hub artifacts) rather than only words.
"""

from __future__ import annotations

from collections.abc import Iterable

from talent.indexer.scoring.config import TrackConfig
from talent.indexer.scoring.evidence import Evidence
from talent.indexer.scoring.wording import few
from talent.taxonomy import CATEGORIES, TRACKS, Signals


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
    return any(
        e.kind in cfg.code_kinds and e.strength >= weak_below and e.category in CATEGORIES
        for e in evidence
    )


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
        f"{track} {per_track[track]:.2f} from {few(f'{c} {scores[c]:.2f}' for c in behind)}",
        *(f"{t} {per_track[t]:.2f}" for t in TRACKS if t != track),
    )
    return track, per_track, reasons
