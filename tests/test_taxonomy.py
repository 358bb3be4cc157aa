"""The signal taxonomy and crawl seeds: the real config files, lookups and manifest parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talent.crawler.manifests import parse_dependency_file
from talent.crawler.seeds import Seeds, check_seeds, load_seeds
from talent.errors import ConfigError
from talent.settings import REPO_CONFIG_DIR
from talent.taxonomy import (
    CATEGORIES,
    TRACKS,
    Taxonomy,
    load_signals,
    load_taxonomy,
    normalise_npm_name,
    normalise_pypi_name,
)

SIGNALS_TEXT = (REPO_CONFIG_DIR / "signals.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REPO_CONFIG_DIR / "signals.toml")


def write_signals(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "signals.toml"
    path.write_text(text, encoding="utf-8")
    return path


# The shipped files -----------------------------------------------------------------------
def test_signals_load_with_every_category_in_order() -> None:
    signals = load_signals()
    assert tuple(signals.categories) == CATEGORIES
    for name, category in signals.categories.items():
        assert category.title and category.description, name
        assert 0 < category.weight <= 1, name
        assert set(category.tracks) <= set(TRACKS), name
        assert category.repositories, f"{name} lists no repositories"
        assert category.dependencies.pypi or category.dependencies.npm, name
    assert signals.strength.weak < signals.strength.strong
    assert {t for c in signals.categories.values() for t in c.tracks} == set(TRACKS)


def test_loading_is_cached_by_path() -> None:
    assert load_signals() is load_signals(REPO_CONFIG_DIR / "signals.toml")
    assert load_seeds() is load_seeds()


def test_seeds_and_signals_share_exactly_the_same_categories() -> None:
    assert set(load_seeds().categories) == set(load_signals().categories) == set(CATEGORIES)


def test_every_seed_repository_is_scored_by_signals(taxonomy: Taxonomy) -> None:
    seeds = load_seeds()
    assert len(seeds.repositories()) >= 30
    for category, spec in seeds.categories.items():
        for repo in spec.repositories:
            assert taxonomy.canonical_repo(repo) == repo, repo
            assert category in taxonomy.categories_for_repo(repo), (category, repo)
    check_seeds(seeds, taxonomy)


def test_check_seeds_rejects_a_repository_signals_does_not_list(taxonomy: Taxonomy) -> None:
    data = load_seeds().model_dump()
    data["categories"]["evaluation"]["repositories"] = ["someone/unscored-project"]
    with pytest.raises(ConfigError, match="someone/unscored-project"):
        check_seeds(Seeds.model_validate(data), taxonomy)


def test_seed_searches_and_bounds() -> None:
    seeds = load_seeds()
    assert "location:Belarus" in seeds.github.user_searches
    assert any("Minsk" in s for s in seeds.github.user_searches)
    assert seeds.bounds.max_contributor_pages >= 1
    assert {"qdrant", "langchain-ai", "run-llama", "vllm-project"} <= set(seeds.organisations())


# Repositories ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        ("explodinggradients/ragas", {"evaluation": 1.0}),
        ("Confident-AI/DeepEval", {"evaluation": 1.0}),
        ("qdrant/qdrant-client", {"vector_db": 1.0}),
        ("vllm-project/vllm", {"inference": 1.0}),
        ("ggerganov/llama.cpp", {"inference": 1.0}),  # former name of ggml-org/llama.cpp
        ("BerriAI/litellm", {"cost_latency": 1.0}),
        ("huggingface/peft", {"fine_tuning": 1.0}),
        ("langfuse/langfuse", {"mlops": 1.0}),
        ("langchain-ai/langgraph", {"agentic": 1.0}),
        ("langchain-ai/langchain", {"retrieval": 0.3}),  # LangChain alone is weak
        ("someone/todo-app", {}),
    ],
)
def test_categories_for_repo(taxonomy: Taxonomy, repo: str, expected: dict[str, float]) -> None:
    assert taxonomy.categories_for_repo(repo) == expected


def test_subsystem_entries_count_only_for_work_under_their_paths(taxonomy: Taxonomy) -> None:
    repo = "langchain-ai/langchain"
    qdrant = taxonomy.categories_for_repo(repo, ["libs/partners/qdrant/langchain_qdrant/v.py"])
    assert qdrant == {"retrieval": 0.3, "vector_db": 1.0}
    splitters = taxonomy.categories_for_repo(repo, ["libs/text-splitters"])
    assert splitters == {"retrieval": 0.9}
    # A sibling folder whose name merely starts the same is not inside the subsystem.
    assert taxonomy.categories_for_repo(repo, ["libs/partners/qdrant2/x.py"]) == {"retrieval": 0.3}


# Dependencies ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("Sentence_Transformers", "sentence-transformers"),
        ("sentence.transformers", "sentence-transformers"),
        ("SENTENCE--transformers[onnx]>=3.0", "sentence-transformers"),
        ("llama-index-core ; python_version >= '3.9'", "llama-index-core"),
        ("FlagEmbedding==1.2.10", "flagembedding"),
        ("  qdrant-client ~= 1.9", "qdrant-client"),
        ("!!!", ""),
    ],
)
def test_pep503_normalisation(spec: str, name: str) -> None:
    assert normalise_pypi_name(spec) == name


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("@qdrant/js-client-rest", "@qdrant/js-client-rest"),
        ("@LangChain/LangGraph@0.2.1", "@langchain/langgraph"),
        ("promptfoo@latest", "promptfoo"),
        ("not a name", ""),
    ],
)
def test_npm_normalisation(spec: str, name: str) -> None:
    assert normalise_npm_name(spec) == name


def test_categories_for_dependency(taxonomy: Taxonomy) -> None:
    assert taxonomy.categories_for_dependency("pypi", "RAGAS>=0.2") == {"evaluation": 1.0}
    assert taxonomy.categories_for_dependency("PyPI", "Llama_Index.Core") == {"retrieval": 1.0}
    assert taxonomy.categories_for_dependency("pypi", "dspy-ai") == {"agentic": 1.0}
    assert taxonomy.categories_for_dependency("npm", "@qdrant/js-client-rest") == {"vector_db": 1.0}
    assert taxonomy.categories_for_dependency("npm", "@langchain/langgraph") == {"agentic": 1.0}
    # Everybody has these: weak on their own, as the article says of "familiar with LangChain".
    assert taxonomy.categories_for_dependency("pypi", "langchain") == {"retrieval": 0.25}
    assert taxonomy.categories_for_dependency("pypi", "openai") == {"inference": 0.25}
    assert taxonomy.categories_for_dependency("pypi", "redis") == {"cost_latency": 0.25}
    assert taxonomy.categories_for_dependency("pypi", "flask") == {}


def test_an_unknown_ecosystem_is_a_programming_error(taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError, match="cargo"):
        taxonomy.categories_for_dependency("cargo", "serde")


# Hugging Face ----------------------------------------------------------------------------
def test_categories_for_hf(taxonomy: Taxonomy) -> None:
    assert taxonomy.categories_for_hf(["GGUF", "license:mit"]) == {"inference": 1.0}
    assert taxonomy.categories_for_hf(["base_model:adapter:meta-llama/Llama-3.1-8B"]) == {
        "fine_tuning": 1.0
    }
    embedder = taxonomy.categories_for_hf([], "sentence-transformers", "sentence-similarity")
    assert embedder == {"retrieval": 1.0}
    chat = taxonomy.categories_for_hf(["text-generation"], "transformers", "text-generation")
    assert chat == {"inference": 0.25, "fine_tuning": 0.25}
    assert taxonomy.categories_for_hf(["region:us", "endpoints_compatible"], None, None) == {}
    assert taxonomy.categories_for_hf(None) == {}


# Keywords and topics ---------------------------------------------------------------------
def test_keywords_match_whole_words_only(taxonomy: Taxonomy) -> None:
    assert taxonomy.keyword_hits("We evaluate with Ragas nightly") == {"evaluation": ["ragas"]}
    assert taxonomy.keyword_hits("ragasm and deepevalx are not tools") == {}
    assert taxonomy.keyword_hits("") == {} and taxonomy.keyword_hits(None) == {}


@pytest.mark.parametrize("text", ["re-ranking", "Reranking", "re ranking", "RE_RANKING"])
def test_keyword_spelling_variants(taxonomy: Taxonomy, text: str) -> None:
    hits = taxonomy.keyword_hits(f"adds {text} to the pipeline", include_weak=False)
    assert hits == {"retrieval": ["reranking"]}


def test_keyword_hits_report_each_keyword_once_in_text_order(taxonomy: Taxonomy) -> None:
    text = (
        "Rerank with a reranker; golden sets and a regression suite; LLM-as-a-judge; "
        "tool calling agents on LangGraph; semantic caching cut token cost. Reranker again."
    )
    hits = taxonomy.keyword_hits(text, include_weak=False)
    assert hits == {
        "evaluation": ["golden set", "regression suite", "llm-as-a-judge"],
        "retrieval": ["rerank", "reranker"],
        "agentic": ["tool calling", "langgraph"],
        "cost_latency": ["semantic caching", "token cost"],
    }
    assert "agent" in taxonomy.keyword_hits(text)["agentic"]  # the weak hit, when asked for


def test_longer_keywords_win_over_their_parts(taxonomy: Taxonomy) -> None:
    hits = taxonomy.keyword_hits("built on llama_index and sentence-transformers")
    assert hits == {"retrieval": ["llamaindex", "sentence-transformers"]}


def test_categories_for_keywords_keeps_the_strongest(taxonomy: Taxonomy) -> None:
    scores = taxonomy.categories_for_keywords("an agent with tool calling, and an agent")
    assert scores == {"agentic": 1.0}
    assert taxonomy.categories_for_keywords("an agent") == {"agentic": 0.25}


def test_categories_for_topics(taxonomy: Taxonomy) -> None:
    topics = ["RAG", "llm_evaluation", "vector-database", "python"]
    assert taxonomy.categories_for_topics(topics) == {
        "retrieval": 1.0,
        "evaluation": 1.0,
        "vector_db": 1.0,
    }
    assert taxonomy.categories_for_topics(None) == {}


# Anti-signals ----------------------------------------------------------------------------
def test_anti_signal_predicates(taxonomy: Taxonomy) -> None:
    assert taxonomy.is_bot_login("dependabot[bot]") and taxonomy.is_bot_login("acme-bot")
    assert not taxonomy.is_bot_login("alesia-k") and not taxonomy.is_bot_login("abbott")
    assert taxonomy.is_tutorial_repo("me/chatgpt-clone")
    assert taxonomy.is_tutorial_repo("me/awesome-rag")
    assert taxonomy.is_tutorial_repo("me/rag-bot", "Homework for the Udemy LangChain course")
    assert not taxonomy.is_tutorial_repo("me/rag-eval-service", "Production RAG evals")
    assert taxonomy.buzzwords("GPT wizard | AI 🚀 | ChatGPT-enthusiast") == [
        "gpt wizard",
        "ai 🚀",
        "chatgpt enthusiast",
    ]
    assert taxonomy.buzzwords("AI engineer, retrieval and evals") == []
    assert taxonomy.is_star_farmed(stars=3000, forks=2, contributors=1, commits=3)
    assert not taxonomy.is_star_farmed(stars=3000, forks=400, contributors=30, commits=900)
    assert taxonomy.is_forks_only(public_repos=20, source_repos=1)
    assert not taxonomy.is_forks_only(public_repos=20, source_repos=12)
    assert taxonomy.is_inactive(400) and not taxonomy.is_inactive(30)


# Dependency files ------------------------------------------------------------------------
PYPROJECT = """
[project]
name = "rag-eval-service"
dependencies = [
  "ragas>=0.2",
  "Llama_Index.Core[postgres] ; python_version >= '3.10'",
  "qdrant-client",
]
[project.optional-dependencies]
serve = ["vllm==0.6.0", "ragas"]
[dependency-groups]
dev = ["pytest", {include-group = "serve"}]
[build-system]
requires = ["setuptools"]
"""

POETRY = """
[tool.poetry.dependencies]
python = "^3.11"
LangGraph = "^0.2"
sentence_transformers = {version = "^3", extras = ["onnx"]}
[tool.poetry.group.dev.dependencies]
deepeval = "*"
"""

REQUIREMENTS = """\
# production deps
-r base.txt
-c constraints.txt
--index-url https://pypi.org/simple
ragas==0.2.1  # evaluation
llama-index-core>=0.11 ; python_version >= "3.10"
FlagEmbedding[finetune]
qdrant_client \\
    --hash=sha256:abc
