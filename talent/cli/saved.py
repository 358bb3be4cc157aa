"""``talent saved …``: searches kept by name and run again to see who is new."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from talent.cli import App, pass_app
from talent.cli.search import search_options

if TYPE_CHECKING:
    from talent.search.saved import RunReport, SavedRun
    from talent.store import models


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
    from talent.search.saved import add_saved, describe_filters

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
    with app.store().session() as session:
        stored = add_saved(session, name, query, filters, replace=replace)
        click.echo(f"saved {stored.name!r}: {query!r} {describe_filters(stored.filters)}".rstrip())


@saved.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON. Example: --json")
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List saved searches with their last run time and result count.

    \b
    Example:
      talent saved list
    """
    from talent.search.render import safe
    from talent.search.saved import describe_filters, list_saved

    with app.store().session() as session:
        summaries = list_saved(session)
    if as_json:
        rows = [
            {
                "name": s.name,
                "query": s.query,
                "filters": s.filters,
                "runs": s.runs,
                "last_ran_at": s.last_ran_at.isoformat() if s.last_ran_at else None,
                "last_count": s.last_count,
            }
            for s in summaries
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not summaries:
        click.echo('no saved searches yet (add one: talent saved add NAME "QUERY")')
        return
    for s in summaries:
        last = (
            f"last run {s.last_ran_at:%Y-%m-%d %H:%M}: {s.last_count} results"
            if s.last_ran_at
            else "never run"
        )
        click.echo(f"{safe(s.name, 100)}  {safe(s.query, 80)!r}  {describe_filters(s.filters)}")
        click.echo(f"    {last}")


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
    from talent.search.saved import get_saved, last_report, person_labels

    with app.store().session() as session:
        stored = get_saved(session, name)
        report = last_report(session, stored)
        labels = person_labels(session, [e.person_id for e in report.entries] if report else [])
        if as_json:
            click.echo(json.dumps(_show_json(stored, report, labels), indent=2, ensure_ascii=False))
        else:
            click.echo(_show_text(stored, report, labels))


@saved.command()
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
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
    from talent.search.saved import get_saved, run_saved

    settings = app.settings()
    with app.store().session() as session:
        stored = get_saved(session, name)
        done = run_saved(settings, session, stored)
    click.echo(_render_run(app, stored.name, done, fmt))


@saved.command()
@click.argument("name")
@pass_app
def rm(app: App, name: str) -> None:
    """Delete a saved search and its stored runs.

    \b
    Example:
      talent saved rm rag-by
    """
    from talent.search.saved import remove_saved

    with app.store().session() as session:
        remove_saved(session, name)
    click.echo(f"removed {name!r}")


# Output ----------------------------------------------------------------------------------
def _render_run(app: App, name: str, done: SavedRun, fmt: str) -> str:
    from talent.search.engine import contact_details
    from talent.search.render import as_json, render, safe

    report = done.report
    changes: dict[int, dict[str, Any]] = {
        e.person_id: {
            "new": e.new,
            "evidence_grew": e.evidence_grew,
            "evidence_count": e.evidence_count,
            "previous_evidence_count": e.previous_evidence_count,
        }
        for e in report.entries
    }
    if fmt in ("json", "csv"):
        contacts = contact_details(app.settings(), list(changes))
        changes = {pid: {**contacts.get(pid, {}), **c} for pid, c in changes.items()}
    if fmt == "json":
        document = {"saved": name, "run": _run_json(report), **as_json(done.results, changes)}
        return json.dumps(document, indent=2, ensure_ascii=False)
    marks = {e.person_id: e.changes if fmt == "csv" else e.marks for e in report.entries}
    body = render(done.results, fmt, changes, marks)
    if fmt != "table":
        return body
    return f"{body}\n{safe(name, 100)}: {_run_summary(report)}"


def _run_summary(report: RunReport) -> str:
    if report.previous is None:
        return f"{len(report.entries)} results (first run: all new)"
    return (
        f"{len(report.entries)} results, {report.new} new, {report.grew} with more evidence "
        f"since the run of {report.previous.ran_at:%Y-%m-%d %H:%M}"
    )


def _run_json(report: RunReport) -> dict[str, Any]:
    previous = report.previous
    return {
        "id": report.run.id,
        "ran_at": report.run.ran_at.isoformat(),
        "previous_run_at": previous.ran_at.isoformat() if previous else None,
        "new": report.new,
        "evidence_grew": report.grew,
    }


def _show_json(
    stored: models.SavedSearch, report: RunReport | None, labels: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    last = None
    if report is not None:
        last = {
            **_run_json(report),
            "results": [
                {
                    "rank": e.rank,
                    "person_id": e.person_id,
                    **labels.get(e.person_id, {}),
                    "score": e.score,
                    "evidence_count": e.evidence_count,
                    "new": e.new,
                    "evidence_grew": e.evidence_grew,
                }
                for e in report.entries
            ],
        }
    return {"name": stored.name, "query": stored.query, "filters": stored.filters, "last_run": last}


def _show_text(
    stored: models.SavedSearch, report: RunReport | None, labels: dict[int, dict[str, Any]]
) -> str:
    from talent.search.render import safe
    from talent.search.saved import describe_filters

    lines = [
        f"{safe(stored.name, 100)}",
        f"  query:   {safe(stored.query, 300)!r}",
        f"  filters: {describe_filters(stored.filters) or 'none'}",
        f"  saved:   {stored.created_at:%Y-%m-%d %H:%M}",
    ]
    if report is None:
        lines.append(f"  never run (talent saved run {safe(stored.name, 100)})")
        return "\n".join(lines)
    lines.append(f"  last run {report.run.ran_at:%Y-%m-%d %H:%M}: {_run_summary(report)}")
    for e in report.entries:
        label = labels.get(e.person_id, {})
        who = safe(label.get("handles") or f"person {e.person_id}", 80)
        name = safe(label.get("display_name"), 60)
        tags = " ".join(f"[{m}]" for m in e.marks)
        lines.append(
            f"  {e.rank:>3}. {tags + ' ' if tags else ''}{who}{f' ({name})' if name else ''}"
            f"  score {e.score:.3f}, {e.evidence_count} evidence"
        )
    return "\n".join(lines)
