"""``python -m evals.suite``: the evaluation worlds, built, crawled, indexed and scored side by
side with ``talent eval --set``.

    demo        the synthetic world `make demo` serves (2,000 people, seed 7), its golden set
                evals/golden/demo.json
    realgraph   the world made from the real contribution graph (evals/realworld), its golden
                set evals/golden/realgraph.json

Each world lives in ``ROOT/NAME`` (default ``.eval``): ``world/`` is written once, ``home/`` is
crawled once from the simulator and re-indexed on every run (cheap when nothing changed: a
scoring change re-scores payloads, a document change re-embeds only those people). Then one
``talent eval`` reports every set with its per-query rows and a side-by-side table.

    python -m evals.suite                     # both worlds
    python -m evals.suite --worlds realgraph --variant signals --json > eval.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = {
    "demo": REPO / "evals/golden/demo.json",
    "realgraph": REPO / "evals/golden/realgraph.json",
}
DEMO_PEOPLE, DEMO_SEED = 2000, 7
DEFAULT_GRAPH = Path(
    os.environ.get("TALENT_REALGRAPH", REPO.parent / "shared/realgraph/contrib_graph.json")
)
# The simulator's budgets for an evaluation crawl: big enough never to wait for a reset.
BUDGETS = {"core_limit": 10_000_000, "search_limit": 100_000, "hf_limit": 10_000_000}


def build_world(name: str, world: Path, graph: Path) -> None:
    """Write the world once (a world.json marks it complete)."""
    if (world / "world.json").is_file():
        return
    golden = json.loads(GOLDEN[name].read_text(encoding="utf-8"))
    now = datetime.fromisoformat(golden["world"]["now"].replace("Z", "+00:00"))
    if name == "demo":
        from talent.upstream.generate import generate_world

        generate_world(world, people=DEMO_PEOPLE, seed=DEMO_SEED, now=now)
        return
    from evals.realworld.build import build_world as convert

    if not graph.is_file():
        raise SystemExit(
            f"the real contribution graph is not at {graph}: set TALENT_REALGRAPH or --graph"
        )
    convert(graph, world, seed=int(golden["world"].get("seed") or 7), sample=None)


def talent(home: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run one talent command on ``home``; its progress goes to this process's stderr."""
    environment = {**os.environ, "TALENT_HOME": str(home), "HF_HUB_OFFLINE": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "talent", *args],
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"talent {' '.join(args)} failed on {home} (exit {proc.returncode})")
    return proc.stdout


def prepare(name: str, root: Path, graph: Path) -> Path:
    """The world's home: crawled once from the simulator, indexed every time."""
    from talent.upstream.server import Simulator, SimulatorConfig
    from talent.upstream.world import load_world

    world, home = root / name / "world", root / name / "home"
    build_world(name, world, graph)
    crawled = home / ".crawled"
    with Simulator(load_world(world), SimulatorConfig(**BUDGETS)) as sim:
        # Tokens only buy the simulator's authenticated budgets; links point at it.
        env = {"TALENT_UPSTREAM": sim.base_url, "GITHUB_TOKEN": "eval", "HF_TOKEN": "eval"}
        if not crawled.exists():
            print(f"== {name}: crawling {world}", file=sys.stderr, flush=True)
            talent(home, "crawl", "--json", env=env)
            crawled.touch()
        print(f"== {name}: indexing", file=sys.stderr, flush=True)
        talent(home, "index", "--json", env=env)
    return home


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.suite", description=__doc__)
    parser.add_argument(
        "--worlds", default="demo,realgraph", help="comma-separated: demo,realgraph"
    )
    parser.add_argument("--root", type=Path, default=REPO / ".eval", help="where worlds live")
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="contrib_graph.json")
    parser.add_argument("--variant", action="append", default=[], help="as in talent eval")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.worlds.split(",") if n.strip()]
    unknown = sorted(set(names) - set(GOLDEN))
    if unknown:
        parser.error(f"unknown worlds {unknown}; choose from {sorted(GOLDEN)}")
    sets: list[str] = []
    for name in names:
        sets += ["--set", str(GOLDEN[name]), str(prepare(name, args.root, args.graph))]
    extra = [f"--variant={v}" for v in args.variant] + (["--json"] if args.json else [])
    print(talent(args.root, "eval", *sets, *extra), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
