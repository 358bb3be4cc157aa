"""Failure is never reported as success (issue 10, defect 6): a rejected token stops the
crawl at once naming its variable, an unreachable upstream fails after a bounded time with
the URL and the fix, a crawl that stored nothing because of errors exits non-zero, and
`talent profile refresh` reports its client errors the same way. Real processes against
the simulator (or a closed port), never a traceback, never the token."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from crawl_support import (
    NOW,
    TOKENS,
    crawl_command,
    crawl_env,
    database_url,
    simulator,
    small_config,
)
from sqlalchemy import create_engine, text

from talent.upstream.generate import generate_world
from talent.upstream.server import fetch_stats

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("world")
    generate_world(path, people=20, seed=5, now=NOW)
    return path


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_config(tmp_path_factory.mktemp("cfg") / "config")


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)


def assert_clean_failure(proc: subprocess.CompletedProcess[str]) -> str:
    """Exit 1, one `Error:` line and a hint, no traceback, no token anywhere."""
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"exit {proc.returncode}:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    for token in TOKENS.values():
        assert token not in output
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, proc.stderr[-3000:]
    assert "  hint: " in proc.stderr
    return proc.stderr


def last_run_status(home: Path) -> str:
    engine = create_engine(database_url(home))
    with engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM crawl_runs ORDER BY id DESC")).scalar()
    engine.dispose()
    return status


@pytest.mark.parametrize(
    ("source", "service", "variable"),
    [("github", "GitHub", "GITHUB_TOKEN"), ("hf", "Hugging Face", "HF_TOKEN")],
)
def test_a_rejected_token_stops_the_crawl_at_once_naming_its_variable(
    world: Path, config: Path, tmp_path: Path, source: str, service: str, variable: str
) -> None:
    with simulator(world, faults="401=1") as sim:
        proc = run(crawl_command(sim.base_url, "--source", source), crawl_env(tmp_path, config))
        served = fetch_stats(sim.base_url)["requests"]
    stderr = assert_clean_failure(proc)
    assert f"Error: {service} rejected the token in {variable} (HTTP 401" in stderr
    assert f"set {variable} to a valid token" in stderr
    assert served <= 16 + 2, "kept crawling after the first 401s"  # what was in flight
    assert last_run_status(tmp_path) == "failed"


def test_an_unreachable_upstream_fails_after_the_bound_with_the_url_and_the_fix(
    config: Path, tmp_path: Path
) -> None:
    base = closed_port_url()
    env = crawl_env(tmp_path, config, TALENT_CRAWL__UNREACHABLE_AFTER="1")
    proc = run(crawl_command(base), env)
    stderr = assert_clean_failure(proc)
    assert f"Error: cannot reach GitHub at {base}" in stderr, stderr[-3000:]
    assert "--upstream" in stderr and "talent doctor" in stderr
    assert last_run_status(tmp_path) == "failed"


def test_a_crawl_that_stored_nothing_because_of_errors_is_a_failure(
    world: Path, config: Path, tmp_path: Path
) -> None:
    env = crawl_env(tmp_path, config, TALENT_CRAWL__MAX_RETRIES="1")
    with simulator(world, faults="500=1") as sim:  # answers, but only with errors
        proc = run(crawl_command(sim.base_url), env)
    stderr = assert_clean_failure(proc)
    assert "Error: the crawl stored nothing:" in stderr and "gave up" in stderr
    assert last_run_status(tmp_path) == "failed"


def refresh_command(base: str) -> list[str]:
    return [sys.executable, "-m", "talent", "profile", "refresh", "someone", "--upstream", base]


def test_profile_refresh_reports_a_rejected_token_naming_its_variable(
    world: Path, config: Path, tmp_path: Path
) -> None:
    with simulator(world, faults="401=1") as sim:
        proc = run(refresh_command(sim.base_url), crawl_env(tmp_path, config))
    stderr = assert_clean_failure(proc)
    assert "Error: GitHub rejected the token in GITHUB_TOKEN (HTTP 401" in stderr


def test_profile_refresh_reports_an_unreachable_upstream(config: Path, tmp_path: Path) -> None:
    base = closed_port_url()
    proc = run(refresh_command(base), crawl_env(tmp_path, config))
    stderr = assert_clean_failure(proc)
    assert f"Error: cannot reach GitHub at {base}" in stderr
    assert "--upstream" in stderr


def test_hub_client_errors_are_named_not_taken_for_a_missing_user(
    world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """huggingface_hub's 401 and connection errors (the refresh of a person's HF accounts):
    the token variable or the URL, where a "no such user" warning used to hide them."""
    from talent.crawler.clients import _hf_items
    from talent.errors import UpstreamError
    from talent.settings import load_settings

    monkeypatch.setenv("HF_TOKEN", TOKENS["HF_TOKEN"])
    with simulator(world, faults="401=1") as sim, pytest.raises(UpstreamError) as rejected:
        list(_hf_items(load_settings(upstream=sim.base_url), "anyone"))
    assert "Hugging Face rejected the token in HF_TOKEN (HTTP 401" in str(rejected.value)
    base = closed_port_url()
    with pytest.raises(UpstreamError) as gone:
        list(_hf_items(load_settings(upstream=base), "anyone"))
    assert f"cannot reach Hugging Face at {base}" in str(gone.value)
    assert TOKENS["HF_TOKEN"] not in str(rejected.value) + str(gone.value)
