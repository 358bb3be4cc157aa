"""Write the world: owners, repositories, Hub catalogue, bots, graph people, hard negatives.

The world's ``now`` is two days after the graph's newest commit (the snapshots' present), so
"active in the last 30 days" means what it meant when the histories were read.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from evals.realworld.catalogue import catalogue_repos, owner_info
from evals.realworld.grading import Grades, grade_person
from evals.realworld.graph import Graph, GraphPerson, load_graph, sample_people
from evals.realworld.negatives import (
    app_bots,
    automation_accounts,
    build_hype_account,
    negative_counts,
    user_bots,
)
from evals.realworld.people import Context, add_recent_events, build_person, label
from talent import __version__
from talent.errors import WorldError
from talent.upstream.gen_catalogue import CatalogueRepo
from talent.upstream.gen_orgs import hf_catalogue, org_user
from talent.upstream.gen_person import LICENSES, PersonBuilder, Record
from talent.upstream.gen_state import DAY, WorldState, day, gh_time, node_id
from talent.upstream.gen_steps import account_created, github_user_record
from talent.upstream.generate import FILES, FORMAT, Sinks
from talent.vocab import CATEGORIES

NOW_AFTER_LATEST = timedelta(days=2)


def world_now(graph: Graph) -> datetime:
    latest = graph.latest + NOW_AFTER_LATEST
    return datetime(latest.year, latest.month, latest.day, tzinfo=UTC)


def repo_spans(graph: Graph) -> dict[str, tuple[date, date]]:
    """First and last commit per repository over the whole graph (sample or not)."""
    spans: dict[str, tuple[date, date]] = {}
    for person in graph.people:
        for c in person.contributions:
            first, last = spans.get(c.repo, (c.first, c.last))
            spans[c.repo] = (min(first, c.first), max(last, c.last))
    return spans


def build_world(
    graph_path: Path, out: Path, *, seed: int = 7, sample: int | None = None
) -> dict[str, Any]:
    """Convert the graph at ``graph_path`` into a world in ``out``; a JSON-ready summary."""
    started = time.perf_counter()
    graph = load_graph(graph_path)
    people = sample_people(graph, sample, seed) if sample else graph.people
    now = world_now(graph)
    out = Path(out)
    _prepare(out)
    state = WorldState(now=now, seed=seed)
    spans = repo_spans(graph)
    catalogue = catalogue_repos(graph.repos)
    counts = negative_counts(len(people))
    archetypes: Counter[str] = Counter()
    with Sinks(out) as sinks:
        emit = sinks.emit
        for owner in sorted({r.owner for r in graph.repos}):
            name, blog, location, created, followers = owner_info(owner)
            emit(
                "github/users.jsonl",
                org_user(state, owner, name, blog, location, day(created), followers, None),
            )
        rng = random.Random(f"{seed}:repos")
        repo_ids = {}
        for repo in graph.repos:
            record = repo_record(state, catalogue[repo.name], spans[repo.name], rng)
            repo_ids[repo.name] = record["id"]
            emit("github/repos.jsonl", record)
        hf_catalogue(state, emit)
        ctx = Context(state, seed, graph.area_of(), catalogue, repo_ids, CATEGORIES)
        watch = [(name, repo_ids[name]) for name in sorted(repo_ids)]
        bots = app_bots(ctx, emit, spans, random.Random(f"{seed}:bots"))
        bots += user_bots(ctx, emit, spans, counts["bot"], seed)
        bots += automation_accounts(ctx, emit, spans, counts["automation"], seed)
        for person in people:
            grades = grade_person(person.contributions, ctx.area_of, ctx.today, CATEGORIES)
            builder = build_person(ctx, person, grades)
            _emit_person(ctx, sinks, builder, person, grades, watch)
            archetypes[builder.archetype] += 1
        for kind in ("buzzword", "star_farmer"):
            for i in range(counts[kind]):
                builder = build_hype_account(ctx, f"{kind}-{i:05d}", kind)
                _emit_person(ctx, sinks, builder, None, None, watch)
                archetypes[kind] += 1
        for record in bots:
            emit("truth/labels.jsonl", record)
            archetypes[record["archetype"]] += 1
        written = dict(sinks.counts)
    _write_meta(out, graph, len(people), seed, now, sample)
    return {
        "out": str(out),
        "graph_people": len(people),
        "labels": written.get("truth/labels.jsonl", 0),
        "seed": seed,
        "now": gh_time(now),
        "archetypes": dict(sorted(archetypes.items())),
        "files": {rel: written.get(rel, 0) for rel in FILES},
        "bytes": sum((out / rel).stat().st_size for rel in FILES),
        "seconds": round(time.perf_counter() - started, 2),
    }


def repo_record(
    state: WorldState, repo: CatalogueRepo, span: tuple[date, date], rng: random.Random
) -> Record:
    """A graph repository as ``GET /repos/{o}/{r}``: pushed when its last commit landed."""
    first, last = span
    created = min(day(repo.created), datetime.combine(first, datetime.min.time(), UTC) - 3 * DAY)
    created += timedelta(hours=9, minutes=len(repo.full_name))
    repo_id = state.repo_id(created)
    state.register_repo(repo.full_name, repo_id, repo.description)
    pushed = datetime.combine(last, datetime.min.time(), UTC) + rng.uniform(0.3, 1) * DAY
    pushed = min(pushed, state.now - timedelta(minutes=30))
    size = 2000 + repo.stars // 2
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
        "updated_at": gh_time(min(state.now, pushed + timedelta(minutes=10))),
        "pushed_at": gh_time(pushed),
        "_languages": {repo.language: size * 900, "Shell": size * 9} if repo.language else {},
    }
    if repo.former:
        record["_former_names"] = list(repo.former)
    return record


def _emit_person(
    ctx: Context,
    sinks: Sinks,
    b: PersonBuilder,
    person: GraphPerson | None,
    grades: Grades | None,
    watch: list[tuple[str, int]],
) -> None:
    emit, state = sinks.emit, ctx.state
    created = account_created(b)
    user_id = state.user_id(created)
    add_recent_events(ctx, b, person, user_id, watch)
    emit("github/users.jsonl", github_user_record(b, user_id, created))
    for repo in b.repos:
        emit("github/repos.jsonl", repo.record)
    for rel, items in (
        ("github/contributions.jsonl", b.contributions),
        ("github/memberships.jsonl", b.memberships),
        ("github/files.jsonl", b.files),
        ("github/events.jsonl", b.events),
    ):
        for item in items:
            emit(rel, item)
    if b.hf_name is not None:
        emit("hf/accounts.jsonl", {"name": b.hf_name, "type": "user", **b.hf_profile})
        for kind, artifacts in b.hf_items.items():
            for item in artifacts:
                emit(f"hf/{kind}s.jsonl", item)
        for like in b.likes:
            emit("hf/likes.jsonl", like)
    emit("truth/labels.jsonl", label(ctx, b, grades))


def _prepare(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorldError(f"cannot create {out}: {exc}", "pass an --out you can write to") from None


def _write_meta(
    out: Path, graph: Graph, people: int, seed: int, now: datetime, sample: int | None
) -> None:
    kept = f"a stratified sample of {people}" if sample else f"all {people}"
    meta: Mapping[str, Any] = {
        "format": FORMAT,
        "now": gh_time(now),
        "seed": seed,
        "people": people,
        "generator": f"talent {__version__} evals.realworld",
        "description": f"contribution graph of {graph.generated.isoformat()} "
        f"({len(graph.repos)} repositories, {kept} of {len(graph.people)} people), "
        f"invented profiles, seed {seed}",
    }
    (out / "world.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
