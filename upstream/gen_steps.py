"""Steps every archetype shares: placing a person in time and space, their early history,
contributions, memberships, and the profiles of their GitHub and Hub accounts."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from talent.upstream.gen_catalogue import CatalogueRepo
from talent.upstream.gen_people import (
    BIOS,
    COMPANIES_BY,
    COMPANIES_EE,
    COMPANIES_WORLD,
    EASTERN_EUROPE,
    display_name,
    hf_name_styles,
    login_styles,
    make_identity,
    personal_blog,
    pick_place,
    public_email,
    sparse_bio,
)
from talent.upstream.gen_person import PersonBuilder, Record
from talent.upstream.gen_specs import (
    AI_YEARS,
    BY_NAME,
    EARLY_PLAIN,
    GENERAL_YEARS,
    SENIORITY_PICKERS,
    Timeline,
    Weighted,
)
from talent.upstream.gen_state import (
    DAY,
    GITHUB_LAUNCH,
    YEAR,
    FictionalOrg,
    between,
    day,
    gh_time,
    heavy_tail,
    hf_time,
    node_id,
)
from talent.upstream.gen_templates import HF_BY_KEY, TEMPLATES


def timeline(
    b: PersonBuilder, kind: str, *, ai: bool, active_p: float, dormant: bool = False
) -> Timeline:
    """Place the person, give them a name and draw career dates for a target seniority."""
    rng, now = b.rng, b.now
    b.place = pick_place(rng)
    b.ident = make_identity(rng, b.place)
    b.label_place = (b.place.country, b.place.city)
    target = SENIORITY_PICKERS[kind].pick(rng)
    if dormant:
        last = now - rng.uniform(2.2, 8.0) * YEAR
    else:
        b.active = rng.random() < active_p
        last = now - (rng.uniform(0.2, 6) * DAY if b.active else rng.uniform(40, 330) * DAY)
    start = max(last - rng.uniform(*GENERAL_YEARS[target]) * YEAR, GITHUB_LAUNCH + 30 * DAY)
    ai_start = max(last - rng.uniform(*AI_YEARS[target]) * YEAR, start) if ai else start
    return Timeline(start, ai_start, last)


def claim_login(b: PersonBuilder) -> None:
    assert b.ident is not None
    b.login = b.state.claim_login(login_styles(b.rng, b.ident), b.rng)


def early_history(b: PersonBuilder, tl: Timeline, keys: tuple[str, ...] = EARLY_PLAIN) -> None:
    """Non-AI repositories from the start of a career up to its AI part."""
    rng = b.rng
    end = tl.ai_start if tl.ai_start > tl.start + 60 * DAY else tl.start + 60 * DAY
    count = min(6, 1 + int((end - tl.start) / YEAR / 2) + rng.randint(0, 1))
    for i in range(count):
        created = tl.start if i == 0 else between(rng, tl.start, end)
        pushed = between(rng, created, min(end, created + rng.uniform(10, 500) * DAY))
        b.own_repo(rng.choice(keys), created, min(pushed, tl.last), heavy_tail(rng, 2, 1.5, 400))


def pick_template(rng: random.Random, picker: Weighted, by: datetime, tries: int = 8) -> str:
    """A template someone could have started by ``by`` (its frameworks existed), if any."""
    key = picker.pick(rng)
    for _ in range(tries):
        if day(TEMPLATES[key].earliest) <= by:
            break
        key = picker.pick(rng)
    return key


def early_contribution(b: PersonBuilder, picker: Weighted, at: datetime) -> None:
    """A first AI trace at ``at`` in a project that already existed then."""
    existing = [
        name
        for name in picker.items
        if BY_NAME[name].categories and day(BY_NAME[name].created) + 30 * DAY < at
    ]
    if existing:
        repo = BY_NAME[b.rng.choice(existing)]
        b.contribute_to(repo, b.rng.randint(1, 12), at, at + 45 * DAY)


# Commits per contributor in the real graph (docs/realworld.md): 62% one, 14% two, 9% three
# or four, 10% 5-19, 3% 20-99 and 2% a hundred or more (maintainers, up to thousands).
COMMIT_BUCKETS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 62.0),
    (2, 2, 14.0),
    (3, 4, 9.0),
    (5, 19, 9.5),
    (20, 99, 3.4),
    (100, 1500, 2.1),
)
_BUCKETS = Weighted(" ".join(f"{i}:{w}" for i, (_, _, w) in enumerate(COMMIT_BUCKETS)))
# Share of contributors with an own repository that has a Python or npm manifest, by how
# much they commit: about a third of AI contributors overall, as in the real graph.
MANIFEST_P = ((20, 0.6), (5, 0.45), (0, 0.23))


def commit_budget(rng: random.Random, most: int | None = None) -> int:
    """How many commits one contributor sends to the ecosystem's projects: a real bucket,
    log-uniform inside it (a Zipf-like tail); ``most`` caps it (juniors)."""
    low, high, _ = COMMIT_BUCKETS[int(_BUCKETS.pick(rng))]
    value = int(math.exp(rng.uniform(math.log(low), math.log(high + 1))))
    value = min(high, max(low, value))
    return value if most is None else min(most, value)


def manifest_p(budget: int) -> float:
    return next(p for floor, p in MANIFEST_P if budget >= floor)


def contribute_many(
    b: PersonBuilder,
    picker: Weighted,
    k: int,
    start: datetime,
    end: datetime,
    total: int | None = None,
    *,
    docs_only: bool = False,
) -> None:
    """``total`` commits (a fresh ``commit_budget`` by default) over at most ``k`` of the
    picker's projects: drive-bys touch one, the busiest a few, most commits in the first."""
    if k <= 0:
        return
    rng = b.rng
    total = commit_budget(rng) if total is None else max(1, total)
    spread = 1 if total <= 2 else rng.randint(1, 1 + min(3, int(math.log2(total) / 2)))
    names = picker.sample(rng, max(1, min(k, spread)))
    rest = [max(1, int(total * rng.uniform(0.05, 0.3))) for _ in names[1:]]
    counts = [max(1, total - sum(rest)), *rest]
    for name, commits in zip(names, counts, strict=True):
        b.contribute_to(BY_NAME[name], commits, start, end, docs_only=docs_only)


