"""Search bench: `talent search` end to end — process start to results printed — at 100,000
indexed people on this machine (goal: p50 <= 1.0 s).

The index holds 100,000 synthetic people: seeded random 384-d unit vectors and BM25 vectors of
generated texts, with payloads shaped like the indexer's (countries, tracks, scores, heavy-tailed
evidence strength per area, tools, evidence).
Embedding 100,000 real documents would take over an hour on these CPUs (see NOTES.md); the
search path's cost does not depend on where the vectors came from. The query itself is
embedded for real by the ONNX query encoder.

``BENCH_BASELINE=DIR`` also times another checkout's `talent search` (DIR/.venv/bin/python
in DIR) against the same index, query by query in the same run, and reports the ratio: how
the search path compares with an earlier version on this machine at this moment.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import CACHE

PEOPLE = 100_000
RUNS = 15
COUNTRIES = ["BY", "BY", "PL", "UA", "LT", "DE", "US", "GE", "RS", None]
QUERIES = [
    ["production RAG engineer with evaluation experience", "--country", "BY", "--track", "rag"],
    ["agentic systems engineer, tool use and planning", "--country", "eastern-europe"],
    ["", "--track", "platform", "--min-signal", "inference=0.3"],
    ["pgvector hybrid search reranking"],
    ["both LLM quality measurement and production monitoring, not langchain"],
    ["ML engineer from Gomel"],
]
LAYOUT = "v2"  # bump when the synthetic payload changes: the cached index is rebuilt


def run(people: int = PEOPLE) -> dict[str, Any]:
    home = CACHE / f"search-home-{people}-{LAYOUT}"
    built = _build(home, people)
    env = {**os.environ, "TALENT_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("TALENT_DATABASE_URL", None)
    baseline = os.environ.get("BENCH_BASELINE")
    versions = {"current": (sys.executable, None)}
    if baseline:
        versions["baseline"] = (str(Path(baseline) / ".venv" / "bin" / "python"), baseline)
    per_query: dict[str, dict[str, Any]] = {}
    all_times: dict[str, list[float]] = {name: [] for name in versions}
    for query in QUERIES:
        times: dict[str, list[float]] = {name: [] for name in versions}
        for _ in range(RUNS):
            for name, (python, cwd) in versions.items():  # interleaved: same machine state
                started = time.perf_counter()
                subprocess.run(
                    [python, "-m", "talent", "search", *query, "--limit", "20"],
                    env=env,
                    cwd=cwd,
                    check=True,
                    capture_output=True,
                )
                times[name].append(time.perf_counter() - started)
        label = " ".join(query) or "(empty)"
        per_query[label] = {name: _summary(t) for name, t in times.items()}
        for name, t in times.items():
            all_times[name] += t
    result: dict[str, Any] = {
        "people": people,
        "vectors": "synthetic (seeded random unit vectors + BM25 of generated texts)",
        "build": built,
        "end_to_end_seconds": _summary(all_times["current"]),
        "goal_p50_seconds": 1.0,
        "per_query": per_query,
        "runs_per_query": RUNS,
    }
    if baseline:
        current = statistics.median(all_times["current"])
        before = statistics.median(all_times["baseline"])
        result["baseline"] = {
            "checkout": baseline,
            "end_to_end_seconds": _summary(all_times["baseline"]),
            "p50_ratio_current_to_baseline": round(current / before, 3),
        }
    return result


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50": round(statistics.median(ordered), 3),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
        "min": round(ordered[0], 3),
    }


def _build(home: Path, people: int) -> dict[str, Any]:
    """A TALENT_HOME with an empty store, the ONNX query encoder and 100k synthetic points."""
    marker = home / "built"
    if marker.exists():
        return {"reused": True}
    from talent.indexer.onnx_export import export_onnx
    from talent.indexer.query import (
        model_dimension,
        model_fingerprint,
        query_encoder_dir,
        resolve_model,
    )
    from talent.indexer.vectors import EdgeIndex
    from talent.settings import load_settings
    from talent.store import Store

    started = time.perf_counter()
    settings = load_settings(home=home)
    Store.open(settings).close()
    export_onnx(settings.index.model, query_encoder_dir(settings))
    model = resolve_model(settings.index.model)
    index = EdgeIndex(
        settings.vectors_path,
        settings.index.collection,
        dim=model_dimension(model),
        fingerprint=model_fingerprint(model),
        for_write=True,
    )
    with index.begin_write(full=True) as writer:
        for start in range(0, people, 5_000):
            writer.upsert(_points(start, min(people, start + 5_000)))
        writer.commit()
    index.close()
    marker.write_text("ok\n")
    return {"reused": False, "seconds": round(time.perf_counter() - started, 1)}


def _points(start: int, stop: int) -> list[Any]:
    from bench.vectors import TECH
    from talent.indexer.vectors import Point, sparse_document
    from talent.taxonomy import CATEGORIES

    rng = np.random.default_rng(start)
    vocabulary = TECH + [f"word{i}" for i in range(5_000)]
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)
    weights /= weights.sum()
    dense = rng.normal(size=(stop - start, 384)).astype(np.float32)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    points = []
    for offset, person_id in enumerate(range(start + 1, stop + 1)):
        words = " ".join(rng.choice(vocabulary, size=int(rng.integers(60, 300)), p=weights))
        scores = {c: round(float(rng.beta(0.6, 3.0)), 4) for c in CATEGORIES}
        # heavy-tailed like real commit volume: most people near 0, a few maintainers high
        strength = {c: round(float(rng.pareto(1.6)), 4) for c in (*CATEGORIES, "open_source")}
        strength["overall"] = round(max(strength[c] for c in CATEGORIES), 4)
        payload = {
            "person_id": person_id,
            "country": COUNTRIES[int(rng.integers(0, len(COUNTRIES)))],
            "city": None,
            "track": [None, "rag", "agentic", "platform"][int(rng.integers(0, 4))],
            "seniority": ["junior", "mid", "senior", "lead"][int(rng.integers(0, 4))],
            "scores": scores,
            "strength": strength,
            "tools": [
                str(t)
                for t in rng.choice(
                    ["langchain", "llamaindex", "vllm", "ragas", "qdrantclient", "dspy"], size=2
                )
            ],
            "production": round(float(rng.beta(0.8, 3.0)), 4),
            "last_active": 1_760_000_000 + int(rng.integers(0, 200 * 86_400)),
            "hireable": bool(rng.random() < 0.3),
            "followers": int(rng.integers(0, 5_000)),
            "display_name": f"Synthetic Person {person_id}",
            "github": f"synthetic-{person_id}",
            "hf": None,
            "location": "Minsk, Belarus",
            "is_bot": False,
            "status": None,
            "top_evidence": [
                {
                    "category": "retrieval",
                    "kind": "own_repo",
                    "url": f"https://github.com/synthetic-{person_id}/rag-service",
                    "text": "synthetic-{person_id}/rag-service: hybrid retrieval with reranking",
                }
            ],
        }
        points.append(Point(person_id, dense[offset], sparse_document(words), payload))
    return points
