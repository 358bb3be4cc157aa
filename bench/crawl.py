"""Crawl bench: API requests per profiled person, 304 share on a re-crawl, throughput.

Cold crawl of the demo world from the simulator, then a second crawl with nothing changed,
then a plain sequential PyGithub loop fetching the same kind of data for a sample of the same
people, for the throughput ratio. Numbers come from the simulator's own request counts.
"""

from __future__ import annotations

import json
import shutil
import time
from typing import Any

from sqlalchemy import func, select

from bench.common import CACHE, TOKENS, post, stats, talent, world

SAMPLE = 150  # people for the PyGithub loop


def run(people: int = 2000) -> dict[str, Any]:
    from talent.settings import load_settings
    from talent.store import Store, models
    from talent.upstream.server import Simulator, SimulatorConfig
    from talent.upstream.world import load_world

    loaded = load_world(world(people))
    home = CACHE / "crawl-home"  # kept: the index bench runs on what this crawl stored
    shutil.rmtree(home, ignore_errors=True)
    # Budgets large enough not to pause: this measures requests and speed; the per-token-hour
    # figures below are computed from the real 5,000/hour budget.
    with Simulator(loaded, SimulatorConfig(core_limit=1_000_000, search_limit=1_000)) as sim:
        base = sim.base_url
        started = time.monotonic()
        cold = json.loads(talent(home, "crawl", "--upstream", base, "--json"))
        cold_seconds = time.monotonic() - started
        cold_stats = stats(base)
        store = Store.open(load_settings(home=home))
        with store.session() as s:
            gh_profiled = s.scalar(
                select(func.count()).where(models.GithubAccount.profiled_at.is_not(None))
            )
            hf_profiled = s.scalar(
                select(func.count()).where(models.HfAccount.profiled_at.is_not(None))
            )
            logins = s.scalars(
                select(models.GithubAccount.login)
                .where(
                    models.GithubAccount.profiled_at.is_not(None),
                    models.GithubAccount.type == "User",
                )
                .order_by(models.GithubAccount.id)
                .limit(SAMPLE)
            ).all()
            people_stored = s.scalar(select(func.count(models.Person.id)))
        store.close()
        post(f"{base}/__simulator__/reset")
        started = time.monotonic()
        warm = json.loads(talent(home, "crawl", "--upstream", base, "--json"))
        warm.pop("spiders", None)
        warm_seconds = time.monotonic() - started
        warm_stats = stats(base)
        post(f"{base}/__simulator__/reset")
        pygithub = _pygithub_loop(base, logins)
    latency = _with_latency(loaded, logins)
    profiled = gh_profiled + hf_profiled
    per_person = cold_stats["requests"] / profiled if profiled else None
    crawler_rps = cold_stats["requests"] / cold_seconds
    return {
        "world_people": people,
        "people_stored": people_stored,
        "profiled": {"github": gh_profiled, "hf": hf_profiled},
        "cold": {
            "requests": cold_stats["requests"],
            "charged": cold_stats["charged"],
            "seconds": round(cold_seconds, 1),
            "requests_per_profiled_person": round(per_person, 2) if per_person else None,
            "goal_requests_per_person": 3,
            "requests_per_second": round(crawler_rps, 1),
            "by_endpoint": cold_stats["by_endpoint"],
            "summary": cold,
        },
        "recrawl": {
            "requests": warm_stats["requests"],
            "not_modified": warm_stats.get("not_modified", 0),
            "not_modified_share": round(
                warm_stats.get("not_modified", 0) / max(1, warm_stats["requests"]), 4
            ),
            "goal_not_modified_share": 0.9,
            "charged": warm_stats["charged"],
            "charged_vs_cold": round(warm_stats["charged"] / max(1, cold_stats["charged"]), 4),
            "goal_charged_vs_cold": 0.1,
            "seconds": round(warm_seconds, 1),
            "summary": warm,
        },
        "pygithub_sequential": pygithub,
        "throughput_ratio_crawler_vs_pygithub": round(
            crawler_rps / pygithub["requests_per_second"], 2
        ),
        "with_50ms_upstream_latency": latency,
        "per_token_hour": {
            "people_fully_profiled_cold": int(5000 / per_person) if per_person else None,
            "people_rechecked": int(5000 * profiled / max(1, warm_stats["charged"])),
            "note": "5,000 requests/hour per token; 304s to authenticated conditional "
            "requests are free",
        },
    }


def _pygithub_loop(base: str, logins: list[str]) -> dict[str, Any]:
    """What a plain script does: one request after another through PyGithub."""
    from github import Auth, Github

    # No pause between requests: PyGithub's default 0.25 s would make the comparison unfair.
    gh = Github(
        base_url=base,
        auth=Auth.Token(TOKENS["GITHUB_TOKEN"]),
        per_page=100,
        seconds_between_requests=0,
    )
    started = time.monotonic()
    for login in logins:
        user = gh.get_user(login)
        _ = user.name
        list(user.get_repos(type="owner"))
        list(user.get_orgs())
        user.get_public_events().get_page(0)
    seconds = time.monotonic() - started
    requests = stats(base)["requests"]
    return {
        "people": len(logins),
        "requests": requests,
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds, 1),
    }


def _with_latency(loaded: Any, logins: list[str]) -> dict[str, Any]:
    """The same comparison when every answer takes 50 ms, as a real API's do (or longer):
    a sequential loop waits on each one, the crawler keeps 16 in flight."""
    from talent.upstream.faults import parse_faults
    from talent.upstream.server import Simulator, SimulatorConfig

    config = SimulatorConfig(
        core_limit=1_000_000, search_limit=1_000, faults=parse_faults("slow=1.0,slow_seconds=0.05")
    )
    home = CACHE / "crawl-latency-home"
    shutil.rmtree(home, ignore_errors=True)
    with Simulator(loaded, config) as sim:
        started = time.monotonic()
        talent(
            home,
            "crawl",
            "--upstream",
            sim.base_url,
            "--source",
            "github",
            "--max-people",
            str(len(logins)),
            "--json",
        )
        seconds = time.monotonic() - started
        crawler = {"requests": stats(sim.base_url)["requests"], "seconds": round(seconds, 1)}
        crawler["requests_per_second"] = round(crawler["requests"] / seconds, 1)
        post(f"{sim.base_url}/__simulator__/reset")
        loop = _pygithub_loop(sim.base_url, logins)
    return {
        "crawler": crawler,
        "pygithub_sequential": loop,
        "ratio": round(crawler["requests_per_second"] / loop["requests_per_second"], 1),
    }
