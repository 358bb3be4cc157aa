"""Vector-store benchmark: fill each engine with synthetic people and time what matters.

    python -m bench.vectors --people 10000 --out vectors.json

Vectors are SYNTHETIC (seeded random unit vectors and BM25 vectors of generated texts), not
embeddings of real documents: encoding 100,000 documents takes over an hour on a laptop CPU,
and the store's speed does not depend on where the numbers came from. Each engine runs in
a fresh interpreter so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

DIM = 384
FINGERPRINT = "bench-synthetic"
# edge_hnsw: the embedded engine with an HNSW graph (only on request: minutes to build here)
ENGINES = ("edge", "edge_hnsw", "remote_local")
QUERIES = {"edge": 60, "edge_hnsw": 60, "remote_local": 12}  # local mode: ~0.1-1 s a query
BATCH = 1_000
REMOTE_MAX_PEOPLE = 20_000  # qdrant-client local mode is pure Python: ~70 s per 50k upserts
TECH_TERMS = (
    "rag retrieval evaluation ragas pgvector qdrant weaviate agents langgraph llama_index vllm "
    "kubernetes reranking chunking embeddings hybrid bm25 latency drift hallucination lora "
    "triton mlops golden dataset regression"
)
TECH = TECH_TERMS.split()


def run(people: int, engines: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Benchmark each engine on ``people`` synthetic points; returns a JSON-ready dict."""
    chosen = engines or (("edge", "remote_local") if people <= REMOTE_MAX_PEOPLE else ("edge",))
    context = multiprocessing.get_context("spawn")
    results = {}
    for engine in chosen:
        with context.Pool(1) as pool:
            results[engine] = pool.apply(_bench_engine, (engine, people))
    return {
        "benchmark": "vectors",
        "synthetic": True,
        "note": "synthetic vectors: seeded random 384-d unit vectors + BM25 of generated texts",
        "people": people,
        "dim": DIM,
        "queries_per_kind": {engine: QUERIES[engine] for engine in chosen},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "skipped": [e for e in ENGINES if e not in chosen],
        "engines": results,
    }


