"""Build the golden judgments of a world: every query of ``queries.toml`` graded 0..3 for
every simulated person, from the world's ground truth.

    python -m evals.golden --world .demo/world --out evals/golden/demo.json

The file keeps only non-zero judgments, keyed by a person id of the world; ``people`` gives
each judged person's GitHub login and HF name, which ``talent eval`` maps to the store's
people. Labels do not depend on the world's ``now``, so the same people and seed give the same
file. The world's ``now`` is recorded because ranking penalises staleness relative to it.
"""

from __future__ import annotations

import argparse
import json
import operator
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talent.errors import ConfigError, TalentError, WorldError

FORMAT = "talent-golden/1"
QUERIES = Path(__file__).resolve().parent / "queries.toml"
LABELS = Path("truth") / "labels.jsonl"
FILTER_KEYS = ("track", "place", "seniority", "min_signals", "active_within", "hireable")
# ``control`` (0..3, non-AI Python libraries) exists in worlds built by evals.realworld only;
# a missing label field compares as absent (None), so such rules never hold elsewhere.
LABEL_FIELDS = (
    "archetype",
    "track",
    "production",
    "seniority",
    "country",
    "city",
    "link",
    "control",
)
CATEGORY_PREFIX = "categories."
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    ">": operator.gt,
    "<": operator.lt,
}


@dataclass(frozen=True)
class Condition:
    """``field`` (a label key, or ``categories.<name>``) compared with ``expected``."""

    field: str
    expected: Any

    def holds(self, label: Mapping[str, Any]) -> bool:
        value = label_value(label, self.field)
        if isinstance(self.expected, list):
            return value in self.expected
        if is_comparison(self.expected):
            op, number = parse_comparison(self.expected)
            return value is not None and op(value, number)
        return bool(value == self.expected)


@dataclass(frozen=True)
class Grade:
    relevance: int
    conditions: tuple[Condition, ...]

    def matches(self, label: Mapping[str, Any]) -> bool:
        return all(c.holds(label) for c in self.conditions)


@dataclass(frozen=True)
class GoldenQuery:
    id: str
    text: str
    about: str
    filters: dict[str, Any]
    avoid: tuple[str, ...]
    grades: tuple[Grade, ...]

    def grade(self, label: Mapping[str, Any]) -> int:
        """The first rule that holds gives the relevance; none holding gives 0."""
        return next((g.relevance for g in self.grades if g.matches(label)), 0)


# Reading queries.toml --------------------------------------------------------------------
def is_comparison(value: Any) -> bool:
    return isinstance(value, str) and value[:1] in ("<", ">", "=") and value != ""


def parse_comparison(spec: str) -> tuple[Callable[[Any, Any], bool], float]:
    for symbol in sorted(_COMPARISONS, key=len, reverse=True):
        if spec.startswith(symbol):
            try:
                return _COMPARISONS[symbol], float(spec[len(symbol) :])
            except ValueError:
                break
    raise ConfigError(f"bad comparison {spec!r}", 'write it like ">=2", "<3" or "==0"')


def label_value(label: Mapping[str, Any], field: str) -> Any:
    if field.startswith(CATEGORY_PREFIX):
        return (label.get("categories") or {}).get(field[len(CATEGORY_PREFIX) :], 0)
    return label.get(field)


def _condition(where: str, field: str, expected: Any) -> Condition:
    from talent.taxonomy import CATEGORIES

    known = (*LABEL_FIELDS, *(CATEGORY_PREFIX + c for c in CATEGORIES))
    if field not in known:
        raise ConfigError(f"{where}: unknown label field {field!r}", f"use one of: {known}")
    if is_comparison(expected):
        parse_comparison(expected)
    return Condition(field, expected)


def _grade(where: str, raw: Mapping[str, Any]) -> Grade:
    relevance = raw.get("relevance")
    if relevance not in (1, 2, 3):
        raise ConfigError(f"{where}: relevance must be 1, 2 or 3", "e.g. relevance = 3")
    conditions = tuple(_condition(where, k, v) for k, v in raw.items() if k != "relevance")
    return Grade(relevance, conditions)


def _query(raw: Mapping[str, Any], index: int) -> GoldenQuery:
    where = f"query {raw.get('id', index)!r}"
    unknown = set(raw) - {"id", "text", "about", "filters", "avoid", "grade"}
    if unknown or not raw.get("id") or "text" not in raw or not raw.get("grade"):
        raise ConfigError(
            f"{where}: needs id, text and [[query.grade]] (unknown keys: {sorted(unknown)})",
            "see the comment at the top of evals/queries.toml",
        )
    filters = dict(raw.get("filters") or {})
    bad = set(filters) - set(FILTER_KEYS)
    if bad:
        raise ConfigError(f"{where}: unknown filters {sorted(bad)}", f"use: {FILTER_KEYS}")
    grades = tuple(_grade(where, g) for g in raw["grade"])
    order = [g.relevance for g in grades]
    if order != sorted(order, reverse=True):
        raise ConfigError(f"{where}: grades must go from high to low", "put relevance 3 first")
    _check_filters(where, str(raw["text"]), filters)
    return GoldenQuery(
        id=str(raw["id"]),
        text=str(raw["text"]),
        about=str(raw.get("about", "")),
        filters=filters,
        avoid=tuple(raw.get("avoid") or ()),
        grades=grades,
    )


