"""Quality bench: `talent eval` on the demo and the real-data worlds side by side, with the
ranking's goals checked (issue 9).

The worlds are built, crawled and indexed once under bench/.cache/eval (evals.suite) and
re-indexed on every run, which costs only what changed. Goals, on the real-data world: the
default ranking at nDCG@10 >= 0.75, P@10 >= 0.90, Recall@100 >= 0.60, at least 0.25 above the
best retrieval-only variant, no buzzword account or bot in any top 10, every two-area query at
nDCG@10 >= 0.5; and the demo world within 0.05 of it.
"""

from __future__ import annotations

import json
from typing import Any

from bench.common import CACHE

TWO_AREA = (
    "rag-and-answer-quality",
    "quality-and-monitoring",
    "agents-and-evals",
    "finetune-and-serve",
    "agent-observability",
)
RETRIEVAL = ("sparse", "dense", "hybrid")


def run() -> dict[str, Any]:
    from evals.suite import DEFAULT_GRAPH, GOLDEN, prepare, talent

    root = CACHE / "eval"
    sets: list[str] = []
    for name in ("demo", "realgraph"):
        sets += ["--set", str(GOLDEN[name]), str(prepare(name, root, DEFAULT_GRAPH))]
    report = json.loads(talent(root, "eval", *sets, "--json"))
    by_name = {s["golden"].rsplit("/", 1)[-1].removesuffix(".json"): s for s in report["sets"]}
    real, demo = by_name["realgraph"], by_name["demo"]
    signals = real["averages"]["signals"]
    best_retrieval = max(real["averages"][v]["ndcg@10"] for v in RETRIEVAL)
    two_area = {
        q["id"]: q["variants"]["signals"]["ndcg@10"]
        for q in real["queries"]
        if q["id"] in TWO_AREA and not q["skipped"]
    }
    gap = abs(demo["averages"]["signals"]["ndcg@10"] - signals["ndcg@10"])
    goals = {
        "ndcg@10 >= 0.75": signals["ndcg@10"] >= 0.75,
        "p@10 >= 0.90": signals["p@10"] >= 0.90,
        "recall@100 >= 0.60": signals["recall@100"] >= 0.60,
        "lead over retrieval >= 0.25": signals["ndcg@10"] - best_retrieval >= 0.25,
        "no buzzword account or bot in a top 10": signals["avoided_in_top10"] == 0,
        "every two-area query >= 0.5": all(v >= 0.5 for v in two_area.values()),
        "demo within 0.05 of real": gap <= 0.05,
    }
    return {
        "side_by_side": report["side_by_side"],
        "realgraph_per_query": {
            q["id"]: {
                v: {m: s[m] for m in ("ndcg@10", "p@10", "recall@100")}
                for v, s in q["variants"].items()
            }
            for q in real["queries"]
        },
        "demo_per_query": {q["id"]: q["variants"]["signals"]["ndcg@10"] for q in demo["queries"]},
        "two_area_ndcg@10": two_area,
        "lead_over_best_retrieval": round(signals["ndcg@10"] - best_retrieval, 4),
        "demo_minus_real_ndcg@10": round(gap, 4),
        "goals": goals,
    }
