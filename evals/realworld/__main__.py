"""``python -m evals.realworld``: convert the contribution graph into a world."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from evals.realworld.build import build_world
from talent.errors import TalentError

DEFAULT_GRAPH = Path("/work/shared/realgraph/contrib_graph.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.realworld",
        description="Turn the pseudonymised contribution graph into a simulator world. "
        "Example: python -m evals.realworld --graph contrib_graph.json --out .realworld "
        "--seed 7 --sample 400",
    )
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="contrib_graph.json")
    parser.add_argument("--out", type=Path, required=True, help="the world folder to write")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--sample", type=int, default=None, help="keep a stratified sample of N graph people"
    )
    parser.add_argument("--force", action="store_true", help="overwrite a non-empty --out")
    args = parser.parse_args(argv)
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be 1 or more")
    if args.out.is_dir() and any(args.out.iterdir()) and not args.force:
        print(f"Error: {args.out} is not empty (pass --force to overwrite)", file=sys.stderr)
        return 1
    try:
        summary = build_world(args.graph, args.out, seed=args.seed, sample=args.sample)
    except TalentError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
