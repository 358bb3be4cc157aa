"""Write a deterministic, realistic world (docs/world-format.md) for the simulator to serve.

``generate_world(out, people=N, seed=S, now=T)`` writes N simulated humans plus the world
around them: real AI-ecosystem organisations and repositories (langchain-ai/langchain,
vllm-project/vllm, explodinggradients/ragas, ...), non-AI ones (django/django,
kubernetes/kubernetes, ...), real Hub organisations and base models (BAAI/bge-m3,
meta-llama/Llama-3.1-8B-Instruct, ...), fictional companies and communities (minsk-nlp,
eastern-europe-ml, zubr-tech, ...) and bots. ``truth/labels.jsonl`` holds one line per human:
what the generator made them and what their public data shows (see ``gen_person`` for the
label rules and ``gen_archetypes`` for the archetype mix). Product code never reads it.

Determinism: every person draws from ``random.Random(f"{seed}:person:{index}")`` (string
seeds are hashed with SHA-512, so no ``PYTHONHASHSEED`` dependence), shared choices from
seeded streams, and records are written in generation order; the same ``people``, ``seed`` and
``now`` give byte-identical files. Lines stream to disk person by person, so memory stays
flat at any size.

Modules: ``gen_catalogue`` (real ecosystem data), ``gen_people`` (names, places, bios),
``gen_templates`` (what people build), ``gen_state`` (ids and namespaces), ``gen_person``
(one person's records and label), ``gen_specs`` (the archetype mix and what each works on),
``gen_steps`` (steps archetypes share), ``gen_archetypes`` (one function per kind of person),
``gen_events`` (public events), ``gen_orgs`` (organisations, bots, the Hub catalogue).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from talent import __version__
from talent.errors import WorldError
from talent.upstream.gen_archetypes import BUILDERS
from talent.upstream.gen_catalogue import REPOS
from talent.upstream.gen_events import add_events
from talent.upstream.gen_orgs import build_world_around
from talent.upstream.gen_person import PersonBuilder
from talent.upstream.gen_specs import ARCHETYPES
from talent.upstream.gen_state import WorldState, gh_time, heavy_tail
from talent.upstream.gen_steps import account_created, github_user_record

FORMAT = "talent-world/1"
FILES = (
    "github/users.jsonl",
    "github/repos.jsonl",
    "github/contributions.jsonl",
    "github/memberships.jsonl",
    "github/files.jsonl",
    "github/events.jsonl",
    "hf/accounts.jsonl",
    "hf/models.jsonl",
    "hf/datasets.jsonl",
    "hf/spaces.jsonl",
    "hf/likes.jsonl",
    "truth/labels.jsonl",
)
_COLLISION_POOL_MAX = 5000
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_EVENT_RATE = {
    "rag_engineer": 1.5,
    "eval_specialist": 1.5,
    "agentic_engineer": 1.5,
    "platform_engineer": 1.5,
    "fine_tuner": 1.2,
    "buzzword": 1.3,
    "casual": 0.4,
}


class Sinks:
    """One open JSONL file per world file; counts what each received."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.counts: Counter[str] = Counter()
        self._files: dict[str, IO[str]] = {}

    def __enter__(self) -> Sinks:
        for rel in FILES:
            path = self.out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            self._files[rel] = path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for handle in self._files.values():
            handle.close()

    def emit(self, rel: str, record: dict[str, Any]) -> None:
        self._files[rel].write(_ENCODER.encode(record) + "\n")
        self.counts[rel] += 1


