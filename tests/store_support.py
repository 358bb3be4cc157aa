"""A crawled and indexed store for the tests of the commands that read one (status, saved
searches, the profile view): built once per test session, copied by tests that write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from crawl_support import NOW, crawl, simulator, small_config

from talent.cli import cli
from talent.upstream.generate import generate_world


def indexed_store(factory: pytest.TempPathFactory) -> Path:
    """The home of a 40-person world, crawled from the simulator and indexed (~30 s once)."""
    root = factory.getbasetemp() / "indexed-store"
    home = root / "home"
    if (root / "ready").exists():
        return home
    shutil.rmtree(root, ignore_errors=True)
    world = root / "world"
    generate_world(world, people=40, seed=21, now=NOW)
    config = small_config(root / "config")
    with simulator(world) as sim:
        crawl(home, config, sim.base_url)
    proc = subprocess.run(
        [sys.executable, "-m", "talent", "index", "--json"],
        env={**os.environ, "TALENT_HOME": str(home), "TALENT_CONFIG_DIR": str(config)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (root / "ready").touch()
    return home


def copy_home(source: Path, target: Path) -> Path:
    """A private copy of a store home for a test that writes to it (the query encoder, read
    only and large, is linked rather than copied)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("models"))
    (target / "models").symlink_to(source / "models", target_is_directory=True)
    return target


def talent(home: Path, *args: str) -> Result:
    """Run one CLI command against ``home``; domain errors stay in ``result.exception``."""
    return CliRunner().invoke(cli, ["--home", str(home), *args])
