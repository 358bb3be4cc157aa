"""``Searcher``: retrieve inside Qdrant (dense + BM25, filters, RRF), then rank by signals.

Built for a CLI process that starts, answers one query and exits: only onnxruntime,
tokenizers and the embedded engine are loaded (never torch), the query encoder loads in a
thread while the index opens, and the store is asked only for candidate statuses.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from talent.contracts import PersonPayload, tool_key
from talent.errors import IndexError_
from talent.search.ranking import (
    OVERALL,
    Asked,
    Candidate,
    Ranked,
    RankingConfig,
    load_ranking,
    rank,
)
from talent.search.request import HIDDEN_STATUSES, SearchRequest, now
from talent.search.understand import Understanding, understand

if TYPE_CHECKING:
    from talent.geo import PlaceFilter
    from talent.indexer.query import QueryEncoder
    from talent.indexer.vectors import VectorIndex
    from talent.settings import Settings
    from talent.taxonomy import Taxonomy

NO_INDEX_HINT = "run `talent crawl` and then `talent index` first"


@dataclass(frozen=True)
class Result:
    rank: int
    person_id: int
    score: float
    breakdown: dict[str, float]
    payload: PersonPayload
    status: str | None = None


@dataclass
class SearchResults:
    request: SearchRequest
    results: list[Result]
    understood: Understanding | None = None  # what the query was read as (signals only)
    candidates: int = 0
    hidden: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class Searcher:
    def __init__(self, settings: Settings, ranking: RankingConfig | None = None) -> None:
        self.settings = settings
        self.ranking = ranking or load_ranking()
        self._encoder: QueryEncoder | None = None
        self._index: VectorIndex | None = None
        self._areas: tuple[list[str], list[str], np.ndarray] | None = None

    # Opening, in parallel ----------------------------------------------------------------
    def open(self, *, need_encoder: bool = True) -> None:
        """Open the index, then the query encoder (measured: on two cores, loading them in
        parallel threads is slower than one after the other)."""
        self._open_index()
        if need_encoder and self._encoder is None:
            from talent.indexer.query import QueryEncoder, query_encoder_dir

            self._encoder = QueryEncoder(query_encoder_dir(self.settings))

    def _open_index(self) -> None:
        if self._index is not None:
            return
        from talent.indexer.query import model_dimension, model_fingerprint, resolve_model
        from talent.indexer.vectors import open_index

        vectors = self.settings.vectors_path
        if not self.settings.qdrant_url and not (vectors.is_dir() and any(vectors.iterdir())):
            raise IndexError_(
                f"there is no search index yet in {self.settings.home}", NO_INDEX_HINT
            )
        model = resolve_model(self.settings.index.model)
        try:
            self._index = open_index(
                self.settings, dim=model_dimension(model), fingerprint=model_fingerprint(model)
            )
        except IndexError_ as exc:
            raise IndexError_(exc.message, exc.hint or NO_INDEX_HINT) from None

    # Reading the query ---------------------------------------------------------------
    def understand(self, request: SearchRequest) -> Understanding:
        """What the query asks for (search.understand); flags win over what the text says."""
        text = request.text
        if not text:
            return Understanding(text="")
        from talent.geo import places_in_query
        from talent.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        places = places_in_query(text)
        understood = understand(
            text,
            keywords=lambda part: taxonomy.keyword_hits(part, include_weak=False),
            meaning=self._meaning(taxonomy) if self._encoder is not None else None,
            place=(places.filter, tuple(words for words, _ in places.mentions)),
        )
        ignored = []
        if understood.place and (request.countries or request.city):
            ignored.append("place")
        if understood.seniority and request.seniorities:
            ignored.append("seniority")
        if understood.active_days and request.active_within_days is not None:
            ignored.append("activity")
        if ignored:
            understood = replace(
                understood,
                place=None if "place" in ignored else understood.place,
                seniority=() if "seniority" in ignored else understood.seniority,
                active_days=None if "activity" in ignored else understood.active_days,
                ignored=tuple(ignored),
            )
        return understood

    def _meaning(self, taxonomy: Taxonomy) -> Callable[[str], dict[str, float]]:
        """Each area's similarity to a text: the best cosine to its phrases."""
        assert self._encoder is not None
        if self._areas is None:
            self._areas = area_vectors(self._encoder, taxonomy.area_phrases())
        areas, owners, vectors = self._areas
        encoder = self._encoder

        def meaning(text: str) -> dict[str, float]:
            sims = vectors @ encoder.encode([text])[0]
            best = dict.fromkeys(areas, -1.0)
            for area, sim in zip(owners, sims, strict=True):
                best[area] = max(best[area], float(sim))
            return best

        return meaning

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def _pool_keys(self, asked: Asked) -> list[tuple[str, tuple[str, ...]]]:
        """Which strengths to draw the strongest people by, besides the text matches, each
        with the areas they must also show: the asked areas (joined ones require each
        other), else overall evidence (a --track filter narrows it to the track)."""
        if asked.areas:
            return [
                (f"strength.{a}", _others(a, asked) if asked.all_areas else ()) for a in asked.areas
            ]
        return [(f"strength.{OVERALL}", ())]

    # Searching ---------------------------------------------------------------------------
    def search(
        self,
        request: SearchRequest,
        *,
        statuses: Mapping[int, str] | None = None,
        at: datetime | None = None,
    ) -> SearchResults:
        """Rank people for ``request``. ``statuses`` (person id -> current candidate status)
        hides contacted people; the caller reads them from the store."""
        started = time.perf_counter()
        variant = request.variant
        signals = variant == "signals"
        need_dense = bool(request.text) and variant in ("dense", "hybrid", "signals")
        self.open(need_encoder=need_dense)
        assert self._index is not None
        timings: dict[str, float] = {"open": time.perf_counter() - started}
        from talent.indexer.vectors import Hit, SearchFilter, sparse_query

        # Retrieval-only variants are the plain baselines: the text as typed, flags only.
        t0 = time.perf_counter()
        understood = self.understand(request) if signals else Understanding(text=request.text)
        timings["understand"] = time.perf_counter() - t0
        text = understood.text
        dense = None
        if need_dense and text:
            assert self._encoder is not None
            t0 = time.perf_counter()
            dense = self._encoder.encode([text])[0]
            timings["encode"] = time.perf_counter() - t0
        sparse = sparse_query(text) if text and variant in ("sparse", "hybrid", "signals") else None
        if text and variant == "sparse" and not sparse:
            return SearchResults(request, [], seconds=time.perf_counter() - started)
        moment = at or now()
        place = understood.place
        active = request.active_since(moment)
        if active is None and understood.active_days:
            active = int((moment - timedelta(days=understood.active_days)).timestamp())
        flt = SearchFilter(
            countries=request.countries or (place.countries if place else ()),
            cities=(request.city,)
            if request.city
            else ((place.city,) if place and place.city else ()),
            tracks=request.tracks,
            seniorities=request.seniorities,
            min_scores=request.min_signals,
            active_since=active,
            hireable=request.hireable,
            exclude_tools=tuple(tool_key(t) for t in understood.exclusions),
        )
        hidden_ids = set()
        if not request.include_contacted and statuses:
            hidden_ids = {pid for pid, status in statuses.items() if status in HIDDEN_STATUSES}
        track = request.tracks[0] if request.tracks else None
        areas = understood.areas or tuple(c for c in request.min_signals)
        asked = Asked(areas, understood.all_areas and bool(understood.areas), understood.seniority)
        pool = max(request.limit, self.ranking.candidates.pool) if signals else request.limit
        t0 = time.perf_counter()
        extra = len(hidden_ids)
        text_hits = []
        if text or not signals:
            text_hits = self._index.query(
                dense, sparse, flt, limit=pool + extra, prefetch_limit=max(200, pool)
            )
        fused = {hit.id: hit.score for hit in text_hits} if text else {}
        hits = {hit.id: hit for hit in text_hits}
        if signals:
            joined_min = self.ranking.evidence.joined_min
            added: list[int] = []
            for key, also in self._pool_keys(asked):
                # joined areas: the strongest in one area among those with real work in the rest
                need = replace(flt, min_strength=dict.fromkeys(also, joined_min))
                for hit in self._index.top_by(
                    key, need, limit=self.ranking.candidates.per_area + extra, with_payload=False
                ):
                    if hit.id not in hits:
                        hits[hit.id] = hit
                        added.append(hit.id)
            payloads = self._index.payloads(added)  # one read for everyone the text missed
            for pid in added:
                hits[pid] = Hit(pid, hits[pid].score, payloads.get(pid, {}))
        timings["retrieve"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        candidates = []
        hidden = 0
        for hit in hits.values():
            payload = PersonPayload.from_dict(hit.payload)
            if hit.id in hidden_ids or (payload.is_bot and not request.include_bots):
                hidden += 1
                continue
            candidates.append(Candidate(hit.id, fused.get(hit.id, 0.0), payload))
        ranked: list[Ranked] = rank(
            candidates,
            config=self.ranking,
            track=track,
            now_ts=int(moment.timestamp()),
            with_signals=signals,
            has_query=bool(text),
            asked=asked,
        )
        timings["rank"] = time.perf_counter() - t0
        results = [
            Result(
                i + 1,
                r.person_id,
                r.score,
                r.breakdown,
                r.payload,
                (statuses or {}).get(r.person_id),
            )
            for i, r in enumerate(ranked[: request.limit])
        ]
        return SearchResults(
            request,
            results,
            understood=understood if signals else None,
            candidates=len(candidates),
            hidden=hidden,
            seconds=time.perf_counter() - started,
            timings={k: round(v, 4) for k, v in timings.items()},
        )


def _others(area: str, asked: Asked) -> tuple[str, ...]:
    return tuple(other for other in asked.areas if other != area)


def _cities(request: SearchRequest, place: PlaceFilter | None) -> tuple[str, ...]:
    if request.city:
        return (request.city,)
    return (place.city,) if place and place.city else ()


def area_vectors(
    encoder: QueryEncoder, phrases: Mapping[str, Sequence[str]]
) -> tuple[list[str], list[str], np.ndarray]:
    """(areas, the area of each phrase, the phrases' vectors), cached on disk next to the
    query encoder so a search process encodes them once per model and wording."""
    areas = list(phrases)
    owners = [a for a in areas for _ in phrases[a]]
    texts = [t for a in areas for t in phrases[a]]
    digest = hashlib.sha256(
        "\x00".join(f"{a}\x01{t}" for a, t in zip(owners, texts, strict=True)).encode()
    )
    cache = encoder.export_dir / f"areas-{digest.hexdigest()[:16]}.npy"
    try:
        vectors = np.load(cache)
        if vectors.shape[0] == len(texts):
            return areas, owners, vectors
    except (OSError, ValueError):
        pass
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    try:
        temporary = cache.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(temporary, vectors)
        os.replace(temporary, cache)
    except OSError:  # a read-only model folder: encode again next time
        pass
    return areas, owners, vectors
