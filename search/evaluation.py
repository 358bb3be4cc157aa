"""``talent eval``: run the golden queries through every ranking variant and score them.

The golden file (written by ``python -m evals.golden`` from a simulated world) holds each
query, its filters and graded judgments keyed by a world person id, plus each judged person's
GitHub login and HF name. Here those handles are mapped to the store's people
(case-insensitively); product code never sees the world's ground truth itself.

Scoring is per world person: a store person who holds the accounts of several judged people
(a wrong merge) takes the best grade, and a judged person split over two store people counts
only where it first appears. Metrics cover the judged people the store knows; how many it
does not know (crawl coverage) is reported beside them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from talent.errors import ConfigError
from talent.search.metrics import RELEVANT, mean, ndcg_at, precision_at, recall_at, reciprocal_rank
from talent.search.request import VARIANTS, Variant, build_request
from talent.settings import REPO_CONFIG_DIR

if TYPE_CHECKING:
    from talent.search.engine import Searcher
    from talent.settings import Settings

GOLDEN_FORMAT = "talent-golden/1"
DEFAULT_GOLDEN = REPO_CONFIG_DIR.parent / "evals" / "golden" / "demo.json"
BUILD_HINT = "build one: python -m evals.golden --world WORLD_DIR --out evals/golden/NAME.json"
LIMIT = 100
METRICS = ("ndcg@10", "p@10", "recall@100", "mrr")
MIN_KNOWN_SHARE = 0.3  # below this share of judged people found, the store is another world's
TOP = 10
_TIED = "WHERE person_id IS NOT NULL"


@dataclass(frozen=True)
class Handles:
    github: str | None
    hf: str | None
    archetype: str | None = None

    @property
    def label(self) -> str:
        return self.github or f"hf:{self.hf}"


@dataclass(frozen=True)
class GoldenQuery:
    id: str
    text: str
    filters: dict[str, Any]
    judgments: dict[str, int]
    avoid: frozenset[str] = frozenset()
    about: str = ""


@dataclass(frozen=True)
class Golden:
    path: Path
    world: dict[str, Any]
    queries: list[GoldenQuery]
    people: dict[str, Handles]

    @property
    def now(self) -> datetime | None:
        raw = self.world.get("now")
        return datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None


@dataclass
class VariantScore:
    metrics: dict[str, float | None]
    top: list[dict[str, Any]]
    avoided: list[str]
    seconds: float
    ranked: list[int] = field(default_factory=list)


@dataclass
class QueryScore:
    query: GoldenQuery
    judged: int
    relevant: int
    judged_in_store: int
    relevant_in_store: int
    variants: dict[str, VariantScore] = field(default_factory=dict)

    @property
    def skipped(self) -> bool:
        return self.relevant_in_store == 0


# Loading the golden file -----------------------------------------------------------------
def load_golden(path: Path) -> Golden:
    if not path.is_file():
        raise ConfigError(f"golden file not found: {path}", BUILD_HINT)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != GOLDEN_FORMAT:
            raise ValueError(f"format is {raw.get('format')!r}, expected {GOLDEN_FORMAT!r}")
        return Golden(
            path=path,
            world=dict(raw.get("world") or {}),
            queries=[_query(q) for q in raw["queries"]],
            people={
                k: Handles(v.get("github"), v.get("hf"), v.get("archetype"))
                for k, v in raw["people"].items()
            },
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path} is not a golden file: {exc}", BUILD_HINT) from None


def _query(raw: Mapping[str, Any]) -> GoldenQuery:
    return GoldenQuery(
        id=str(raw["id"]),
        text=str(raw["text"]),
        filters=dict(raw.get("filters") or {}),
        judgments={str(k): int(v) for k, v in raw["judgments"].items()},
        avoid=frozenset(raw.get("avoid") or ()),
        about=str(raw.get("about", "")),
    )


# Mapping handles to the store's people ---------------------------------------------------
def store_handles(settings: Settings) -> tuple[dict[str, int], dict[str, int]]:
    """GitHub logins and HF names (lower-cased) -> person id, for accounts tied to a person."""
    from sqlalchemy import text

    from talent.store import Store

    def pairs(conn: Any, sql: str) -> dict[str, int]:
        return {str(handle): int(pid) for handle, pid in conn.execute(text(sql))}

    store = Store.open(settings, upgrade=False)
    try:
        with store.engine.connect() as conn:
            logins = pairs(conn, f"SELECT login_lower, person_id FROM github_accounts {_TIED}")
            names = pairs(conn, f"SELECT name_lower, person_id FROM hf_accounts {_TIED}")
    finally:
        store.close()
    return logins, names


def resolve_people(
    people: Mapping[str, Handles], logins: Mapping[str, int], names: Mapping[str, int]
) -> dict[str, frozenset[int]]:
    """World person -> the store people holding their accounts (absent: not in the store)."""
    found = {}
    for key, handles in people.items():
        ids = {
            logins.get((handles.github or "").lower()),
            names.get((handles.hf or "").lower()),
        } - {None}
        if ids:
            found[key] = frozenset(i for i in ids if i is not None)
    return found


def owners_of(found: Mapping[str, frozenset[int]]) -> dict[int, frozenset[str]]:
    """Store person -> the world people whose accounts it holds."""
    owners: dict[int, set[str]] = {}
    for key, ids in found.items():
        for pid in ids:
            owners.setdefault(pid, set()).add(key)
    return {pid: frozenset(keys) for pid, keys in owners.items()}


def check_same_world(golden: Golden, found: Mapping[str, frozenset[int]]) -> None:
    share = len(found) / len(golden.people) if golden.people else 0.0
    if share < MIN_KNOWN_SHARE:
        raise ConfigError(
            f"the store knows only {len(found)} of the {len(golden.people)} people judged in "
            f"{golden.path} ({share:.0%}): it looks crawled from another world",
            "crawl the world the golden file was built from, or " + BUILD_HINT,
        )


# Grading one ranking ---------------------------------------------------------------------
def graded(
    person_ids: Sequence[int], owners: Mapping[int, frozenset[str]], judgments: Mapping[str, int]
) -> list[int]:
    """The grade of each result; a world person counts only where they first appear."""
    seen: set[str] = set()
    grades = []
    for pid in person_ids:
        keys = owners.get(pid, frozenset()) - seen
        seen |= keys
        grades.append(max((judgments.get(k, 0) for k in keys), default=0))
    return grades


def score(grades: Sequence[int], ideal: Sequence[int]) -> dict[str, float | None]:
    relevant = sum(1 for g in ideal if g >= RELEVANT)
    if relevant == 0:
        return dict.fromkeys(METRICS)
    return {
        "ndcg@10": ndcg_at(grades, ideal, TOP),
        "p@10": precision_at(grades, TOP),
        "recall@100": recall_at(grades, relevant, LIMIT),
        "mrr": reciprocal_rank(grades),
    }


# Running ---------------------------------------------------------------------------------
def request_kwargs(filters: Mapping[str, Any]) -> dict[str, Any]:
    """Golden filters as ``build_request`` keyword arguments (lists become tuples)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()}


