"""The evaluation harness: metrics on hand-computed rankings, the golden builder, handle
mapping, and a floor on the full ranking over a crawled and indexed simulated world."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from crawl_support import NOW, crawl, simulator

from talent.cli import cli
from talent.errors import ConfigError
from talent.search.evaluation import (
    Golden,
    Handles,
    check_same_world,
    graded,
    load_golden,
    owners_of,
    resolve_people,
    score,
)
from talent.search.metrics import mean, ndcg_at, precision_at, recall_at, reciprocal_rank
from talent.settings import REPO_CONFIG_DIR
from talent.upstream.generate import generate_world

REPO = REPO_CONFIG_DIR.parent
if str(REPO) not in sys.path:  # `evals` is not an installed package (plain `pytest` runs)
    sys.path.insert(0, str(REPO))

from evals.golden import Condition, build_golden, dumps, load_queries  # noqa: E402

DEMO_GOLDEN = REPO / "evals" / "golden" / "demo.json"
BUZZWORD_QUERY = "buzzword-llm-engineer"
AVOID = ("buzzword", "star_farmer")


# Metrics -----------------------------------------------------------------------------------
def test_ndcg_by_hand() -> None:
    # DCG  = 7/log2(2) + 3/log2(3) + 0 + 1/log2(5)          = 9.32347
    # IDCG = 7/log2(2) + 7/log2(3) + 3/log2(4) + 1/log2(5)  = 13.34718
    assert ndcg_at([3, 2, 0, 1], [3, 3, 2, 1], k=10) == pytest.approx(0.698534, abs=1e-6)
    # at k=2: (7 + 3/log2(3)) / (7 + 7/log2(3))
    assert ndcg_at([3, 2, 0, 1], [3, 3, 2, 1], k=2) == pytest.approx(0.778941, abs=1e-6)
    assert ndcg_at([2, 1], [1, 2]) == 1.0
    assert ndcg_at([0, 0], [1]) == 0.0
    assert ndcg_at([0], []) is None  # nothing judged relevant: undefined


def test_precision_recall_mrr_by_hand() -> None:
    grades = [3, 2, 0, 1, 2]
    assert precision_at(grades, k=10) == 0.3  # divides by k, not by what came back
    assert precision_at(grades, k=2) == 1.0
    assert precision_at(grades, k=4) == 0.5  # a grade of 1 is not relevant
    assert recall_at(grades, relevant=6, k=100) == 0.5
    assert recall_at(grades, relevant=6, k=1) == pytest.approx(1 / 6)
    assert recall_at(grades, relevant=0) is None
    assert reciprocal_rank([0, 1, 2, 3]) == pytest.approx(1 / 3)
    assert reciprocal_rank([1, 1, 0]) == 0.0
    assert mean([0.5, None, 1.0]) == 0.75
    assert mean([None]) is None


def test_a_query_without_relevant_people_scores_nothing() -> None:
    assert score([1, 0, 1], ideal=[1, 1]) == {
        "ndcg@10": None,
        "p@10": None,
        "recall@100": None,
        "mrr": None,
    }
    scored = score([2, 0, 3], ideal=[3, 2, 1])
    assert scored["p@10"] == 0.2 and scored["recall@100"] == 1.0 and scored["mrr"] == 1.0


# Mapping the golden people to the store ------------------------------------------------------
def test_handles_map_case_insensitively_and_people_count_once() -> None:
    people = {
        "p1": Handles("Alesia-K", "alesiak"),
        "p2": Handles(None, "Hub-Only"),
        "p3": Handles("split", "split-hf"),  # two store people: GitHub and HF not merged
        "p4": Handles("nobody", None),
    }
    logins = {"alesia-k": 10, "split": 30}
    names = {"alesiak": 10, "hub-only": 20, "split-hf": 31}
    found = resolve_people(people, logins, names)
    assert found == {
        "p1": frozenset({10}),
        "p2": frozenset({20}),
        "p3": frozenset({30, 31}),
    }
    owners = owners_of(found)
    judgments = {"p1": 2, "p2": 3, "p3": 3}
    # p3 counts where it first appears (30), not again at 31; 99 is nobody judged.
    assert graded([30, 99, 31, 10, 20], owners, judgments) == [3, 0, 0, 2, 3]


def test_a_store_from_another_world_is_refused() -> None:
    golden = Golden(Path("g.json"), {}, [], {f"p{i}": Handles(f"u{i}", None) for i in range(10)})
    check_same_world(golden, {f"p{i}": frozenset({i}) for i in range(3)})
    with pytest.raises(ConfigError, match="another world") as err:
        check_same_world(golden, {"p1": frozenset({1})})
    assert "evals.golden" in (err.value.hint or "")


def test_missing_golden_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--golden", str(tmp_path / "none.json")])
    assert isinstance(result.exception, ConfigError)
    assert "golden file not found" in result.exception.message
    assert "python -m evals.golden" in (result.exception.hint or "")
    (tmp_path / "bad.json").write_text('{"format": "other"}')
    with pytest.raises(ConfigError, match="not a golden file"):
        load_golden(tmp_path / "bad.json")


# The golden builder ------------------------------------------------------------------------
def test_conditions() -> None:
    label = {"track": "rag", "production": 3, "categories": {"evaluation": 2}, "city": None}
    assert Condition("production", ">=3").holds(label)
    assert not Condition("production", ">3").holds(label)
    assert Condition("categories.evaluation", "==2").holds(label)
    assert Condition("categories.retrieval", "<1").holds(label)  # missing category is 0
    assert Condition("track", ["rag", "agentic"]).holds(label)
    assert not Condition("city", "Minsk").holds(label)


def test_queries_file_is_checked(tmp_path: Path) -> None:
    queries = load_queries()
    assert 10 <= len(queries) <= 16
    assert any(q.text == "" for q in queries)  # an empty query ranked by signals alone
    bad = tmp_path / "q.toml"
    bad.write_text('[[query]]\nid = "x"\ntext = "a"\n[[query.grade]]\nrelevance = 3\nmood = 1\n')
    with pytest.raises(ConfigError, match="unknown label field 'mood'"):
        load_queries(bad)
    bad.write_text(
        '[[query]]\nid = "x"\ntext = "a"\nfilters = { place = "Atlantis" }\n'
        '[[query.grade]]\nrelevance = 3\ntrack = "rag"\n'
    )
    with pytest.raises(ConfigError, match="query 'x'"):
        load_queries(bad)


def test_golden_is_deterministic_and_small(tmp_path: Path) -> None:
    world = tmp_path / "world"
    generate_world(world, people=120, seed=3, now=NOW)
    first, second = build_golden(world), build_golden(world)
    assert dumps(first) == dumps(second)
    assert json.loads(dumps(first)) == first
    labels = {
        json.loads(line)["person"]: json.loads(line)
        for line in (world / "truth" / "labels.jsonl").read_text().splitlines()
    }
    assert first["world"] == {"seed": 3, "people": 120, "now": "2026-11-26T00:00:00Z"}
    for query in first["queries"]:
        assert query["judgments"]
        assert all(grade in (1, 2, 3) for grade in query["judgments"].values())
        assert set(query["judgments"]) | set(query["avoid"]) <= set(first["people"])
        for pid in query["avoid"]:
            assert labels[pid]["archetype"] in AVOID and pid not in query["judgments"]
    for pid, handles in first["people"].items():
        assert handles == {
            "github": labels[pid]["github"],
            "hf": labels[pid]["hf"],
            "archetype": labels[pid]["archetype"],
        }


def test_hub_only_people_are_relevant_for_fine_tuning(tmp_path: Path) -> None:
    world = tmp_path / "world"
    generate_world(world, people=300, seed=5, now=NOW)
    golden = build_golden(world)
    query = next(q for q in golden["queries"] if q["id"] == "fine-tuning-open-weights")
    hub_only = [p for p, h in golden["people"].items() if h["github"] is None]
    assert hub_only and any(query["judgments"].get(p, 0) >= 2 for p in hub_only)


@pytest.mark.slow
def test_committed_demo_golden_is_current(tmp_path: Path) -> None:
    """evals/golden/demo.json is what the builder writes for the demo world (seed 7, 2,000)."""
    world = tmp_path / "world"
    generate_world(world, people=2000, seed=7, now=NOW)
    assert dumps(build_golden(world)) == DEMO_GOLDEN.read_text(encoding="utf-8"), (
        "rebuild it: python -m evals.golden --world .demo/world --out evals/golden/demo.json"
    )


# The floor on the full ranking -------------------------------------------------------------
# A 300-person world crawled with the repository's seeds finds ~95 of its ~150 judged people.
# With the realistic generator (sparse, heavy-tailed evidence at the real graph's rates) this
# world (seed 5) measures hybrid + signals nDCG@10 0.67 (plain hybrid 0.59, BM25 0.62); the
# plentiful-evidence generator before it gave 0.74 (0.58). The floor stays 0.07 below the
# measurement and the lead over hybrid fails if the signals stop adding anything.
FLOOR_PEOPLE, FLOOR_SEED = 300, 5
NDCG_FLOOR = 0.60
LEAD_OVER_HYBRID = 0.05


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("eval")
    world, home = root / "world", root / "home"
    generate_world(world, people=FLOOR_PEOPLE, seed=FLOOR_SEED, now=NOW)
    config = Path(shutil.copytree(REPO_CONFIG_DIR, root / "config"))
    with simulator(world) as sim:
        crawl(home, config, sim.base_url)
    (root / "golden.json").write_text(dumps(build_golden(world)), encoding="utf-8")
    env = {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_CONFIG_DIR": str(config),
        "HF_HUB_OFFLINE": "1",
    }
    for args in (["index", "--json"], ["eval", "--json", "--golden", str(root / "golden.json")]):
        proc = subprocess.run(
            [sys.executable, "-m", "talent", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout), world


@pytest.mark.slow
def test_signals_ranking_stays_above_the_floor(evaluated: tuple[dict[str, Any], Path]) -> None:
    report, _ = evaluated
    averages = report["averages"]
    assert set(averages) == {"sparse", "dense", "hybrid", "signals"}
    signals, hybrid = averages["signals"]["ndcg@10"], averages["hybrid"]["ndcg@10"]
    assert signals >= NDCG_FLOOR, json.dumps(averages, indent=1)
    assert signals >= hybrid + LEAD_OVER_HYBRID, json.dumps(averages, indent=1)
    assert averages["signals"]["queries"] >= 12  # most queries have relevant people
    assert report["coverage"]["in_store"] >= 0.5 * report["coverage"]["judged_people"]


@pytest.mark.slow
def test_buzzword_profiles_stay_out_of_the_top_ten(
    evaluated: tuple[dict[str, Any], Path],
) -> None:
    report, world = evaluated
    query = next(q for q in report["queries"] if q["id"] == BUZZWORD_QUERY)
    top = query["variants"]["signals"]["top10"]
    assert len(top) == 10 and query["variants"]["signals"]["avoided_in_top10"] == []
    archetypes = {
        label["github"]: label["archetype"]
        for label in map(json.loads, (world / "truth" / "labels.jsonl").read_text().splitlines())
        if label["github"]
    }
    assert not {archetypes.get(r["who"].split(",")[0]) for r in top} & set(AVOID)
    # the hard case is real: plain retrieval does let buzzword profiles in
    assert any(query["variants"][v]["avoided_in_top10"] for v in ("sparse", "hybrid"))


# The floor on the real-data world --------------------------------------------------------------
# A stratified sample of the pseudonymised real contribution graph (800 graph people, seed 7;
# evals/realworld), crawled with the repository's seeds (~20 s) and indexed (~40 s), graded
# with evals/queries_real.toml. Measured: signals nDCG@10 0.79, P@10 0.63 against hybrid
# 0.29 / 0.26 (the full world: 0.92 / 0.89 against 0.24 / 0.29). The floor keeps the issue's
# lead of 0.25 over the best retrieval-only variant and leaves ~0.1 for benign changes.
REAL_GRAPH = Path(os.environ.get("TALENT_REALGRAPH", "/work/shared/realgraph/contrib_graph.json"))
REAL_SAMPLE, REAL_NDCG_FLOOR, REAL_LEAD = 800, 0.68, 0.25


@pytest.fixture(scope="module")
def evaluated_real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not REAL_GRAPH.is_file():
        pytest.skip(f"the real contribution graph is not at {REAL_GRAPH} (TALENT_REALGRAPH)")
    from evals.golden import build_golden as build
    from evals.realworld import build_world as convert

    root = tmp_path_factory.mktemp("eval-real")
    world, home = root / "world", root / "home"
    convert(REAL_GRAPH, world, seed=7, sample=REAL_SAMPLE)
    golden = root / "golden.json"
    golden.write_text(dumps(build(world, REPO / "evals" / "queries_real.toml")), encoding="utf-8")
    with simulator(world, hf_limit=10_000_000) as sim:
        crawl(home, REPO_CONFIG_DIR, sim.base_url, timeout=600)
    env = {**os.environ, "TALENT_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    for args in (["index", "--json"], ["eval", "--json", "--golden", str(golden)]):
        proc = subprocess.run(
            [sys.executable, "-m", "talent", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_signals_ranking_stays_above_the_floor_on_real_data(evaluated_real: dict[str, Any]) -> None:
    averages = evaluated_real["averages"]
    signals = averages["signals"]["ndcg@10"]
    best_retrieval = max(averages[v]["ndcg@10"] for v in ("sparse", "dense", "hybrid"))
    assert signals >= REAL_NDCG_FLOOR, json.dumps(averages, indent=1)
    assert signals >= best_retrieval + REAL_LEAD, json.dumps(averages, indent=1)
    assert averages["signals"]["queries"] >= 20
    # no automation account in any top 10 (bots are hidden; release accounts are not people)
    for query in evaluated_real["queries"]:
        top = query["variants"]["signals"]["top10"] if not query["skipped"] else []
        assert not [t for t in top if "[bot]" in t["who"] or t["who"].endswith("-bot")]


@pytest.mark.slow
def test_several_golden_sets_side_by_side(evaluated: tuple[dict[str, Any], Path]) -> None:
    _, world = evaluated
    root = world.parent
    golden, home = root / "golden.json", root / "home"
    twin = root / "twin.json"  # the same judgments under another name: a second set
    twin.write_text(golden.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["--set", str(golden), str(home), "--set", str(twin), str(home)]
    result = CliRunner().invoke(cli, ["eval", "--variant", "signals", *args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["golden"] for s in data["sets"]] == [str(golden), str(twin)]
    assert set(data["side_by_side"]["signals"]) == {"golden", "twin"}
    first, second = (data["side_by_side"]["signals"][n]["ndcg@10"] for n in ("golden", "twin"))
    assert first == second and first is not None
    text = CliRunner().invoke(cli, ["eval", "--variant", "signals", *args]).output
    assert "side by side" in text and text.count("averages over") == 2
