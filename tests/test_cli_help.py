"""Every command and option documents itself, with an example (the docs test of the CLI)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from talent import __version__
from talent.cli import cli


def walk(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, f"talent {' '.join(path)} {name} does not load"
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(
                command, click.Context(command, parent=ctx, info_name=name), (*path, name)
            )


COMMANDS = list(walk(cli, click.Context(cli, info_name="talent")))


def test_there_are_commands() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"upstream serve", "upstream generate", "upstream stats", "db upgrade", "stats"} <= names


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_command_has_help_with_an_example(path: tuple[str, ...], command: click.Command) -> None:
    assert command.help and command.help.strip(), f"talent {' '.join(path)} has no help"
    assert "example" in command.help.lower(), f"talent {' '.join(path)} help has no example"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help", "version"):
            where = f"talent {' '.join(path)} {param.opts[0]}"
            assert param.help, f"{where} has no help"
            assert "example" in param.help.lower(), f"{where} help has no example"


def test_root_help_and_version() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "upstream" in result.output
    result = runner.invoke(cli, ["--version"])
    assert __version__ in result.output


def test_console_script_reports_domain_errors_without_traceback(tmp_path) -> None:
    bad = tmp_path / "config"
    bad.mkdir()
    (bad / "talent.toml").write_text("[crawl\n")
    proc = subprocess.run(
        [sys.executable, "-m", "talent", "stats"],
        capture_output=True,
        text=True,
        env={"TALENT_CONFIG_DIR": str(bad), "TALENT_HOME": str(tmp_path / "h"), "PATH": ""},
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "talent.toml" in proc.stderr and "hint:" in proc.stderr
