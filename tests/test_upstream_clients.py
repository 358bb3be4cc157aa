"""The real clients, unmodified, against the simulator: PyGithub and huggingface_hub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import github
import huggingface_hub.constants
import pytest
from github import Consts
from huggingface_hub import HfApi

from talent.upstream.server import Simulator, SimulatorConfig, fetch_stats
from talent.upstream.world import load_world

MINI = Path(__file__).parent / "data" / "world-mini"
GITHUB_TOKEN = "test-token"
HF_TOKEN = "hf_test_token"


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    # small Hub pages, so the client's cursor pagination runs several pages
    with Simulator(load_world(MINI), SimulatorConfig(hf_page_size=2)) as simulator:
        yield simulator


@pytest.fixture
def gh(sim: Simulator) -> github.Github:
    client = github.Github(
        base_url=sim.base_url,
        auth=github.Auth.Token(GITHUB_TOKEN),
        per_page=2,
        seconds_between_requests=0,  # PyGithub's politeness pause; the simulator needs none
    )
    yield client
    client.close()


@pytest.fixture
def hub(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> HfApi:
    # tests run with HF_HUB_OFFLINE=1; the simulator is on loopback, so let this client out
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    return HfApi(endpoint=sim.base_url, token=HF_TOKEN)


# PyGithub ----------------------------------------------------------------------------------


def test_get_user_and_organisation(gh: github.Github) -> None:
    user = gh.get_user("alesia-k")
    assert (user.login, user.name, user.type) == ("alesia-k", "Alesia Kavalenka", "User")
    assert user.location == "Мінск, Беларусь" and user.followers == 311 and user.public_repos == 2
    as_user = gh.get_user("qdrant-labs")
    assert as_user.type == "Organization"
    org = gh.get_organization("qdrant-labs")
    assert org.description == "Vector search engine."
    assert [m.login for m in org.get_members()] == ["alesia-k", "bob-rag"]
    assert [o.login for o in user.get_orgs()] == ["qdrant-labs"]
    assert [r.name for r in user.get_repos()] == ["notes", "rag-eval-service"]


def test_get_repo_follows_renames_and_forks(gh: github.Github) -> None:
    repo = gh.get_repo("qdrant-labs/qdrant-client")
    assert repo.stargazers_count == 3000 and repo.get_topics() == ["vector-search", "rag", "python"]
    assert repo.get_languages()["Python"] == 812345
    assert repo.organization.login == "qdrant-labs"
    fork = gh.get_repo("bob-rag/qdrant-client")
    assert fork.fork and fork.parent.full_name == "qdrant-labs/qdrant-client"
    renamed = gh.get_repo("carol-agents/agentkit")  # 301 -> /repositories/500004
    assert renamed.full_name == "carol-agents/agent-runtime" and renamed.id == 500004


def test_contributors_over_several_pages(gh: github.Github) -> None:
    contributors = gh.get_repo("qdrant-labs/qdrant-client").get_contributors()
    assert contributors.totalCount == 5
    assert [(c.login, c.contributions) for c in contributors] == [
        ("ci-helper[bot]", 80),
        ("alesia-k", 42),
        ("bob-rag", 17),
        ("carol-agents", 5),
        ("dave-platform", 3),
    ]


def test_search_users_with_a_location_qualifier(gh: github.Github) -> None:
    found = gh.search_users("location:Berlin type:user")
    assert found.totalCount == 4
    assert sorted(u.login for u in found) == [
        "bob-rag",
        "dave-platform",
        "erin-berlin",
        "frank-buzz",
    ]
    quoted = gh.search_users('location:"San Francisco"')
    assert [u.login for u in quoted] == ["carol-agents"]


def test_rate_limit(gh: github.Github) -> None:
    limits = gh.get_rate_limit()
    assert limits.resources.core.limit == 5000
    assert 0 < limits.resources.core.remaining <= 5000
    assert limits.resources.search.limit == 30
    gh.get_user("bob-rag")
    assert gh.rate_limiting[1] == 5000 and gh.rate_limiting[0] < 5000


def test_commits_contents_events_and_stats(
    gh: github.Github, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Consts, "PROCESSING_202_WAIT_TIME", 0.01)
    repo = gh.get_repo("qdrant-labs/qdrant-client")
    commits = list(repo.get_commits(author="dave-platform"))
    assert len(commits) == 3 and commits[0].commit.author.date.year == 2026
    assert commits[0].author.login == "dave-platform"
    stats = repo.get_stats_contributors()  # 202 first; PyGithub waits and asks again
    assert [s.author.login for s in stats][-1] == "ci-helper[bot]" and stats[-1].total == 80
    content = gh.get_repo("alesia-k/rag-eval-service").get_contents("requirements.txt")
    assert b"ragas==0.2.1" in content.decoded_content
    events = gh.get_user("alesia-k").get_public_events()
    assert [e.type for e in events] == ["PullRequestEvent", "PushEvent", "WatchEvent"]
    assert gh.get_user().login.startswith("sim-")


# huggingface_hub ---------------------------------------------------------------------------


def test_list_models_by_author_and_by_filter(hub: HfApi) -> None:
    mine = [m.id for m in hub.list_models(author="alesiak")]  # two pages of two
    assert mine == ["alesiak/bge-small-legal-ft", "alesiak/rag-reranker-v2", "alesiak/tiny-test"]
    found = list(hub.list_models(filter="sentence-transformers", search="embed"))
    assert [m.id for m in found] == ["minsk-nlp/belarus-embed"]
    assert found[0].downloads == 9000 and found[0].library_name == "sentence-transformers"
    top = list(hub.list_models(sort="downloads", limit=2))
    assert [m.id for m in top] == ["minsk-nlp/belarus-embed", "alesiak/bge-small-legal-ft"]
    full = next(iter(hub.list_models(author="bobr", full=True)))
    assert full.gated == "manual" and full.siblings


def test_model_info_including_a_renamed_model(hub: HfApi) -> None:
    info = hub.model_info("alesiak/bge-small-legal-ft")
    assert info.pipeline_tag == "sentence-similarity" and info.likes == 14
    assert info.card_data is not None and info.card_data.license == "mit"
    renamed = hub.model_info("alesiak/bge-small-legal")  # 307, relative Location
    assert renamed.id == "alesiak/bge-small-legal-ft"
    assert hub.model_info("alesiak/rag-reranker-v2", revision="main").sha


def test_datasets_and_spaces_by_author(hub: HfApi) -> None:
    assert [d.id for d in hub.list_datasets(author="alesiak")] == ["alesiak/legal-qa-golden"]
    spaces = list(hub.list_spaces(author="bobr"))
    assert [s.id for s in spaces] == ["bobr/agent-playground"] and spaces[0].sdk == "streamlit"
    assert hub.dataset_info("minsk-nlp/belarus-corpus").downloads == 700
    assert hub.space_info("alesiak/rag-eval-demo").sdk == "gradio"


def test_accounts_members_likes_and_whoami(hub: HfApi) -> None:
    user = hub.get_user_overview("alesiak")
    assert (user.username, user.fullname, user.num_models) == ("alesiak", "Alesia Kavalenka", 3)
    assert [org.name for org in user.orgs] == ["minsk-nlp"]
    org = hub.get_organization_overview("minsk-nlp")
    assert org.num_users == 2 and org.num_models == 1
    assert [m.username for m in hub.list_organization_members("minsk-nlp")] == ["alesiak", "bobr"]
    likes = hub.list_liked_repos("alesiak")  # two pages
    assert likes.total == 3
    assert (likes.models, likes.datasets, likes.spaces) == (
        ["minsk-nlp/belarus-embed"],
        ["minsk-nlp/belarus-corpus"],
        ["bobr/agent-playground"],
    )
    me = hub.whoami()
    assert me["type"] == "user" and me["name"].startswith("sim-")


def test_clients_leave_no_token_in_the_stats(sim: Simulator, gh: github.Github, hub: HfApi) -> None:
    gh.get_user("alesia-k")
    hub.model_info("alesiak/rag-reranker-v2")
    stats = fetch_stats(sim.base_url)
    text = json.dumps(stats)
    assert GITHUB_TOKEN not in text and HF_TOKEN not in text
    assert stats["by_endpoint"]["GET /api/models/{repo_id}"] >= 1
    assert stats["by_token"]
    assert all(key.startswith(("token:", "anon:")) for key in stats["by_token"])
