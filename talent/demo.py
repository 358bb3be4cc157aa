"""``make demo``: the whole job end to end on embedded defaults.

Generates (or reuses) the demo world, serves it with the bundled GitHub + Hugging Face
simulator on a free loopback port, shows the simulator answering, then runs the stages as a
user would — ``talent crawl``, ``talent index``, ``talent search`` — against SQLite and the
embedded vector engine under ``.demo/home``, and stops the simulator cleanly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".demo"
WORLD = DEMO / "world"
HOME = DEMO / "home"
PEOPLE = 2000
SEED = 7
# The simulator accepts any token; these only exist so the demo gets authenticated budgets.
DEMO_ENV = {"GITHUB_TOKEN": "demo-github-token", "HF_TOKEN": "demo-hf-token"}
SEARCHES = [
    [
        "production RAG engineer with evaluation experience",
        "--country",
        "BY",
        "--track",
        "rag",
        "--limit",
        "5",
    ],
    [
        "agentic systems engineer, tool use and planning",
        "--country",
        "eastern-europe",
        "--track",
        "agentic",
        "--limit",
        "5",
    ],
    ["LLM inference serving and cost optimisation", "--limit", "5"],
]


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def talent(*args: str, env: dict[str, str]) -> None:
    print(f"$ talent {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-m", "talent", *args], env=env, check=True)


def world_is_current() -> bool:
    meta = WORLD / "world.json"
    if not meta.exists():
        return False
    data = json.loads(meta.read_text())
    return data.get("people") == PEOPLE and data.get("seed") == SEED


def fetch(url: str) -> tuple[int, dict[str, str], object]:
    request = urllib.request.Request(url, headers={"Authorization": "token demo-github-token"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), json.loads(response.read())


def show_simulator(base: str) -> None:
    status, headers, body = fetch(f"{base}/search/users?q=location:Minsk&per_page=3")
    print(
        f"GET /search/users?q=location:Minsk -> {status}, {body['total_count']} people, "
        f"X-RateLimit-Remaining {headers.get('X-RateLimit-Remaining')}"
    )
    login = body["items"][0]["login"]
    status, headers, user = fetch(f"{base}/users/{login}")
    print(
        f"GET /users/{login} -> {status}: {user.get('name')!r} in {user.get('location')!r}, "
        f"ETag {headers.get('ETag')}"
    )
    status, _, models = fetch(f"{base}/api/models?filter=gguf&sort=downloads&limit=3")
    print(f"GET /api/models?filter=gguf -> {status}: " + ", ".join(m["id"] for m in models))


def main() -> None:
    from talent.upstream.generate import generate_world
    from talent.upstream.server import Simulator, SimulatorConfig
    from talent.upstream.world import load_world

    env = {**os.environ, **DEMO_ENV, "TALENT_HOME": str(HOME), "HF_HUB_OFFLINE": "1"}
    env.pop("TALENT_DATABASE_URL", None)
    env.pop("TALENT_QDRANT_URL", None)
    step(f"World: {PEOPLE:,} simulated people (seed {SEED}) in {WORLD.relative_to(ROOT)}")
    if world_is_current():
        print("reusing the generated world")
    else:
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        summary = generate_world(WORLD, people=PEOPLE, seed=SEED, now=today)
        print(f"generated in {summary.get('seconds', 0):.1f}s")
    world = load_world(WORLD)
    # A 2,000-person world takes more than one real token-hour (5,000 requests) to crawl;
    # the demo's simulator grants a bigger budget instead of making you wait for the reset.
    with Simulator(world, SimulatorConfig(core_limit=100_000, search_limit=600)) as simulator:
        base = simulator.base_url
        step(f"Simulator: GitHub REST v3 + Hugging Face Hub API at {base}")
        show_simulator(base)
        # Evidence links then point at the simulator's pages, as they point at github.com
        # and huggingface.co after a real crawl.
        env["TALENT_UPSTREAM"] = base
        step("Crawl: GitHub, then the Hub, into SQLite (a re-run revalidates with 304s)")
        started = time.monotonic()
        talent("crawl", env=env)
        print(f"(crawled in {time.monotonic() - started:.0f}s)")
        step("Index: production signals with evidence, embedded into Qdrant (in-process)")
        talent("index", env=env)
        talent("stats", env=env)
        for search in SEARCHES:
            step(f"Search: {search[0]!r} {' '.join(search[1:])}")
            talent("search", *search, env=env)
    step("Simulator stopped cleanly")
    home = HOME.relative_to(ROOT)
    print(
        f"Everything lives in {home}; try for example:\n"
        f'  TALENT_HOME={home} .venv/bin/talent search "hybrid search reranking" --limit 5\n'
        f"  TALENT_HOME={home} .venv/bin/talent profile LOGIN\n"
        f"  TALENT_HOME={home} .venv/bin/talent eval"
    )


if __name__ == "__main__":
    main()
