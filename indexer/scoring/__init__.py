"""Production signals: per-category scores, evidence, anti-signals, production, track, seniority.

Everything here is a pure function of a person's facts, the taxonomy (``signals.toml``: what
counts) and the scoring weights (``scoring.toml``: how much), plus ``now``. Same input, same
profile: no clock, no randomness, no database. ``score_person`` is the entry point:

    config.py      scoring.toml as pydantic models, ``load_scoring``
    repos.py       what a repository's metadata shows (ownership, popularity, matches)
    evidence.py    evidence items per source, and the category scores they add up to
    anti.py        anti-signals and the penalty they leave
    production.py  the production score, a soft OR of components
    track.py       the track the strong evidence points at
    seniority.py   band and confidence
    activity.py    when a person was publicly active
    curves.py, wording.py   shared numeric curves and reason wording
    profile.py     ``PersonProfile`` and ``score_person``, which ties them together
"""

from talent.indexer.scoring.config import (
    BANDS,
    SCORING_FILE,
    SCORING_REVISION,
    Scoring,
    load_scoring,
)
from talent.indexer.scoring.evidence import Evidence
from talent.indexer.scoring.profile import PersonProfile, score_people, score_person

__all__ = [
    "BANDS",
    "SCORING_FILE",
    "SCORING_REVISION",
    "Evidence",
    "PersonProfile",
    "Scoring",
    "load_scoring",
    "score_people",
    "score_person",
]
