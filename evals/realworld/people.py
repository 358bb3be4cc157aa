"""One graph person as a GitHub (and sometimes Hub) user: the invented profile around the real
contributions, built with the synthetic generator's ``PersonBuilder`` and steps.

Rates (per person, drawn from ``random.Random(f"{seed}:person:{graph id}")``):

- an own repository with a dependency manifest (pyproject.toml, requirements.txt or
  package.json) for about a third of AI contributors, more for the more active (25% of those
  with grade 1, 40% grade 2, 55% grade 3); its libraries fit the person's area three times in
  four, and are another area's or plain web libraries otherwise;
- earlier non-AI repositories for most experienced people, forks of the projects they send
  pull requests to (about half of contributors), course and tutorial repositories (one in
  ten), miscellaneous repositories;
- a Hub account for about a fifth of AI contributors (most for fine-tuning and inference,
  fewest for observability and agents), artifacts fitting the area with heavy-tailed
  downloads, linked from the GitHub blog or the Hub bio only sometimes; a few take a Hub
  name that is another person's GitHub login (``collides_with``);
- public membership of the owner organisation for some of its maintainers (45% of people
  with 40+ code commits to its repositories, 10% of those with 10+);
- public events in the last 30 days for people who committed in that window, and for a
  quarter of those who committed in the 90 days before it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from evals.realworld.grading import Grades, archetype, first_ai_commit, seniority
from evals.realworld.graph import CONTROL, GraphPerson
from evals.realworld.profiles import bio_for, company_for, pick_place, region_of
from talent.upstream.gen_catalogue import CatalogueRepo
from talent.upstream.gen_events import add_events
from talent.upstream.gen_people import (
    display_name,
    hf_name_styles,
    login_styles,
    make_identity,
    personal_blog,
)
from talent.upstream.gen_person import PersonBuilder, Record
from talent.upstream.gen_specs import Timeline
from talent.upstream.gen_state import (
    DAY,
    GITHUB_LAUNCH,
    YEAR,
    WorldState,
    between,
    heavy_tail,
)
from talent.upstream.gen_steps import (
    hf_portfolio,
    hf_social,
    modest_stars,
    open_hf,
    strong_stars,
)

AREA_TEMPLATES: dict[str, tuple[str, ...]] = {
    "eval": (
        "llm_eval_suite",
        "rag_eval_harness",
        "judge_calibration",
        "prompt_regression",
        "eval_drift_monitor",
        "agent_evals",
    ),
    "rag": (
        "rag_service",
        "semantic_search",
        "ingest_pipeline",
        "reranker_service",
        "rag_ts",
        "retrieval_evals",
    ),
    "agentic": (
        "langgraph_agent",
        "mcp_server",
        "pydantic_agent",
        "crew",
        "agent_ts",
        "autogen_ops",
        "dspy_programs",
    ),
    "vectordb": ("semantic_search", "ingest_pipeline", "rag_service"),
    "inference": ("vllm_k8s", "serving_bench", "embedding_server", "quantize", "llm_gateway"),
    "observability": ("llm_observability", "prompt_registry", "llm_gateway", "eval_drift_monitor"),
    "finetuning": ("lora_recipes", "dpo_training", "embedding_ft", "quantize"),
}
PLAIN_MANIFESTS = ("web_backend", "flask_app", "frontend")
# Earlier and side repositories; only people drawn to have a manifest get the ones with a
# pyproject.toml, requirements.txt or package.json, so that the rate stays what it says.
EARLY = ("casual", "casual", "go_service", "java_service", "rust_tool", "infra")
EARLY_WITH_MANIFEST = (*EARLY, "web_backend", "flask_app", "frontend")
MISC = ("casual", "casual", "go_service", "rust_tool", "infra")
MISC_WITH_MANIFEST = (*MISC, "frontend", "flask_app")
TOYS = ("course_rag", "telegram_gpt", "finetune_course", "course_agent", "langchain_tutorial")
# (models, datasets, spaces) templates per area
HF_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "eval": ((), ("golden_eval", "agent_traces"), ("eval_leaderboard",)),
    "rag": (("embedding_ft", "reranker_ft"), ("hard_negatives", "golden_eval"), ("rag_demo",)),
    "agentic": ((), ("agent_traces",), ("agent_demo",)),
    "vectordb": (("embedding_ft",), ("hard_negatives",), ("rag_demo",)),
    "inference": (("gguf_quant", "awq_quant", "mlx_quant"), (), ("chat_demo",)),
    "observability": ((), ("agent_traces",), ("chat_demo",)),
    "finetuning": (
        ("lora_adapter", "sft_full", "dpo", "gguf_quant"),
        ("instructions", "preference"),
        ("chat_demo",),
    ),
    "control": (("toy_model",), ("toy_dataset",), ("toy_space",)),
}
HF_RATE = {
    "eval": 0.2,
    "rag": 0.25,
    "agentic": 0.12,
    "vectordb": 0.15,
    "inference": 0.3,
    "observability": 0.1,
    "finetuning": 0.32,
    "control": 0.03,
}
HF_GRADE_FACTOR = {0: 0.5, 1: 0.95, 2: 1.3, 3: 1.6}
MANIFEST_RATE = {0: 0.12, 1: 0.32, 2: 0.45, 3: 0.6}
LINK_WEIGHTS = "blog:15 details:15 both:5 same:25 none:40"
COLLISION_RATE = 0.06
COLLISION_POOL_MAX = 5000
WINDOW = 30 * DAY


@dataclass
class Context:
    """What every person of one world shares."""

    state: WorldState
    seed: int
    area_of: Mapping[str, str]
    catalogue: Mapping[str, CatalogueRepo]
    repo_ids: Mapping[str, int]
    categories: tuple[str, ...]
    collision_pool: list[tuple[str, str]] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return self.state.now

    @property
    def today(self) -> date:
        return self.state.now.date()


def at(rng: random.Random, day_: date) -> datetime:
    """A moment on a given day (commit dates are days in the graph)."""
    start = datetime(day_.year, day_.month, day_.day, tzinfo=UTC)
    return start + timedelta(seconds=rng.randrange(86_400))


def build_person(ctx: Context, person: GraphPerson, grades: Grades) -> PersonBuilder:
    rng = random.Random(f"{ctx.seed}:person:{person.id}")
    b = PersonBuilder(ctx.state, rng, person.id, archetype(grades))
    b.track = grades.track
    b.place = pick_place(rng)
    b.ident = make_identity(rng, b.place)
    b.label_place = (b.place.country, b.place.city)
    b.login = ctx.state.claim_login(login_styles(rng, b.ident), rng)
    area = grades.main_area
    first, last = at(rng, person.first), at(rng, person.last)
    manifest = rng.random() < manifest_rate(grades, area)
    _early_history(b, grades, first, manifest)
    _contributions(ctx, b, person)
    _own_repos(ctx, b, grades, area, first, last, manifest)
    _forks(ctx, b, person)
    _memberships(ctx, b, grades, person)
    _profile(ctx, b, grades, area, person)
    _hub(ctx, b, grades, area, person, first, last)
    return b


def manifest_rate(grades: Grades, area: str) -> float:
    """How likely the person owns a repository with a Python or npm dependency manifest."""
    if area == CONTROL:
        return 0.3
    return MANIFEST_RATE[grades.production] * (0.6 if grades.docs_only else 1.0)


def _early_history(b: PersonBuilder, grades: Grades, first: datetime, manifest: bool) -> None:
    """Experience before the graph's window: more for the more active."""
    rng = b.rng
    code = max((w.code_commits for w in grades.work.values()), default=0)
    if code >= 100:
        years, p = rng.uniform(3, 14), 0.9
    elif code >= 20:
        years, p = rng.uniform(2, 12), 0.8
    elif code >= 5:
        years, p = rng.uniform(1, 10), 0.7
    else:
        years, p = rng.uniform(0.3, 10) * math.sqrt(rng.random()), 0.6
    start = max(first - years * YEAR, GITHUB_LAUNCH + 30 * DAY)
    if years < 0.3 or rng.random() >= p:
        return
    for i in range(min(5, 1 + int(years / 3) + rng.randint(0, 1))):
        created = start if i == 0 else between(rng, start, first)
        pushed = min(first, created + rng.uniform(10, 600) * DAY)
        keys = EARLY_WITH_MANIFEST if manifest else EARLY
        b.own_repo(rng.choice(keys), created, pushed, heavy_tail(rng, 2, 1.5, 400))


