"""``talent saved …``: searches kept by name and run again to see who is new."""

from __future__ import annotations

import click

from talent.cli import App, pass_app
from talent.cli.search import FORMATS, search_options


@click.group()
def saved() -> None:
    """Save a search by name, run it again later, and see who is new since the last run.

    \b
    Examples:
      talent saved add rag-by "production RAG with evaluation" --country BY
      talent saved run rag-by
      talent saved list
    """


@saved.command()
@click.argument("name")
@click.argument("query")
@search_options
@click.option(
    "--limit", default=20, show_default=True, type=int, help="How many results. Example: --limit 50"
)
@click.option(
    "--replace", is_flag=True, help="Overwrite a saved search of that name. Example: --replace"
)
@pass_app
def add(
    app: App,
    name: str,
    query: str,
    track: str | None,
    place: str | None,
    seniority: tuple[str, ...],
    min_signals: tuple[str, ...],
    active_within: int | None,
    hireable: bool | None,
    include_contacted: bool,
    limit: int,
    replace: bool,
) -> None:
    """Save QUERY with the same filters as `talent search`, checked now.

    \b
    Examples:
      talent saved add rag-by "production RAG with evaluation" --country BY --limit 30
      talent saved add platform-ee "" --track platform --country eastern-europe
      talent saved add rag-by "RAG, reranking" --country BY --replace
    """
    from talent.app.render import describe_filters
    from talent.app.search import add_saved

    filters = {
        "track": track,
        "place": place,
        "seniority": seniority,
        "min_signals": min_signals,
        "active_within": active_within,
        "hireable": hireable,
        "include_contacted": include_contacted,
        "limit": limit,
    }
    saved_name, stored = add_saved(app.workspace(), name, query, filters, replace=replace)
    click.echo(f"saved {saved_name!r}: {query!r} {describe_filters(stored)}".rstrip())


@saved.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON. Example: --json")
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List saved searches with their last run time and result count.

    \b
    Example:
      talent saved list
    """
    from talent.app.render import saved_list
    from talent.app.search import list_saved

    click.echo(saved_list(list_saved(app.workspace()), as_json_=as_json))


@saved.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON. Example: --json")
@pass_app
def show(app: App, name: str, as_json: bool) -> None:
    """Show a saved search and a summary of its last run.

    \b
    Example:
      talent saved show rag-by
    """
    from talent.app.render import saved_view_json, saved_view_text
    from talent.app.search import show_saved

    view = show_saved(app.workspace(), name)
    click.echo(saved_view_json(view) if as_json else saved_view_text(view))


@saved.command()
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output: a terminal table, JSON, ATS-ready CSV or Markdown. Example: --format json",
)
@pass_app
def run(app: App, name: str, fmt: str) -> None:
    """Run a saved search, store the results, and mark who is NEW since the previous run and
    whose evidence grew (+evidence).

    \b
    Examples:
      talent saved run rag-by
      talent saved run rag-by --format json | jq '.results[] | select(.new)'
    """
    from talent.app.render import saved_run
    from talent.app.search import run_saved

    done = run_saved(app.workspace(), name, contacts=fmt in ("json", "csv"))
    click.echo(saved_run(done, fmt))


@saved.command()
@click.argument("name")
@pass_app
def rm(app: App, name: str) -> None:
    """Delete a saved search and its stored runs.

    \b
    Example:
      talent saved rm rag-by
    """
    from talent.app.search import remove_saved

    remove_saved(app.workspace(), name)
    click.echo(f"removed {name!r}")
