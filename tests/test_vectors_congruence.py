"""The same points and queries through both engines must give the same answers.

Qdrant Edge (the embedded engine) and qdrant-client's local mode (standing in for a Qdrant
server) share no code below our interface, so agreement here means the interface, the
filters and the sparse/IDF set-up mean the same thing on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from qdrant_client import QdrantClient

from talent.indexer.vectors import (
    EdgeIndex,
    Hit,
    Point,
    RemoteIndex,
    SearchFilter,
    sparse_document,
    sparse_query,
)

DIM = 384
N_POINTS = 500
FP = "congruence-model"
TERMS = (
    "rag retrieval evaluation ragas pgvector qdrant weaviate pinecone agents langgraph "
    "langchain llama_index llama-index vllm tgi kubernetes python rust typescript golden "
    "dataset regression reranking chunking embeddings hybrid bm25 latency cost drift "
    "hallucination fine-tuning lora mistral qwen llama openai anthropic mlops triton "
    "Мінск Варшава 北京 检索 the and with for on of in production system pipeline"
)
VOCABULARY = TERMS.split()
FILTERS = {
    "none": SearchFilter(),
    "country": SearchFilter(countries=("BY",)),
    "countries+track": SearchFilter(countries=("BY", "PL"), tracks=("rag", "eval")),
    "scores": SearchFilter(min_scores={"rag": 0.4, "evaluation": 0.2}),
    "active+hireable": SearchFilter(active_since=1_700_000_000 + 86_400 * 100, hireable=True),
    "status+production": SearchFilter(exclude_statuses=("contacted",), min_production=0.3),
    "city+seniority": SearchFilter(cities=("Minsk", "Warsaw"), seniorities=("senior",)),
}


def synthetic_points(seed: int = 42) -> list[Point]:
    rng = np.random.default_rng(seed)
    points = []
    for i in range(N_POINTS):
        dense = rng.normal(size=DIM).astype(np.float32)
        words = rng.choice(VOCABULARY, size=int(rng.integers(5, 60)))
        payload: dict[str, Any] = {
            "country": str(rng.choice(["BY", "PL", "LT", "UA", "DE"])),
            "city": str(rng.choice(["Minsk", "Warsaw", "Vilnius", "Kyiv", "Berlin"])),
            "track": str(rng.choice(["rag", "eval", "agents", "platform"])),
            "seniority": str(rng.choice(["junior", "middle", "senior", "staff"])),
            "scores": {
                "rag": round(float(rng.random()), 2),
                "evaluation": round(float(rng.random()), 2),
            },
            "production": round(float(rng.random()), 1),  # rounded: plenty of ties
            "last_active": 1_700_000_000 + 86_400 * int(rng.integers(0, 365)),
            "hireable": [True, False, None][int(rng.integers(0, 3))],
            "followers": int(rng.integers(0, 5000)),
        }
        if rng.random() < 0.2:
            payload["status"] = str(rng.choice(["contacted", "rejected"]))
        points.append(
            Point(i, dense / np.linalg.norm(dense), sparse_document(" ".join(words)), payload)
        )
    return points


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    points = synthetic_points()
    root: Path = tmp_path_factory.mktemp("vectors")
    edge_writer = EdgeIndex(root, "people", dim=DIM, fingerprint=FP, for_write=True)
    client = QdrantClient(":memory:")
    remote_writer = RemoteIndex(client, "people", dim=DIM, fingerprint=FP, for_write=True)
    for index in (edge_writer, remote_writer):
        with index.begin_write(full=True) as writer:
            writer.upsert(points)
            writer.commit()
    edge = EdgeIndex(root, "people", dim=DIM, fingerprint=FP)
    remote = RemoteIndex(client, "people", dim=DIM, fingerprint=FP)
    yield edge, remote
    edge.close()
    client.close()


def dense_queries() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    return [v / np.linalg.norm(v) for v in rng.normal(size=(4, DIM)).astype(np.float32)]


SPARSE_QUERIES = ["pgvector", "ragas evaluation golden dataset", "llama_index vllm", "Мінск 北京"]


def assert_same(edge_hits: list[Hit], remote_hits: list[Hit], *, tolerance: float) -> None:
    """Same ids, scores and payloads; two empty lists prove nothing, so they fail."""
    assert edge_hits, "the query found nothing: nothing was compared"
    assert [h.id for h in edge_hits] == [h.id for h in remote_hits]
    for a, b in zip(edge_hits, remote_hits, strict=True):
        assert a.score == pytest.approx(b.score, rel=tolerance, abs=tolerance)
        assert a.payload == b.payload


def test_counts_agree(engines: tuple[Any, Any]) -> None:
    edge, remote = engines
    assert edge.ids() == remote.ids() == set(range(N_POINTS))
    for name, flt in FILTERS.items():
        assert edge.count(flt) == remote.count(flt) > 0, name


@pytest.mark.parametrize("name", list(FILTERS))
def test_dense_queries_agree(engines: tuple[Any, Any], name: str) -> None:
    edge, remote = engines
    for query in dense_queries():
        assert_same(
            edge.query(query, None, FILTERS[name], limit=20),
            remote.query(query, None, FILTERS[name], limit=20),
            tolerance=1e-5,
        )


@pytest.mark.parametrize("name", list(FILTERS))
def test_sparse_queries_agree(engines: tuple[Any, Any], name: str) -> None:
    edge, remote = engines
    for text in SPARSE_QUERIES:
        edge_hits = edge.query(None, sparse_query(text), FILTERS[name], limit=20)
        remote_hits = remote.query(None, sparse_query(text), FILTERS[name], limit=20)
        assert edge_hits or name != "none", text  # every query term occurs somewhere
        # same IDF (same live document counts) and same BM25 weights: same scores
        assert_same(edge_hits, remote_hits, tolerance=1e-4)


def rrf_bounds(lists: list[list[Hit]], depth: int, k: int = 60) -> dict[int, tuple[float, float]]:
    """Each id's lowest and highest possible RRF score over prefetches of ``depth``.

    Within a run of equal scores an engine may rank the points in any order, so a point's
    contribution lies between those of the run's last and first positions (or 0 when the
    run crosses the prefetch's cut). ``lists`` are the prefetch results, fetched deeper.
    """
    bounds: dict[int, tuple[float, float]] = {}
    for hits in lists:
        start = 0
        while start < len(hits):
            end = start
            while end + 1 < len(hits) and hits[end + 1].score == pytest.approx(
                hits[start].score, rel=1e-6
            ):
                end += 1
            if start < depth:
                high = 1.0 / (k + start)
                low = 0.0 if end >= depth else 1.0 / (k + end)
                for hit in hits[start : end + 1]:
                    lo, hi = bounds.get(hit.id, (0.0, 0.0))
                    bounds[hit.id] = (lo + low, hi + high)
            start = end + 1
    return bounds


@pytest.mark.parametrize("name", list(FILTERS))
def test_hybrid_queries_agree(engines: tuple[Any, Any], name: str) -> None:
    """Fused lists agree except where a prefetch has equal scores.

    RRF sees only ranks, and the engines order equal scores differently inside a prefetch:
    Qdrant's engine (Edge, and a server) by insertion order, qdrant-client's local mode in
    reverse (``np.argsort(scores)[::-1]``). With BM25 many short documents tie, so a point
    can get rank 3 from one engine and rank 4 from the other. What holds, and is asserted:
    every fused score lies within the RRF bounds that ties allow, a point with unambiguous
    ranks gets the same score from both, such points above the cut are in both lists, and
    with no ties at all the lists are identical.
    """
    edge, remote = engines
    depth = 100
    for query, text in zip(dense_queries(), SPARSE_QUERIES, strict=True):
        sparse, flt = sparse_query(text), FILTERS[name]
        edge_hits = edge.query(query, sparse, flt, limit=20, prefetch_limit=depth)
        remote_hits = remote.query(query, sparse, flt, limit=20, prefetch_limit=depth)
        prefetches = [
            edge.query(query, None, flt, limit=depth + 50),
            edge.query(None, sparse, flt, limit=depth + 50),
        ]
        bounds = rrf_bounds(prefetches, depth)
        for hit in [*edge_hits, *remote_hits]:
            low, high = bounds[hit.id]
            assert low - 1e-6 <= hit.score <= high + 1e-6
        exact = {i for i, (low, high) in bounds.items() if high - low < 1e-9}
        edge_scores = {h.id: h.score for h in edge_hits}
        remote_scores = {h.id: h.score for h in remote_hits}
        for point in exact & edge_scores.keys() & remote_scores.keys():
            assert edge_scores[point] == pytest.approx(remote_scores[point], abs=1e-6)
        cut = max(edge_hits[-1].score, remote_hits[-1].score) + 1e-6
        assert {i for i in exact if bounds[i][0] > cut} <= edge_scores.keys() & remote_scores.keys()
        if len(exact) == len(bounds):
            assert_same(edge_hits, remote_hits, tolerance=1e-6)


def test_hybrid_queries_without_ties_are_identical(engines: tuple[Any, Any]) -> None:
    """Dense prefetches never tie here, so dense-led fusion is identical on both engines."""
    edge, remote = engines
    compared = 0
    for query in dense_queries():
        sparse = sparse_query("北京 Варшава")  # rare terms: few sparse candidates
        edge_hits = edge.query(query, sparse, limit=10, prefetch_limit=50)
        remote_hits = remote.query(query, sparse, limit=10, prefetch_limit=50)
        bounds = rrf_bounds([edge.query(None, sparse, limit=100)], 50)
        tied = {i for i, (low, high) in bounds.items() if high - low > 1e-9}
        if tied & ({h.id for h in edge_hits} | {h.id for h in remote_hits}):
            continue
        assert_same(edge_hits, remote_hits, tolerance=1e-6)
        compared += 1
    assert compared >= 2, "the data should leave some queries free of ties"


@pytest.mark.parametrize("name", list(FILTERS))
def test_signal_only_queries_agree(engines: tuple[Any, Any], name: str) -> None:
    edge, remote = engines
    assert_same(
        edge.query(None, None, FILTERS[name], limit=25),
        remote.query(None, None, FILTERS[name], limit=25),
        tolerance=0.0,
    )
