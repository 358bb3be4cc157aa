"""Helpers for the end-to-end crawl tests: a small world, a simulator, a crawl subprocess,
and a snapshot of what the store holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from talent.settings import REPO_CONFIG_DIR
from talent.store import models
from talent.upstream.faults import parse_faults
from talent.upstream.server import Simulator, SimulatorConfig
from talent.upstream.world import load_world

NOW = datetime(2026, 11, 26, tzinfo=UTC)
TOKENS = {"GITHUB_TOKEN": "test-github-token", "HF_TOKEN": "test-hf-token"}

# Fewer seeds than config/seeds.toml so that a crawl takes seconds; same categories.
SMALL_SEEDS = """
version = 1
[bounds]
max_contributor_pages = 2
max_member_pages = 1
max_search_pages = 2
max_hf_results = 200
min_contributions = 1
[github]
user_searches = ["location:Minsk", "location:Belarus language:Python"]
[hf]
organisations = ["BAAI"]
[categories.evaluation]
repositories = ["explodinggradients/ragas", "confident-ai/deepeval"]
organisations = ["explodinggradients"]
hf_tags = ["evaluation"]
[categories.retrieval]
repositories = ["run-llama/llama_index"]
hf_search = ["rag"]
[categories.agentic]
repositories = ["langchain-ai/langgraph"]
[categories.vector_db]
repositories = ["qdrant/qdrant-client"]
[categories.inference]
repositories = ["vllm-project/vllm"]
hf_tags = ["gguf"]
[categories.mlops]
repositories = ["langfuse/langfuse"]
[categories.fine_tuning]
hf_libraries = ["peft"]
[categories.cost_latency]
repositories = ["BerriAI/litellm"]
"""


def small_config(folder: Path) -> Path:
    """A copy of config/ with the small seeds."""
    shutil.copytree(REPO_CONFIG_DIR, folder)
    (folder / "seeds.toml").write_text(SMALL_SEEDS)
    return folder


@contextmanager
def simulator(world: Path, faults: str = "", **config: Any) -> Iterator[Simulator]:
    settings = SimulatorConfig(faults=parse_faults(faults), **{"search_limit": 1000, **config})
    with Simulator(load_world(world), settings) as sim:
        yield sim


def crawl_env(home: Path, config: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env.update(TOKENS)
    env.update(
        {
            "TALENT_HOME": str(home),
            "TALENT_CONFIG_DIR": str(config),
            "HF_HUB_OFFLINE": "1",
            # Backoff in tenths of a second keeps fault tests quick; the logic is the same.
            "TALENT_CRAWL__BACKOFF_BASE": "0.05",
            "TALENT_CRAWL__BACKOFF_MAX": "0.5",
            **extra,
        }
    )
    return env


def crawl_command(base: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "talent", "crawl", "--upstream", base, "--json", *args]


def crawl(
    home: Path, config: Path, base: str, *args: str, timeout: int = 240, **extra: str
) -> dict[str, Any]:
    proc = subprocess.run(
        crawl_command(base, *args),
        env=crawl_env(home, config, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    summary["_stderr"] = proc.stderr
    return summary


class Running:
    """A CLI subprocess whose stderr and stdout are read as they come, to wait on and signal."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.err: list[str] = []
        self.out: list[str] = []
        self._readers = [
            threading.Thread(target=_drain, args=(stream, lines), daemon=True)
            for stream, lines in ((self.proc.stderr, self.err), (self.proc.stdout, self.out))
        ]
        for reader in self._readers:
            reader.start()

    @property
    def stderr(self) -> str:
        return "".join(self.err)

    @property
    def stdout(self) -> str:
        return "".join(self.out)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        """Until a stderr line contains ``text``; fails if the process ends first."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.err):
            assert self.proc.poll() is None, f"ended before {text!r}:\n{self.stderr[-3000:]}"
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.stderr[-3000:]}"
            time.sleep(0.05)

    def exits_within(self, seconds: float) -> int:
        """The exit status, asserting that the process ends within ``seconds``."""
        try:
            status = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            message = f"still running after {seconds}s:\n{self.stderr[-3000:]}"
            raise AssertionError(message) from None
        for reader in self._readers:
            reader.join(timeout=5)
        return status


def _drain(stream: Any, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def wait_until(condition: Any, timeout: float = 120, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def database_url(home: Path) -> str:
    return f"sqlite:///{home / 'talent.db'}"


def snapshot(url: str) -> dict[str, set[Any]]:
    """What a crawl stored, as comparable sets (ids are left out: they depend on order)."""
    engine = create_engine(url)
    with Session(engine) as s:
        logins = {a.id: a.login for a in s.scalars(select(models.GithubAccount))}
        repos = {r.id: r.full_name for r in s.scalars(select(models.Repository))}
        hf_names = {h.id: h.name for h in s.scalars(select(models.HfAccount))}
        data = {
            "github_accounts": {
                (a.login, a.name, a.location, a.country, a.profiled_at is not None)
                for a in s.scalars(select(models.GithubAccount))
            },
            "repositories": {
                (r.github_id, r.full_name, r.stars, r.is_fork)
                for r in s.scalars(select(models.Repository))
            },
            "contributions": {
                (logins[c.github_account_id], repos[c.repository_id], c.commits, c.role)
                for c in s.scalars(select(models.Contribution))
            },
            "dependencies": {
                (repos[d.repository_id], d.name) for d in s.scalars(select(models.Dependency))
            },
            "hf_accounts": {
                (h.name, h.kind, h.profiled_at is not None)
                for h in s.scalars(select(models.HfAccount))
            },
            "hf_artifacts": {
                (a.kind, a.hf_id, a.downloads) for a in s.scalars(select(models.HfArtifact))
            },
            "memberships": {
                (
                    m.organisation_id is not None,
                    logins.get(m.github_account_id),
                    hf_names.get(m.hf_account_id),
                )
                for m in s.scalars(select(models.Membership))
            },
            "people": {
                (
                    p.display_name,
                    p.country,
                    tuple(sorted(a.login for a in p.github_accounts)),
                    tuple(sorted(h.name for h in p.hf_accounts)),
                )
                for p in s.scalars(select(models.Person))
            },
        }
    engine.dispose()
    return data


def all_text(url: str) -> str:
    """Every value of every row of every table, as one string (for secret scans)."""
    engine = create_engine(url)
    parts: list[str] = []
    with engine.connect() as conn:
        for table in models.Base.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes):  # cached bodies are zlib-compressed
                        value = zlib.decompress(value) if value else value
                    parts.append(repr(value))
    engine.dispose()
    return "\n".join(parts)


def differences(got: dict[str, set[Any]], want: dict[str, set[Any]]) -> str:
    """A readable account of how two snapshots differ (for assertion messages)."""
    lines = []
    for key in sorted(set(got) | set(want)):
        extra, missing = (
            got.get(key, set()) - want.get(key, set()),
            want.get(key, set()) - got.get(key, set()),
        )
        if extra or missing:
            lines.append(
                f"{key}: extra {sorted(extra, key=repr)[:8]} missing "
                f"{sorted(missing, key=repr)[:8]}"
            )
    return "\n".join(lines)
