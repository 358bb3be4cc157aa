"""``talent profile LOGIN`` (show) and ``talent profile refresh LOGIN`` (fetch now)."""

from __future__ import annotations

import click

from talent.cli import App, pass_app


class DefaultCommandGroup(click.Group):
    """A group that runs ``show`` when its first argument is not a sub-command."""

    default_command = "show"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultCommandGroup)
def profile() -> None:
    """Show one candidate, or refresh them from GitHub and Hugging Face now.

    \b
    Examples:
      talent profile alesia-k
      talent profile refresh alesia-k
    """


@profile.command()
@click.argument("login")
@click.option(
    "--hf",
    "hf_names",
    multiple=True,
    help="Also fetch this Hugging Face account (repeatable). Example: --hf alesiak",
)
@click.option(
    "--upstream",
    metavar="URL",
    help="Use a simulator or mirror for both services. Example: --upstream http://127.0.0.1:8700",
)
@pass_app
def refresh(app: App, login: str, hf_names: tuple[str, ...], upstream: str | None) -> None:
    """Fetch one person now with PyGithub and huggingface_hub, and update the store.

    Their GitHub profile, repositories, organisations, recent activity and dependency files,
    plus the Hugging Face accounts they link to (or that you name), are stored the same way
    the crawl stores them.

    \b
    Examples:
      talent profile refresh alesia-k
      talent profile refresh alesia-k --hf alesiak
    """
    from talent.app.people import refresh_profile

    result = refresh_profile(app.workspace(upstream=upstream), login, hf_names)
    hf = f" and Hugging Face {', '.join(result.hf)}" if result.hf else ""
    click.echo(
        f"refreshed GitHub {result.github}{hf}: {result.items} records stored"
        f" (person {result.person_id})"
    )
    for problem in result.dropped:
        click.echo(f"  dropped {problem}", err=True)


@profile.command()
@click.argument("login")
@click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON. Example: --json"
)
@pass_app
def show(app: App, login: str, as_json: bool) -> None:
    """Show everything stored about one person: accounts, identity links with their evidence,
    track, seniority and production with reasons, anti-signals, all evidence by category,
    and status history.

    LOGIN is a GitHub login or a Hugging Face name (hf:NAME picks Hugging Face).

    \b
    Examples:
      talent profile alesia-k
      talent profile hf:alesiak --json | jq .signals
    """
    from talent.app.people import show_profile
    from talent.app.render_people import NOT_INDEXED, format_profile, profile_json

    view = show_profile(app.workspace(), login)
    if not as_json:
        click.echo(format_profile(view))  # says itself when the person is not indexed
        return
    click.echo(profile_json(view))
    if not view.indexed:
        click.echo(NOT_INDEXED, err=True)