def run_query(
    searcher: Searcher,
    query: GoldenQuery,
    variant: Variant,
    at: datetime | None,
) -> list[int]:
    request = build_request(
        query.text,
        **request_kwargs(query.filters),
        include_contacted=True,
        limit=LIMIT,
        variant=variant,
    )
    return [r.person_id for r in searcher.search(request, at=at).results]


def evaluate_query(
    searcher: Searcher,
    query: GoldenQuery,
    variants: Iterable[Variant],
    *,
    found: Mapping[str, frozenset[int]],
    owners: Mapping[int, frozenset[str]],
    people: Mapping[str, Handles],
    at: datetime | None,
) -> QueryScore:
    ideal = [g for k, g in query.judgments.items() if k in found]
    result = QueryScore(
        query,
        judged=len(query.judgments),
        relevant=sum(1 for g in query.judgments.values() if g >= RELEVANT),
        judged_in_store=len(ideal),
        relevant_in_store=sum(1 for g in ideal if g >= RELEVANT),
    )
    for variant in variants:
        started = time.perf_counter()
        ids = run_query(searcher, query, variant, at)
        grades = graded(ids, owners, query.judgments)
        avoided = [
            people[k].label
            for pid in ids[:TOP]
            for k in sorted(owners.get(pid, ()))
            if k in query.avoid
        ]
        top = [
            {"person_id": pid, "who": _who(pid, owners, people), "relevance": g}
            for pid, g in zip(ids[:TOP], grades, strict=False)
        ]
        result.variants[variant] = VariantScore(
            score(grades, ideal), top, avoided, round(time.perf_counter() - started, 3), ids
        )
    return result