-e git+https://github.com/me/pkg.git#egg=pkg
https://example.com/wheels/thing-1.0-py3-none-any.whl
./local/package
litellm @ https://files.example.com/litellm-1.0.tar.gz

"""

PACKAGE_JSON = {
    "name": "agent-ui",
    "dependencies": {"@langchain/langgraph": "^0.2", "ai": "^4"},
    "devDependencies": {"promptfoo": "latest"},
    "peerDependencies": {"@qdrant/js-client-rest": "^1.9"},
    "scripts": {"build": "tsc"},
}


def test_parse_pyproject_pep621_and_groups() -> None:
    assert parse_dependency_file("pyproject.toml", PYPROJECT) == [
        ("pypi", "ragas"),
        ("pypi", "llama-index-core"),
        ("pypi", "qdrant-client"),
        ("pypi", "vllm"),
        ("pypi", "pytest"),
    ]


def test_parse_pyproject_poetry() -> None:
    assert parse_dependency_file("svc/pyproject.toml", POETRY) == [
        ("pypi", "langgraph"),
        ("pypi", "sentence-transformers"),
        ("pypi", "deepeval"),
    ]


@pytest.mark.parametrize(
    "name", ["requirements.txt", "requirements-dev.txt", "requirements/prod.txt"]
)
def test_parse_requirements(name: str) -> None:
    assert parse_dependency_file(name, REQUIREMENTS) == [
        ("pypi", "ragas"),
        ("pypi", "llama-index-core"),
        ("pypi", "flagembedding"),
        ("pypi", "qdrant-client"),
        ("pypi", "litellm"),
    ]


def test_parse_package_json() -> None:
    assert parse_dependency_file("web/package.json", json.dumps(PACKAGE_JSON)) == [
        ("npm", "@langchain/langgraph"),
        ("npm", "ai"),
        ("npm", "promptfoo"),
        ("npm", "@qdrant/js-client-rest"),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pyproject.toml", "[project\ndependencies = ["),
        ("pyproject.toml", "\x00\x01\x02"),
        ("pyproject.toml", "project = 3\n[tool]\npoetry = 'x'"),
        ("package.json", "{not json"),
        ("package.json", "[1, 2, 3]"),
        ("package.json", '{"dependencies": ["ragas"]}'),
        ("requirements.txt", "<<<>>>\n===\n-e .\n# only a comment\n"),
        ("Pipfile", "[[[["),
        ("setup.py", "install_requires=['ragas']"),
        ("README.md", "ragas"),
    ],
)
def test_garbage_gives_nothing(name: str, content: str) -> None:
    assert parse_dependency_file(name, content) == []


def test_parsed_names_feed_the_lookups(taxonomy: Taxonomy) -> None:
    found: dict[str, float] = {}
    for ecosystem, name in parse_dependency_file("pyproject.toml", PYPROJECT):
        for category, weight in taxonomy.categories_for_dependency(ecosystem, name).items():
            found[category] = max(weight, found.get(category, 0.0))
    assert found == {"evaluation": 1.0, "retrieval": 1.0, "vector_db": 1.0, "inference": 1.0}


# Broken config files ---------------------------------------------------------------------
def test_corrupt_toml_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_signals(tmp_path, "version = 1\n[strength]\nstrong = 1.0\nweak = = 0.2\n")
    monkeypatch.setenv("TALENT_CONFIG_DIR", str(tmp_path))
    with pytest.raises(ConfigError) as caught:
        load_signals()
    assert str(tmp_path / "signals.toml") in caught.value.message
    assert "line 4" in caught.value.message
    assert caught.value.hint


def test_a_wrong_type_names_the_key(tmp_path: Path) -> None:
    broken = SIGNALS_TEXT.replace("weight = 1.0\ntracks", 'weight = "high"\ntracks', 1)
    assert broken != SIGNALS_TEXT
    with pytest.raises(ConfigError) as caught:
        load_signals(write_signals(tmp_path, broken))
    assert "categories.evaluation.weight" in caught.value.message
    assert "'high'" in caught.value.message
    assert "signals.toml" in caught.value.message


def test_a_bad_repository_name_names_its_index(tmp_path: Path) -> None:
    broken = SIGNALS_TEXT.replace('"confident-ai/deepeval"', '"not a repo"', 1)
    with pytest.raises(ConfigError, match=r"categories\.evaluation\.repositories\[1\]\.name"):
        load_signals(write_signals(tmp_path, broken))


def test_a_missing_category_is_named(tmp_path: Path) -> None:
    broken = SIGNALS_TEXT.replace("[categories.mlops]", "[categories.ml_ops]", 1)
    broken = broken.replace("[categories.mlops.", "[categories.ml_ops.")
    with pytest.raises(ConfigError, match=r"missing \['mlops'\]; unknown \['ml_ops'\]"):
        load_signals(write_signals(tmp_path, broken))


def test_an_item_both_strong_and_weak_is_rejected(tmp_path: Path) -> None:
    broken = SIGNALS_TEXT.replace(
        'keywords = ["evaluation", "benchmark"', 'keywords = ["Golden-Sets", "benchmark"', 1
    )
    with pytest.raises(ConfigError, match=r"categories\.evaluation.*goldenset"):
        load_signals(write_signals(tmp_path, broken))


def test_seeds_with_an_unknown_category_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "seeds.toml"
    text = (REPO_CONFIG_DIR / "seeds.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("[categories.agentic]", "[categories.agents]"), "utf-8")
    with pytest.raises(ConfigError, match=r"seeds\.toml.*categories"):
        load_seeds(path)
