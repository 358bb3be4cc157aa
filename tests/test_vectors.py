"""The vector index on both engines: Qdrant Edge on disk and qdrant-client's local mode.

Expected results are computed independently in Python (brute-force filters, cosine ranking,
RRF by hand), so a test fails when an engine or the shared query code gets them wrong.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from qdrant_client import QdrantClient

from talent.errors import ConfigError, IndexError_
from talent.indexer.vectors import (
    EdgeIndex,
    Hit,
    Point,
    RemoteIndex,
    SearchFilter,
    VectorIndex,
    open_index,
    sparse_document,
    sparse_query,
)
from talent.indexer.vectors.sparse import AVG_LEN, K1, B, term_id, tokens
from talent.settings import load_settings

DIM = 8
FP = "test-model-0001"
REPO = Path(__file__).resolve().parent.parent
TOPICS = [
    "retrieval augmented generation with qdrant and hybrid search",
    "evaluation harness golden datasets ragas regression suite",
    "agents with langgraph tool use planning and retries",
    "serving llms with vllm on kubernetes gpu autoscaling",
    "fine tuning transformers and embeddings in pytorch",
]
COUNTRIES = ["BY", "PL", "LT", "UA"]
TRACKS = ["rag", "eval", "agents", "platform"]
SENIORITIES = ["junior", "middle", "senior", "staff"]
STATUSES = [None, "contacted", "rejected", None]


# Data --------------------------------------------------------------------------------------
def unit(rng: np.random.Generator, dim: int = DIM) -> np.ndarray:
    vector = rng.normal(size=dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


def payload_for(i: int, rng: np.random.Generator) -> dict[str, Any]:
    status = STATUSES[i % 4]
    return {
        "login": f"user{i}",
        "country": COUNTRIES[i % 4],
        "city": f"city{i % 6}",
        "track": TRACKS[(i // 2) % 4],
        "seniority": SENIORITIES[(i // 3) % 4],
        **({"status": status} if status else {}),
        "scores": {"rag": round(float(rng.random()), 3), "eval": round(float(rng.random()), 3)},
        "production": float(i % 5),  # many ties, to exercise the tie-break by id
        "last_active": 1_700_000_000 + 86_400 * (i % 30),
        "hireable": [True, False, None][i % 3],
        "followers": i * 3,
        # few distinct values, to exercise ties; some points have no strength in an area
        "strength": {
            "retrieval": (i * 7 % 11) / 10,
            **({"evaluation": i % 4 * 0.25} if i % 5 else {}),
        },
        "tools": [["langchain", "qdrant"], ["ragas"], []][i % 3],
    }


def text_for(i: int) -> str:
    # a different length per document gives distinct BM25 weights, so sparse ranks have no ties
    return f"{TOPICS[i % len(TOPICS)]} " + " ".join(["filler"] * i)


def make_points(n: int, seed: int = 0, start: int = 0) -> list[Point]:
    rng = np.random.default_rng(seed)
    return [
        Point(i, unit(rng), sparse_document(text_for(i)), payload_for(i, rng))
        for i in range(start, start + n)
    ]


# Engines -----------------------------------------------------------------------------------
@dataclass
class Engine:
    name: str
    opener: Callable[..., VectorIndex]

    def open(self, *, for_write: bool = False, fingerprint: str = FP, dim: int = DIM) -> Any:
        return self.opener(for_write=for_write, fingerprint=fingerprint, dim=dim)

    def build(self, points: list[Point], *, full: bool = True) -> Any:
        index = self.open(for_write=True)
        with index.begin_write(full=full) as writer:
            writer.upsert(points)
            writer.commit()
        index.close()
        return self.open()


def make_engine(name: str, workdir: Path) -> tuple[Engine, Callable[[], None]]:
    """An engine over a fresh store, and how to dispose of it."""
    if name == "edge":

        def edge(**kw: Any) -> EdgeIndex:
            return EdgeIndex(workdir / "vectors", "people", **kw)

        return Engine("edge", edge), lambda: None
    client = QdrantClient(":memory:")

    def remote(**kw: Any) -> RemoteIndex:
        return RemoteIndex(client, "people", **kw)

    return Engine("remote", remote), client.close


@pytest.fixture(params=["edge", "remote"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, empty store per test: for tests that write."""
    made, dispose = make_engine(request.param, tmp_path)
    yield made
    dispose()


