"""Stopping `talent crawl` with real signals: mid-crawl, while waiting for a rate-limit reset,
with the upstream gone or hung, and when the clean stop is stuck. Every case ends within the
10 s the issue gives a stopping job, with the shell's exit status and the run recorded."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from crawl_support import (
    NOW,
    Running,
    crawl,
    crawl_command,
    crawl_env,
    database_url,
    differences,
    simulator,
    small_config,
    snapshot,
    wait_until,
)
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from talent.store import models
from talent.upstream.generate import generate_world
from talent.upstream.server import fetch_stats

pytestmark = pytest.mark.slow
BOUND = 10.0  # seconds from the signal to the exit


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("world")
    generate_world(path, people=80, seed=3, now=NOW)
    return path


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_config(tmp_path_factory.mktemp("cfg") / "config")


@pytest.fixture(scope="module")
def clean(world: Path, config: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An uninterrupted crawl: how many requests it takes and what it stores."""
    home = tmp_path_factory.mktemp("clean-home")
    with simulator(world) as sim:
        crawl(home, config, sim.base_url)
        requests = fetch_stats(sim.base_url)["requests"]
    return {"requests": requests, "snapshot": snapshot(database_url(home))}


def start(home: Path, config: Path, base: str, *args: str, **env: str) -> Running:
    return Running(crawl_command(base, *args), crawl_env(home, config, **env))


def served(base: str) -> int:
    return fetch_stats(base)["requests"]


def last_run(home: Path) -> models.CrawlRun:
    engine = create_engine(database_url(home))
    with Session(engine) as session:
        run = session.scalars(select(models.CrawlRun).order_by(models.CrawlRun.id.desc())).first()
    engine.dispose()
    assert run is not None
    return run


def assert_stopped(crawl: Running, signum: int, home: Path) -> dict:
    """Exited within the bound with 128 + signum, said so in one line, run recorded."""
    status = crawl.exits_within(BOUND)
    assert status == 128 + signum, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr, crawl.stderr[-3000:]
    name = signal.Signals(signum).name
    assert f"interrupted by {name}" in crawl.stderr and "--resume" in crawl.stderr
    summary = json.loads(crawl.stdout)
    assert summary["status"] == "interrupted" and summary["interrupted_by"] == name
    run = last_run(home)
    assert run.status == "interrupted" and run.finished_at is not None
    assert run.stats["summary"]["interrupted_by"] == name
    return summary


def test_sigint_mid_crawl_then_resume_gives_the_same_store(
    world: Path, config: Path, clean: dict, tmp_path: Path
) -> None:
    with simulator(world) as sim:
        running = start(tmp_path, config, sim.base_url)
        wait_until(lambda: served(sim.base_url) >= clean["requests"] * 0.4, what="40%")
        os.kill(running.proc.pid, signal.SIGINT)
        assert_stopped(running, signal.SIGINT, tmp_path)
        resumed = crawl(tmp_path, config, sim.base_url, "--resume")
    assert resumed["status"] == "finished" and resumed["resumed"] and resumed["replayed"] > 0
    got, want = snapshot(database_url(tmp_path)), clean["snapshot"]
    assert got == want, differences(got, want)


def test_sigterm_while_waiting_for_a_rate_limit_reset(
    world: Path, config: Path, tmp_path: Path
) -> None:
    with simulator(world, core_limit=60) as sim:  # the budget resets in an hour
        running = start(tmp_path, config, sim.base_url)
        running.wait_for("waiting")
        time.sleep(0.5)  # every request now waits for the reset
        os.kill(running.proc.pid, signal.SIGTERM)
        summary = assert_stopped(running, signal.SIGTERM, tmp_path)
    assert summary["left_for_resume"] >= 1  # the requests that were waiting
    assert "hf" not in last_run(tmp_path).stats  # no spider starts after the stop


def test_sigterm_while_retrying_a_vanished_upstream(
    world: Path, config: Path, clean: dict, tmp_path: Path
) -> None:
    backoff = {"TALENT_CRAWL__BACKOFF_BASE": "30", "TALENT_CRAWL__BACKOFF_MAX": "120"}
    with simulator(world) as sim:
        running = start(tmp_path, config, sim.base_url, **backoff)
        wait_until(lambda: served(sim.base_url) >= clean["requests"] * 0.3, what="30%")
        sim.stop()
        running.wait_for("retrying")  # backing off for 15 s or more
        os.kill(running.proc.pid, signal.SIGTERM)
        summary = assert_stopped(running, signal.SIGTERM, tmp_path)
    assert summary["left_for_resume"] >= 1


def test_sigterm_with_downloads_hung_on_a_silent_upstream(
    world: Path, config: Path, tmp_path: Path
) -> None:
    with simulator(world, faults="slow=1.0,slow_seconds=120") as sim:  # accepts, never answers
        running = start(tmp_path, config, sim.base_url)
        wait_until(lambda: sim.in_flight.total() > 0, what="a download in flight")
        os.kill(running.proc.pid, signal.SIGTERM)
        summary = assert_stopped(running, signal.SIGTERM, tmp_path)  # not DOWNLOAD_TIMEOUT
    assert summary["left_for_resume"] >= 1


@pytest.mark.parametrize("second", [True, False], ids=["second-signal", "grace-runs-out"])
def test_a_stuck_stop_still_exits(
    world: Path, config: Path, clean: dict, tmp_path: Path, second: bool
) -> None:
    """With the database locked the clean stop cannot finish: a second signal ends the process
    at once, and without one the grace period does, both inside the bound."""
    with simulator(world) as sim:
        running = start(tmp_path, config, sim.base_url)
        wait_until(lambda: served(sim.base_url) >= clean["requests"] * 0.3, what="30%")
        lock = sqlite3.connect(tmp_path / "talent.db", isolation_level=None)
        try:
            lock.execute("BEGIN IMMEDIATE")  # the crawler's next write waits (busy_timeout)
            os.kill(running.proc.pid, signal.SIGINT)
            if second:
                time.sleep(0.5)
                os.kill(running.proc.pid, signal.SIGINT)
            status = running.exits_within(BOUND)
        finally:
            lock.close()
    assert status == 130, running.stderr[-3000:]
    expected = "SIGINT again: exiting now" if second else "still stopping after"
    assert expected in running.stderr, running.stderr[-3000:]
    assert "Traceback" not in running.stderr
