"""``talent status LOGIN [STATUS]``: track where a candidate stands, with the history kept."""

from __future__ import annotations

import click

from talent.cli import App, pass_app


@click.command()
@click.argument("login")
@click.argument("new_status", metavar="[STATUS]", required=False)
@click.option(
    "--note",
    metavar="TEXT",
    help="Why, or what was said; kept with the status. Example: --note 'intro call on Friday'",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON. Example: --json")
@pass_app
def status(app: App, login: str, new_status: str | None, note: str | None, as_json: bool) -> None:
    """Set a candidate's status, or show their status history.

    STATUS is one of contacted, replied, rejected, hired, do-not-contact. Each change is
    added to the history; the newest is current. Searches hide contacted, rejected, hired
    and do-not-contact people unless --include-contacted. LOGIN is a GitHub login or a
    Hugging Face name (hf:NAME picks Hugging Face), in any case.

    \b
    Examples:
      talent status alesia-k contacted --note "LinkedIn InMail"
      talent status hf:alesiak replied
      talent status alesia-k
    """
    from talent.app.people import set_status
    from talent.app.render_people import status_json, status_text

    change = set_status(app.workspace(), login, new_status, note=note)
    click.echo(status_json(change) if as_json else status_text(change))