def fork_some(
    b: PersonBuilder, repos: tuple[CatalogueRepo, ...], k: int, start: datetime, end: datetime
) -> None:
    for repo in b.rng.sample(repos, min(k, len(repos))):
        b.fork(repo, between(b.rng, start, end))


def strong_stars(rng: random.Random) -> int:
    return 25 + heavy_tail(rng, 40, 1.15, 9000)


def modest_stars(rng: random.Random) -> int:
    return rng.randint(0, 20)


def region_of(b: PersonBuilder) -> str:
    country = b.label_place[0]
    if country == "BY":
        return "by"
    return "ee" if country in EASTERN_EUROPE else "world"


def join_orgs(
    b: PersonBuilder, tl: Timeline, focus: str, community_p: float, company_p: float
) -> FictionalOrg | None:
    """Fictional memberships; a company member commits to the company's repositories."""
    rng, region = b.rng, region_of(b)
    near = ("by", "ee", "world") if region == "by" else (region, "world")
    company = None
    if rng.random() < community_p:
        options = [o for o in b.state.orgs if o.kind == "community" and o.region in near]
        if options:
            b.join(rng.choice(options).login, public=rng.random() < 0.8)
    if rng.random() < company_p:
        options = [
            o for o in b.state.orgs if o.kind == "company" and o.focus == focus and o.region in near
        ]
        if options:
            company = rng.choice(options)
            b.join(company.login, public=rng.random() < 0.7)
            for full_name, repo_id, categories, created in company.repos:
                first = between(rng, max(tl.ai_start, created), max(tl.last, created))
                last = max(tl.last, first)
                commits = 5 + heavy_tail(rng, 10, 1.3, 900)
                b.contribute(full_name, commits, first, last, categories)
                if last >= b.now - 30 * DAY:
                    b.event_targets.append((full_name, repo_id, "upstream"))
    return company


def join_real_orgs(b: PersonBuilder) -> None:
    """Core contributors of real projects are often public members of the organisation."""
    seen = set()
    for item in b.contributions:
        owner = item["repo"].split("/")[0]
        if item["commits"] >= 40 and owner not in seen and item["repo"] in BY_NAME:
            seen.add(owner)
            if b.rng.random() < 0.5:
                b.join(owner)


# The GitHub profile and the Hub account -----------------------------------------------------
def github_profile(
    b: PersonBuilder,
    bio_key: str | None,
    *,
    company: FictionalOrg | None = None,
    hireable_p: float = 0.3,
    followers_scale: float = 6.0,
) -> None:
    rng = b.rng
    assert b.ident is not None and b.login is not None and b.place is not None
    stars = sum(r.record["stargazers_count"] for r in b.repos if not r.record["fork"])
    region = region_of(b)
    if company is not None and rng.random() < 0.6:
        company_text: str | None = rng.choice((f"@{company.login}", company.name))
    elif rng.random() < 0.5:
        local = {"by": COMPANIES_BY, "ee": COMPANIES_EE}.get(region, COMPANIES_WORLD)
        company_text = rng.choice(local if rng.random() < 0.8 else COMPANIES_WORLD)
    else:
        company_text = None
    if bio_key == "buzzword":  # hype is what makes these accounts hard negatives
        bio = rng.choice(BIOS[bio_key]) if rng.random() < 0.7 else None
    else:
        bio = sparse_bio(rng, bio_key)
    b.profile = {
        "name": display_name(rng, b.ident),
        "company": company_text,
        "blog": personal_blog(rng, b.login) if rng.random() < 0.35 else "",
        "location": b.place.text,
        "email": public_email(rng, b.ident, b.login) if rng.random() < 0.2 else None,
        "hireable": True if rng.random() < hireable_p else None,
        "bio": bio,
        "twitter_username": b.login.lower().replace("-", "_") if rng.random() < 0.15 else None,
        "public_gists": heavy_tail(rng, 2, 1.6, 300),
        "followers": heavy_tail(rng, followers_scale, 1.2, 40000) + stars // 15,
        "following": heavy_tail(rng, 8, 1.4, 3000),
    }