def _check_filters(where: str, text: str, filters: Mapping[str, Any]) -> None:
    """The filters must be what `talent search` accepts (validated the same way)."""
    from talent.search.evaluation import request_kwargs
    from talent.search.request import build_request

    try:
        build_request(text, **request_kwargs(filters))
    except TalentError as exc:
        raise ConfigError(f"{where}: {exc.message}", exc.hint) from None


def load_queries(path: Path = QUERIES) -> list[GoldenQuery]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}", "fix the file and run again") from None
    queries = [_query(q, i) for i, q in enumerate(raw.get("query") or [])]
    ids = [q.id for q in queries]
    if not queries or len(set(ids)) != len(ids):
        raise ConfigError(f"{path}: needs queries with unique ids", "rename the duplicate id")
    return queries


# Reading the world -----------------------------------------------------------------------
def read_labels(world: Path) -> Iterator[dict[str, Any]]:
    path = world / LABELS
    if not path.is_file():
        raise WorldError(
            f"{path} not found: the world has no ground truth",
            "pass a world written by `talent upstream generate`",
        )
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise WorldError(f"{path}:{number}: {exc}", "regenerate the world") from None


def world_meta(world: Path) -> dict[str, Any]:
    try:
        meta = json.loads((world / "world.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise WorldError(
            f"cannot read {world / 'world.json'}: {exc}", "pass a world folder"
        ) from None
    return {k: meta.get(k) for k in ("seed", "people", "now")}


# Building --------------------------------------------------------------------------------
def judge(
    queries: Sequence[GoldenQuery], labels: Iterator[Mapping[str, Any]]
) -> tuple[dict[str, dict[str, int]], dict[str, set[str]], dict[str, dict[str, Any]]]:
    """Per query: person -> relevance (non-zero only) and the people to avoid; the people."""
    judgments: dict[str, dict[str, int]] = {q.id: {} for q in queries}
    avoid: dict[str, set[str]] = {q.id: set() for q in queries}
    people: dict[str, dict[str, Any]] = {}
    for label in labels:
        pid = label["person"]
        for query in queries:
            relevance = query.grade(label)
            if relevance:
                judgments[query.id][pid] = relevance
            if label.get("archetype") in query.avoid:
                avoid[query.id].add(pid)
            if relevance or label.get("archetype") in query.avoid:
                people[pid] = {
                    "github": label.get("github"),
                    "hf": label.get("hf"),
                    "archetype": label.get("archetype"),
                }
    return judgments, avoid, people


def build_golden(world_dir: Path, queries_path: Path = QUERIES) -> dict[str, Any]:
    """The golden judgments of ``world_dir`` for the queries of ``queries_path``."""
    world_dir = Path(world_dir)
    queries = load_queries(queries_path)
    meta = world_meta(world_dir)
    judgments, avoid, people = judge(queries, read_labels(world_dir))
    return {
        "format": FORMAT,
        "world": meta,
        "queries": [
            {
                "id": q.id,
                "text": q.text,
                "about": q.about,
                "filters": q.filters,
                "judgments": dict(sorted(judgments[q.id].items())),
                "avoid": sorted(avoid[q.id]),
            }
            for q in queries
        ],
        "people": dict(sorted(people.items())),
    }


def dumps(golden: Mapping[str, Any]) -> str:
    """Stable JSON with one query and one person per line (small diffs, small file)."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    queries = ",\n".join(f"  {one(q)}" for q in golden["queries"])
    people = ",\n".join(f"  {one(k)}:{one(v)}" for k, v in golden["people"].items())
    return (
        f'{{"format":{one(golden["format"])},"world":{one(golden["world"])},\n'
        f'"queries":[\n{queries}\n],\n"people":{{\n{people}\n}}}}\n'
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.golden",
        description="Grade every person of a world for the golden queries. "
        "Example: python -m evals.golden --world .demo/world --out evals/golden/demo.json",
    )
    parser.add_argument("--world", type=Path, required=True, help="the world folder")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="the queries file")
    args = parser.parse_args(argv)
    try:
        golden = build_golden(args.world, args.queries)
    except TalentError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(golden), encoding="utf-8")
    counts = {q["id"]: len(q["judgments"]) for q in golden["queries"]}
    print(json.dumps({"out": str(args.out), "people": len(golden["people"]), "judged": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