@pytest.fixture(scope="module")
def points() -> list[Point]:
    return make_points(120)


@pytest.fixture(scope="module", params=["edge", "remote"])
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, points: list[Point]
) -> Iterator[Any]:
    """One built index per engine, shared by the tests that only read it."""
    made, dispose = make_engine(request.param, tmp_path_factory.mktemp(request.param))
    opened = made.build(points)
    yield opened
    opened.close()
    dispose()


# Reference semantics -----------------------------------------------------------------------
def matches(payload: dict[str, Any], flt: SearchFilter) -> bool:
    """What a filter means, written out plainly."""
    checks = [
        not flt.countries or payload.get("country") in flt.countries,
        not flt.cities or payload.get("city") in flt.cities,
        not flt.tracks or payload.get("track") in flt.tracks,
        not flt.seniorities or payload.get("seniority") in flt.seniorities,
        all(payload["scores"].get(c, -1) >= v for c, v in flt.min_scores.items()),
        flt.active_since is None or payload["last_active"] >= flt.active_since,
        flt.hireable is None or payload.get("hireable") is flt.hireable,
        payload.get("status") not in flt.exclude_statuses,
        flt.min_production is None or payload["production"] >= flt.min_production,
        all(payload["strength"].get(a, -1) >= v for a, v in flt.min_strength.items()),
        not set(payload["tools"]) & set(flt.exclude_tools),
    ]
    return all(checks)


FILTERS = {
    "none": SearchFilter(),
    "countries": SearchFilter(countries=("BY", "LT")),
    "one country": SearchFilter(countries=("PL",)),
    "cities": SearchFilter(cities=("city1", "city4")),
    "tracks": SearchFilter(tracks=("rag",)),
    "seniorities": SearchFilter(seniorities=("senior", "staff")),
    "min_scores": SearchFilter(min_scores={"rag": 0.5, "eval": 0.25}),
    "active_since": SearchFilter(active_since=1_700_000_000 + 86_400 * 20),
    "hireable": SearchFilter(hireable=True),
    "not hireable": SearchFilter(hireable=False),
    "exclude_statuses": SearchFilter(exclude_statuses=("contacted", "rejected")),
    "min_production": SearchFilter(min_production=3.0),
    "min_strength": SearchFilter(min_strength={"retrieval": 0.5, "evaluation": 0.25}),
    "exclude_tools": SearchFilter(exclude_tools=("langchain", "ragas")),
    "combined": SearchFilter(
        countries=("BY", "PL", "LT"),
        tracks=("rag", "eval", "agents"),
        min_scores={"rag": 0.2},
        exclude_statuses=("rejected",),
        min_production=1.0,
    ),
}


def expected_ids(points: list[Point], flt: SearchFilter) -> set[int]:
    return {p.id for p in points if matches(p.payload, flt)}


def cosine_top(points: list[Point], query: np.ndarray, flt: SearchFilter, k: int) -> list[int]:
    ranked = sorted(
        (p for p in points if matches(p.payload, flt)),
        key=lambda p: (-float(np.dot(p.dense, query)), p.id),
    )
    return [p.id for p in ranked[:k]]


def rrf(*lists: list[Hit], k: int = 60) -> dict[int, float]:
    scores: dict[int, float] = {}
    for hits in lists:
        for rank, hit in enumerate(hits):
            scores[hit.id] = scores.get(hit.id, 0.0) + 1.0 / (k + rank)
    return scores