def _contributions(ctx: Context, b: PersonBuilder, person: GraphPerson) -> None:
    rng = b.rng
    for c in person.contributions:
        start = at(rng, c.first)
        end = max(start, at(rng, c.last))
        b.contribute(c.repo, c.commits, start, end, {})
        if end >= ctx.now - WINDOW or (end >= ctx.now - 4 * WINDOW and rng.random() < 0.25):
            b.event_targets.append((c.repo, ctx.repo_ids[c.repo], "upstream"))


def _own_repos(
    ctx: Context,
    b: PersonBuilder,
    grades: Grades,
    area: str,
    first: datetime,
    last: datetime,
    manifest: bool,
) -> None:
    rng, now = b.rng, ctx.now
    ai_grade = grades.production if area != CONTROL else 0
    if manifest:
        key = _manifest_template(rng, area)
        created = between(rng, first - 200 * DAY, last)
        pushed = between(rng, created, min(now, last + 90 * DAY))
        strong = ai_grade == 3 and rng.random() < 0.4
        b.own_repo(key, created, pushed, strong_stars(rng) if strong else modest_stars(rng))
        if ai_grade >= 2 and rng.random() < 0.25:
            created = between(rng, first, last)
            b.own_repo(
                _manifest_template(rng, area),
                created,
                between(rng, created, now),
                modest_stars(rng),
            )
        if rng.random() < 0.25:  # course work and tutorials beside the real thing
            created = between(rng, first - 400 * DAY, now - 20 * DAY)
            b.own_repo(rng.choice(TOYS), created, between(rng, created, now), rng.randint(0, 3))
    if rng.random() < 0.35:
        keys = MISC_WITH_MANIFEST if manifest else MISC
        for _ in range(rng.randint(1, 3)):
            created = between(rng, first - 300 * DAY, now - DAY)
            b.own_repo(rng.choice(keys), created, between(rng, created, now), modest_stars(rng))


