"""The stages as user actions: crawl, index, evaluate, check the set-up.

Each is one call into its stage's entry point; what is shared between them (the settings)
comes from the caller, so the CLI, the demo and a scheduled run drive them alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from talent.app.workspace import Workspace
from talent.crawler.runner import CrawlOptions as CrawlOptions  # what `crawl` takes

if TYPE_CHECKING:
    from talent.crawler.clients import Check
    from talent.crawler.runner import CrawlSummary
    from talent.indexer.run import IndexSummary
    from talent.search.evaluation import EvalReport
    from talent.search.request import Variant


def crawl(ws: Workspace, options: CrawlOptions) -> CrawlSummary:
    """Collect from GitHub and the Hub (or the simulator) into the store; one crawl at a time
    on a SQLite store (``Busy`` otherwise)."""
    from talent.crawler.runner import run_crawl
    from talent.crawler.seeds import check_crawl_config

    check_crawl_config()  # a broken seeds/signals/gazetteer file fails before any request
    with ws.exclusive("talent crawl"):
        return run_crawl(ws.settings, options)


def index(
    ws: Workspace,
    *,
    full: bool = False,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> IndexSummary:
    """Score and embed the people whose facts changed; publish the new index generation."""
    from talent.indexer.run import run_index

    return run_index(ws.settings, full=full, now=now, progress=progress)


def evaluate(ws: Workspace, golden: Path | None = None, variants: Sequence[str] = ()) -> EvalReport:
    """Score the ranking variants on a golden set (default: the demo world's)."""
    from talent.search.evaluation import DEFAULT_GOLDEN, evaluate, load_golden, parse_variants

    chosen: list[Variant] = parse_variants(variants)
    return evaluate(ws.settings, load_golden(golden or DEFAULT_GOLDEN), chosen)


def doctor(ws: Workspace) -> list[Check]:
    """Tokens, endpoints, remaining rate limits and the store, checked now."""
    from talent.crawler.clients import doctor as checks

    return checks(ws.settings)
