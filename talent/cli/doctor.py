"""``talent doctor``: are tokens, endpoints, rate limits and the store in order?"""

from __future__ import annotations

import sys

import click

from talent.cli import App, pass_app


@click.command()
@click.option(
    "--upstream",
    metavar="URL",
    help="Check a simulator or mirror instead of the real services. "
    "Example: --upstream http://127.0.0.1:8700",
)
@pass_app
def doctor(app: App, upstream: str | None) -> None:
    """Check tokens (never printed), the GitHub and Hub APIs with their remaining rate limits,
    and the database.

    \b
    Examples:
      talent doctor
      GITHUB_TOKEN=… talent doctor --upstream http://127.0.0.1:8700
    """
    from talent.app.pipeline import doctor as run_checks

    checks = run_checks(app.workspace(upstream=upstream))
    width = max(len(c.name) for c in checks)
    for check in checks:
        mark = "ok " if check.ok else "FAIL"
        click.echo(f"{mark} {check.name:<{width}}  {check.detail}")
    if not all(c.ok for c in checks):
        sys.exit(1)
