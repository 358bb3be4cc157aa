"""``talent status LOGIN [STATUS]``: track where a candidate stands, with the history kept."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from talent.cli import App, pass_app

if TYPE_CHECKING:
    from talent.store import models


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
    from talent.errors import ConfigError
    from talent.search.candidates import resolve_person, set_status, status_history

    if new_status is None and note is not None:
        raise ConfigError("--note needs a STATUS", f"e.g. talent status {login} contacted --note …")
    with app.store().session() as session:
        person = resolve_person(session, login)
        if new_status is not None:
            set_status(session, person, new_status, note=note)
        history = status_history(session, person.id)
        click.echo(_as_json(person, history) if as_json else _as_text(person, history, new_status))


def _as_json(person: models.Person, history: list[models.CandidateStatus]) -> str:
    from talent.search.candidates import handles

    return json.dumps(
        {
            "person_id": person.id,
            "handles": handles(person),
            "display_name": person.display_name,
            "current": history[-1].status if history else None,
            "history": [
                {"status": h.status, "note": h.note, "at": h.created_at.isoformat()}
                for h in history
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


def _as_text(
    person: models.Person, history: list[models.CandidateStatus], changed: str | None
) -> str:
    from talent.search.candidates import handles
    from talent.search.render import safe
    from talent.search.request import HIDDEN_STATUSES

    who = safe(handles(person), 120)
    if not history:
        return f"{who}: no status yet (e.g. talent status {who.split(' ')[0]} contacted)"
    current = history[-1].status
    hidden = "hidden from searches" if current in HIDDEN_STATUSES else "shown in searches"
    lines = [f"{who}: {current} ({hidden})" if changed else f"{who}: status history"]
    if changed and len(history) == 1:
        return lines[0]
    for row in history:
        note = f"  {safe(row.note, 200)}" if row.note else ""
        lines.append(f"  {row.created_at:%Y-%m-%d %H:%M}  {row.status:<14}{note}")
    if not changed:
        lines.append(f"current: {current} ({hidden})")
    return "\n".join(lines)
