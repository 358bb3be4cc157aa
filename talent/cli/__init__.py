"""The ``talent`` command line: options, one call into the application layer
(``talent.app``), and its rendering.

Sub-command modules load lazily so that ``talent search`` does not pay for importing the
crawler, and domain errors (``TalentError``) become one friendly message and an exit code
here, nowhere else.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from talent import __version__
from talent.errors import ConfigError, TalentError

if TYPE_CHECKING:
    from talent.app.workspace import Workspace
    from talent.settings import Settings
    from talent.store import Store

# command name -> "module:attribute", in the order crawl -> index -> search.
COMMANDS: dict[str, str] = {
    "upstream": "talent.cli.upstream:upstream",
    "crawl": "talent.cli.crawl:crawl",
    "index": "talent.cli.index:index",
    "search": "talent.cli.search:search",
    "profile": "talent.cli.profile:profile",
    "status": "talent.cli.status:status",
    "saved": "talent.cli.saved:saved",
    "doctor": "talent.cli.doctor:doctor",
    "db": "talent.cli.db:db",
    "stats": "talent.cli.db:stats",
    "eval": "talent.cli.eval:eval_",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported only when they are used."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module, attr = self.lazy[cmd_name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, cmd_name)


@dataclass
class App:
    """What every command shares: the flags given on the root, settings and store on demand."""

    overrides: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None
    _store: Store | None = None

    def settings(self, **more: Any) -> Settings:
        from talent.settings import load_settings

        if more:
            return load_settings(**{**self.overrides, **more})
        if self._settings is None:
            self._settings = load_settings(**self.overrides)
        return self._settings

    def workspace(self, **more: Any) -> Workspace:
        """The application workspace for this command, closed when the command ends."""
        from talent.app.workspace import Workspace

        workspace = Workspace(self.settings(**more))
        click.get_current_context().call_on_close(workspace.close)
        return workspace

    def store(self, *, upgrade: bool = True) -> Store:
        from talent.store import Store

        if self._store is None:
            self._store = Store.open(self.settings(), upgrade=upgrade)
        return self._store


pass_app = click.make_pass_decorator(App)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="talent")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the database, vector index and reports (TALENT_HOME). "
    "Example: --home ~/talent-data",
)
@click.option(
    "--database-url",
    metavar="URL",
    help="SQLAlchemy URL, SQLite by default (TALENT_DATABASE_URL). "
    "Example: --database-url postgresql+psycopg://localhost/talent",
)
@click.pass_context
def cli(ctx: click.Context, home: Path | None, database_url: str | None) -> None:
    """Find production AI engineers from public GitHub and Hugging Face activity.

    The stages run in order: crawl collects, index scores and embeds, search ranks.

    \b
    Examples:
      talent upstream generate --people 2000 --out world/
      talent db upgrade
      talent stats --json
    """
    ctx.obj = App(overrides={"home": home, "database_url": database_url})


def check_arguments(args: list[str]) -> None:
    """Reject arguments that are not UTF-8 text before any command sees them.

    Python hands undecodable bytes over as lone surrogates, which every write (database,
    terminal, JSON) later refuses. The value is not echoed: it may be a URL with a password.
    """
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            after = args[position - 2] if position > 1 else ""
            where = f" (after {after})" if after.startswith("-") and after.isascii() else ""
            raise ConfigError(
                f"argument {position}{where} is not valid UTF-8 text",
                "type it again in a UTF-8 terminal (e.g. LANG=C.UTF-8)",
            ) from None


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the CLI and turns domain errors into messages."""
    try:
        check_arguments(sys.argv[1:] if argv is None else argv)
        cli.main(args=argv, prog_name="talent", standalone_mode=False)
    except TalentError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"  hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one clear line, the traceback only when asked for
        if os.environ.get("TALENT_LOG_LEVEL", "").upper() == "DEBUG":
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
        click.echo(
            "  hint: this is a bug in talent; rerun with TALENT_LOG_LEVEL=DEBUG for the "
            "traceback and report it",
            err=True,
        )
        sys.exit(70)
