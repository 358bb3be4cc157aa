"""The world built from the contribution graph (evals/realworld): it loads in the simulator,
is deterministic, has the rates it documents, grades by the documented rules, and stores no
e-mail addresses.

Most tests run on a small graph written here in the real graph's format (the 44 real
repository names, heavy-tailed commit counts, some documentation-only contributors), so they
need nothing outside the repository; one test also converts a sample of the real graph when
/work/shared/realgraph holds it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from talent.geo import normalise_location
from talent.upstream.generate import FILES
from talent.upstream.world import load_world
from talent.vocab import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `evals` is not an installed package (plain `pytest` runs)
    sys.path.insert(0, str(ROOT))

from evals import golden  # noqa: E402
from evals.realworld import build_world  # noqa: E402
from evals.realworld.__main__ import main as realworld_main  # noqa: E402
from evals.realworld.grading import archetype, grade, grade_person, seniority  # noqa: E402
from evals.realworld.graph import (  # noqa: E402
    Contribution,
    load_graph,
    parse_graph,
    sample_people,
    stratum,
)
from evals.realworld.profiles import PLACES  # noqa: E402

QUERIES = ROOT / "evals" / "queries_real.toml"
REAL_GOLDEN = ROOT / "evals" / "golden" / "realgraph.json"
REAL_GRAPH = Path("/work/shared/realgraph/contrib_graph.json")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
REPOS = {
    "eval": "UKGovernmentBEIS/inspect_ai embeddings-benchmark/mteb Giskard-AI/giskard "
    "langchain-ai/openevals uptrain-ai/uptrain",
    "rag": "UKPLab/sentence-transformers FlagOpen/FlagEmbedding AnswerDotAI/RAGatouille "
    "Unstructured-IO/unstructured chonkie-inc/chonkie infiniflow/ragflow",
    "agentic": "pydantic/pydantic-ai huggingface/smolagents openai/openai-agents-python "
    "modelcontextprotocol/python-sdk letta-ai/letta camel-ai/camel agno-agi/agno",
    "vectordb": "milvus-io/pymilvus lancedb/lancedb qdrant/fastembed pgvector/pgvector "
    "weaviate/weaviate",
    "inference": "ml-explore/mlx-lm InternLM/lmdeploy huggingface/text-embeddings-inference "
    "mistralai/mistral-inference",
    "observability": "openlit/openlit langfuse/langfuse Arize-ai/openinference pydantic/logfire "
    "AgentOps-AI/agentops",
    "finetuning": "huggingface/peft huggingface/trl unslothai/unsloth axolotl-ai-cloud/axolotl "
    "hiyouga/LLaMA-Factory",
    "control": "fastapi/fastapi pydantic/pydantic pallets/click Textualize/rich "
    "python-attrs/attrs pytest-dev/pytest psf/black",
}
SINCE, LATEST = date(2022, 11, 1), date(2026, 8, 23)
NOW = LATEST + timedelta(days=2)  # the world's now: two days after the newest commit


def small_graph(people: int, seed: int = 1) -> dict[str, Any]:
    """A graph shaped like the real one: most people commit once, a few hundreds of times."""
    rng = random.Random(seed)
    repos = [
        {"name": name, "category": area, "description": f"{name} ({area})"}
        for area, names in REPOS.items()
        for name in names.split()
    ]
    out = []
    for i in range(people):
        docs = rng.random() < 0.15
        contributions = []
        for repo in rng.sample(repos, 1 if rng.random() < 0.9 else 2):
            commits = max(1, min(3000, int(rng.paretovariate(0.9))))
            first = SINCE + timedelta(days=rng.randrange((LATEST - SINCE).days))
            span = min((LATEST - first).days, int(commits * rng.uniform(0, 12)))
            top = "docs/en" if docs else rng.choice(("src/core", "tests/unit", "lib/x"))
            contributions.append(
                {
                    "repo": repo["name"],
                    "commits": commits,
                    "first": first.isoformat(),
                    "last": (first + timedelta(days=span)).isoformat(),
                    "paths": [{"prefix": top, "commits": commits}],
                    "subjects": [f"Fix the thing (#{rng.randint(1, 9000)})"],
                }
            )
        out.append({"id": f"dev-{i:08x}", "contributions": contributions})
    return {"generated": "2026-12-02", "since": SINCE.isoformat(), "repos": repos, "people": out}


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "contrib_graph.json"
    path.write_text(json.dumps(small_graph(900)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def world(graph_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    build_world(graph_file, out, seed=7, sample=400)
    return out


def read(world: Path, rel: str) -> list[dict[str, Any]]:
    path = world / rel
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def labels_of(world: Path) -> list[dict[str, Any]]:
    return read(world, "truth/labels.jsonl")


def digest(folder: Path) -> dict[str, str]:
    return {
        rel: hashlib.sha256((folder / rel).read_bytes()).hexdigest()
        for rel in (*FILES, "world.json")
    }


# The simulator loads it --------------------------------------------------------------------
def test_world_loads_in_the_simulator(world: Path) -> None:
    loaded = load_world(world)
    assert loaded.summary()["now"] == f"{NOW.isoformat()}T00:00:00Z"
    users = {u["login"].lower(): u for u in read(world, "github/users.jsonl")}
    repos = {r["full_name"] for r in read(world, "github/repos.jsonl")}
    for names in REPOS.values():
        for name in names.split():
            assert name in repos
            assert users[name.split("/")[0].lower()]["type"] == "Organization"


def test_graph_commits_are_served_exactly(graph_file: Path, world: Path) -> None:
    graph = load_graph(graph_file)
    kept = {p.id: p for p in sample_people(graph, 400, 7)}
    logins = {row["person"]: row["github"] for row in labels_of(world) if row["person"] in kept}
    assert len(logins) == 400
    contributions = {(c["login"], c["repo"]): c for c in read(world, "github/contributions.jsonl")}
    users = {u["login"]: u for u in read(world, "github/users.jsonl")}
    for pid, person in kept.items():
        for c in person.contributions:
            served = contributions[(logins[pid], c.repo)]
            assert served["commits"] == c.commits
            assert served["first_commit_at"][:10] == c.first.isoformat()
            assert served["last_commit_at"][:10] == c.last.isoformat()
        assert users[logins[pid]]["created_at"] < f"{person.first.isoformat()}T23:59:59Z"


def test_same_input_and_seed_give_identical_files(graph_file: Path, tmp_path: Path) -> None:
    build_world(graph_file, tmp_path / "a", seed=3, sample=150)
    build_world(graph_file, tmp_path / "b", seed=3, sample=150)
    build_world(graph_file, tmp_path / "c", seed=4, sample=150)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert (tmp_path / "a" / "github/users.jsonl").read_bytes() != (
        tmp_path / "c" / "github/users.jsonl"
    ).read_bytes()


def test_sample_keeps_every_stratum_and_is_seeded(graph_file: Path) -> None:
    graph = load_graph(graph_file)
    area_of = graph.area_of()
    sample = sample_people(graph, 200, 7)
    assert len(sample) == 200
    assert sample == sample_people(graph, 200, 7)
    assert sample != sample_people(graph, 200, 8)
    everyone = Counter(stratum(p, area_of) for p in graph.people)
    kept = Counter(stratum(p, area_of) for p in sample)
    assert set(kept) == set(everyone)
    assert sample_people(graph, 10_000, 7) == graph.people


# Rates ---------------------------------------------------------------------------------------
def test_rates_are_roughly_as_documented(world: Path) -> None:
    labels = [row for row in labels_of(world) if row["person"].startswith("dev-")]
    users = {u["login"]: u for u in read(world, "github/users.jsonl")}
    manifests = {"pyproject.toml", "requirements.txt", "package.json"}
    owners = {f["repo"].split("/")[0] for f in read(world, "github/files.jsonl")}
    with_manifest = {
        f["repo"].split("/")[0] for f in read(world, "github/files.jsonl") if f["path"] in manifests
    }
    assert owners
    ai = [row for row in labels if any(row["categories"].values())]
    share = len(ai) / len(labels)
    assert 0.6 < share < 0.95
    manifest_share = sum(row["github"] in with_manifest for row in ai) / len(ai)
    assert 0.2 < manifest_share < 0.45
    hub_share = sum(row["hf"] is not None for row in ai) / len(ai)
    assert 0.1 < hub_share < 0.32
    bios = [users[row["github"]]["bio"] for row in labels]
    assert 0.3 < sum(not bio for bio in bios) / len(bios) < 0.5
    locations = [users[row["github"]]["location"] for row in labels]
    assert 0.28 < sum(not text for text in locations) / len(locations) < 0.5
    by = sum(row["country"] == "BY" for row in labels) / len(labels)
    assert 0.06 < by < 0.22
    followers = sorted(users[row["github"]]["followers"] for row in labels)
    assert followers[len(followers) // 2] < 20 < followers[-1]  # heavy-tailed
    by_kind: dict[str, list[int]] = {}
    for row in labels:
        by_kind.setdefault(row["archetype"], []).append(users[row["github"]]["followers"])
    mean = {kind: sum(values) / len(values) for kind, values in by_kind.items()}
    assert mean["maintainer"] > mean["contributor"] > mean["drive_by"]  # follows activity


def test_hard_negatives_and_bots_are_there(world: Path) -> None:
    kinds = Counter(row["archetype"] for row in labels_of(world))
    assert kinds["buzzword"] >= 10 and kinds["star_farmer"] >= 2
    assert kinds["bot"] >= 3 and kinds["automation"] >= 2 and kinds["docs_only"] >= 10
    users = {u["login"]: u for u in read(world, "github/users.jsonl")}
    bots = [row["github"] for row in labels_of(world) if row["archetype"] == "bot"]
    assert any(users[login]["type"] == "Bot" for login in bots)
    assert any(login.endswith("-bot") and users[login]["type"] == "User" for login in bots)
    commits = Counter()
    for c in read(world, "github/contributions.jsonl"):
        commits[c["login"]] += c["commits"]
    assert all(commits[login] >= 10 for login in bots)
    hype = [r["github"] for r in labels_of(world) if r["archetype"] in ("buzzword", "star_farmer")]
    repos_with_commits = {c["repo"] for c in read(world, "github/contributions.jsonl")}
    graph_repos = {name for names in REPOS.values() for name in names.split()}
    for login in hype:
        assert not any(
            c["login"] == login and c["repo"] in graph_repos
            for c in read(world, "github/contributions.jsonl")
        )
    assert graph_repos <= repos_with_commits


def test_some_hub_names_collide_with_other_peoples_logins(graph_file: Path, tmp_path: Path) -> None:
    build_world(graph_file, tmp_path, seed=7)
    labels = labels_of(tmp_path)
    by_person = {row["person"]: row for row in labels}
    collisions = [row for row in labels if row["collides_with"]]
    assert collisions
    for row in collisions:
        other = by_person[row["collides_with"]]
        assert row["hf"].lower() == other["github"].lower() != row["github"].lower()


# Places, e-mail addresses -------------------------------------------------------------------
def test_place_spellings_include_cyrillic_and_some_the_product_misreads() -> None:
    texts = [p.text for p in PLACES if p.text]
    assert sum(bool(CYRILLIC.search(t)) for t in texts) >= 8
    assert {"Minsk", "Мінск", "Минск, Беларусь", "Gomel", "Homel", "Гомель", "BY"} <= set(texts)
    misread = []
    for place in PLACES:
        found = normalise_location(place.text)
        if place.country and (found.country, found.city) != (place.country, place.city):
            misread.append(place.text)
    assert {"BLR", "Zhodino", "Мiнск"} <= set(misread)
    assert 5 <= len(misread) <= 20  # reality's share, not most of the table


def test_no_email_addresses_anywhere(world: Path) -> None:
    for path in world.rglob("*"):
        if path.is_file():
            found = EMAIL.findall(path.read_text(encoding="utf-8"))
            assert not found, f"{path.name}: {found[:3]}"
    assert all(u.get("email") is None for u in read(world, "github/users.jsonl"))


# Grading rules ------------------------------------------------------------------------------
AREA_OF = {"a/eval": "eval", "a/agents": "agentic", "a/py": "control", "a/rag": "rag"}


def c(repo: str, commits: int, first: str, last: str, paths: str = "src/x") -> Contribution:
    return Contribution(
        repo,
        commits,
        date.fromisoformat(first),
        date.fromisoformat(last),
        tuple((p, commits) for p in paths.split()),
        (),
    )


def graded(*contributions: Contribution) -> Any:
    return grade_person(contributions, AREA_OF, NOW, CATEGORIES)


def test_grade_three_needs_sustained_recent_code_commits() -> None:
    assert graded(c("a/eval", 20, "2025-06-01", "2026-01-10")).categories["evaluation"] == 3
    # too short, too old, too few: solid work, not sustained recent work
    assert graded(c("a/eval", 40, "2025-11-01", "2026-01-10")).categories["evaluation"] == 2
    assert graded(c("a/eval", 90, "2023-01-01", "2025-06-01")).categories["evaluation"] == 2
    assert graded(c("a/eval", 19, "2025-01-01", "2026-08-01")).categories["evaluation"] == 2
    # commits in two repositories of one area add up
    two = graded(
        c("a/eval", 10, "2025-01-01", "2025-03-01"), c("a/eval", 10, "2026-01-01", "2026-08-01")
    )
    assert two.categories["evaluation"] == 3


def test_grades_two_one_zero() -> None:
    assert graded(c("a/rag", 5, "2026-01-01", "2026-01-02")).categories["retrieval"] == 2
    assert graded(c("a/rag", 2, "2024-01-01", "2024-08-01")).categories["retrieval"] == 2
    assert graded(c("a/rag", 4, "2026-01-01", "2026-02-01")).categories["retrieval"] == 1
    assert graded(c("a/rag", 1, "2026-01-01", "2026-01-01")).categories["retrieval"] == 1
    assert graded(c("a/rag", 1, "2026-01-01", "2026-01-01")).categories["agentic"] == 0
    assert grade(None, NOW) == 0


def test_documentation_only_commits_count_once_and_show_no_production() -> None:
    docs = graded(c("a/agents", 200, "2024-01-01", "2026-08-01", "docs/zh README_ja.md"))
    assert docs.categories["agentic"] == 1
    assert (docs.production, docs.track, archetype(docs)) == (0, None, "docs_only")
    mixed = graded(c("a/agents", 30, "2025-01-01", "2026-08-01", "docs/en src/agent"))
    assert mixed.categories["agentic"] == 3 and archetype(mixed) == "core_contributor"


def test_track_production_and_control() -> None:
    both = graded(
        c("a/rag", 30, "2025-01-01", "2026-08-01"), c("a/agents", 6, "2026-01-01", "2026-02-01")
    )
    assert (both.production, both.track) == (3, "rag")
    tie = graded(
        c("a/rag", 6, "2026-01-01", "2026-02-01"), c("a/agents", 9, "2026-01-01", "2026-02-01")
    )
    assert tie.track == "agentic"  # equal grades: more code commits
    python = graded(
        c("a/py", 300, "2023-01-01", "2026-08-01"), c("a/agents", 1, "2026-03-01", "2026-03-01")
    )
    assert (python.control, python.production, python.track) == (3, 1, None)
    assert archetype(python) == "maintainer"


def test_seniority_bands() -> None:
    d = date.fromisoformat
    assert seniority(d("2014-01-01"), d("2026-08-01"), d("2022-12-01")) == "lead"
    assert seniority(d("2014-01-01"), d("2026-08-01"), d("2025-06-01")) == "mid"
    assert seniority(d("2019-01-01"), d("2026-08-01"), None) == "senior"
    assert seniority(d("2025-01-01"), d("2026-08-01"), None) == "junior"


def test_parse_graph_rejects_unknown_repositories() -> None:
    raw = small_graph(3)
    raw["people"][0]["contributions"][0]["repo"] = "someone/else"
    with pytest.raises(ValueError, match="unknown repositories"):
        parse_graph(raw)


# The golden set ----------------------------------------------------------------------------
def test_golden_builder_runs_on_a_sampled_world(world: Path, tmp_path: Path) -> None:
    out = tmp_path / "golden.json"
    assert golden.main(["--world", str(world), "--queries", str(QUERIES), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    queries = {q["id"]: q for q in data["queries"]}
    assert len(queries) >= 20
    labels = {row["person"]: row for row in labels_of(world)}
    control = queries["python-core-libraries"]["judgments"]
    assert control and all(labels[p]["control"] >= 1 for p in control)
    assert all(labels[p]["archetype"] != "docs_only" for p in control)
    for query in queries.values():
        assert query["judgments"], query["id"]
        kinds = {labels[p]["archetype"] for p in query["avoid"]}
        assert {"buzzword", "bot"} <= kinds
        assert not set(query["avoid"]) & set(query["judgments"]), query["id"]
    texts = " ".join(q["text"] for q in queries.values())
    assert CYRILLIC.search(texts)
    assert any(not q["filters"] for q in queries.values() if "Gomel" in q["text"])


def test_cli_refuses_a_non_empty_folder(graph_file: Path, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    args = ["--graph", str(graph_file), "--out", str(tmp_path), "--sample", "20"]
    assert realworld_main(args) == 1
    assert realworld_main([*args, "--force"]) == 0
    assert (tmp_path / "world.json").is_file()


@pytest.mark.skipif(not REAL_GRAPH.is_file(), reason="the real graph is not on this machine")
def test_a_sample_of_the_real_graph_converts(tmp_path: Path) -> None:
    summary = build_world(REAL_GRAPH, tmp_path, seed=7, sample=300)
    assert summary["graph_people"] == 300
    load_world(tmp_path)
    kinds = Counter(row["archetype"] for row in labels_of(tmp_path))
    assert kinds["maintainer"] + kinds["core_contributor"] >= 1
    assert kinds["drive_by"] > kinds["contributor"] > 0


@pytest.mark.skipif(not REAL_GRAPH.is_file(), reason="the real graph is not on this machine")
def test_committed_real_golden_is_current(tmp_path: Path) -> None:
    """evals/golden/realgraph.json is what the builders write for the full graph, seed 7."""
    build_world(REAL_GRAPH, tmp_path, seed=7)
    built = golden.dumps(golden.build_golden(tmp_path, QUERIES))
    assert built == REAL_GOLDEN.read_text(encoding="utf-8"), (
        "rebuild it: python -m evals.realworld --out .realworld --force && python -m "
        "evals.golden --world .realworld --queries evals/queries_real.toml "
        "--out evals/golden/realgraph.json"
    )
