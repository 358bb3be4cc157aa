"""GitHub profiling rules: which repositories get their manifests read, and which files.

The rules are pure functions (crawler.profiling); the congruence test at the end profiles one
hand-built person through both paths, the Scrapy spider and the PyGithub client, against the
simulator, and compares what each stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from crawl_support import NOW, crawl, small_config
from crawl_support import simulator as serve
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from talent.cli import main
from talent.crawler.profiling import (
    JS_FILES,
    MAX_AI_REPOS,
    PYTHON_FILES,
    dependency_files,
    is_ai_repo,
    strongest,
)
from talent.store import models
from talent.store.items import RepositoryItem
from talent.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def repo(name: str, **kw: Any) -> RepositoryItem:
    full = name if "/" in name else f"mira/{name}"
    return RepositoryItem(
        source_url="https://api.github.com/users/mira/repos",
        github_id=abs(hash(full)) % 10**9,
        full_name=full,
        owner_login=full.split("/")[0],
        **kw,
    )


# The rules -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (repo("rag-eval-service"), True),  # words in the name
        (repo("rag_eval_service"), True),  # underscores separate words too
        (repo("notes", topics=["rag"]), True),  # a taxonomy topic
        (repo("notes", description="Serving with vLLM on two GPUs"), True),
        (repo("notes"), False),
        (repo("todo-app", description="a todo list", topics=["javascript"]), False),
        (repo("rag-eval-service", is_fork=True), False),  # forks are nobody's work
        (repo("notes", topics="rag", description=3), False),  # unvalidated junk is no match
    ],
)
def test_is_ai_repo(item: RepositoryItem, expected: bool) -> None:
    assert is_ai_repo(item, TAXONOMY) is expected


def test_is_ai_repo_needs_a_name() -> None:
    nameless = RepositoryItem(
        source_url="u", github_id=1, full_name=None, owner_login="mira", topics=["rag"]
    )
    assert not is_ai_repo(nameless, TAXONOMY)


def test_strongest_first_by_stars_ties_by_name_capped() -> None:
    items = [
        repo("b", stars=10),
        repo("a", stars=10),
        repo("c", stars=None),
        repo("d", stars=50),
        repo("e", stars=3),
    ]
    assert [r.full_name for r in strongest(items)] == ["mira/d", "mira/a", "mira/b"]
    assert len(strongest(items)) == MAX_AI_REPOS
    assert [r.full_name for r in strongest(items, limit=5)][-1] == "mira/c"


@pytest.mark.parametrize(
    ("language", "files"),
    [
        ("Python", PYTHON_FILES),
        ("Jupyter Notebook", PYTHON_FILES),
        (None, PYTHON_FILES),
        ("TypeScript", JS_FILES),
        ("JavaScript", JS_FILES),
        ("Vue", JS_FILES),
        ("Svelte", JS_FILES),
    ],
)
def test_manifest_order_by_language(language: str | None, files: tuple[str, ...]) -> None:
    assert dependency_files(repo("x", language=language)) == files
    assert PYTHON_FILES == ("pyproject.toml", "requirements.txt")


# Both paths, the same choices ---------------------------------------------------------------
PYPROJECT = '[project]\nname = "notes"\ndependencies = ["ragas>=0.2", "qdrant-client"]\n'
PACKAGE_JSON = json.dumps({"dependencies": {"@langchain/langgraph": "^0.2"}})
REPOS: list[dict[str, Any]] = [
    # strongest AI repository, by its topic; pyproject.toml comes before requirements.txt
    {"name": "notes", "topics": ["rag"], "language": "Python", "stars": 45,
     "files": {"pyproject.toml": PYPROJECT, "requirements.txt": "vllm\n"}},
    # JavaScript family: package.json only, even when a requirements.txt is there
    {"name": "agent-ui", "language": "TypeScript", "stars": 40,
     "files": {"package.json": PACKAGE_JSON, "requirements.txt": "crewai\n"}},
    # Python: never package.json
    {"name": "rag-eval-service", "language": "Python", "stars": 40,
     "files": {"package.json": PACKAGE_JSON}},
    # the fourth AI repository: beyond the cap
    {"name": "vllm-bench", "language": "Python", "stars": 35,
     "files": {"requirements.txt": "vllm\n"}},
    # a fork and a repository without AI signals: not read however many stars
    {"name": "qdrant-demo", "language": "Python", "stars": 100, "fork": True,
     "files": {"requirements.txt": "qdrant-client\n"}},
    {"name": "todo-app", "language": "Python", "stars": 500,
     "files": {"requirements.txt": "flask\n"}},
]  # fmt: skip
EXPECTED = {
    ("mira/notes", "pyproject.toml", "pypi", "ragas"),
    ("mira/notes", "pyproject.toml", "pypi", "qdrant-client"),
    ("mira/agent-ui", "package.json", "npm", "@langchain/langgraph"),
}


def write_world(folder: Path) -> Path:
    lines: dict[str, list[dict[str, Any]]] = {"users": [], "repos": [], "files": []}
    lines["users"].append({"login": "mira", "id": 7001, "type": "User", "name": "Mira"})
    # no public events: the client must cope with an empty event list
    for i, spec in enumerate(REPOS):
        full = f"mira/{spec['name']}"
        lines["repos"].append(
            {
                "id": 8000 + i,
                "full_name": full,
                "language": spec["language"],
                "stargazers_count": spec["stars"],
                "topics": spec.get("topics", []),
                "fork": spec.get("fork", False),
                "created_at": "2025-01-01T00:00:00Z",
                "pushed_at": "2026-11-01T00:00:00Z",
            }
        )
        for path, content in spec["files"].items():
            lines["files"].append({"repo": full, "path": path, "content": content})
    (folder / "github").mkdir(parents=True)
    (folder / "world.json").write_text(
        json.dumps({"format": "talent-world/1", "now": NOW.strftime("%Y-%m-%dT%H:%M:%SZ")})
    )
    for name, rows in lines.items():
        text = "".join(json.dumps(row) + "\n" for row in rows)
        (folder / "github" / f"{name}.jsonl").write_text(text)
    return folder


def stored_dependencies(database: Path) -> set[tuple[str, str, str, str]]:
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as s:
        rows = s.execute(
            select(
                models.Repository.full_name,
                models.Dependency.file,
                models.Dependency.ecosystem,
                models.Dependency.name,
            ).join(models.Repository, models.Dependency.repository_id == models.Repository.id)
        )
        found = {tuple(row) for row in rows}
    engine.dispose()
    return found  # type: ignore[return-value]


@pytest.mark.slow
def test_spider_and_client_read_the_same_repositories_and_files(
    tmp_path: Path, talent_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = write_world(tmp_path / "world")
    config = small_config(tmp_path / "config")
    spider_home = tmp_path / "spider-home"
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    with serve(world) as sim:
        crawl(spider_home, config, sim.base_url, "--source", "github", "--no-discover",
              "--login", "mira")  # fmt: skip
        main(["profile", "refresh", "mira", "--upstream", sim.base_url])
    by_spider = stored_dependencies(spider_home / "talent.db")
    by_client = stored_dependencies(talent_home / "talent.db")
    assert by_spider == EXPECTED
    assert by_client == by_spider