def _who(pid: int, owners: Mapping[int, frozenset[str]], people: Mapping[str, Handles]) -> str:
    keys = sorted(owners.get(pid, ()))
    return ", ".join(people[k].label for k in keys) if keys else ""


def evaluate(
    settings: Settings, golden: Golden, variants: Sequence[Variant] = VARIANTS
) -> EvalReport:
    from talent.search.engine import Searcher

    started = time.perf_counter()
    logins, names = store_handles(settings)
    found = resolve_people(golden.people, logins, names)
    check_same_world(golden, found)
    owners = owners_of(found)
    searcher = Searcher(settings)
    try:
        searcher.open(need_encoder=any(q.text.strip() for q in golden.queries))
        scores = [
            evaluate_query(
                searcher,
                q,
                variants,
                found=found,
                owners=owners,
                people=golden.people,
                at=golden.now,
            )
            for q in golden.queries
        ]
    finally:
        searcher.close()
    return EvalReport(
        golden, list(variants), scores, len(found), round(time.perf_counter() - started, 2)
    )


@dataclass
class EvalReport:
    golden: Golden
    variants: list[Variant]
    queries: list[QueryScore]
    known: int
    seconds: float

    def averages(self) -> dict[str, dict[str, Any]]:
        counted = [q for q in self.queries if not q.skipped]
        return {
            v: {
                **{m: _round(mean(q.variants[v].metrics[m] for q in counted)) for m in METRICS},
                "queries": len(counted),
                "avoided_in_top10": sum(len(q.variants[v].avoided) for q in counted),
            }
            for v in self.variants
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "golden": str(self.golden.path),
            "world": self.golden.world,
            "variants": self.variants,
            "relevant_threshold": RELEVANT,
            "coverage": {"judged_people": len(self.golden.people), "in_store": self.known},
            "averages": self.averages(),
            "skipped": [q.query.id for q in self.queries if q.skipped],
            "queries": [_query_dict(q) for q in self.queries],
            "seconds": self.seconds,
        }


def _query_dict(q: QueryScore) -> dict[str, Any]:
    return {
        "id": q.query.id,
        "text": q.query.text,
        "filters": q.query.filters,
        "judged": q.judged,
        "relevant": q.relevant,
        "judged_in_store": q.judged_in_store,
        "relevant_in_store": q.relevant_in_store,
        "skipped": q.skipped,
        "variants": {
            v: {
                **{m: _round(s.metrics[m]) for m in METRICS},
                "avoided_in_top10": s.avoided,
                "top10": s.top,
                "person_ids": s.ranked,
                "seconds": s.seconds,
            }
            for v, s in q.variants.items()
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def parse_variants(names: Sequence[str]) -> list[Variant]:
    """The chosen variants in their usual order; none chosen means all four."""
    return [v for v in VARIANTS if v in names] or list(VARIANTS)
