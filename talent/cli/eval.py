"""``talent eval``: score the ranking on a golden set, per query and per ranking variant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from talent.cli import App, pass_app

if TYPE_CHECKING:
    from talent.app.pipeline import EvalReport

VARIANT_NAMES = {
    "sparse": "sparse (BM25 only)",
    "dense": "dense (embeddings only)",
    "hybrid": "hybrid (RRF)",
    "signals": "hybrid + signals",
}
HEADER = ("nDCG@10", "P@10", "R@100", "MRR")


@click.command(name="eval")
@click.option(
    "--golden",
    "golden_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Golden file written by `python -m evals.golden` (default: evals/golden/demo.json, "
    "the demo world's). Example: --golden evals/golden/demo.json",
)
@click.option(
    "--variant",
    "variants",
    multiple=True,
    type=click.Choice(["sparse", "dense", "hybrid", "signals"]),
    help="Ranking variant to score (repeatable; default all four). Example: --variant signals",
)
@click.option(
    "--set",
    "sets",
    nargs=2,
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="GOLDEN HOME",
    help="Score a golden file against the store in HOME (repeatable: the sets are shown side "
    "by side, each with its per-query rows). `make eval` builds the demo and real-data "
    "worlds' homes. Example: --set evals/golden/demo.json .eval/demo/home "
    "--set evals/golden/realgraph.json .eval/realgraph/home",
)
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON. Example: --json")
@pass_app
def eval_(
    app: App,
    golden_path: Path | None,
    variants: tuple[str, ...],
    sets: tuple[tuple[Path, Path], ...],
    as_json: bool,
) -> None:
    """Score the ranking on golden queries: nDCG@10, P@10, Recall@100 and MRR per variant.

    Every golden query runs through BM25 alone, embeddings alone, hybrid retrieval, and hybrid
    re-ranked by production signals (the `talent search` default), 100 results each,
    contacted people included. Judged people are matched to the store by GitHub login and HF
    name. A result counts as relevant for P, Recall and MRR at grade 2 or more (of 0..3);
    queries with no relevant person in the store are skipped from the averages. An empty
    query has no retrieval side: sparse, dense and hybrid then all order by production.

    \b
    Examples:
      talent eval
      talent eval --variant signals --variant hybrid --json > eval.json
      talent eval --golden evals/golden/myworld.json
      talent eval --set evals/golden/demo.json .eval/demo/home \\
                  --set evals/golden/realgraph.json .eval/realgraph/home
    """
    from talent.app.pipeline import evaluate

    if sets:
        reports = [evaluate(app.workspace(home=home), golden, variants) for golden, home in sets]
        if as_json:
            data = {"sets": [r.as_dict() for r in reports], "side_by_side": side_by_side(reports)}
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        click.echo("\n\n".join(render_report(r) for r in reports))
        click.echo("\n" + render_side_by_side(reports))
        return
    report = evaluate(app.workspace(), golden_path, variants)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(render_report(report))


def render_report(report: EvalReport) -> str:
    data = report.as_dict()
    world = data["world"]
    lines = [
        f"golden {data['golden']} (world seed {world.get('seed')}, {world.get('people')} "
        f"people); the store knows {data['coverage']['in_store']} of "
        f"{data['coverage']['judged_people']} judged people",
        "relevant = grade >= 2 of 0..3; 'rel' = relevant people in the store / judged; "
        "'avoid' = buzzword-type people in the top 10",
        "",
        _row("query", "rel", "variant", *HEADER, "avoid"),
    ]
    for query in data["queries"]:
        lines += _query_rows(query)
    lines += ["", _averages_title(data), _row("", "", "variant", *HEADER, "avoid")]
    for variant, avg in data["averages"].items():
        values = (avg["ndcg@10"], avg["p@10"], avg["recall@100"], avg["mrr"])
        lines.append(_row("", "", variant, *map(_num, values), str(avg["avoided_in_top10"])))
    lines.append(f"\n{len(data['queries'])} queries in {data['seconds']:.1f}s")
    return "\n".join(lines)


def _query_rows(query: dict[str, Any]) -> list[str]:
    counts = f"{query['relevant_in_store']}/{query['relevant']}"
    if query["skipped"]:
        return [_row(query["id"], counts, "skipped: no relevant people in the store")]
    rows = []
    for i, (variant, s) in enumerate(query["variants"].items()):
        values = (s["ndcg@10"], s["p@10"], s["recall@100"], s["mrr"])
        avoided = str(len(s["avoided_in_top10"])) if s["avoided_in_top10"] else ""
        head = (query["id"], counts) if i == 0 else ("", "")
        rows.append(_row(*head, variant, *map(_num, values), avoided))
    return rows


def _averages_title(data: dict[str, Any]) -> str:
    title = f"averages over {next(iter(data['averages'].values()))['queries']} queries"
    if data["skipped"]:
        title += f" (skipped, no relevant people in the store: {', '.join(data['skipped'])})"
    names = ", ".join(f"{v} = {VARIANT_NAMES[v]}" for v in data["variants"])
    return f"{title}\n{names}"


def _row(query: str, rel: str, variant: str, *cells: str) -> str:
    return f"{query:<30} {rel:>7}  {variant:<8}" + "".join(f" {c:>8}" for c in cells).rstrip()


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def side_by_side(reports: list[EvalReport]) -> dict[str, dict[str, dict[str, Any]]]:
    """variant -> golden set name -> its averages."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for report in reports:
        name = report.golden.path.stem
        for variant, averages in report.averages().items():
            out.setdefault(variant, {})[name] = averages
    return out


def render_side_by_side(reports: list[EvalReport]) -> str:
    names = [r.golden.path.stem for r in reports]
    table = side_by_side(reports)
    head = f"{'variant':<10}" + "".join(f" {n[:22]:>24}" for n in names)
    lines = ["side by side (nDCG@10 / P@10 / R@100)", head]
    for variant, by_set in table.items():
        cells = []
        for name in names:
            avg = by_set.get(name, {})
            cells.append("/".join(_num(avg.get(m)) for m in ("ndcg@10", "p@10", "recall@100")))
        lines.append(f"{variant:<10}" + "".join(f" {c:>24}" for c in cells))
    return "\n".join(lines)
