"""`talent crawl --distributed`: two workers share one frontier in Redis and write to one
PostgreSQL; together they fetch each URL once and store what one worker alone would."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from conftest import REDIS_URL
from crawl_support import (
    NOW,
    Running,
    all_text,
    crawl,
    crawl_command,
    crawl_env,
    differences,
    simulator,
    small_config,
    snapshot,
    wait_until,
)

from talent.upstream.generate import generate_world
from talent.upstream.server import fetch_stats

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def test_two_workers_equal_one(
    tmp_path: Path, postgres_urls: Callable[[], str], redis_prefix: str
) -> None:
    world = tmp_path / "world"
    generate_world(world, people=60, seed=9, now=NOW)
    config = small_config(tmp_path / "config")
    single_url, shared_url = postgres_urls(), postgres_urls()

    with simulator(world) as sim:
        crawl(tmp_path / "one", config, sim.base_url, TALENT_DATABASE_URL=single_url)
        alone = fetch_stats(sim.base_url)

    canary = "ghp_DISTRIBUTED_CANARY_42"
    env = {
        "TALENT_DATABASE_URL": shared_url,
        "TALENT_REDIS_URL": REDIS_URL,
        "TALENT_CRAWL__REDIS_PREFIX": redis_prefix,
        "GITHUB_TOKEN": canary,
    }
    with simulator(world) as sim:
        workers = [
            subprocess.Popen(
                crawl_command(sim.base_url, "--distributed", "--job", "t"),
                env=crawl_env(tmp_path / f"w{i}", config, **env),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(2)
        ]
        outputs = [w.communicate(timeout=300) for w in workers]
        together = fetch_stats(sim.base_url)
        port = int(sim.base_url.rsplit(":", 1)[1])
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-2000:]

    got, want = snapshot(shared_url), snapshot(single_url)
    assert got == want, (
        differences(got, want)
        + f"\n{together}\n{alone}\n"
        + outputs[0][1][-3000:]
        + outputs[1][1][-3000:]
    )
    # Each URL once: the two workers together made as many requests as one alone.
    assert together["requests"] == alone["requests"], (
        together["by_endpoint"],
        alone["by_endpoint"],
    )
    both_worked = [int(err.count("[github]")) for _, err in outputs]
    assert all(both_worked), "one worker did nothing"
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{redis_prefix}*"):
        kind = client.type(key).decode()
        values = (
            client.zrange(key, 0, -1)
            if kind == "zset"
            else client.smembers(key)
            if kind == "set"
            else client.lrange(key, 0, -1)
            if kind == "list"
            else [client.get(key) or b""]
        )
        assert all(canary.encode() not in v for v in values), key
    assert canary not in all_text(shared_url)
    # The last worker cleared the shared frontier: the same job can run again (revalidating).
    assert not [k for k in client.scan_iter(f"{redis_prefix}*")]
    with simulator(world, port=port) as sim:  # the same upstream URLs as the run before
        again = crawl(tmp_path / "w0", config, sim.base_url, "--distributed", "--job", "t", **env)
    # (not a no-op: fewer requests only because remembered 404s and 202 polls are skipped)
    assert again["requests"] >= alone["requests"] * 0.8 and again["not_modified"] > 100


def test_a_stopped_worker_leaves_the_shared_frontier_for_the_next_run(
    tmp_path: Path, postgres_urls: Callable[[], str], redis_prefix: str
) -> None:
    """The requests a SIGTERM dropped (in flight, backing off) go back into Redis: they were
    popped from the shared frontier and the dupe filter would never let them in again."""
    world = tmp_path / "world"
    generate_world(world, people=60, seed=9, now=NOW)
    config = small_config(tmp_path / "config")
    single_url, shared_url = postgres_urls(), postgres_urls()
    with simulator(world) as sim:
        crawl(tmp_path / "one", config, sim.base_url, TALENT_DATABASE_URL=single_url)
        alone = fetch_stats(sim.base_url)["requests"]

    env = {
        "TALENT_DATABASE_URL": shared_url,
        "TALENT_REDIS_URL": REDIS_URL,
        "TALENT_CRAWL__REDIS_PREFIX": redis_prefix,
    }
    args = ("--distributed", "--job", "t")
    with simulator(world) as sim:
        worker = Running(crawl_command(sim.base_url, *args), crawl_env(tmp_path, config, **env))
        wait_until(lambda: fetch_stats(sim.base_url)["requests"] >= alone * 0.4, what="40%")
        os.kill(worker.proc.pid, signal.SIGTERM)
        assert worker.exits_within(10) == 143, worker.stderr[-3000:]
        again = crawl(tmp_path, config, sim.base_url, *args, "--resume", **env)
    assert again["status"] == "finished" and again["resumed"]
    got, want = snapshot(shared_url), snapshot(single_url)
    assert got == want, differences(got, want)


def redis_values(prefix: str) -> dict[bytes, list[bytes]]:
    """Every key under ``prefix`` with all it holds (elements, members, fields and values)."""
    client = redis.Redis.from_url(REDIS_URL)
    found: dict[bytes, list[bytes]] = {}
    for key in client.scan_iter(f"{prefix}*"):
        kind = client.type(key).decode()
        if kind == "zset":
            values = client.zrange(key, 0, -1)
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "hash":
            values = [part for pair in client.hgetall(key).items() for part in pair]
        else:
            values = [client.get(key) or b""]
        found[key] = values
    client.close()
    return found


def distributed_env(shared_url: str, redis_prefix: str, **extra: str) -> dict[str, str]:
    return {
        "TALENT_DATABASE_URL": shared_url,
        "TALENT_REDIS_URL": REDIS_URL,
        "TALENT_CRAWL__REDIS_PREFIX": redis_prefix,
        # A dead worker's lease runs out in seconds, not the default half-minute.
        "TALENT_CRAWL__LEASE_SECONDS": "2",
        **extra,
    }


def no_lease_left(prefix: str) -> bool:
    return not any(b":lease:" in key for key in redis_values(prefix))


def test_a_killed_worker_loses_nothing(
    tmp_path: Path, postgres_urls: Callable[[], str], redis_prefix: str
) -> None:
    """kill -9 of one of two workers mid-crawl: what it had popped from the shared frontier
    (in flight, or fetched but not yet stored) goes back once its lease runs out, so the
    job ends with the store a clean crawl makes, and the same job can run again."""
    world = tmp_path / "world"
    generate_world(world, people=60, seed=9, now=NOW)
    config = small_config(tmp_path / "config")
    single_url, shared_url = postgres_urls(), postgres_urls()
    with simulator(world) as sim:
        crawl(tmp_path / "one", config, sim.base_url, TALENT_DATABASE_URL=single_url)
        alone = fetch_stats(sim.base_url)["requests"]

    env = distributed_env(shared_url, redis_prefix)
    args = ("--distributed", "--job", "t")
    with simulator(world) as sim:
        workers = [
            Running(
                crawl_command(sim.base_url, *args), crawl_env(tmp_path / f"w{i}", config, **env)
            )
            for i in range(2)
        ]
        wait_until(lambda: fetch_stats(sim.base_url)["requests"] >= alone * 0.4, what="40%")
        workers[0].proc.kill()
        workers[0].proc.wait()
        assert workers[1].exits_within(240) == 0, workers[1].stderr[-3000:]
        # The survivor took the dead worker's requests back and finished the job alone.
        assert "requests are back in the shared frontier" in workers[1].stderr
        got, want = snapshot(shared_url), snapshot(single_url)
        assert got == want, differences(got, want) + workers[1].stderr[-3000:]
        again = crawl(tmp_path / "w0", config, sim.base_url, *args, **env)
    assert again["status"] == "finished" and again["requests"] > 0
    got = snapshot(shared_url)
    assert got == want, differences(got, want) + again["_stderr"][-3000:]
    assert not redis_values(redis_prefix), "the job was not cleared for its next run"


def test_a_wedged_job_says_so_and_exits_non_zero(
    tmp_path: Path, postgres_urls: Callable[[], str], redis_prefix: str
) -> None:
    """A job whose dupe filter has seen every seed while nothing is left to fetch (what a
    worker that died before leases left behind) is reported as wedged, with a non-zero exit
    instead of "finished" after 0 requests; its stale state is cleared, so the next run
    crawls again."""
    world = tmp_path / "world"
    generate_world(world, people=30, seed=5, now=NOW)
    config = small_config(tmp_path / "config")
    shared_url = postgres_urls()
    env = distributed_env(shared_url, redis_prefix)
    args = ("--distributed", "--job", "w")
    with simulator(world) as sim:
        worker = Running(crawl_command(sim.base_url, *args), crawl_env(tmp_path, config, **env))
        wait_until(lambda: fetch_stats(sim.base_url)["requests"] >= 60, what="60 requests")
        worker.proc.kill()
        worker.proc.wait()
        wait_until(lambda: no_lease_left(redis_prefix), what="the dead worker's lease to end")
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{redis_prefix}*:requests*"):  # what the dead lost
            client.delete(key)
        client.close()

        wedged = subprocess.run(
            crawl_command(sim.base_url, *args),
            env=crawl_env(tmp_path, config, **env),
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert wedged.returncode == 1, wedged.stderr[-3000:]
        assert "wedged" in wedged.stderr and "run the same crawl again" in wedged.stderr
        assert "Traceback" not in wedged.stderr
        again = crawl(tmp_path, config, sim.base_url, *args, **env)
    assert again["status"] == "finished" and again["requests"] > 60


def test_no_token_reaches_redis_when_a_faulted_worker_is_killed(
    tmp_path: Path, postgres_urls: Callable[[], str], redis_prefix: str
) -> None:
    """Retries (503s, resets) while two workers share the frontier, then kill -9 of one: no
    key or value the job keeps in Redis, nor anything in the store, holds the token."""
    world = tmp_path / "world"
    generate_world(world, people=30, seed=5, now=NOW)
    config = small_config(tmp_path / "config")
    canary = "ghp_CANARY_NEVER_IN_REDIS_7731"
    shared_url = postgres_urls()
    env = distributed_env(shared_url, redis_prefix, GITHUB_TOKEN=canary, HF_TOKEN=canary)
    args = ("--distributed", "--job", "f")

    def leaks() -> list[bytes]:
        return [
            key
            for key, values in redis_values(redis_prefix).items()
            if canary.encode() in key or any(canary.encode() in v for v in values)
        ]

    with simulator(world, faults="503=0.25,reset=0.05") as sim:
        workers = [
            Running(
                crawl_command(sim.base_url, *args), crawl_env(tmp_path / f"w{i}", config, **env)
            )
            for i in range(2)
        ]
        wait_until(lambda: fetch_stats(sim.base_url)["requests"] >= 120, what="120 requests")
        workers[0].proc.kill()
        workers[0].proc.wait()
        assert not leaks()  # what the dead worker left: frontier, in flight, dupe filter
        assert workers[1].exits_within(240) == 0, workers[1].stderr[-3000:]
    assert not leaks()
    assert canary not in all_text(shared_url)
    assert canary not in workers[1].stderr
