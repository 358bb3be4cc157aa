"""The pseudonymised contribution graph (``/work/shared/realgraph/contrib_graph.json``) as typed
records, and the stratified sample that ``--sample N`` keeps.

The graph holds repositories (``name``, ``category``, ``description``) and people (``id`` such
as ``dev-0000fb78``) with, per repository, the commit count, first and last author date, the
top path prefixes with their commit counts and a few commit subjects. No names, no emails.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from talent.errors import WorldError

AREAS: tuple[str, ...] = (
    "eval",
    "rag",
    "agentic",
    "vectordb",
    "inference",
    "observability",
    "finetuning",
    "control",
)
# The graph's areas as the product's signal categories; ``control`` (non-AI Python
# libraries) has no product category and gets its own label field.
AREA_CATEGORY: dict[str, str] = {
    "eval": "evaluation",
    "rag": "retrieval",
    "agentic": "agentic",
    "vectordb": "vector_db",
    "inference": "inference",
    "observability": "mlops",
    "finetuning": "fine_tuning",
}
CONTROL = "control"
_HINT = "pass the contrib_graph.json written by the realgraph build"


@dataclass(frozen=True)
class GraphRepo:
    name: str  # owner/name, as on GitHub
    area: str
    description: str

    @property
    def owner(self) -> str:
        return self.name.split("/", 1)[0]


@dataclass(frozen=True)
class Contribution:
    repo: str
    commits: int
    first: date
    last: date
    paths: tuple[tuple[str, int], ...]  # (path prefix, commits touching it), top 8
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class GraphPerson:
    id: str
    contributions: tuple[Contribution, ...]

    @property
    def commits(self) -> int:
        return sum(c.commits for c in self.contributions)

    @property
    def first(self) -> date:
        return min(c.first for c in self.contributions)

    @property
    def last(self) -> date:
        return max(c.last for c in self.contributions)


@dataclass(frozen=True)
class Graph:
    generated: date
    since: date
    repos: tuple[GraphRepo, ...]
    people: tuple[GraphPerson, ...]

    def area_of(self) -> dict[str, str]:
        return {r.name: r.area for r in self.repos}

    @property
    def latest(self) -> date:
        """The newest commit date: the snapshots' real "now"."""
        return max(p.last for p in self.people)


def load_graph(path: Path) -> Graph:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise WorldError(f"cannot read the graph {path}: {exc}", _HINT) from None
    try:
        return parse_graph(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise WorldError(f"{path} is not a contribution graph: {exc!r}", _HINT) from None


def parse_graph(raw: Mapping[str, Any]) -> Graph:
    repos = tuple(
        GraphRepo(str(r["name"]), str(r["category"]), str(r.get("description") or ""))
        for r in raw["repos"]
    )
    unknown = {r.area for r in repos} - set(AREAS)
    if unknown:
        raise ValueError(f"unknown repository categories {sorted(unknown)}")
    names = {r.name for r in repos}
    people = []
    for p in raw["people"]:
        contributions = tuple(_contribution(c) for c in p["contributions"])
        missing = {c.repo for c in contributions} - names
        if missing or not contributions:
            raise ValueError(f"person {p['id']}: unknown repositories {sorted(missing)}")
        people.append(GraphPerson(str(p["id"]), contributions))
    return Graph(
        date.fromisoformat(raw["generated"]),
        date.fromisoformat(raw["since"]),
        repos,
        tuple(people),
    )


def _contribution(raw: Mapping[str, Any]) -> Contribution:
    commits = int(raw["commits"])
    if commits < 1:
        raise ValueError(f"{raw['repo']}: commits must be >= 1")
    return Contribution(
        repo=str(raw["repo"]),
        commits=commits,
        first=date.fromisoformat(raw["first"]),
        last=date.fromisoformat(raw["last"]),
        paths=tuple((str(x["prefix"]), int(x["commits"])) for x in raw.get("paths") or ()),
        subjects=tuple(str(s) for s in raw.get("subjects") or ()),
    )


# Sampling --------------------------------------------------------------------------------
_BUCKETS = (1, 2, 5, 20, 100)  # commit-count lower bounds: 1, 2-4, 5-19, 20-99, 100+


def stratum(person: GraphPerson, area_of: Mapping[str, str]) -> tuple[str, int]:
    """(main area, commit bucket): the area with most commits, and how active overall."""
    per_area: dict[str, int] = defaultdict(int)
    for c in person.contributions:
        per_area[area_of[c.repo]] += c.commits
    area = min(per_area, key=lambda a: (-per_area[a], AREAS.index(a)))
    bucket = max(i for i, low in enumerate(_BUCKETS) if person.commits >= low)
    return area, bucket


def sample_people(graph: Graph, size: int, seed: int) -> tuple[GraphPerson, ...]:
    """``size`` people drawn per (area, activity) stratum in proportion to its share (largest
    remainder, at least one from every stratum while the size allows), in graph order."""
    if size >= len(graph.people):
        return graph.people
    area_of = graph.area_of()
    strata: dict[tuple[str, int], list[GraphPerson]] = defaultdict(list)
    for person in graph.people:
        strata[stratum(person, area_of)].append(person)
    keys = sorted(strata)
    quotas = _allocate(size, [len(strata[k]) for k in keys])
    rng = random.Random(f"{seed}:sample")
    chosen: set[str] = set()
    for key, quota in zip(keys, quotas, strict=True):
        members = list(strata[key])
        rng.shuffle(members)
        chosen.update(p.id for p in members[:quota])
    return tuple(p for p in graph.people if p.id in chosen)


def _allocate(size: int, counts: Sequence[int]) -> list[int]:
    total = sum(counts)
    exact = [size * n / total for n in counts]
    quotas = [int(x) for x in exact]
    if size >= len(counts):  # every stratum keeps a representative
        quotas = [max(1, q) for q in quotas]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for i in _cycle(order):
        gap = size - sum(quotas)
        if gap == 0:
            break
        if gap > 0 and quotas[i] < counts[i]:
            quotas[i] += 1
        elif gap < 0 and quotas[i] > 1:
            quotas[i] -= 1
    return quotas


def _cycle(order: Iterable[int]) -> Iterable[int]:
    items = list(order)
    while True:
        yield from items
