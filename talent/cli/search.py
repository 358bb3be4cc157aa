"""``talent search``: find and explain candidates."""

from __future__ import annotations

import click

from talent.cli import App, pass_app
from talent.vocab import SENIORITIES, TRACKS

FORMATS = ("table", "json", "csv", "markdown")


def search_options(func):  # type: ignore[no-untyped-def]
    """The filters shared by `talent search` and `talent saved add`."""
    options = [
        click.option(
            "--track",
            type=click.Choice(TRACKS),
            help="Applied AI/RAG, agentic systems or AI platform; filters and weights signals. "
            "Example: --track rag",
        ),
        click.option(
            "--country",
            "--location",
            "place",
            metavar="PLACE",
            help="Country name or ISO code, city, or region (Minsk, BY, Беларусь, "
            "eastern-europe). Example: --country Belarus",
        ),
        click.option(
            "--seniority",
            multiple=True,
            type=click.Choice(SENIORITIES),
            help="Estimated seniority band (repeatable). Example: --seniority senior",
        ),
        click.option(
            "--min-signal",
            "min_signals",
            multiple=True,
            metavar="CATEGORY=SCORE",
            help="Minimum category score 0..1 (repeatable). Example: --min-signal evaluation=0.3",
        ),
        click.option(
            "--active-within",
            type=int,
            metavar="DAYS",
            help="Public activity in the last DAYS days. Example: --active-within 90",
        ),
        click.option(
            "--hireable",
            is_flag=True,
            default=None,
            help="Only people who marked themselves hireable. Example: --hireable",
        ),
        click.option(
            "--include-contacted",
            is_flag=True,
            help="Also show contacted, rejected, hired and do-not-contact people. "
            "Example: --include-contacted",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command()
@click.argument("query", required=False, default="")
@search_options
@click.option(
    "--limit", default=20, show_default=True, type=int, help="How many results. Example: --limit 50"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output: a terminal table, JSON, ATS-ready CSV or Markdown. Example: --format csv",
)
@click.option(
    "--variant",
    type=click.Choice(("signals", "hybrid", "dense", "sparse")),
    default="signals",
    show_default=True,
    help="Ranking: hybrid retrieval re-ranked by signals, or retrieval alone (for "
    "comparison). Example: --variant hybrid",
)
@click.option(
    "--include-bots", is_flag=True, help="Keep bot accounts in the results. Example: --include-bots"
)
@click.option(
    "--explain-query",
    is_flag=True,
    help="Print what the query was read as (areas, how they combine, place, exclusions, "
    "seniority) before the results; JSON output always carries it under 'understood'. "
    'Example: talent search "RAG and evals in Minsk, not LangChain" --explain-query',
)
@pass_app
def search(
    app: App,
    query: str,
    track: str | None,
    place: str | None,
    seniority: tuple[str, ...],
    min_signals: tuple[str, ...],
    active_within: int | None,
    hireable: bool | None,
    include_contacted: bool,
    limit: int,
    fmt: str,
    variant: str,
    include_bots: bool,
    explain_query: bool,
) -> None:
    """Search people: hybrid retrieval ranked by production signals, explained with evidence.

    People are ranked by the evidence strength of what the query asks for: its areas are read
    from the taxonomy's words and their meaning ("tooling to test LLM outputs" is evaluation),
    joined areas ("both X and Y", "X with Y") must both hold, "not LangChain" or "-langchain"
    leaves people out, and a place in the text ("in Belarus", "from Gomel", "Мінск",
    "Ukrainian") filters like --country. A flag always wins over the text. An empty QUERY
    ranks by overall production evidence. Contacted people are hidden unless asked for.

    \b
    Examples:
      talent search "production RAG engineer with evaluation experience" --country BY
      talent search "agent frameworks, tool use" --track agentic --country eastern-europe
      talent search "" --track platform --min-signal inference=0.4 --format csv > out.csv
    """
    from talent.app.render import explain_query as explain
    from talent.app.render import render
    from talent.app.search import build_request
    from talent.app.search import search as run_search

    request = build_request(
        query,
        track=track,
        place=place,
        seniority=seniority,
        min_signals=min_signals,
        active_within=active_within,
        hireable=hireable,
        include_contacted=include_contacted,
        include_bots=include_bots,
        limit=limit,
        variant=variant,  # type: ignore[arg-type]
    )
    found = run_search(app.workspace(), request, contacts=fmt in ("json", "csv"))
    if explain_query and fmt != "json":
        click.echo(explain(found.results), err=fmt in ("csv", "markdown"))
    click.echo(render(found.results, fmt, found.contacts))