def _manifest_template(rng: random.Random, area: str) -> str:
    """The person's area three times in four; else another area's, a course repository's
    or plain web libraries."""
    if area in AREA_TEMPLATES and rng.random() < 0.75:
        return rng.choice(AREA_TEMPLATES[area])
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(AREA_TEMPLATES[rng.choice(sorted(AREA_TEMPLATES))])
    return rng.choice(TOYS if roll < 0.6 else PLAIN_MANIFESTS)


def _forks(ctx: Context, b: PersonBuilder, person: GraphPerson) -> None:
    """Pull requests come from forks; maintainers with write access fork less."""
    rng, made = b.rng, 0
    for c in sorted(person.contributions, key=lambda c: (-c.commits, c.repo)):
        if made >= 3:
            break
        if rng.random() < (0.25 if c.commits >= 50 else 0.5):
            created = at(rng, c.first) - rng.uniform(0.02, 10) * DAY
            b.fork(ctx.catalogue[c.repo], created)
            made += 1


def _memberships(ctx: Context, b: PersonBuilder, grades: Grades, person: GraphPerson) -> None:
    rng = b.rng
    per_owner: dict[str, int] = {}
    for c in person.contributions:
        if not grades.docs_only:
            owner = c.repo.split("/", 1)[0]
            per_owner[owner] = per_owner.get(owner, 0) + c.commits
    for owner, commits in sorted(per_owner.items()):
        roll = rng.random()
        if commits >= 40 and roll < 0.6:
            b.join(owner, public=roll < 0.45)
        elif commits >= 10 and roll < 0.1:
            b.join(owner)


def _profile(
    ctx: Context, b: PersonBuilder, grades: Grades, area: str, person: GraphPerson
) -> None:
    rng = b.rng
    assert b.ident is not None and b.login is not None and b.place is not None
    top = max(person.contributions, key=lambda c: (c.commits, c.repo))
    maintainer = top.commits >= 50 and not grades.docs_only
    bio, _ = bio_for(rng, area, top.repo if maintainer else None)
    owner = top.repo.split("/", 1)[0]
    if maintainer and rng.random() < 0.55:
        company: str | None = rng.choice((f"@{owner}", owner, f"{owner.title()} · OSS"))
    else:
        company = company_for(rng, region_of(b.place.country))
    stars = sum(r.record["stargazers_count"] for r in b.repos if not r.record["fork"])
    code = sum(w.code_commits for w in grades.work.values())
    followers = heavy_tail(rng, 3 + 1.5 * math.sqrt(code), 1.2, 40_000) + stars // 15
    if maintainer:
        followers += heavy_tail(rng, 40, 1.2, 20_000)
    b.profile = {
        "name": display_name(rng, b.ident),
        "company": company,
        "blog": personal_blog(rng, b.login) if rng.random() < 0.3 else "",
        "location": b.place.text,
        "email": None,  # the world stores no e-mail addresses
        "hireable": True if rng.random() < 0.25 else None,
        "bio": bio,
        "twitter_username": b.login.lower().replace("-", "_") if rng.random() < 0.12 else None,
        "public_gists": heavy_tail(rng, 2, 1.6, 300),
        "followers": followers,
        "following": heavy_tail(rng, 8, 1.4, 3000),
    }


