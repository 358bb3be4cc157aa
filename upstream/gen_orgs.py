"""The world around the people: real GitHub organisations and their repositories, real Hub
organisations and the artifacts people like and fine-tune from, fictional companies and
communities, and bots."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from talent.upstream.gen_catalogue import (
    APP_BOTS,
    HF_DATASETS,
    HF_MODELS,
    HF_ORGS,
    HF_SPACES,
    ORGS,
    REPOS,
    CatalogueRepo,
    HfArtifact,
)
from talent.upstream.gen_person import LICENSES, PersonBuilder
from talent.upstream.gen_state import (
    DAY,
    YEAR,
    FictionalOrg,
    WorldState,
    between,
    day,
    gh_time,
    heavy_tail,
    hf_time,
    node_id,
)
from talent.upstream.gen_templates import HF_BY_KEY

Record = dict[str, Any]
Emit = Callable[[str, Record], None]

# login, name, kind, focus, region, location, description, on the Hub
_FICTIONAL: tuple[tuple[str, str, str, str, str, str | None, str, bool], ...] = (
    (
        "minsk-nlp",
        "Minsk NLP",
        "community",
        "rag",
        "by",
        "Minsk, Belarus",
        "NLP & LLM meetups in Minsk. Talks, notebooks and Belarusian-language datasets.",
        True,
    ),
    (
        "eastern-europe-ml",
        "Eastern Europe ML",
        "community",
        "rag",
        "ee",
        "Europe",
        "Community of ML and AI engineers from Eastern Europe.",
        True,
    ),
    (
        "belarus-ai",
        "Belarus AI Community",
        "community",
        "agentic",
        "by",
        "Belarus",
        "Belarusian AI engineers: meetups, study groups, open source.",
        False,
    ),
    (
        "bel-nlp",
        "Belarusian NLP",
        "community",
        "rag",
        "by",
        None,
        "Open datasets and models for the Belarusian language.",
        True,
    ),
    (
        "kyiv-ai-meetup",
        "Kyiv AI Meetup",
        "community",
        "agentic",
        "ee",
        "Kyiv, Ukraine",
        "Monthly AI engineering meetup in Kyiv.",
        False,
    ),
    (
        "warsaw-llm",
        "Warsaw LLM Meetup",
        "community",
        "rag",
        "ee",
        "Warsaw, Poland",
        "LLM engineering in production — talks and code.",
        False,
    ),
    (
        "vilnius-ml",
        "Vilnius ML",
        "community",
        "platform",
        "ee",
        "Vilnius, Lithuania",
        "Machine learning community in Vilnius.",
        False,
    ),
    (
        "tbilisi-devs",
        "Tbilisi Devs",
        "community",
        "plain",
        "ee",
        "Tbilisi, Georgia",
        "Relocated and local developers in Tbilisi.",
        False,
    ),
    (
        "rag-builders",
        "RAG Builders",
        "community",
        "rag",
        "world",
        None,
        "Open-source recipes for production retrieval.",
        True,
    ),
    (
        "llm-evals-community",
        "LLM Evals Community",
        "community",
        "evaluation",
        "world",
        None,
        "Sharing golden sets, judges and eval harnesses.",
        True,
    ),
    (
        "zubr-tech",
        "Zubr Tech",
        "company",
        "rag",
        "by",
        "Minsk, Belarus",
        "Search and assistants for enterprise documents.",
        True,
    ),
    (
        "nioman-data",
        "Nioman Data",
        "company",
        "platform",
        "by",
        "Grodno, Belarus",
        "Data and LLM platform engineering.",
        False,
    ),
    (
        "polotsk-systems",
        "Polotsk Systems",
        "company",
        "plain",
        "by",
        "Minsk, Belarus",
        "Custom software development.",
        False,
    ),
    (
        "sviren-labs",
        "Sviren Labs",
        "company",
        "agentic",
        "ee",
        "Vilnius, Lithuania",
        "Agents for back-office automation.",
        False,
    ),
    (
        "kvant-ai",
        "Kvant AI",
        "company",
        "rag",
        "ee",
        "Warsaw, Poland",
        "Retrieval-augmented products for fintech.",
        True,
    ),
    (
        "evalworks",
        "EvalWorks",
        "company",
        "evaluation",
        "ee",
        "Warsaw, Poland",
        "Evaluation infrastructure for LLM products.",
        False,
    ),
    (
        "tokenwise",
        "Tokenwise",
        "company",
        "platform",
        "ee",
        "Tbilisi, Georgia",
        "Cheaper, faster LLM inference.",
        True,
    ),
    (
        "latentcraft",
        "Latentcraft",
        "company",
        "agentic",
        "ee",
        "Kyiv, Ukraine",
        "Agentic workflows for operations teams.",
        True,
    ),
    (
        "karpaty-labs",
        "Karpaty Labs",
        "company",
        "rag",
        "ee",
        "Lviv, Ukraine",
        "Applied AI studio.",
        False,
    ),
    (
        "bursztyn-soft",
        "Bursztyn Software",
        "company",
        "plain",
        "ee",
        "Gdańsk",
        "Software house.",
        False,
    ),
    (
        "pinemesh",
        "Pinemesh",
        "company",
        "platform",
        "world",
        "Berlin, Germany",
        "GPU platform for AI teams.",
        False,
    ),
    (
        "recallstack",
        "Recallstack",
        "company",
        "rag",
        "world",
        "San Francisco, CA",
        "Retrieval infrastructure.",
        False,
    ),
    (
        "searchlight-ai",
        "Searchlight AI",
        "company",
        "agentic",
        "world",
        "London, UK",
        "Research agents for analysts.",
        False,
    ),
    (
        "harborline",
        "Harborline",
        "company",
        "plain",
        "world",
        "Amsterdam",
        "Logistics software.",
        False,
    ),
)
_ORG_REPOS = {
    "rag": ("rag_service", "ingest_pipeline"),
    "evaluation": ("llm_eval_suite", "rag_eval_harness"),
    "agentic": ("langgraph_agent", "mcp_server"),
    "platform": ("llm_gateway", "vllm_k8s"),
    "plain": ("web_backend", "go_service"),
}
_COMMUNITY_REPOS = {"plain": ("casual", "awesome_list")}
_PREFIX = (
    "blue",
    "north",
    "quantum",
    "tensor",
    "vector",
    "signal",
    "cedar",
    "amber",
    "lumen",
    "graph",
    "neural",
    "bright",
    "swift",
    "delta",
    "orbit",
    "granite",
    "birch",
    "falcon",
)
_SUFFIX = ("labs", "ai", "data", "systems", "works", "tech", "analytics", "cloud", "io")
_BOT_WORDS = (
    "release",
    "docs-sync",
    "ci",
    "deploy",
    "changelog",
    "translations",
    "benchmark",
    "nightly",
    "backport",
    "triage",
)


def build_world_around(state: WorldState, emit: Emit, people: int, rng: random.Random) -> int:
    """Write everything that is not a person; returns how many bot accounts it made."""
    for login, (name, blog, location, created, followers) in sorted(ORGS.items()):
        emit(
            "github/users.jsonl",
            org_user(state, login, name, blog, location, day(created), followers, None),
        )
    for repo in REPOS:
        emit("github/repos.jsonl", _catalogue_repo(state, repo, rng))
    bots = _bots(state, emit, people, rng)
    hf_catalogue(state, emit)
    _fictional_orgs(state, emit, people, rng)
    return bots


def org_user(
    state: WorldState,
    login: str,
    name: str,
    blog: str | None,
    location: str | None,
    created: datetime,
    followers: int,
    description: str | None,
) -> Record:
    """The ``GET /users/{login}`` body of an organisation (also used by evals/realworld)."""
    user_id = state.user_id(created)
    state.logins.add(login.lower())
    return {
        "login": login,
        "id": user_id,
        "node_id": node_id("012:Organization", user_id),
        "type": "Organization",
        "site_admin": False,
        "name": name,
        "company": None,
        "blog": blog or "",
        "location": location,
        "email": None,
        "hireable": None,
        "bio": None,
        "description": description,
        "twitter_username": None,
        "public_gists": 0,
        "followers": followers,
        "following": 0,
        "created_at": gh_time(created),
        "updated_at": gh_time(state.now - 3 * DAY),
    }


def _catalogue_repo(state: WorldState, repo: CatalogueRepo, rng: random.Random) -> Record:
    created = day(repo.created) + timedelta(hours=9, minutes=len(repo.full_name))
    repo_id = state.repo_id(created)
    state.register_repo(repo.full_name, repo_id, repo.description)
    size = 2000 + repo.stars // 2
    pushed = state.now - rng.uniform(0.05, 3) * DAY
    record: Record = {
        "id": repo_id,
        "node_id": node_id("010:Repository", repo_id),
        "full_name": repo.full_name,
        "description": repo.description or None,
        "fork": False,
        "homepage": repo.homepage,
        "language": repo.language,
        "forks_count": repo.forks,
        "stargazers_count": repo.stars,
        "watchers_count": repo.stars,
        "size": size,
        "default_branch": "main" if created.year >= 2020 else "master",
        "open_issues_count": max(3, repo.stars // 60),
        "topics": list(repo.topics),
        "archived": False,
        "disabled": False,
        "visibility": "public",
        "license": LICENSES.get(repo.license or "", None),
        "created_at": gh_time(created),
        "updated_at": gh_time(pushed + timedelta(minutes=10)),
        "pushed_at": gh_time(pushed),
        "_languages": {repo.language: size * 900, "Shell": size * 9} if repo.language else {},
    }
    if repo.former:
        record["_former_names"] = list(repo.former)
    return record


def _bots(state: WorldState, emit: Emit, people: int, rng: random.Random) -> int:
    """GitHub App bots commit to most real projects; a few machine users do chores."""
    for login, bot_id, created in APP_BOTS:
        state.user_ids.add(bot_id)
        state.logins.add(login.lower())
        emit(
            "github/users.jsonl",
            {
                "login": login,
                "id": bot_id,
                "node_id": node_id("03:Bot", bot_id),
                "type": "Bot",
                "site_admin": False,
                "created_at": created,
                "updated_at": gh_time(state.now - DAY),
            },
        )
    shares = {
        "dependabot[bot]": 0.6,
        "github-actions[bot]": 0.4,
        "pre-commit-ci[bot]": 0.3,
        "renovate[bot]": 0.1,
        "allcontributors[bot]": 0.05,
        "codecov[bot]": 0.05,
    }
    for repo in REPOS:
        for login, share in shares.items():
            if rng.random() < share:
                first = max(day(repo.created), state.now - 6 * YEAR) + 30 * DAY
                emit(
                    "github/contributions.jsonl",
                    {
                        "repo": repo.full_name,
                        "login": login,
                        "commits": 20 + heavy_tail(rng, 60, 1.2, 4000),
                        "first_commit_at": gh_time(first),
                        "last_commit_at": gh_time(state.now - rng.uniform(0.1, 20) * DAY),
                    },
                )
    count = max(3, people // 250)
    for i in range(count):
        word = _BOT_WORDS[i % len(_BOT_WORDS)]
        login = state.claim_login([f"{word}-bot", f"{word}-bot-{i}"], rng)
        created = state.now - rng.uniform(0.5, 9) * YEAR
        user_id = state.user_id(created)
        emit(
            "github/users.jsonl",
            {
                "login": login,
                "id": user_id,
                "node_id": node_id("04:User", user_id),
                "type": "User",
                "site_admin": False,
                "name": f"{word.replace('-', ' ').title()} Bot",
                "company": None,
                "blog": "",
                "location": None,
                "email": None,
                "hireable": None,
                "bio": f"Automation account: {word.replace('-', ' ')} jobs. Not monitored.",
                "twitter_username": None,
                "public_gists": 0,
                "followers": rng.randint(0, 20),
                "following": 0,
                "created_at": gh_time(created),
                "updated_at": gh_time(state.now),
            },
        )
        for repo in rng.sample(REPOS, 2):
            first = max(created, day(repo.created)) + DAY
            emit(
                "github/contributions.jsonl",
                {
                    "repo": repo.full_name,
                    "login": login,
                    "commits": 5 + heavy_tail(rng, 30),
                    "first_commit_at": gh_time(first),
                    "last_commit_at": gh_time(between(rng, first, state.now)),
                },
            )
    return len(APP_BOTS) + count


def hf_catalogue(state: WorldState, emit: Emit) -> None:
    """Real Hub organisations and artifacts; they fill the pool of what people like."""
    for name, (fullname, plan, followers, created) in sorted(HF_ORGS.items()):
        state.hf_names.add(name.lower())
        emit(
            "hf/accounts.jsonl",
            {
                "name": name,
                "type": "org",
                "fullname": fullname,
                "isVerified": True,
                "plan": plan,
                "numFollowers": followers,
                "createdAt": created,
            },
        )
    for item in (*HF_MODELS, *HF_DATASETS, *HF_SPACES):
        emit(f"hf/{item.kind}s.jsonl", _hf_record(item))
        state.like_pool.append((item.id, item.kind, day(item.created)))


def _hf_record(item: HfArtifact) -> Record:
    record: Record = {
        "id": item.id,
        "author": item.id.split("/")[0],
        "sha": hashlib.sha1(item.id.encode()).hexdigest(),
        "tags": list(item.tags),
        "downloads": item.downloads,
        "likes": item.likes,
        "private": False,
        "gated": item.gated,
        "disabled": False,
        "createdAt": item.created,
        "lastModified": item.modified,
    }
    if item.kind == "model":
        record.update(library_name=item.library, pipeline_tag=item.pipeline)
    if item.kind == "space":
        record["sdk"] = item.sdk
    if item.former:
        record["_former_ids"] = list(item.former)
    return record


def _fictional_orgs(state: WorldState, emit: Emit, people: int, rng: random.Random) -> None:
    specs = list(_FICTIONAL)
    for i in range(people // 1000):
        login = f"{_PREFIX[i % len(_PREFIX)]}-{_SUFFIX[(i // len(_PREFIX)) % len(_SUFFIX)]}"
        if i >= len(_PREFIX) * len(_SUFFIX):
            login = f"{login}-{i}"
        focus = rng.choice(("rag", "evaluation", "agentic", "platform", "plain", "plain"))
        region = rng.choice(("by", "ee", "ee", "world", "world"))
        specs.append(
            (
                login,
                login.replace("-", " ").title(),
                "company",
                focus,
                region,
                None,
                "We build software.",
                rng.random() < 0.3,
            )
        )
    for login, name, kind, focus, region, location, description, on_hf in specs:
        org = FictionalOrg(login, name, kind, focus, region, location, description, on_hf)
        created = state.now - rng.uniform(1.2, 7) * YEAR
        emit(
            "github/users.jsonl",
            org_user(
                state,
                login,
                name,
                None,
                location,
                created,
                heavy_tail(rng, 20, 1.3, 5000),
                description,
            ),
        )
        _org_repos(state, emit, org, created, rng)
        if on_hf:
            _org_hub(state, emit, org, created, rng)
        state.orgs.append(org)


def _org_repos(
    state: WorldState, emit: Emit, org: FictionalOrg, created: datetime, rng: random.Random
) -> None:
    builder = PersonBuilder(state, rng, "", "organisation", login=org.login)
    keys = (
        _ORG_REPOS[org.focus]
        if org.kind == "company"
        else _COMMUNITY_REPOS.get(org.focus, ("awesome_list", "retrieval_evals"))
    )
    for key in keys:
        repo_created = between(rng, created, state.now - 200 * DAY)
        stars = 10 + heavy_tail(rng, 40, 1.2, 5000)
        repo = builder.own_repo(
            key, repo_created, state.now - rng.uniform(0.1, 20) * DAY, stars, owner_commits=False
        )
        record = repo.record
        org.repos.append(
            (
                record["full_name"],
                record["id"],
                dict(repo.template.categories) if repo.template else {},
                repo_created,
            )
        )
        state.register_repo(record["full_name"], record["id"], record["description"])
        emit("github/repos.jsonl", record)
    for item in builder.files:
        emit("github/files.jsonl", item)


def _org_hub(
    state: WorldState, emit: Emit, org: FictionalOrg, created: datetime, rng: random.Random
) -> None:
    state.hf_names.add(org.login.lower())
    emit(
        "hf/accounts.jsonl",
        {
            "name": org.login,
            "type": "org",
            "fullname": org.name,
            "details": org.description,
            "isVerified": False,
            "plan": None,
            "numFollowers": heavy_tail(rng, 15, 1.3, 2000),
            "createdAt": hf_time(created),
        },
    )
    builder = PersonBuilder(state, rng, "", "organisation", hf_name=org.login)
    keys = (
        ("golden_eval", "embedding_ft")
        if org.focus in ("rag", "evaluation")
        else ("lora_adapter", "agent_traces")
    )
    for key in keys:
        made = between(rng, created, state.now - 60 * DAY)
        item = builder.hf_artifact(
            key,
            made,
            between(rng, made, state.now),
            heavy_tail(rng, 300, 1.2, 200000),
            heavy_tail(rng, 5, 1.2),
        )
        state.like_pool.append((item["id"], HF_BY_KEY[key].kind, made))
    for kind, items in builder.hf_items.items():
        for item in items:
            emit(f"hf/{kind}s.jsonl", item)