# Sparse vectors ------------------------------------------------------------------------------
def test_tokens_keep_technical_names_and_handle_any_script() -> None:
    doc = list(tokens("Built RAG on llama-index, pgvector & vLLM; Мінск 北京大学 🤖 C++"))
    assert doc == [
        "built", "rag", "on", "llamaindex", "llama", "index", "pgvector", "vllm",
        "мінск", "北京", "京大", "大学", "c++",
    ]  # fmt: skip
    assert list(tokens("llama_index LlamaIndex", query=True)) == ["llamaindex", "llamaindex"]
    assert list(tokens("🤖🚀 … !!")) == []


def test_bm25_document_weights_and_query_vector() -> None:
    text = "rag rag eval"
    doc = sparse_document(text)
    norm = K1 * (1 - B + B * 3 / AVG_LEN)
    expected = {term_id("rag"): 2 * (K1 + 1) / (2 + norm), term_id("eval"): (K1 + 1) / (1 + norm)}
    assert dict(zip(doc.indices, doc.values, strict=True)) == pytest.approx(expected)
    assert list(doc.indices) == sorted(doc.indices)
    query = sparse_query("eval rag rag")
    assert query.indices == tuple(sorted(expected)) and query.values == (1.0, 1.0)
    assert term_id("pgvector") == zlib.crc32(b"pgvector")  # stable across processes


# Writing and reading -----------------------------------------------------------------------
def test_upsert_count_ids_and_payload_round_trip(index: Any, points: list[Point]) -> None:
    assert index.count() == len(points)
    assert index.ids() == {p.id for p in points}
    hit = index.query(None, None, SearchFilter(countries=("BY",)), limit=1)[0]
    original = next(p for p in points if p.id == hit.id).payload
    assert hit.payload == original  # hireable comes back a bool, scores as floats


def test_incremental_write_deletes_upserts_and_sets_payload(engine: Engine) -> None:
    engine.build(make_points(40)).close()
    index = engine.open(for_write=True)
    with index.begin_write() as writer:
        writer.delete([0, 1, 2, 999])  # an unknown id is ignored
        writer.upsert(make_points(5, seed=3, start=40))
        writer.set_payload([10, 11], {"status": "contacted", "scores": {"agents": 0.9}})
        assert writer.count() == 42  # a writer reads its own changes
        writer.commit()
    index.close()
    reader = engine.open()
    assert reader.count() == 42
    assert reader.ids() == set(range(3, 45))
    assert reader.count(SearchFilter(exclude_statuses=("contacted",))) == 42 - len(
        {10, 11} | {i for i in range(3, 45) if STATUSES[i % 4] == "contacted"}
    )
    # a score category first seen in set_payload is filterable
    found = reader.query(None, None, SearchFilter(min_scores={"agents": 0.5}), limit=10)
    assert {h.id for h in found} == {10, 11}
    reader.close()


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_filter_selects_what_it_means(index: Any, points: list[Point], name: str) -> None:
    flt = FILTERS[name]
    want = expected_ids(points, flt)
    assert name == "none" or 0 < len(want) < len(points)
    assert index.count(flt) == len(want)
    assert {h.id for h in index.query(None, None, flt, limit=500)} == want
    dense = unit(np.random.default_rng(9))
    assert {h.id for h in index.query(dense, None, flt, limit=500, prefetch_limit=500)} == want


@pytest.mark.parametrize("name", ["none", "countries", "min_scores", "combined"])
def test_dense_query_ranks_by_cosine(index: Any, points: list[Point], name: str) -> None:
    query = unit(np.random.default_rng(5))
    hits = index.query(query, None, FILTERS[name], limit=10)
    assert [h.id for h in hits] == cosine_top(points, query, FILTERS[name], 10)
    top = next(p for p in points if p.id == hits[0].id)
    assert hits[0].score == pytest.approx(float(np.dot(top.dense, query)), abs=1e-5)


def test_sparse_query_finds_only_documents_with_the_terms(index: Any, points: list[Point]) -> None:
    hits = index.query(None, sparse_query("ragas"), SearchFilter(), limit=100)
    assert {h.id for h in hits} == {p.id for p in points if "ragas" in text_for(p.id)}
    # equal term frequency: the shorter document scores higher (BM25 length normalisation)
    lengths = [len(text_for(h.id)) for h in hits]
    assert lengths == sorted(lengths)


