"""Archetypes: how each kind of person (see ``gen_specs`` for the mix) fills a
``PersonBuilder``. Each function draws a career, then adds exactly the public traces that kind
of person leaves; the label follows from those traces."""

from __future__ import annotations

from collections.abc import Callable

from talent.upstream.gen_catalogue import REPOS, CatalogueRepo
from talent.upstream.gen_grading import TRACK_OF
from talent.upstream.gen_people import hf_name_styles, login_styles
from talent.upstream.gen_person import PersonBuilder
from talent.upstream.gen_specs import (
    AI_SPECS,
    BY_NAME,
    EARLY_BARE,
    EARLY_PLAIN,
    LLM_DABBLE,
    ML_UPSTREAM,
    NONAI_OWN,
    NONAI_UPSTREAM,
    OLD_AI,
    TUTORIALS,
    Timeline,
)
from talent.upstream.gen_state import DAY, YEAR, between, day, heavy_tail
from talent.upstream.gen_steps import (
    claim_login,
    commit_budget,
    contribute_many,
    early_contribution,
    early_history,
    fork_some,
    github_profile,
    hf_portfolio,
    hf_social,
    join_orgs,
    join_real_orgs,
    manifest_p,
    modest_stars,
    open_hf,
    pick_template,
    strong_stars,
    timeline,
)


# Archetypes -----------------------------------------------------------------------------------
def ai_engineer(b: PersonBuilder) -> None:
    """Most AI contributors send a commit or two; a third own a repository with a manifest."""
    spec = AI_SPECS[b.archetype]
    rng = b.rng
    tl = timeline(b, spec.seniority, ai=True, active_p=0.85)
    claim_login(b)
    b.track = spec.track
    budget = commit_budget(rng)
    manifest = rng.random() < manifest_p(budget)
    if tl.ai_start > tl.start + 60 * DAY:
        early_history(b, tl, EARLY_PLAIN if manifest else EARLY_BARE)
    if manifest:
        strong = rng.random() < spec.strong_p
        key = pick_template(rng, spec.flagship, tl.ai_start + 30 * DAY)
        stars = strong_stars(rng) if strong else modest_stars(rng)
        flagship = b.own_repo(key, tl.ai_start, tl.last, stars)
        started = day(flagship.record["created_at"])
        if strong and rng.random() < 0.5:
            b.contribute(
                flagship.record["full_name"],
                rng.randint(3, 80),
                started + 20 * DAY,
                tl.last,
                {},
                login="dependabot[bot]",
            )
        for _ in range(rng.randint(0, 3)):
            created = between(rng, tl.ai_start, tl.last)
            b.own_repo(
                rng.choice(spec.secondary),
                created,
                between(rng, created, tl.last),
                modest_stars(rng) if rng.random() < 0.8 else strong_stars(rng),
            )
    if budget >= 5:  # early adopters left traces in the projects of the day
        early_contribution(b, spec.upstream, tl.ai_start)
    contribute_many(b, spec.upstream, rng.randint(1, 5), tl.ai_start, tl.last, budget)
    if budget >= 3 and rng.random() < 0.25:  # the busier ones contribute elsewhere too
        contribute_many(b, NONAI_UPSTREAM, 1, tl.start, tl.last)
    ai_repos = tuple(r for r in REPOS if r.kind == "ai")
    fork_some(b, ai_repos, rng.randint(0, 2), tl.ai_start, tl.last)
    focus = "evaluation" if b.archetype == "eval_specialist" else spec.track
    company = join_orgs(b, tl, focus, 0.35, 0.3)
    join_real_orgs(b)
    github_profile(b, spec.bio, company=company, followers_scale=12)
    if rng.random() < spec.hf_p:
        open_hf(b)
        count = rng.randint(3, 12) if b.archetype == "fine_tuner" else rng.randint(1, 4)
        hf_portfolio(
            b,
            tl,
            spec.hf_models,
            spec.hf_datasets,
            spec.hf_spaces,
            b.archetype == "fine_tuner" and rng.random() < 0.6,
            count,
        )
        hf_social(b, tl.ai_start)


