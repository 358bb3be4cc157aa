"""``talent index``: score people and build the vector index searches run on."""

from __future__ import annotations

import json
import sys

import click

from talent.cli import App, pass_app


@click.command()
@click.option(
    "--full",
    is_flag=True,
    help="Rebuild everything instead of only what changed. Example: talent index --full",
)
@click.option(
    "--device",
    type=click.Choice(["cpu", "cuda"]),
    help="Where to run the embedding model (TALENT_INDEX__DEVICE). Example: --device cuda",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 4096),
    help="Documents per encoding batch (TALENT_INDEX__BATCH_SIZE). Example: --batch-size 256",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON. Example: --json")
@pass_app
def index(app: App, full: bool, device: str | None, batch_size: int | None, as_json: bool) -> None:
    """Score every person's production signals and (re)embed those who changed.

    Unchanged people cost nothing; a changed embedding model rebuilds everything. Searches
    keep working while this runs: the new index replaces the old one atomically at the end.

    SIGINT (Ctrl-C) or SIGTERM stops it within seconds and throws the unfinished index away:
    the previous one keeps answering searches. Exit status 130 after SIGINT, 143 after
    SIGTERM; a second signal exits at once.

    \b
    Examples:
      talent index
      talent index --full --device cuda --batch-size 512
    """
    from talent.app.pipeline import index as run_index
    from talent.shutdown import Interrupted, Shutdown, exit_status, signal_name

    overrides = {k: v for k, v in {"device": device, "batch_size": batch_size}.items() if v}
    workspace = app.workspace(index=overrides) if overrides else app.workspace()

    def progress(line: str) -> None:
        click.echo(line, err=True)

    try:
        with Shutdown("talent index", hint="searches use the last committed index"):
            summary = run_index(workspace, full=full, progress=progress)
    except Interrupted as exc:  # SIGTERM as well as Ctrl-C: run_index aborted its writer
        click.echo(
            f"index interrupted by {signal_name(exc.signum)}: searches use the last committed "
            "index; run `talent index` again to finish",
            err=True,
        )
        sys.exit(exit_status(exc.signum))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    click.echo(
        f"indexed {summary.people:,} people in {summary.seconds:.1f}s"
        f"{' (full rebuild: ' + summary.reason + ')' if summary.full else ''}\n"
        f"  embedded: {summary.embedded:,} ({summary.docs_per_second:.1f} docs/s), "
        f"payload updates: {summary.payload_updated:,}, unchanged: {summary.unchanged:,}, "
        f"deleted: {summary.deleted:,}"
    )