def generate_world(out: Path, *, people: int, seed: int, now: datetime) -> dict[str, Any]:
    """Write a world of ``people`` humans into ``out``; returns a JSON-ready summary."""
    started = time.perf_counter()
    if people < 1:
        raise WorldError(f"cannot generate a world of {people} people", "pass --people 1 or more")
    now = _as_utc(now)
    out = Path(out)
    _prepare(out)
    state = WorldState(now=now, seed=seed)
    archetypes = assign_archetypes(people, random.Random(f"{seed}:archetypes"))
    with Sinks(out) as sinks:
        bots = build_world_around(state, sinks.emit, people, random.Random(f"{seed}:world"))
        watch = _watch_pool(state)
        for index, archetype in enumerate(archetypes):
            builder = PersonBuilder(
                state, random.Random(f"{seed}:person:{index}"), f"p{index:06d}", archetype
            )
            BUILDERS[archetype](builder)
            _emit_person(builder, sinks, watch)
        counts = dict(sinks.counts)
    _write_meta(out, people=people, seed=seed, now=now)
    return {
        "out": str(out),
        "people": people,
        "seed": seed,
        "now": gh_time(now),
        "bots": bots,
        "files": {rel: counts.get(rel, 0) for rel in FILES},
        "archetypes": dict(sorted(Counter(archetypes).items())),
        "bytes": sum((out / rel).stat().st_size for rel in FILES),
        "seconds": round(time.perf_counter() - started, 2),
    }


def assign_archetypes(people: int, rng: random.Random) -> list[str]:
    """Exact shares (largest remainder), then shuffled: small worlds keep every kind."""
    total = sum(share for _, share in ARCHETYPES)
    quotas = [(name, people * share / total) for name, share in ARCHETYPES]
    counts = {name: int(q) for name, q in quotas}
    leftover = people - sum(counts.values())
    for name, _fraction in sorted(quotas, key=lambda item: (-(item[1] - int(item[1])), item[0])):
        if leftover <= 0:
            break
        counts[name] += 1
        leftover -= 1
    order = [name for name, _ in ARCHETYPES for _ in range(counts[name])]
    rng.shuffle(order)
    return order


def _emit_person(b: PersonBuilder, sinks: Sinks, watch: list[tuple[str, int]]) -> None:
    emit, state = sinks.emit, b.state
    if b.login is not None:
        created = account_created(b)
        user_id = state.user_id(created)
        if b.active:
            rate = _EVENT_RATE.get(b.archetype, 1.0)
            add_events(b, user_id, 1 + int(heavy_tail(b.rng, 8, 1.6, 299) * rate) // 1, watch)
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
        if b.hf_name is None:
            _remember_for_collisions(state, b)
    if b.hf_name is not None:
        emit("hf/accounts.jsonl", {"name": b.hf_name, "type": "user", **b.hf_profile})
        for kind, items in b.hf_items.items():
            for item in items:
                emit(f"hf/{kind}s.jsonl", item)
        for like in b.likes:
            emit("hf/likes.jsonl", like)
    emit("truth/labels.jsonl", b.label())


def _remember_for_collisions(state: WorldState, b: PersonBuilder) -> None:
    """GitHub logins an unrelated Hub user may later take (weak evidence, never a match)."""
    assert b.login is not None
    entry = (b.login, b.pid)
    if len(state.collision_pool) < _COLLISION_POOL_MAX:
        state.collision_pool.append(entry)
    else:
        state.collision_pool[b.rng.randrange(_COLLISION_POOL_MAX)] = entry


def _watch_pool(state: WorldState) -> list[tuple[str, int]]:
    """Repositories people star: AI projects twice as likely as the rest."""
    pool = []
    for repo in REPOS:
        entry = (repo.full_name, state.repo_info[repo.full_name][0])
        pool += [entry] * (2 if repo.kind == "ai" else 1)
    return pool


def _as_utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).replace(microsecond=0)


def _prepare(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorldError(
            f"cannot create {out}: {exc.strerror or exc}",
            "pass an --out directory you can write to",
        ) from None
    if not out.is_dir():
        raise WorldError(f"{out} is not a directory", "pass an --out directory")


def _write_meta(out: Path, *, people: int, seed: int, now: datetime) -> None:
    meta = {
        "format": FORMAT,
        "now": gh_time(now),
        "seed": seed,
        "people": people,
        "generator": f"talent {__version__}",
        "description": f"generated world: {people} people, seed {seed}",
    }
    (out / "world.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