def test_hybrid_query_is_rrf_of_dense_and_sparse(index: Any) -> None:
    dense = unit(np.random.default_rng(11))
    sparse = sparse_query("langgraph agents")
    flt = FILTERS["countries"]
    dense_hits = index.query(dense, None, flt, limit=30)
    sparse_hits = index.query(None, sparse, flt, limit=30)
    hybrid = index.query(dense, sparse, flt, limit=10, prefetch_limit=30)
    expected = rrf(dense_hits, sparse_hits)
    want = sorted(expected, key=lambda i: (-expected[i], i))[:10]
    assert [h.id for h in hybrid] == want
    for hit in hybrid:
        assert hit.score == pytest.approx(expected[hit.id], abs=1e-6)
        assert hit.payload["country"] in ("BY", "LT")


def test_empty_query_orders_by_production_then_id(index: Any, points: list[Point]) -> None:
    for flt in (FILTERS["none"], FILTERS["countries"], FILTERS["combined"]):
        hits = index.query(None, None, flt, limit=17)
        chosen = sorted(
            (p for p in points if matches(p.payload, flt)),
            key=lambda p: (-p.payload["production"], p.id),
        )
        assert [h.id for h in hits] == [p.id for p in chosen[:17]]
        assert [h.score for h in hits] == [p.payload["production"] for p in chosen[:17]]


@pytest.mark.parametrize("name", ["none", "countries", "min_strength", "exclude_tools"])
def test_top_by_orders_by_a_strength_then_id(index: Any, points: list[Point], name: str) -> None:
    flt = FILTERS[name]
    for key, area in (("strength.retrieval", "retrieval"), ("strength.evaluation", "evaluation")):
        chosen = sorted(
            (p for p in points if matches(p.payload, flt) and area in p.payload["strength"]),
            key=lambda p: (-p.payload["strength"][area], p.id),
        )[:13]
        hits = index.top_by(key, flt, limit=13)
        assert [(h.id, h.score) for h in hits] == [
            (p.id, p.payload["strength"][area]) for p in chosen
        ]
        assert all(h.payload["login"] == f"user{h.id}" for h in hits)
        bare = index.top_by(key, flt, limit=13, with_payload=False)
        assert [(h.id, h.score) for h in bare] == [(h.id, h.score) for h in hits]
        assert all(h.payload == {} for h in bare)


def test_payloads_by_id_skip_unknown_ids(index: Any) -> None:
    got = index.payloads([5, 16, 10_000])
    assert sorted(got) == [5, 16]
    assert got[16]["login"] == "user16" and got[16]["tools"] == ["ragas"]
    assert index.payloads([]) == {}


def test_query_without_terms_falls_back_to_dense_or_production(index: Any) -> None:
    no_terms = sparse_query("🤖 … !!")
    assert not no_terms
    dense = unit(np.random.default_rng(2))
    assert index.query(dense, no_terms, limit=5) == index.query(dense, None, limit=5)
    assert index.query(None, no_terms, limit=5) == index.query(None, None, limit=5)


