"""Hard negatives the graph does not hold: buzzword accounts, star farmers, bots and
automation accounts that look like users.

- ``buzzword``: an AI-hype bio, awesome lists, prompt collections, ChatGPT clones and
  LangChain tutorials, forks of the popular graph repositories, no commits to any of them.
- ``star_farmer``: thousands of stars on repositories without substance.
- ``bot``: release and dependency automation. GitHub Apps (``dependabot[bot]``, type
  ``Bot``) commit to most repositories; ``-bot`` user accounts do releases and docs syncs.
  The graph dropped bots (9,332 commits in its window), so they are added back here.
- ``automation``: version-bump and release accounts with no bot token in the login, some of
  them with a person-like login and name, committing on a schedule.

Their labels have no track, no categories and production 0: a tutorial or toy repository is
no commit to a production AI project (unlike in the synthetic generator, where it grades 1).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from evals.realworld.people import Context, at
from evals.realworld.profiles import GENERIC_BIOS, HYPE_BIOS, company_for, pick_place, region_of
from talent.upstream.gen_catalogue import APP_BOTS
from talent.upstream.gen_people import display_name, login_styles, make_identity, personal_blog
from talent.upstream.gen_person import PersonBuilder, Record
from talent.upstream.gen_specs import Timeline
from talent.upstream.gen_state import DAY, YEAR, between, gh_time, heavy_tail, node_id
from talent.upstream.gen_steps import hf_portfolio, hf_social, open_hf

Emit = Callable[[str, Record], None]
BUZZWORD_SHARE = 0.04  # of the graph people in the world
STAR_FARMER_SHARE = 0.008
BUZZ_REPOS = (
    "awesome_list",
    "prompt_collection",
    "chatgpt_clone",
    "langchain_tutorial",
    "casual",
    "telegram_gpt",
)
# The repositories people star and fork most: what buzzword accounts fork.
POPULAR = (
    "infiniflow/ragflow",
    "hiyouga/LLaMA-Factory",
    "unslothai/unsloth",
    "agno-agi/agno",
    "huggingface/smolagents",
    "letta-ai/letta",
    "camel-ai/camel",
    "openai/openai-agents-python",
    "modelcontextprotocol/python-sdk",
    "langfuse/langfuse",
)
APP_BOT_SHARES = {
    "dependabot[bot]": 0.6,
    "github-actions[bot]": 0.5,
    "pre-commit-ci[bot]": 0.3,
    "renovate[bot]": 0.15,
    "allcontributors[bot]": 0.05,
}
_BOT_WORDS = ("release", "docs-sync", "changelog", "translations", "nightly", "backport")


def negative_counts(people: int) -> dict[str, int]:
    return {
        "buzzword": max(2, round(people * BUZZWORD_SHARE)),
        "star_farmer": max(1, round(people * STAR_FARMER_SHARE)),
        "bot": max(2, people // 800),
        "automation": max(2, people // 1500),
    }


def build_hype_account(ctx: Context, pid: str, kind: str) -> PersonBuilder:
    """A ``buzzword`` or ``star_farmer`` account (their builders share the profile)."""
    rng = random.Random(f"{ctx.seed}:negative:{pid}")
    b = PersonBuilder(ctx.state, rng, pid, kind)
    b.place = pick_place(rng)
    b.ident = make_identity(rng, b.place)
    b.label_place = (b.place.country, b.place.city)
    b.login = ctx.state.claim_login(login_styles(rng, b.ident), rng)
    now = ctx.now
    start = now - rng.uniform(0.5, 7) * YEAR
    active = rng.random() < 0.6
    last = now - (rng.uniform(0.2, 20) if active else rng.uniform(40, 400)) * DAY
    start = min(start, last - 30 * DAY)
    if kind == "star_farmer":
        for i in range(rng.randint(1, 3)):
            created = start if i == 0 else between(rng, start, last)
            stars = 1000 + heavy_tail(rng, 1500, 1.1, 60_000)
            b.own_repo("star_farm", created, between(rng, created, last), stars)
        created = between(rng, start, last)
        b.own_repo("awesome_list", created, last, heavy_tail(rng, 200, 1.2, 20_000))
    else:
        for i, key in enumerate(rng.sample(BUZZ_REPOS, rng.randint(1, 4))):
            created = start if i == 0 else between(rng, start, last)
            b.own_repo(key, created, between(rng, created, last), heavy_tail(rng, 3, 1.5, 900))
        for name in rng.sample(POPULAR, rng.randint(2, 8)):
            b.fork(ctx.catalogue[name], between(rng, start, last))
    _hype_profile(b, kind)
    if kind == "buzzword" and rng.random() < 0.25:
        open_hf(b, "blog:40 details:20 same:30 none:10")
        hf_portfolio(b, Timeline(start, start, last), (), (), ("toy_space",), False, 1)
        hf_social(b, start)
    return b


def _hype_profile(b: PersonBuilder, kind: str) -> None:
    rng = b.rng
    assert b.ident is not None and b.login is not None and b.place is not None
    stars = sum(r.record["stargazers_count"] for r in b.repos if not r.record["fork"])
    scale = 200.0 if kind == "star_farmer" else (300.0 if rng.random() < 0.1 else 4.0)
    b.profile = {
        "name": display_name(rng, b.ident),
        "company": company_for(rng, region_of(b.place.country)),
        "blog": personal_blog(rng, b.login) if rng.random() < 0.5 else "",
        "location": b.place.text,
        "email": None,
        "hireable": True if rng.random() < 0.7 else None,
        "bio": rng.choice(HYPE_BIOS) if rng.random() < 0.9 else rng.choice(GENERIC_BIOS),
        "twitter_username": b.login.lower().replace("-", "_") if rng.random() < 0.3 else None,
        "public_gists": heavy_tail(rng, 2, 1.6, 300),
        "followers": heavy_tail(rng, scale, 1.2, 40_000) + stars // 20,
        "following": heavy_tail(rng, 40, 1.2, 5000),
    }


# Bots and automation ---------------------------------------------------------------------
def app_bots(
    ctx: Context, emit: Emit, spans: Mapping[str, tuple[date, date]], rng: random.Random
) -> list[Record]:
    """GitHub App bots, type ``Bot``, committing to most repositories; returns their labels."""
    labels = []
    for login, bot_id, created in APP_BOTS:
        ctx.state.user_ids.add(bot_id)
        ctx.state.logins.add(login.lower())
        emit(
            "github/users.jsonl",
            {
                "login": login,
                "id": bot_id,
                "node_id": node_id("03:Bot", bot_id),
                "type": "Bot",
                "site_admin": False,
                "created_at": created,
                "updated_at": gh_time(ctx.now - DAY),
            },
        )
        share = APP_BOT_SHARES.get(login, 0.0)
        repos = [name for name in sorted(spans) if rng.random() < share]
        for name in repos:
            first, last = spans[name]
            _bot_commits(ctx, emit, rng, name, login, first, last, 10 + heavy_tail(rng, 25, 1.3))
        if repos:
            labels.append(bot_label(ctx, f"bot-{login.split('[')[0]}", login, "bot"))
    return labels


def user_bots(
    ctx: Context, emit: Emit, spans: Mapping[str, tuple[date, date]], count: int, seed: int
) -> list[Record]:
    """``-bot`` user accounts (release, docs sync) on one or two repositories each."""
    labels, names = [], sorted(spans)
    for i in range(count):
        rng = random.Random(f"{seed}:bot:{i}")
        repo = rng.choice(names)
        short = repo.split("/")[1].lower().replace("_", "-")
        word = _BOT_WORDS[i % len(_BOT_WORDS)]
        login = ctx.state.claim_login([f"{short}-{word}-bot", f"{word}-bot-{i}"], rng)
        created = datetime.combine(spans[repo][0], datetime.min.time(), ctx.now.tzinfo)
        created -= rng.uniform(10, 400) * DAY
        profile = {
            "name": f"{word.replace('-', ' ').title()} Bot",
            "bio": f"Automation account: {word.replace('-', ' ')} jobs. Not monitored."
            if rng.random() < 0.6
            else None,
        }
        user_id = _emit_user(ctx, emit, rng, login, created, profile)
        for name in [repo, *rng.sample(names, rng.randint(0, 1))]:
            first, last = spans[name]
            _bot_commits(ctx, emit, rng, name, login, first, last, 30 + heavy_tail(rng, 80, 1.2))
        _push_events(ctx, emit, rng, login, user_id, repo, spans[repo][1])
        labels.append(bot_label(ctx, f"bot-{i:04d}", login, "bot"))
    return labels


def automation_accounts(
    ctx: Context, emit: Emit, spans: Mapping[str, tuple[date, date]], count: int, seed: int
) -> list[Record]:
    """Release accounts with no bot token; half with a person-like login and name."""
    labels, names = [], sorted(spans)
    for i in range(count):
        rng = random.Random(f"{seed}:automation:{i}")
        repo = rng.choice(names)
        owner, name = repo.split("/")
        if i % 2 == 0:
            candidates = [f"{name.lower()}-release", f"semantic-release-{owner.lower()}"]
            profile: dict[str, Any] = {"name": f"{name} Release", "bio": None}
        else:
            ident = make_identity(rng, pick_place(rng))
            candidates = login_styles(rng, ident)
            profile = {"name": ident.latin, "bio": None, "company": f"@{owner}"}
        login = ctx.state.claim_login(candidates, rng)
        first, last = spans[repo]
        created = datetime.combine(first, datetime.min.time(), ctx.now.tzinfo)
        created -= rng.uniform(5, 200) * DAY
        user_id = _emit_user(ctx, emit, rng, login, created, profile)
        _bot_commits(ctx, emit, rng, repo, login, first, last, 100 + heavy_tail(rng, 150, 1.3))
        _push_events(ctx, emit, rng, login, user_id, repo, last)
        labels.append(bot_label(ctx, f"auto-{i:04d}", login, "automation"))
    return labels


def _emit_user(
    ctx: Context,
    emit: Emit,
    rng: random.Random,
    login: str,
    created: datetime,
    profile: Mapping[str, Any],
) -> int:
    user_id = ctx.state.user_id(created)
    emit(
        "github/users.jsonl",
        {
            "login": login,
            "id": user_id,
            "node_id": node_id("04:User", user_id),
            "type": "User",
            "user_view_type": "public",
            "site_admin": False,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "hireable": None,
            "twitter_username": None,
            "public_gists": 0,
            "followers": rng.randint(0, 25),
            "following": 0,
            **profile,
            "created_at": gh_time(created),
            "updated_at": gh_time(ctx.now - rng.uniform(0, 5) * DAY),
        },
    )
    return user_id


def _bot_commits(
    ctx: Context,
    emit: Emit,
    rng: random.Random,
    repo: str,
    login: str,
    first: date,
    last: date,
    commits: int,
) -> None:
    start = at(rng, first) + rng.uniform(0, 60) * DAY
    end = max(start, at(rng, last) - rng.uniform(0, 10) * DAY)
    commits = min(commits, 1 + 3 * (end - start).days)  # a few a day at most
    emit(
        "github/contributions.jsonl",
        {
            "repo": repo,
            "login": login,
            "commits": max(1, commits),
            "first_commit_at": gh_time(start),
            "last_commit_at": gh_time(end),
        },
    )


def _push_events(
    ctx: Context, emit: Emit, rng: random.Random, login: str, user_id: int, repo: str, last: date
) -> None:
    """Automation pushes on a schedule while its repository is active."""
    if at(rng, last) < ctx.now - 30 * DAY:
        return
    for day_ in range(rng.randint(3, 25)):
        moment = ctx.now - timedelta(days=day_, hours=rng.uniform(0, 20))
        emit(
            "github/events.jsonl",
            {
                "id": ctx.state.next_event_id(),
                "type": "PushEvent",
                "actor": {"id": user_id, "login": login},
                "repo": {"id": ctx.repo_ids[repo], "name": repo},
                "payload": {
                    "repository_id": ctx.repo_ids[repo],
                    "push_id": ctx.state.next_push_id(),
                    "ref": "refs/heads/main",
                    "head": f"{rng.getrandbits(160):040x}",
                    "before": f"{rng.getrandbits(160):040x}",
                },
                "public": True,
                "created_at": gh_time(moment),
            },
        )


def bot_label(ctx: Context, pid: str, login: str, kind: str) -> Record:
    return {
        "person": pid,
        "github": login,
        "hf": None,
        "archetype": kind,
        "track": None,
        "production": 0,
        "seniority": "junior",
        "country": None,
        "city": None,
        "categories": dict.fromkeys(ctx.categories, 0),
        "control": 0,
        "link": None,
        "collides_with": None,
    }
