"""``Searcher``: retrieve inside Qdrant (dense + BM25, filters, RRF), then rank by signals.

Built for a CLI process that starts, answers one query and exits: only onnxruntime,
tokenizers and the embedded engine are loaded (never torch), the query encoder loads in a
thread while the index opens, and the store is asked only for candidate statuses.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from talent.contracts import PersonPayload
from talent.errors import IndexError_
from talent.search.ranking import Candidate, Ranked, RankingConfig, load_ranking, rank
from talent.search.request import HIDDEN_STATUSES, SearchRequest, now

if TYPE_CHECKING:
    from talent.indexer.query import QueryEncoder
    from talent.indexer.vectors import VectorIndex
    from talent.settings import Settings

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

    def _asked_categories(self, request: SearchRequest) -> set[str]:
        if not self.ranking.weights.asked_category:
            return set()
        return _query_categories(request.text) | set(request.min_signals)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

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
        text = request.text
        variant = request.variant
        need_dense = bool(text) and variant in ("dense", "hybrid", "signals")
        self.open(need_encoder=need_dense)
        assert self._index is not None
        timings: dict[str, float] = {"open": time.perf_counter() - started}
        from talent.indexer.vectors import SearchFilter, sparse_query

        dense = None
        if need_dense:
            assert self._encoder is not None
            dense = self._encoder.encode([text])[0]
        sparse = sparse_query(text) if text and variant in ("sparse", "hybrid", "signals") else None
        if text and variant == "sparse" and not sparse:
            return SearchResults(request, [], seconds=time.perf_counter() - started)
        moment = at or now()
        flt = SearchFilter(
            countries=request.countries,
            cities=(request.city,) if request.city else (),
            tracks=request.tracks,
            seniorities=request.seniorities,
            min_scores=request.min_signals,
            active_since=request.active_since(moment),
            hireable=request.hireable,
        )
        hidden_ids = set()
        if not request.include_contacted and statuses:
            hidden_ids = {pid for pid, status in statuses.items() if status in HIDDEN_STATUSES}
        pool = max(request.limit, self.ranking.candidates.pool)
        if variant != "signals":
            pool = request.limit
        t0 = time.perf_counter()
        hits = self._index.query(
            dense, sparse, flt, limit=pool + len(hidden_ids), prefetch_limit=max(200, pool)
        )
        timings["retrieve"] = time.perf_counter() - t0
        candidates = []
        hidden = 0
        for hit in hits:
            payload = PersonPayload.from_dict(hit.payload)
            if hit.id in hidden_ids or (payload.is_bot and not request.include_bots):
                hidden += 1
                continue
            candidates.append(Candidate(hit.id, hit.score, payload))
        ranked: list[Ranked] = rank(
            candidates[:pool],
            config=self.ranking,
            track=request.tracks[0] if request.tracks else None,
            now_ts=int(moment.timestamp()),
            with_signals=variant == "signals",
            has_query=bool(text),
            asked=self._asked_categories(request) if variant == "signals" else (),
        )
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
            candidates=len(candidates),
            hidden=hidden,
            seconds=time.perf_counter() - started,
            timings={k: round(v, 4) for k, v in timings.items()},
        )


def _query_categories(text: str) -> set[str]:
    """Signal categories the query names in the taxonomy's words ("ragas", "LLM-as-judge")."""
    if not text:
        return set()
    from talent.taxonomy import load_taxonomy

    return set(load_taxonomy().keyword_hits(text, include_weak=False))