def _hub(
    ctx: Context,
    b: PersonBuilder,
    grades: Grades,
    area: str,
    person: GraphPerson,
    first: datetime,
    last: datetime,
) -> None:
    rng = b.rng
    best = grades.production if area != CONTROL else 0
    if rng.random() >= HF_RATE[area] * HF_GRADE_FACTOR[best]:
        _remember_login(ctx, b)
        return
    if ctx.collision_pool and rng.random() < COLLISION_RATE:
        _colliding_hub_name(ctx, b)
    else:
        open_hf(b, LINK_WEIGHTS)
    ai_start = at(rng, first_ai_commit(grades) or person.first)
    tl = Timeline(first, ai_start, min(ctx.now - DAY, last + rng.uniform(0, 120) * DAY))
    models, datasets, spaces = HF_KINDS[area]
    strong = best >= 2 and area in ("finetuning", "inference", "rag") and rng.random() < 0.35
    count = rng.randint(1, 8) if area == "finetuning" else rng.randint(1, 4)
    hf_portfolio(b, tl, models, datasets, spaces, strong, count)
    hf_social(b, tl.ai_start)


def _colliding_hub_name(ctx: Context, b: PersonBuilder) -> None:
    """A Hub name that is another person's GitHub login: weak evidence, never a match."""
    rng, state = b.rng, ctx.state
    assert b.ident is not None
    login, other = ctx.collision_pool.pop(rng.randrange(len(ctx.collision_pool)))
    b.hf_name = state.claim_hf_name([login], rng, shared_with_github=True)
    if b.hf_name == login:
        b.collides_with = other
    else:  # taken on the Hub already: an ordinary unlinked account
        b.hf_name = state.claim_hf_name(hf_name_styles(rng, b.ident), rng)
    b.link = "none"
    b.hf_profile = {"fullname": b.profile.get("name") or b.ident.latin, "details": None}


def _remember_login(ctx: Context, b: PersonBuilder) -> None:
    assert b.login is not None
    entry = (b.login, b.pid)
    if len(ctx.collision_pool) < COLLISION_POOL_MAX:
        ctx.collision_pool.append(entry)
    else:
        ctx.collision_pool[b.rng.randrange(COLLISION_POOL_MAX)] = entry


# Events and the label --------------------------------------------------------------------
def add_recent_events(
    ctx: Context,
    b: PersonBuilder,
    person: GraphPerson | None,
    user_id: int,
    watch: list[tuple[str, int]],
) -> None:
    """Events in the last 30 days where the person worked lately; titles of pull requests
    and issues on the graph's repositories are the person's own commit subjects there."""
    if not b.event_targets:
        return
    rng = b.rng
    recent = sum(
        c.commits for c in (person.contributions if person else ()) if c.last >= _since(ctx)
    )
    add_events(b, user_id, 1 + heavy_tail(rng, 3 + min(30, recent), 1.6, 299), watch)
    subjects = {
        c.repo: [s for s in c.subjects if "<redacted>" not in s]
        for c in (person.contributions if person else ())
    }
    for event in b.events:
        titles = subjects.get(event["repo"]["name"])
        item = event["payload"].get("pull_request") or event["payload"].get("issue")
        if titles and item is not None and "title" in item:
            item["title"] = rng.choice(titles)


def _since(ctx: Context) -> date:
    return (ctx.now - WINDOW).date()


def label(ctx: Context, b: PersonBuilder, grades: Grades | None) -> Record:
    """The ground-truth line, in the synthetic generator's schema plus ``control``."""
    country, city = b.label_place
    first_ai = first_ai_commit(grades) if grades is not None and b.track is not None else None
    record: dict[str, Any] = {
        "person": b.pid,
        "github": b.login,
        "hf": b.hf_name,
        "archetype": b.archetype,
        "track": b.track,
        "production": grades.production if grades is not None else 0,
        "seniority": seniority(b.first_activity().date(), b.last_activity().date(), first_ai),
        "country": country,
        "city": city,
        "categories": (
            dict(grades.categories) if grades is not None else dict.fromkeys(ctx.categories, 0)
        ),
        "control": grades.control if grades is not None else 0,
        "link": b.link,
        "collides_with": b.collides_with,
    }
    return record