def ml_to_llm(b: PersonBuilder) -> None:
    rng = b.rng
    tl = timeline(b, "ml", ai=True, active_p=0.75)
    claim_login(b)
    b.track = "rag" if rng.random() < 0.6 else "platform"
    manifest = rng.random() < 0.4  # the rest did their ML in private company repositories
    if tl.ai_start > tl.start + 60 * DAY:
        early_history(b, tl, EARLY_PLAIN if manifest else EARLY_BARE)
    if manifest:
        b.own_repo(
            rng.choice(("classic_service", "feature_pipelines")),
            tl.ai_start,
            between(rng, tl.ai_start, tl.last),
            modest_stars(rng),
        )
        if rng.random() < 0.4:
            created = between(rng, tl.ai_start, tl.last)
            b.own_repo("old_nlp", created, between(rng, created, tl.last), modest_stars(rng))
    contribute_many(b, ML_UPSTREAM, rng.randint(1, 3), tl.ai_start, tl.last)
    llm_start = max(tl.ai_start, b.now - rng.uniform(0.3, 1.6) * YEAR)
    if manifest:
        key = "rag_poc" if b.track == "rag" else rng.choice(("llm_gateway", "llm_observability"))
        b.own_repo(key, llm_start, tl.last, modest_stars(rng))
    dabble = rng.randint(1, 2)  # a first pull request or two to an LLM framework
    contribute_many(b, LLM_DABBLE, rng.randint(0, 2), llm_start, tl.last, dabble)
    company = join_orgs(b, tl, "plain", 0.2, 0.0)
    github_profile(b, "ml", company=company)
    if rng.random() < 0.12:
        open_hf(b)
        hf_portfolio(b, tl, ("classifier_old", "toy_model"), (), (), False, rng.randint(1, 2))
        hf_social(b, tl.ai_start)


def hf_only(b: PersonBuilder) -> None:
    """A strong Hub portfolio and no GitHub account; a few borrow an unrelated login."""
    rng, state = b.rng, b.state
    tl = timeline(b, "hf", ai=False, active_p=0.9)
    tl = Timeline(max(tl.start, b.now - 5.9 * YEAR), max(tl.start, b.now - 5.9 * YEAR), tl.last)
    assert b.ident is not None and b.place is not None
    retrieval = rng.random() < 0.45
    b.track = "rag" if retrieval else "platform"
    if state.collision_pool and rng.random() < 0.25:
        login, other = state.collision_pool.pop(rng.randrange(len(state.collision_pool)))
        b.hf_name = state.claim_hf_name([login], rng, shared_with_github=True)
        if b.hf_name == login:
            b.collides_with = other
    if b.hf_name is None:
        b.hf_name = state.claim_hf_name(
            hf_name_styles(rng, b.ident) + login_styles(rng, b.ident), rng
        )
    said_place = b.place.city and rng.random() < 0.4
    b.label_place = (b.place.country, b.place.city) if said_place else (None, None)
    interest = (
        "Retrieval, embeddings and evals."
        if retrieval
        else "Fine-tuning and quantizing open-weights LLMs."
    )
    where = f" Based in {b.place.city}." if said_place else ""
    b.hf_profile = {
        "fullname": b.ident.latin if rng.random() < 0.8 else b.ident.first,
        "details": interest + where if (said_place or rng.random() < 0.5) else None,
    }
    if retrieval:
        models, datasets = ("embedding_ft", "reranker_ft"), ("golden_eval", "hard_negatives")
    else:
        models, datasets = (
            ("lora_adapter", "gguf_quant", "awq_quant", "sft_full", "dpo"),
            ("instructions", "preference"),
        )
    hf_portfolio(
        b,
        tl,
        models,
        datasets,
        ("rag_demo",) if retrieval else ("chat_demo",),
        rng.random() < 0.6,
        rng.randint(3, 14),
    )
    hf_social(b, tl.start)