# One engine, in its own process -------------------------------------------------------------
def _bench_engine(engine: str, people: int) -> dict[str, Any]:
    from talent.indexer.vectors import SearchFilter

    workdir = Path(tempfile.mkdtemp(prefix=f"bench-vectors-{engine}-"))
    try:
        _progress(engine, f"generating {people} synthetic people")
        points = synthetic_points(people)
        stats: dict[str, Any] = {"rss_after_data_mb": _current_rss_mb()}
        _progress(engine, "upserting")
        opener = _opener(engine, workdir)
        index = opener(for_write=True)
        writer = index.begin_write(full=True)
        started = time.perf_counter()
        for batch in _batches(points, BATCH):
            writer.upsert(batch)
        upsert_s = time.perf_counter() - started
        stats["upsert_points_per_s"] = round(people / upsert_s, 1)
        stats["upsert_s"] = round(upsert_s, 2)
        _progress(engine, "committing (optimize)")
        stats["commit_with_optimize_s"] = _timed(writer.commit)
        _progress(engine, "querying")
        index.close()
        started = time.perf_counter()
        reader = opener(for_write=False)
        stats["reopen_s"] = round(time.perf_counter() - started, 4)
        stats["count"] = reader.count()
        queries = list(_queries(people, QUERIES[engine]))
        stats["first_query_s"] = _timed(lambda: reader.query(*queries[0], limit=50))
        stats["hybrid_filtered"] = _latencies(lambda q: reader.query(*q, limit=50), queries)
        stats["dense_filtered"] = _latencies(lambda q: reader.query(q[0], None, q[2]), queries)
        stats["sparse_filtered"] = _latencies(lambda q: reader.query(None, q[1], q[2]), queries)
        stats["signals_only"] = _latencies(lambda q: reader.query(None, None, q[2]), queries)
        stats["unfiltered_hybrid"] = _latencies(
            lambda q: reader.query(q[0], q[1], SearchFilter(), limit=50), queries
        )
        stats["dense_recall_at_50"] = _dense_recall(reader, points, queries[:10])
        reader.close()
        if engine.startswith("edge"):
            stats["search_process"] = _search_process(workdir)
        stats["incremental_1pct_s"] = _incremental(opener, points[: max(1, people // 100)])
        stats["disk_mb"] = round(_disk_bytes(workdir) / 2**20, 1)
        stats["peak_rss_mb"] = _peak_rss_mb()
        return stats
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _opener(engine: str, workdir: Path) -> Callable[..., Any]:
    if engine.startswith("edge"):
        from talent.indexer.vectors import EdgeIndex

        return lambda for_write: EdgeIndex(
            workdir,
            "people",
            dim=DIM,
            fingerprint=FINGERPRINT,
            for_write=for_write,
            hnsw=engine == "edge_hnsw",
        )
    from qdrant_client import QdrantClient

    from talent.indexer.vectors.remote import RemoteIndex

    state: dict[str, Any] = {}

    def remote(for_write: bool) -> Any:
        # a fresh client per open, so "reopen" includes local mode's load from disk
        if "client" in state:
            state["client"].close()
        state["client"] = QdrantClient(path=str(workdir / "local"))
        return RemoteIndex(
            state["client"], "people", dim=DIM, fingerprint=FINGERPRINT, for_write=for_write
        )

    return remote


_SEARCH_PROCESS = """
import json, sys, time
started = time.perf_counter()
import numpy as np
from talent.indexer.vectors import EdgeIndex, SearchFilter, sparse_query
imported = time.perf_counter()
index = EdgeIndex(sys.argv[1], "people", dim=int(sys.argv[2]), fingerprint=sys.argv[3])
opened = time.perf_counter()
dense = np.ones(int(sys.argv[2]), dtype=np.float32)
hits = index.query(dense, sparse_query("rag evaluation"), SearchFilter(countries=("BY",)), 50)
done = time.perf_counter()
# VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss over fork and exec
rss = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")]
print(json.dumps({
    "import_s": round(imported - started, 3),
    "open_s": round(opened - imported, 3),
    "first_hybrid_query_s": round(done - opened, 4),
    "total_s": round(done - started, 3),
    "hits": len(hits),
    "peak_rss_mb": round(rss[0] / 1024, 1) if rss else None,
}))
"""


def _search_process(workdir: Path) -> dict[str, Any]:
    """What a fresh `talent search` process pays for the index alone (no query encoder)."""
    code = [sys.executable, "-c", _SEARCH_PROCESS, str(workdir), str(DIM), FINGERPRINT]
    repo = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run(
        code,
        capture_output=True,
        text=True,
        check=True,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": repo},
    )
    return json.loads(out.stdout)


def _dense_recall(reader: Any, points: list[Any], queries: list[Any]) -> float:
    """Share of the exact top 50 (numpy, no filter) that the engine's dense query returns."""
    matrix = np.stack([point.dense for point in points])
    found = 0
    for dense, _, _ in queries:
        exact = set(np.argsort(-(matrix @ dense))[:50].tolist())
        found += len(exact & {hit.id for hit in reader.query(dense, None, limit=50)})
    return round(found / (50 * len(queries)), 4)


def _incremental(opener: Callable[..., Any], points: list[Any]) -> float:
    """Re-upsert 1% of the people and publish: what a daily `talent index` run costs."""
    started = time.perf_counter()
    index = opener(for_write=True)
    with index.begin_write() as writer:
        writer.upsert(points)
        writer.commit()
    index.close()
    return round(time.perf_counter() - started, 3)


# Synthetic data -----------------------------------------------------------------------------
def synthetic_points(people: int, seed: int = 7) -> list[Any]:
    from talent.indexer.vectors import Point, sparse_document

    rng = np.random.default_rng(seed)
    vocabulary = TECH + [f"word{i}" for i in range(5_000)]
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)  # Zipf-like: few common, many rare
    weights /= weights.sum()
    dense = rng.normal(size=(people, DIM)).astype(np.float32)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    lengths = rng.integers(40, 250, size=people)
    points = []
    for i in range(people):
        words = rng.choice(vocabulary, size=int(lengths[i]), p=weights)
        points.append(Point(i, dense[i], sparse_document(" ".join(words)), _payload(rng)))
    return points


def _payload(rng: np.random.Generator) -> dict[str, Any]:
    return {
        "login": f"user{int(rng.integers(0, 10**9))}",
        "country": str(rng.choice(["BY", "PL", "LT", "UA", "DE", "US"])),
        "city": str(rng.choice(["Minsk", "Warsaw", "Vilnius", "Kyiv", "Berlin", "Austin"])),
        "track": str(rng.choice(["rag", "eval", "agents", "platform"])),
        "seniority": str(rng.choice(["junior", "middle", "senior", "staff"])),
        "scores": {c: round(float(rng.random()), 3) for c in ("rag", "eval", "agents", "infra")},
        "production": round(float(rng.random()), 3),
        "last_active": 1_760_000_000 + int(rng.integers(0, 365 * 86_400)),
        "hireable": bool(rng.random() < 0.3),
        "followers": int(rng.integers(0, 10_000)),
        "headline": "synthetic person " * 5,
    }


def _queries(people: int, count: int) -> Iterator[tuple[Any, Any, Any]]:
    from talent.indexer.vectors import SearchFilter, sparse_query

    rng = np.random.default_rng(people)
    filters = [
        SearchFilter(countries=("BY", "PL")),
        SearchFilter(countries=("BY",), min_scores={"rag": 0.5}),
        SearchFilter(tracks=("eval", "rag"), active_since=1_770_000_000),
        SearchFilter(hireable=True, exclude_statuses=("contacted",), min_production=0.2),
    ]
    for i in range(count):
        dense = rng.normal(size=DIM).astype(np.float32)
        terms = " ".join(rng.choice(TECH, size=3))
        yield dense / np.linalg.norm(dense), sparse_query(terms), filters[i % len(filters)]


# Measuring ----------------------------------------------------------------------------------
def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 4)


def _latencies(action: Callable[[Any], Any], queries: list[Any]) -> dict[str, float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        action(query)
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 2),
        "max_ms": round(times[-1] * 1000, 2),
    }


def _progress(engine: str, what: str) -> None:
    print(f"[bench.vectors {engine}] {what}", file=sys.stderr, flush=True)


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss outside Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return -1.0
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _disk_bytes(root: Path) -> int:
    # allocated blocks, not apparent sizes: Edge preallocates sparse files
    return sum(p.stat().st_blocks * 512 for p in root.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--engine", action="append", choices=list(ENGINES))
    parser.add_argument("--out", type=Path, help="write the JSON here (default: stdout)")
    args = parser.parse_args(argv)
    result = run(args.people, tuple(args.engine) if args.engine else None)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
