"""End to end: `talent crawl` against the simulator, cold and warm, under faults, killed and
resumed, out of budget, and with a canary token."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from crawl_support import (
    NOW,
    all_text,
    crawl,
    crawl_command,
    crawl_env,
    database_url,
    differences,
    simulator,
    small_config,
    snapshot,
)

from talent.upstream.generate import generate_world
from talent.upstream.server import fetch_stats

pytestmark = pytest.mark.slow


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
    """One uninterrupted, fault-free crawl and what it left: the reference."""
    home = tmp_path_factory.mktemp("clean-home")
    with simulator(world) as sim:
        summary = crawl(home, config, sim.base_url)
        cold = fetch_stats(sim.base_url)
        sim_reset(sim.base_url)
        again = crawl(home, config, sim.base_url)
        warm = fetch_stats(sim.base_url)
    return {
        "home": home,
        "summary": summary,
        "again": again,
        "cold": cold,
        "warm": warm,
        "snapshot": snapshot(database_url(home)),
    }


def sim_reset(base: str) -> None:
    import urllib.request

    urllib.request.urlopen(
        urllib.request.Request(f"{base}/__simulator__/reset", method="POST", data=b""), timeout=5
    )


def test_cold_crawl_profiles_people(clean: dict) -> None:
    summary, shot = clean["summary"], clean["snapshot"]
    assert summary["status"] == "finished"
    assert summary["people_new"] >= 20  # of 80: most have one commit, too few to be seen
    assert summary["dropped"] == 0 and summary["gave_up"] == 0
    assert any(profiled for *_, profiled in shot["github_accounts"])
    assert shot["contributions"] and shot["dependencies"] and shot["hf_artifacts"]
    assert any(hf for *_, hf in shot["people"]), "no GitHub+HF person was joined"


def test_recrawl_revalidates_with_conditional_requests(clean: dict) -> None:
    again, cold, warm = clean["again"], clean["cold"], clean["warm"]
    assert again["people_new"] == 0
    assert warm["not_modified"] / warm["requests"] >= 0.9
    assert warm["charged"] <= 0.1 * cold["charged"]
    got, want = snapshot(database_url(clean["home"])), clean["snapshot"]
    assert got == want, differences(got, want)


def test_faulty_upstream_ends_with_the_same_store(
    world: Path, config: Path, clean: dict, tmp_path: Path
) -> None:
    faults = "500=0.04,502=0.03,503=0.03,reset=0.02,malformed=0.01,truncate=0.01,secondary=0.005"
    with simulator(world, faults=faults, seed=11) as sim:
        summary = crawl(tmp_path, config, sim.base_url)
        served = fetch_stats(sim.base_url)
    assert sum(served["faults"].values()) >= 20, served["faults"]
    assert summary["retries"] >= 20 and summary["gave_up"] == 0
    got, want = snapshot(database_url(tmp_path)), clean["snapshot"]
    assert got == want, differences(got, want)


def test_sigkill_then_resume_finishes_without_refetching(
    world: Path, config: Path, clean: dict, tmp_path: Path
) -> None:
    total = clean["cold"]["requests"]
    with simulator(world) as sim:
        proc = subprocess.Popen(
            crawl_command(sim.base_url),
            env=crawl_env(tmp_path, config),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while fetch_stats(sim.base_url)["requests"] < total * 0.4:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        before = fetch_stats(sim.base_url)["requests"]
        resumed = crawl(tmp_path, config, sim.base_url, "--resume")
        after = fetch_stats(sim.base_url)["requests"]
    assert resumed["resumed"] and resumed["replayed"] > 0
    # Only what the killed run had in flight may be fetched twice.
    assert after <= total + 60, (before, after, total)
    got, want = snapshot(database_url(tmp_path)), clean["snapshot"]
    assert got == want, differences(got, want)


def test_budget_exhaustion_waits_for_the_reset(world: Path, config: Path, tmp_path: Path) -> None:
    with simulator(world, core_limit=60, window=2.0) as sim:
        summary = crawl(tmp_path, config, sim.base_url, "--source", "github", "--max-people", "25")
        served = fetch_stats(sim.base_url)
    assert summary["status"] == "finished" and summary["gave_up"] == 0
    assert "waiting" in summary["_stderr"]
    assert served["by_status"].get("403", 0) <= 20, "the crawler hammered a closed budget"


def test_a_canary_token_never_reaches_disk_logs_or_database(
    world: Path, config: Path, tmp_path: Path
) -> None:
    canary = "ghp_CANARY0123456789abcdefCANARY"
    hf_canary = "hf_CANARYabcdef0123456789"
    with simulator(world, faults="500=0.05,secondary=0.01", seed=2) as sim:
        summary = crawl(tmp_path, config, sim.base_url, GITHUB_TOKEN=canary, HF_TOKEN=hf_canary)
    assert canary not in summary["_stderr"] and hf_canary not in summary["_stderr"]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert canary.encode() not in data and hf_canary.encode() not in data, path
    text = all_text(database_url(tmp_path))
    assert canary not in text and hf_canary not in text


def scrapy_crawl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl github ARGS` from the repository root, with this venv's scrapy."""
    return subprocess.run(
        ["scrapy", "crawl", "github", *args],
        cwd=Path(__file__).resolve().parents[1],
        env={**env, "PATH": f"{Path(os.sys.executable).parent}:{env.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_scrapy_crawl_github_works_too(world: Path, config: Path, tmp_path: Path) -> None:
    with simulator(world) as sim:
        env = crawl_env(tmp_path, config, TALENT_UPSTREAM=sim.base_url)
        proc = scrapy_crawl(env, "-a", "max_people=10")
    assert proc.returncode == 0, proc.stderr[-2000:]
    shot = snapshot(database_url(tmp_path))
    assert len([a for a in shot["github_accounts"] if a[-1]]) >= 5


def test_a_scrapy_jobdir_keeps_no_token_on_disk(world: Path, config: Path, tmp_path: Path) -> None:
    """`scrapy crawl -s JOBDIR=…` stopped early with retries (503s) pending: the requests it
    keeps on disk for the next run carry no token."""
    canary = "ghp_CANARY_JOBDIR_0123456789"
    jobdir = tmp_path / "job"
    with simulator(world, faults="503=0.3", seed=4) as sim:
        env = crawl_env(tmp_path, config, TALENT_UPSTREAM=sim.base_url, GITHUB_TOKEN=canary)
        proc = scrapy_crawl(env, "-s", f"JOBDIR={jobdir}", "-s", "CLOSESPIDER_PAGECOUNT=80")
    assert proc.returncode == 0, proc.stderr[-2000:]
    files = [path for path in jobdir.rglob("*") if path.is_file()]
    assert any("requests.queue" in str(path) for path in files), files  # left for next time
    assert [path for path in files if canary.encode() in path.read_bytes()] == []
    assert canary not in proc.stderr


def test_bad_fields_are_cleaned_and_unusable_payloads_dropped_with_their_url(
    config: Path, tmp_path: Path
) -> None:
    import json
    import shutil

    world = tmp_path / "world"
    shutil.copytree(Path(__file__).parent / "data" / "world-mini", world)
    cleaned = [
        {"login": "huge-bio", "id": 990001, "type": "User", "bio": "x" * 60_000},
        {"login": "broken-unicode", "id": 990002, "type": "User", "name": "bad \ud800 name"},
        {"login": "bad-date", "id": 990003, "type": "User", "_hostile": {"created_at": "tuesday"}},
    ]
    unusable = {"login": "bad-id", "id": 990004, "type": "User", "_hostile": {"id": "990004"}}
    with (world / "github" / "users.jsonl").open("a") as fh:
        for record in [*cleaned, unusable]:
            fh.write(json.dumps(record) + "\n")
    home = tmp_path / "home"
    logins = ["--login", "alesia-k"]
    logins += [arg for r in [*cleaned, unusable] for arg in ("--login", r["login"])]
    with simulator(world) as sim:
        summary = crawl(home, config, sim.base_url, "--source", "github", "--no-discover", *logins)
    assert summary["status"] == "finished"
    assert summary["dropped"] >= 1 and summary["cleaned"] >= 3
    for record in [*cleaned, unusable]:
        assert f"/users/{record['login']}:" in summary["_stderr"]
    assert "x" * 100 not in summary["_stderr"], "a log line carried the item"
    shot = snapshot(database_url(home))
    stored = {a[0] for a in shot["github_accounts"] if a[-1]}
    assert {"alesia-k", "huge-bio", "broken-unicode", "bad-date"} <= stored
    assert "bad-id" not in stored
    assert ("bad  name", None, ("broken-unicode",), ()) in shot["people"]