def junior(b: PersonBuilder) -> None:
    rng = b.rng
    tl = timeline(b, "junior", ai=True, active_p=0.7)
    claim_login(b)
    b.track = "rag" if rng.random() < 0.6 else "agentic"
    b.own_repo("casual", tl.start, between(rng, tl.start, tl.last), 0)
    keys = (
        ("course_rag", "telegram_gpt", "finetune_course")
        if b.track == "rag"
        else ("course_agent", "telegram_gpt", "course_rag")
    )
    b.own_repo(keys[0], tl.ai_start, between(rng, tl.ai_start, tl.last), rng.randint(0, 3))
    for key in rng.sample(keys[1:], rng.randint(0, 2)):
        created = between(rng, tl.ai_start, tl.last)
        b.own_repo(key, created, between(rng, created, tl.last), rng.randint(0, 2))
    fork_some(b, TUTORIALS, rng.randint(1, 3), tl.start, tl.last)
    if rng.random() < 0.3:
        spec = AI_SPECS["rag_engineer" if b.track == "rag" else "agentic_engineer"]
        contribute_many(b, spec.upstream, 1, tl.ai_start, tl.last, commit_budget(rng, most=19))
    join_orgs(b, tl, "plain", 0.15, 0.0)
    github_profile(b, "junior", hireable_p=0.6, followers_scale=2)
    if rng.random() < 0.15:
        open_hf(b)
        hf_portfolio(
            b, tl, ("toy_model",), ("toy_dataset",), ("rag_demo",), False, rng.randint(1, 2)
        )
        hf_social(b, tl.ai_start)


def buzzword(b: PersonBuilder) -> None:
    """Hard negative: every keyword in the bio, nothing behind it."""
    rng = b.rng
    tl = timeline(b, "buzz", ai=False, active_p=0.6)
    claim_login(b)
    for i, key in enumerate(
        rng.sample(
            ("awesome_list", "prompt_collection", "chatgpt_clone", "langchain_tutorial", "casual"),
            rng.randint(1, 4),
        )
    ):
        created = tl.start if i == 0 else between(rng, tl.start, tl.last)
        b.own_repo(key, created, between(rng, created, tl.last), heavy_tail(rng, 3, 1.5, 900))
    if rng.random() < 0.3:
        created = between(rng, tl.start, tl.last)
        b.own_repo("telegram_gpt", created, between(rng, created, tl.last), rng.randint(0, 5))
    fork_some(
        b, (*TUTORIALS, BY_NAME["langchain-ai/langchain"]), rng.randint(2, 8), tl.start, tl.last
    )
    if rng.random() < 0.2:  # one typo fix, to be able to say "LangChain contributor"
        b.contribute_to(BY_NAME["langchain-ai/langchain"], 1, tl.start, tl.last)
    join_orgs(b, tl, "plain", 0.1, 0.0)
    followers = 300.0 if rng.random() < 0.1 else 4.0
    github_profile(b, "buzzword", hireable_p=0.7, followers_scale=followers)
    if rng.random() < 0.3:
        open_hf(b, "blog:40 details:20 same:30 none:10")
        hf_portfolio(b, tl, (), (), ("toy_space",), False, rng.randint(0, 1))
        hf_social(b, tl.start)


def star_farmer(b: PersonBuilder) -> None:
    """Hard negative: thousands of stars on repositories without substance."""
    rng = b.rng
    tl = timeline(b, "buzz", ai=False, active_p=0.8)
    claim_login(b)
    for i in range(rng.randint(1, 3)):
        created = max(tl.start, tl.last - rng.uniform(20, 330) * DAY) if i else tl.start
        b.own_repo(
            "star_farm",
            created,
            between(rng, created, tl.last),
            1000 + heavy_tail(rng, 1500, 1.1, 60000),
        )
    b.own_repo(
        "awesome_list", between(rng, tl.start, tl.last), tl.last, heavy_tail(rng, 200, 1.2, 20000)
    )
    github_profile(b, "buzzword", hireable_p=0.5, followers_scale=200)