def open_hf(
    b: PersonBuilder, link_weights: str = "blog:30 details:25 both:10 same:25 none:10"
) -> None:
    """A Hub account for a GitHub person, with the evidence that links the two."""
    rng = b.rng
    assert b.ident is not None and b.login is not None
    kind = Weighted(link_weights).pick(rng)
    state = b.state
    if kind == "same":
        b.hf_name = state.claim_hf_name([b.login], rng, shared_with_github=True)
        if b.hf_name != b.login:
            kind = "none"
    else:
        b.hf_name = state.claim_hf_name(hf_name_styles(rng, b.ident), rng)
    fullname = b.profile.get("name") or b.ident.latin
    details = None
    if kind == "same":
        b.profile["name"] = fullname
    if kind in ("blog", "both"):
        b.profile["blog"] = f"https://huggingface.co/{b.hf_name}"
    if kind in ("details", "both"):
        details = rng.choice(
            ("{bio} Code: github.com/{login}", "github.com/{login}", "{bio} · github.com/{login}")
        ).format(bio=b.profile.get("bio") or "ML engineer.", login=b.login)
    elif rng.random() < 0.3:
        details = b.profile.get("bio")
    b.link = {
        "blog": "blog",
        "details": "details",
        "both": "blog+details",
        "same": "handle_and_name",
        "none": "none",
    }[kind]
    b.hf_profile = {"fullname": fullname, "details": details}


def hf_portfolio(
    b: PersonBuilder,
    tl: Timeline,
    models: tuple[str, ...],
    datasets: tuple[str, ...],
    spaces: tuple[str, ...],
    strong: bool,
    count: int,
) -> None:
    rng = b.rng
    kinds = [k for k in (models, datasets, spaces) if k]
    for i in range(count):
        pool = kinds[0] if i == 0 or len(kinds) == 1 else rng.choice(kinds)
        key = rng.choice(pool)
        created = tl.ai_start + DAY if i == 0 else between(rng, tl.ai_start, tl.last)
        modified = between(rng, created, tl.last)
        downloads = (
            2000 + heavy_tail(rng, 800, 1.1, 3_000_000)
            if strong and i < 2
            else heavy_tail(rng, 60, 1.3, 1999)
        )
        item = b.hf_artifact(key, created, modified, downloads, heavy_tail(rng, 2, 1.2, 900))
        if downloads >= 500:
            b.state.like_pool.append((item["id"], key_kind(key), created))


def key_kind(key: str) -> str:
    return HF_BY_KEY[key].kind


def hf_social(b: PersonBuilder, since: datetime) -> None:
    """Likes, org memberships and counters of a Hub account."""
    rng = b.rng
    pool = b.state.like_pool
    for _ in range(heavy_tail(rng, 3, 1.3, 60)):
        repo, kind, created = pool[rng.randrange(len(pool))]
        if not any(like["repo"] == repo for like in b.likes):
            b.like(repo, kind, between(rng, max(since, created), b.now))
    region = region_of(b)
    hf_orgs = [o.login for o in b.state.orgs if o.on_hf and o.region in (region, "world")]
    if hf_orgs and rng.random() < 0.3:
        b.hf_orgs.append(rng.choice(hf_orgs))
    created = min([since, *(_time(i["createdAt"]) for k in b.hf_items.values() for i in k)])
    b.hf_profile.update(
        isPro=rng.random() < 0.08,
        numFollowers=heavy_tail(rng, 4, 1.2, 20000),
        numFollowing=heavy_tail(rng, 5, 1.4, 500),
        numUpvotes=heavy_tail(rng, 2, 1.3, 900),
        numLikes=len(b.likes),
        numPapers=1 if rng.random() < 0.05 else 0,
        createdAt=hf_time(created - rng.uniform(0, 120) * DAY),
        orgs=sorted(b.hf_orgs),
    )


def _time(text: str) -> datetime:
    return day(text)


def github_user_record(b: PersonBuilder, user_id: int, created: datetime) -> Record:
    """The ``GET /users/{login}`` body of a generated person."""
    updated = between(b.rng, b.last_activity(), b.now)
    return {
        "login": b.login,
        "id": user_id,
        "node_id": node_id("04:User", user_id),
        "type": "User",
        "user_view_type": "public",
        "site_admin": False,
        **b.profile,
        "created_at": gh_time(created),
        "updated_at": gh_time(updated),
    }


def account_created(b: PersonBuilder) -> datetime:
    """Accounts predate their first visible activity by up to a year and a half."""
    first = b.first_activity()
    return max(GITHUB_LAUNCH + DAY, first - b.rng.uniform(0, 540) * DAY - timedelta(hours=1))