def test_results_are_deterministic(index: Any) -> None:
    dense = unit(np.random.default_rng(4))
    sparse = sparse_query("evaluation retrieval")
    runs = [index.query(dense, sparse, FILTERS["tracks"], limit=15) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_wrong_query_dimension_is_refused(index: Any) -> None:
    with pytest.raises(ValueError, match="dimensions"):
        index.query(np.ones(DIM + 1, dtype=np.float32), None)


def test_exact_technical_tokens_match(engine: Engine) -> None:
    rng = np.random.default_rng(8)
    filler = [f"python engineer building services and dashboards number {i}" for i in range(30)]
    texts = {
        **{i: text for i, text in enumerate(filler)},
        30: "postgres with the pgvector extension for embeddings",
        31: "built rag on llama-index with vllm serving and langgraph agents",
        32: "a llama farm index of animals, with ragas as a side note",
        33: "LlamaIndex pipelines evaluated offline",
    }
    docs = [Point(i, unit(rng), sparse_document(t), {}) for i, t in texts.items()]
    index = engine.build(docs)
    for query, top in [("pgvector", 30), ("vllm", 31), ("langgraph", 31), ("ragas", 32)]:
        hits = index.query(None, sparse_query(query), limit=5)
        assert [h.id for h in hits] == [top], query
    # the library, however it is spelt; not a text that says "llama" and "index" apart
    for spelling in ("llama_index", "llama-index", "LlamaIndex"):
        ids = [h.id for h in index.query(None, sparse_query(spelling), limit=5)]
        assert sorted(ids) == [31, 33], spelling
    assert {h.id for h in index.query(None, sparse_query("llama"), limit=5)} == {31, 32}
    index.close()


# Model identity ------------------------------------------------------------------------------
def test_missing_index_is_an_index_error(engine: Engine) -> None:
    with pytest.raises(IndexError_, match="talent index"):
        engine.open()
    empty = engine.open(for_write=True)
    assert empty.count() == 0 and empty.query(None, None) == []


@pytest.mark.parametrize("change", [{"fingerprint": "other-model"}, {"dim": DIM * 2}])
def test_another_model_is_refused(engine: Engine, change: dict[str, Any]) -> None:
    engine.build(make_points(10)).close()
    with pytest.raises(IndexError_, match="model changed") as caught:
        engine.open(**change)
    assert "talent index --full" in str(caught.value)
    outdated = engine.open(for_write=True, **change)
    with pytest.raises(IndexError_, match="model changed"):
        outdated.begin_write()
    dim = change.get("dim", DIM)
    rng = np.random.default_rng(0)
    with outdated.begin_write(full=True) as writer:  # a full rebuild may change the model
        writer.upsert([Point(1, unit(rng, dim), sparse_document("x"), {})])
        writer.commit()
    assert engine.open(**change).count() == 1


# Generations ---------------------------------------------------------------------------------
def test_readers_keep_their_generation_across_a_write(engine: Engine) -> None:
    engine.build(make_points(30)).close()
    before = engine.open()
    index = engine.open(for_write=True)
    with index.begin_write(full=True) as writer:
        writer.upsert(make_points(12, seed=1, start=100))
        writer.commit()
    after = engine.open()
    assert before.count() == 30 and min(before.ids()) == 0
    assert after.count() == 12 and min(after.ids()) == 100
    assert after.generation == before.generation + 1
    before.close()
    after.close()


@pytest.mark.parametrize("full", [True, False])
def test_aborted_writer_leaves_the_live_generation(engine: Engine, full: bool) -> None:
    engine.build(make_points(30)).close()
    index = engine.open(for_write=True)
    with index.begin_write(full=full) as writer:
        if full:
            writer.upsert(make_points(5, seed=2, start=500))
        else:
            writer.delete([1, 2])
        # leaving the block without commit() aborts
    reader = engine.open()
    if full or engine.name == "edge":
        assert reader.count() == 30 and reader.generation == index.generation
        with engine.open(for_write=True).begin_write() as again:
            assert again.count() == 30
    else:  # a server's live collection takes incremental writes as they come
        assert reader.count() == 28


def test_edge_keeps_two_generations_and_prunes_older(tmp_path: Path) -> None:
    engine = Engine("edge", lambda **kw: EdgeIndex(tmp_path / "v", "people", **kw))
    for round_ in range(4):
        engine.build(make_points(5, seed=round_)).close()
    names = sorted(p.name for p in (tmp_path / "v").iterdir() if p.is_dir())
    assert names == ["people-3", "people-4"]
    pointer = json.loads((tmp_path / "v" / "people.current").read_text())
    assert pointer["generation"] == 4 and pointer["fingerprint"] == FP


def test_edge_prune_spares_a_generation_a_reader_holds(tmp_path: Path) -> None:
    engine = Engine("edge", lambda **kw: EdgeIndex(tmp_path / "v", "people", **kw))
    engine.build(make_points(5)).close()
    old_reader = engine.open()
    for round_ in range(3):
        engine.build(make_points(5 + round_, seed=round_)).close()
    assert (tmp_path / "v" / "people-1").is_dir()  # still held, so kept
    assert old_reader.count() == 5
    old_reader.close()
    engine.build(make_points(3)).close()
    assert not (tmp_path / "v" / "people-1").exists()


def test_edge_with_hnsw_graph_answers_like_without(tmp_path: Path, points: list[Point]) -> None:
    flat = Engine("edge", lambda **kw: EdgeIndex(tmp_path / "a", "people", **kw)).build(points)
    graph = Engine("edge", lambda **kw: EdgeIndex(tmp_path / "b", "people", hnsw=True, **kw)).build(
        points
    )
    query, sparse = unit(np.random.default_rng(3)), sparse_query("vllm kubernetes")
    for flt in (FILTERS["none"], FILTERS["combined"]):
        assert graph.query(query, sparse, flt) == flat.query(query, sparse, flt)
    config = json.loads(next((tmp_path / "b").glob("people-1/edge_config.json")).read_text())
    assert config["hnsw_config"]["m"] == 16
    flat_config = json.loads(next((tmp_path / "a").glob("people-1/edge_config.json")).read_text())
    assert flat_config["hnsw_config"]["m"] == 0


def test_edge_second_writer_is_refused(tmp_path: Path) -> None:
    index = EdgeIndex(tmp_path / "v", "people", dim=DIM, fingerprint=FP, for_write=True)
    first = index.begin_write(full=True)
    with pytest.raises(IndexError_, match="another process is writing"):
        index.begin_write(full=True)
    first.abort()
    index.begin_write(full=True).abort()  # the lock is free again


def test_open_index_uses_settings(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    index = open_index(settings, dim=DIM, fingerprint=FP, for_write=True)
    assert isinstance(index, EdgeIndex)
    assert index.layout.root == settings.vectors_path
    with index.begin_write() as writer:
        writer.upsert(make_points(3))
        writer.commit()
    assert open_index(settings, dim=DIM, fingerprint=FP).count() == 3


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
def test_unreachable_server_is_an_index_error_without_the_key(tmp_path: Path) -> None:
    settings = load_settings(
        home=tmp_path, qdrant_url="http://127.0.0.1:9", qdrant_api_key="sekrit-key-123"
    )
    with pytest.raises(IndexError_, match="cannot reach Qdrant") as caught:
        open_index(settings, dim=DIM, fingerprint=FP)
    assert "sekrit" not in str(caught.value) and "sekrit" not in repr(caught.value)


def test_the_embedded_path_does_not_import_qdrant_client(tmp_path: Path) -> None:
    """qdrant-client costs ~0.8 s to import: a search on the embedded index must not pay it."""
    Engine("edge", lambda **kw: EdgeIndex(tmp_path / "v", "people", **kw)).build(
        make_points(5)
    ).close()
    code = f"""
import sys
from talent.indexer.vectors import EdgeIndex, SearchFilter, sparse_query
index = EdgeIndex(sys.argv[1], "people", dim={DIM}, fingerprint={FP!r})
assert len(index.query(None, sparse_query("agents"), SearchFilter())) == 1
print(sorted(m for m in ("qdrant_client", "torch", "grpc") if m in sys.modules))
"""
    process = _python(code, str(tmp_path / "v"))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.strip() == "[]"


def test_filter_rejects_odd_category_names() -> None:
    with pytest.raises(ConfigError):
        SearchFilter(min_scores={"rag; drop": 0.1})


# Several processes ---------------------------------------------------------------------------
def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


_PRELUDE = f"""
import json, sys, time
import numpy as np
from talent.indexer.vectors import EdgeIndex, Point, SearchFilter, sparse_document, sparse_query
DIM, FP = {DIM}, {FP!r}
root = sys.argv[1]
def points(start, n):
    rng = np.random.default_rng(start)
    out = []
    for i in range(start, start + n):
        v = rng.normal(size=DIM).astype(np.float32)
        out.append(Point(i, v / np.linalg.norm(v), sparse_document(f"doc {{i}} rag"),
                         {{"production": float(i % 7)}}))
    return out
"""

_WRITER = (
    _PRELUDE
    + """
rounds, step = int(sys.argv[2]), int(sys.argv[3])
index = EdgeIndex(root, "people", dim=DIM, fingerprint=FP, for_write=True)
for r in range(rounds):
    with index.begin_write() as w:
        w.upsert(points(1000 + r * step, step))
        w.commit()
print("done", flush=True)
"""
)

_READER = (
    _PRELUDE
    + """
done_flag, seen, errors = sys.argv[2], [], []
deadline = time.time() + 60
while time.time() < deadline:
    finished = __import__("os").path.exists(done_flag)
    try:
        with EdgeIndex(root, "people", dim=DIM, fingerprint=FP) as index:
            n = index.count()
            ids = index.ids()
            every = index.query(None, None, SearchFilter(), limit=100_000)
            hybrid = index.query(points(0, 1)[0].dense, sparse_query("rag"), limit=5)
            if not (n == len(ids) == len(every)) or len(hybrid) != 5:
                errors.append(f"inconsistent: {n} {len(ids)} {len(every)} {len(hybrid)}")
            seen.append(n)
    except Exception as exc:
        errors.append(repr(exc))
    if finished:
        break
print(json.dumps({"seen": seen, "errors": errors}))
"""
)


def test_readers_in_other_processes_while_a_writer_commits(tmp_path: Path) -> None:
    root = tmp_path / "v"
    base, rounds, step = 100, 8, 25
    Engine("edge", lambda **kw: EdgeIndex(root, "people", **kw)).build(make_points(base)).close()
    done = tmp_path / "writer-done"
    readers = [_python(_READER, str(root), str(done)) for _ in range(2)]
    writer = _python(_WRITER, str(root), str(rounds), str(step))
    w_out, w_err = writer.communicate(timeout=120)
    done.touch()
    results = [reader.communicate(timeout=120) for reader in readers]
    assert writer.returncode == 0, w_err
    assert "done" in w_out
    valid = {base + step * r for r in range(rounds + 1)}
    observed: set[int] = set()
    for reader, (out, err) in zip(readers, results, strict=True):
        assert reader.returncode == 0, err
        report = json.loads(out)
        assert report["errors"] == []
        assert report["seen"] and set(report["seen"]) <= valid
        assert report["seen"] == sorted(report["seen"])  # the pointer only moves forward
        assert report["seen"][-1] == base + step * rounds
        observed |= set(report["seen"])
    assert len(observed) >= 3  # the readers really ran while generations switched
    assert EdgeIndex(root, "people", dim=DIM, fingerprint=FP).count() == base + step * rounds


_SLOW_WRITER = (
    _PRELUDE
    + """
index = EdgeIndex(root, "people", dim=DIM, fingerprint=FP, for_write=True)
writer = index.begin_write()
writer.upsert(points(5000, 50))
writer.delete(list(range(10)))
print("writing", flush=True)
time.sleep(60)
"""
)


def test_killed_writer_leaves_a_working_index(tmp_path: Path) -> None:
    root = tmp_path / "v"
    Engine("edge", lambda **kw: EdgeIndex(root, "people", **kw)).build(make_points(40)).close()
    writer = _python(_SLOW_WRITER, str(root))
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert EdgeIndex(root, "people", dim=DIM, fingerprint=FP).count() == 40
    assert (root / "people-2").is_dir()  # the killed writer's unpublished generation
    index = EdgeIndex(root, "people", dim=DIM, fingerprint=FP, for_write=True)
    started = time.monotonic()
    with index.begin_write() as again:  # the lock died with the process
        assert again.generation == 2 and again.ids() == set(range(40))  # stale one replaced
        again.upsert(make_points(2, start=40))
        again.commit()
    assert time.monotonic() - started < 30
    assert EdgeIndex(root, "people", dim=DIM, fingerprint=FP).count() == 42