def non_ai_engineer(b: PersonBuilder) -> None:
    rng = b.rng
    tl = timeline(b, "dev", ai=False, active_p=0.65)
    claim_login(b)
    years = (tl.last - tl.start) / YEAR
    for i in range(min(10, 1 + int(years / 1.5) + rng.randint(0, 2))):
        created = tl.start if i == 0 else between(rng, tl.start, tl.last)
        pushed = tl.last if i == 1 else between(rng, created, tl.last)
        b.own_repo(rng.choice(NONAI_OWN), created, pushed, heavy_tail(rng, 4, 1.05, 30000))
    contribute_many(b, NONAI_UPSTREAM, rng.randint(1, 4), tl.start, tl.last)
    fork_some(
        b,
        tuple(r for r in REPOS if r.kind in ("web", "infra", "systems")),
        rng.randint(0, 3),
        tl.start,
        tl.last,
    )
    join_real_orgs(b)
    company = join_orgs(b, tl, "plain", 0.1, 0.15)
    github_profile(b, "backend", company=company, followers_scale=10)


def casual(b: PersonBuilder) -> None:
    rng = b.rng
    tl = timeline(b, "casual", ai=False, active_p=0.3)
    claim_login(b)
    for i in range(rng.randint(1, 4)):
        created = tl.start if i == 0 else between(rng, tl.start, tl.last)
        key = "casual" if rng.random() < 0.7 else rng.choice(("frontend", "flask_app"))
        b.own_repo(
            key,
            created,
            tl.last if i == 0 else between(rng, created, tl.last),
            rng.choice((0, 0, 0, 1, 2)),
        )
    fork_some(b, REPOS, rng.randint(0, 2), tl.start, tl.last)
    github_profile(b, "casual" if rng.random() < 0.5 else None, followers_scale=1)
    if rng.random() < 0.03:
        open_hf(b, "same:50 none:50")
        hf_social(b, tl.start)


def dormant(b: PersonBuilder) -> None:
    rng = b.rng
    former_ai = b.archetype == "dormant_ai"
    tl = timeline(b, "casual" if not former_ai else "buzz", ai=False, active_p=0.0, dormant=True)
    claim_login(b)
    for i in range(rng.randint(1, 5)):
        created = tl.start if i == 0 else between(rng, tl.start, tl.last)
        key = rng.choice(NONAI_OWN)
        if former_ai and i > 0 and rng.random() < 0.6:
            key = "old_nlp"
        b.own_repo(
            key,
            created,
            tl.last if i == 0 else between(rng, created, tl.last),
            heavy_tail(rng, 2, 1.3, 2000),
        )
    picker = OLD_AI if former_ai else NONAI_UPSTREAM
    if rng.random() < 0.5:
        contribute_many(b, picker, rng.randint(1, 2), tl.start, tl.last)
    github_profile(b, "ml" if former_ai else None, hireable_p=0.1)
    if former_ai and rng.random() < 0.4:
        open_hf(b)
        hf_portfolio(b, tl, ("classifier_old",), (), (), False, rng.randint(1, 2))
        hf_social(b, tl.start)


