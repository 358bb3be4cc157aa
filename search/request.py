"""A search as the sourcer asked for it, validated into engine terms with clear errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from talent.errors import ConfigError
from talent.vocab import HIDDEN_STATUSES as HIDDEN_STATUSES
from talent.vocab import SENIORITIES, TRACKS

Variant = Literal["sparse", "dense", "hybrid", "signals"]
VARIANTS: tuple[Variant, ...] = ("sparse", "dense", "hybrid", "signals")
MAX_QUERY_CHARS = 1000
MAX_ACTIVE_DAYS = 36_500  # a century: beyond it the date arithmetic overflows
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    tracks: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    city: str | None = None
    seniorities: tuple[str, ...] = ()
    min_signals: dict[str, float] = field(default_factory=dict)
    active_within_days: int | None = None
    hireable: bool | None = None
    include_contacted: bool = False
    include_bots: bool = False
    limit: int = 20
    variant: Variant = "signals"

    @property
    def text(self) -> str:
        """The query as retrieval sees it: capped, and empty when it holds no word at all."""
        capped = " ".join(self.query.split())[:MAX_QUERY_CHARS]
        return capped if _WORD.search(capped) else ""

    def active_since(self, now: datetime) -> int | None:
        if self.active_within_days is None:
            return None
        return int((now - timedelta(days=self.active_within_days)).timestamp())


def build_request(
    query: str,
    *,
    track: str | None = None,
    place: str | None = None,
    seniority: tuple[str, ...] = (),
    min_signals: tuple[str, ...] = (),
    active_within: int | None = None,
    hireable: bool | None = None,
    include_contacted: bool = False,
    include_bots: bool = False,
    limit: int = 20,
    variant: Variant = "signals",
) -> SearchRequest:
    """Validate CLI-style inputs; every error lists the valid choices."""
    from talent.vocab import CATEGORIES

    if track is not None and track not in TRACKS:
        raise ConfigError(f"unknown track {track!r}", f"choose one of: {', '.join(TRACKS)}")
    for band in seniority:
        if band not in SENIORITIES:
            raise ConfigError(
                f"unknown seniority {band!r}", f"choose from: {', '.join(SENIORITIES)}"
            )
    thresholds: dict[str, float] = {}
    for spec in min_signals:
        name, sep, value = spec.partition("=")
        if name not in CATEGORIES:
            raise ConfigError(
                f"unknown signal category {name!r} in --min-signal {spec!r}",
                f"categories: {', '.join(CATEGORIES)} (e.g. --min-signal evaluation=0.3)",
            )
        try:
            number = float(value) if sep else float("nan")
        except ValueError:
            number = float("nan")
        if not 0 <= number <= 1:
            raise ConfigError(
                f"--min-signal {spec!r} needs a score between 0 and 1",
                "for example --min-signal retrieval=0.4",
            )
        thresholds[name] = number
    countries: tuple[str, ...] = ()
    city = None
    if place:
        from talent.geo import resolve_place_filter

        resolved = resolve_place_filter(place)
        countries, city = resolved.countries, resolved.city
    if active_within is not None and not 1 <= active_within <= MAX_ACTIVE_DAYS:
        raise ConfigError(
            f"--active-within {active_within} is out of range: it must be 1 to "
            f"{MAX_ACTIVE_DAYS:,} days",
            "e.g. --active-within 90",
        )
    if not 1 <= limit <= 1000:
        raise ConfigError("--limit must be between 1 and 1000", "e.g. --limit 50")
    return SearchRequest(
        query=query,
        tracks=(track,) if track else (),
        countries=countries,
        city=city,
        seniorities=seniority,
        min_signals=thresholds,
        active_within_days=active_within,
        hireable=hireable,
        include_contacted=include_contacted,
        include_bots=include_bots,
        limit=limit,
        variant=variant,
    )


def now() -> datetime:
    return datetime.now(UTC)
