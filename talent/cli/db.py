"""``talent db …`` and ``talent stats``: the store's schema and its contents."""

from __future__ import annotations

import json
import sys

import click

from talent.cli import App, pass_app


@click.group()
def db() -> None:
    """Manage the database schema (Alembic migrations).

    \b
    Examples:
      talent db upgrade
      talent db current
      talent db check --fix
    """


@db.command()
@click.option(
    "--revision",
    default="head",
    show_default=True,
    help="Target revision. Example: --revision 0001",
)
@pass_app
def upgrade(app: App, revision: str) -> None:
    """Create or upgrade the schema to the newest (or the given) revision.

    \b
    Example:
      TALENT_DATABASE_URL=postgresql+psycopg://localhost/talent talent db upgrade
    """
    store = app.store(upgrade=False) if revision != "head" else None
    if store is None:
        from talent.store import Store

        store = Store(_engine(app))
    store.upgrade(revision)
    click.echo(f"schema at {store.current_revision()}")


@db.command()
@pass_app
def current(app: App) -> None:
    """Print the schema revision of the database and the one this version needs.

    \b
    Example:
      talent db current
    """
    from talent.store import SCHEMA_HEAD, Store

    revision = Store(_engine(app)).current_revision()
    click.echo(f"database: {revision or 'empty'}; needed: {SCHEMA_HEAD}")


@db.command()
@click.option(
    "--fix",
    is_flag=True,
    help="Repair what the check finds (one transaction). Example: talent db check --fix",
)
@pass_app
def check(app: App, fix: bool) -> None:
    """Check the store for damage — people left without any account — and with --fix repair
    it. Exits 1 when damage is found and not repaired.

    \b
    Examples:
      talent db check
      talent db check --fix && talent index
    """
    from talent.store.check import accountless_people, remove_accountless_people

    workspace = app.workspace()
    if not fix:
        with workspace.store().session() as session:
            found = accountless_people(session)
        if not found:
            click.echo("no damage found: every person has an account")
            return
        click.echo(f"{len(found):,} people without any account: ids {_ids(found)}")
        click.echo("  hint: `talent db check --fix` removes them", err=True)
        sys.exit(1)
    with workspace.exclusive("talent db check --fix"), workspace.store().session() as session:
        removed = remove_accountless_people(session)
    if not removed:
        click.echo("no damage found: every person has an account")
        return
    click.echo(
        f"removed {len(removed):,} people without any account (ids {_ids(removed)}); "
        "`talent index` drops them from search"
    )


def _ids(ids: list[int], shown: int = 20) -> str:
    more = f" and {len(ids) - shown:,} more" if len(ids) > shown else ""
    return ", ".join(map(str, ids[:shown])) + more


def _engine(app: App):  # type: ignore[no-untyped-def]
    from talent.store import make_engine

    settings = app.settings()
    if settings.sqlalchemy_url.startswith("sqlite:///"):
        settings.ensure_home()
    return make_engine(settings.sqlalchemy_url)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON. Example: talent stats --json")
@pass_app
def stats(app: App, as_json: bool) -> None:
    """Count what the store holds, per entity.

    \b
    Examples:
      talent stats
      talent stats --json | jq .people
    """
    counts = app.store().counts()
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    width = max(map(len, counts))
    for name, value in counts.items():
        click.echo(f"{name:<{width}}  {value:>10,}")