def drive_by(b: PersonBuilder) -> None:
    """One or two commits to one real project (a fix, a typo, a small feature), little else."""
    rng = b.rng
    tl = timeline(b, "dev", ai=False, active_p=0.5)
    claim_login(b)
    repo = rng.choice(_DRIVE_BY_REPOS)
    b.contribute_to(repo, rng.randint(1, 2), tl.start, tl.last)
    b.track = _track_of(repo)
    if rng.random() < 0.5:  # the pull request came from a fork
        b.fork(repo, between(rng, tl.start, tl.last))
    for i in range(rng.randint(0, 3)):
        created = tl.start if i == 0 else between(rng, tl.start, tl.last)
        key = rng.choice(NONAI_OWN if rng.random() < 0.25 else EARLY_BARE)
        b.own_repo(key, created, between(rng, created, tl.last), modest_stars(rng) // 4)
    github_profile(b, "backend" if rng.random() < 0.5 else None, followers_scale=3)
    if b.track is not None and rng.random() < 0.08:
        open_hf(b, "blog:15 details:15 same:30 none:40")
        hf_portfolio(b, tl, ("toy_model",), ("toy_dataset",), ("toy_space",), False, 1)
        hf_social(b, tl.start)


def docs_only(b: PersonBuilder) -> None:
    """Documentation, translations and README fixes to AI projects, no code: grade 1 at most."""
    rng = b.rng
    tl = timeline(b, "casual", ai=False, active_p=0.6)
    claim_login(b)
    ai_repos = tuple(r for r in _DRIVE_BY_REPOS if r.categories)
    for repo in rng.sample(ai_repos, rng.randint(1, 2)):
        b.contribute_to(repo, commit_budget(rng, most=60), tl.start, tl.last, docs_only=True)
        if rng.random() < 0.6:
            b.fork(repo, between(rng, tl.start, tl.last))
    for i in range(rng.randint(0, 2)):
        created = tl.start if i == 0 else between(rng, tl.start, tl.last)
        b.own_repo("casual", created, between(rng, created, tl.last), 0)
    github_profile(b, "casual" if rng.random() < 0.5 else None, followers_scale=2)


def automation(b: PersonBuilder) -> None:
    """A release account without a bot token: hundreds of version bumps, no person behind them.
    Half have a person-like login and name; the label grants them nothing."""
    rng = b.rng
    tl = timeline(b, "dev", ai=False, active_p=1.0)
    repos = rng.sample(_DRIVE_BY_REPOS, rng.randint(1, 3))
    project = repos[0].full_name.split("/")[1].lower()
    if rng.random() < 0.5:
        claim_login(b)
    else:
        word = rng.choice(("release", "releases", "ci", "build", "publish", "version-bump"))
        b.login = b.state.claim_login([f"{project}-{word}", f"{project}-{word}-1"], rng)
    for repo in repos:  # no categories: version bumps show no area of work
        first = max(tl.start, day(repo.created) + DAY)
        b.contribute(repo.full_name, 100 + heavy_tail(rng, 150, 1.3, 4000), first, tl.last, {})
        if tl.last >= b.now - 30 * DAY:
            b.event_targets.append((repo.full_name, b.state.repo_info[repo.full_name][0], None))
    github_profile(b, None, hireable_p=0.0, followers_scale=2)
    if rng.random() < 0.5:
        b.profile["name"] = f"{project} release"
        b.profile["bio"] = rng.choice((None, "Release automation.", f"Releases of {project}."))


_DRIVE_BY_REPOS = tuple(r for r in REPOS if r.kind == "ai") * 2 + tuple(
    r for r in REPOS if r.kind in ("web", "infra", "systems")
)


def _track_of(repo: CatalogueRepo) -> str | None:
    if not repo.categories:
        return None
    best = max(repo.categories, key=lambda name: (repo.categories[name], name))
    return TRACK_OF.get(best)


BUILDERS: dict[str, Callable[[PersonBuilder], None]] = {
    "rag_engineer": ai_engineer,
    "eval_specialist": ai_engineer,
    "agentic_engineer": ai_engineer,
    "platform_engineer": ai_engineer,
    "fine_tuner": ai_engineer,
    "ml_to_llm": ml_to_llm,
    "hf_only": hf_only,
    "junior": junior,
    "buzzword": buzzword,
    "star_farmer": star_farmer,
    "non_ai_engineer": non_ai_engineer,
    "casual": casual,
    "dormant": dormant,
    "dormant_ai": dormant,
    "drive_by": drive_by,
    "docs_only": docs_only,
    "automation": automation,
}
