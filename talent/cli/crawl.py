"""``talent crawl``: collect GitHub and Hugging Face activity into the store."""

from __future__ import annotations

import json
import logging
import signal
import sys
from typing import TYPE_CHECKING

import click

from talent.cli import App, pass_app

if TYPE_CHECKING:
    from talent.app.pipeline import CrawlSummary


def _progress_logging(level: str) -> None:
    """Progress lines and our own messages at INFO; Scrapy's only from WARNING (or DEBUG)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("talent.progress", "talent.crawler"):
        log = logging.getLogger(name)
        log.setLevel(logging.DEBUG if level == "DEBUG" else logging.INFO)
        log.addHandler(handler)
        log.propagate = False
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    noisy = logging.StreamHandler(sys.stderr)
    noisy.setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    noisy.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(noisy)


@click.command()
@click.option(
    "--source",
    type=click.Choice(["github", "hf", "all"]),
    default="all",
    show_default=True,
    help="Which service to crawl. Example: --source github",
)
@click.option(
    "--upstream",
    metavar="URL",
    help="Crawl a simulator (or mirror) instead of api.github.com and huggingface.co "
    "(TALENT_UPSTREAM). Example: --upstream http://127.0.0.1:8700",
)
@click.option(
    "--max-people",
    type=click.IntRange(1),
    help="Stop discovering after this many people per spider. Example: --max-people 500",
)
@click.option(
    "--max-requests",
    type=click.IntRange(1),
    help="Stop after this many responses per spider. Example: --max-requests 10000",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue the last interrupted crawl without fetching again what it already "
    "fetched. Example: talent crawl --resume",
)
@click.option(
    "--distributed",
    is_flag=True,
    help="Share one frontier and dupe filter in Redis (TALENT_REDIS_URL) with other crawler "
    "processes on any machine. Example: talent crawl --distributed --job nightly",
)
@click.option(
    "--job",
    default="default",
    show_default=True,
    help="Name of the shared distributed crawl: processes with the same name cooperate, and "
    "the last to finish clears it. "
    "Example: --job nightly-2026-11-26",
)
@click.option(
    "--login",
    "logins",
    multiple=True,
    help="Profile this GitHub login too (repeatable). Example: --login octocat",
)
@click.option(
    "--no-discover",
    is_flag=True,
    help="Only profile the given --login names; skip the seeds. Example: --no-discover",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON. Example: --json")
@pass_app
def crawl(
    app: App,
    source: str,
    upstream: str | None,
    max_people: int | None,
    max_requests: int | None,
    resume: bool,
    distributed: bool,
    job: str,
    logins: tuple[str, ...],
    no_discover: bool,
    as_json: bool,
) -> None:
    """Crawl GitHub and the Hugging Face Hub for the people config/seeds.toml points at.

    Polite (rate-limit headers, Retry-After, backoff), incremental (conditional requests:
    a 304 costs no budget) and resumable. Progress goes to stderr; a summary ends the run.

    SIGINT (Ctrl-C) or SIGTERM stops it within seconds, even while it waits for a rate-limit
    reset or for a vanished upstream: what was fetched is saved and the run is recorded as
    interrupted, for --resume. A second signal exits at once. A rejected token stops the
    crawl at once; an upstream that does not answer for crawl.unreachable_after seconds
    (TALENT_CRAWL__UNREACHABLE_AFTER, default 60) fails it. One crawl at a time writes to a
    SQLite store. Exit status: 0 when finished, 130 after SIGINT, 143 after SIGTERM, 75 when
    another crawl is writing to the store, 1 otherwise (a rejected token, an unreachable
    upstream, a crawl that stored nothing because its requests failed).

    \b
    Examples:
      talent crawl --upstream http://127.0.0.1:8700
      talent crawl --source github --max-people 200
      talent crawl --resume
      TALENT_DATABASE_URL=postgresql+psycopg://db/talent talent crawl --distributed
    """
    from talent.app.pipeline import CrawlOptions
    from talent.app.pipeline import crawl as run_crawl
    from talent.shutdown import exit_status

    workspace = app.workspace(upstream=upstream)
    _progress_logging(workspace.settings.log_level)
    options = CrawlOptions(
        source=source,  # type: ignore[arg-type]
        max_people=max_people,
        max_requests=max_requests,
        resume=resume,
        distributed=distributed,
        job=job,
        github_logins=logins,
        discover=not no_discover,
    )
    summary = run_crawl(workspace, options)
    if as_json:
        data = summary.as_dict()
        data.pop("spiders")
        click.echo(json.dumps(data, indent=2))
    else:
        _print_summary(summary)
    if summary.interrupted_by:
        click.echo(
            f"crawl {summary.run_id} interrupted by {summary.interrupted_by}: what it fetched is "
            f"saved; `talent crawl --resume` continues it",
            err=True,
        )
        sys.exit(exit_status(signal.Signals[summary.interrupted_by]))
    if summary.status not in ("finished", "closespider_pagecount"):
        sys.exit(1)


def _print_summary(summary: CrawlSummary) -> None:
    click.echo(
        f"crawl {summary.run_id} {summary.status}{' (resumed)' if summary.resumed else ''} "
        f"in {summary.seconds:.1f}s\n"
        f"  people: {summary.people_new:,} new, {summary.people_updated:,} updated\n"
        f"  requests: {summary.requests:,} ({summary.not_modified_share:.0%} not modified, "
        f"{summary.replayed:,} replayed from an interrupted run)\n"
        f"  retries: {summary.retries:,}, gave up: {summary.gave_up:,}, "
        f"dropped items: {summary.dropped:,}, cleaned fields: {summary.cleaned:,}"
    )
