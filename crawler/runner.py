"""``run_crawl``: the crawl stage's one entry point.

Runs the spiders one after the other in one Scrapy process — GitHub, then the Hub (seeded
also with the HF accounts GitHub profiles point at), then GitHub again for logins that HF
profiles point at — records the run, and returns a summary.

The first SIGINT or SIGTERM stops the crawl: every wait ends, waiting requests are dropped
(left for ``--resume``), the spider closes and flushes what it buffered, no further spider
starts, and the run is recorded as ``interrupted``. A second signal, or a stop that takes
longer than ``talent.shutdown.GRACE``, ends the process at once (see ``talent.shutdown``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.crawler.context import engine_for
from talent.crawler.stop import Stop
from talent.errors import TalentError, UpstreamError
from talent.settings import Settings
from talent.shutdown import Shutdown, signal_name
from talent.store import Store, models
from talent.store.identity import github_logins_in, hf_names_in

logger = logging.getLogger(__name__)
Source = Literal["github", "hf", "all"]


@dataclass(frozen=True)
class CrawlOptions:
    source: Source = "all"
    max_people: int | None = None
    max_requests: int | None = None
    resume: bool = False
    distributed: bool = False
    job: str = "default"
    github_logins: tuple[str, ...] = ()
    hf_names: tuple[str, ...] = ()
    discover: bool = True


@dataclass
class CrawlSummary:
    run_id: int
    status: str
    resumed: bool
    seconds: float
    people_new: int = 0
    people_updated: int = 0
    requests: int = 0
    not_modified: int = 0
    replayed: int = 0
    retries: int = 0
    dropped: int = 0
    cleaned: int = 0  # bad fields cleaned or cut, their items kept
    gave_up: int = 0
    items: int = 0
    interrupted_by: str | None = None  # the signal that stopped the crawl, e.g. "SIGTERM"
    left_for_resume: int = 0  # requests dropped by the stop, fetched again by --resume
    spiders: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def not_modified_share(self) -> float:
        return self.not_modified / self.requests if self.requests else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["not_modified_share"] = round(self.not_modified_share, 4)
        return data


def run_crawl(settings: Settings, options: CrawlOptions) -> CrawlSummary:
    stop = Stop()
    with Shutdown("talent crawl", stop.set, hint="`talent crawl --resume` continues it"):
        return _crawl(settings, options, stop)


def _crawl(settings: Settings, options: CrawlOptions, stop: Stop) -> CrawlSummary:
    store = Store.open(settings)
    run, resumed = _start_run(store, options)
    started = time.monotonic()
    results: dict[str, dict[str, Any]] = {}
    status = "finished"
    wedged: UpstreamError | None = None
    try:
        if options.distributed:
            with _distributed_job(settings, options.job, stop) as job:
                _run_spiders(settings, options, run, resumed, results, stop, job.worker)
            wedged = _wedged(job, results)
        else:
            _run_spiders(settings, options, run, resumed, results, stop)
    except BaseException:
        status = "failed"
        raise
    finally:
        reasons = {str(s.get("finish_reason")) for s in results.values()} - {"finished"}
        failure = stop.failure
        if status == "finished" and failure is not None:
            status = "failed"
        elif status == "finished" and stop.is_set:
            status = "interrupted"
        elif status == "finished" and wedged is not None:
            status = "wedged"
        elif status == "finished" and reasons:
            status = ",".join(sorted(reasons))  # e.g. closespider_pagecount: --max-requests hit
        summary = _summarise(run.id, status, resumed, time.monotonic() - started, results)
        if stop.signum is not None:
            summary.interrupted_by = signal_name(stop.signum)
            summary.left_for_resume = stop.dropped
        if failure is None and summary.status == "finished":
            failure = _stored_nothing(summary)
            if failure is not None:
                status = summary.status = "failed"
        _finish_run(store, run.id, status, summary, failure)
        store.close()
    if failure is not None:
        raise failure
    if wedged is not None and status == "wedged":
        raise wedged
    return summary


def _stored_nothing(summary: CrawlSummary) -> UpstreamError | None:
    """A crawl that stored nothing because its requests failed has failed, even though every
    spider finished (one with nothing to fetch, or all 304s replayed, has items)."""
    if summary.items or not (summary.gave_up or summary.dropped):
        return None
    return UpstreamError(
        f"the crawl stored nothing: of {summary.requests:,} requests, {summary.gave_up:,} "
        f"gave up after retries and {summary.dropped:,} answers were unusable",
        "see the errors above; `talent doctor` checks the tokens and the endpoints",
    )


def _start_run(store: Store, options: CrawlOptions) -> tuple[models.CrawlRun, bool]:
    with store.session() as session:
        if options.resume:
            previous = session.scalars(
                select(models.CrawlRun)
                .where(
                    models.CrawlRun.source == options.source,
                    models.CrawlRun.status.in_(("running", "interrupted")),
                )
                .order_by(models.CrawlRun.id.desc())
            ).first()
            if previous is not None:
                previous.status = "running"
                previous.args = {**previous.args, "resumed_at": datetime.now(UTC).isoformat()}
                return previous, True
            logger.warning("nothing to resume: starting a new crawl")
        run = models.CrawlRun(
            source=options.source,
            started_at=datetime.now(UTC),
            args={k: v for k, v in asdict(options).items() if k not in ("github_logins",)},
        )
        session.add(run)
        session.flush()
        return run, False


@dataclass
class _Job:
    """One worker's part in a distributed job."""

    name: str
    worker: str
    cleared: bool = False  # the last worker out cleared the job's state in Redis


@contextmanager
def _distributed_job(settings: Settings, job: str, stop: Stop) -> Iterator[_Job]:
    """Register this worker with the shared job in Redis, under a lease its heartbeat renews
    (``talent.crawler.frontier``); the last one to finish clears the job's frontier and dupe
    filter, so the next crawl of the same job starts afresh. A worker that is stopped stays
    registered, which keeps the frontier for the next run; one that dies loses its lease,
    and the next worker to notice hands its requests in flight back to the frontier."""
    import redis

    from talent.crawler.frontier import Lease

    prefix = f"{settings.crawl.redis_prefix}:{job}"
    client = redis.Redis.from_url(settings.redis_url)
    state = _Job(job, f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")
    lease = Lease(client, prefix, state.worker, settings.crawl.lease_seconds)
    try:
        lease.start()
    except redis.RedisError as exc:
        raise UpstreamError(
            f"cannot reach Redis for the distributed crawl: {exc}",
            "start Redis or set TALENT_REDIS_URL (e.g. redis://host:6379/0)",
        ) from None
    finished = False
    try:
        yield state
        finished = not stop.is_set
    finally:
        lease.stop()
        if finished:
            client.srem(lease.workers, state.worker)
            if client.scard(lease.workers) == 0:
                keys = [k for k in client.scan_iter(f"{prefix}:*") if not k.endswith(b":workers")]
                if keys:
                    client.delete(*keys)
                state.cleared = True
        client.close()


def _wedged(job: _Job, results: dict[str, dict[str, Any]]) -> UpstreamError | None:
    """The error to report when a spider of this worker fetched nothing because the job's
    state in Redis said all was done while nothing was queued or in flight (left by a worker
    that died before workers held leases). Its follow-up passes (``-refs``) do not count:
    they start after the spider's own pass on purpose."""
    stuck = sorted(
        name
        for name, stats in results.items()
        if stats.get("talent/frontier/wedged") and not name.endswith("-refs")
    )
    if not stuck:
        return None
    hint = (
        "its stale state is cleared now: run the same crawl again"
        if job.cleared
        else "run the same crawl again once the job's other workers have finished"
    )
    return UpstreamError(
        f"crawl job {job.name!r} was wedged: {', '.join(stuck)} fetched nothing, because the "
        "job's dupe filter in Redis had seen every request while none was queued or in flight",
        hint,
    )


def _run_spiders(
    settings: Settings,
    options: CrawlOptions,
    run: models.CrawlRun,
    resumed: bool,
    results: dict[str, dict[str, Any]],
    stop: Stop,
    worker: str = "",
) -> None:
    from scrapy.crawler import AsyncCrawlerRunner
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.log import configure_logging
    from scrapy.utils.reactor import install_reactor

    from talent.crawler.config import scrapy_settings
    from talent.crawler.spiders.github import GithubSpider
    from talent.crawler.spiders.hf import HfSpider

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import reactor

    values = scrapy_settings(
        settings,
        run_id=run.id,
        replay_since=run.started_at if resumed else None,
        max_requests=options.max_requests,
        distributed=options.distributed,
        job=options.job,
        worker=worker,
        stop=stop,
    )
    configure_logging({**values, "LOG_INSTALL_ROOT_HANDLER": False})
    runner = AsyncCrawlerRunner(values)
    failure: list[BaseException] = []

    async def crawl(spider_cls: type, **kwargs: Any) -> None:
        if stop.is_set:
            return  # stopped: the rest of the chain does not start
        crawler = runner.create_crawler(spider_cls)
        await runner.crawl(crawler, max_people=options.max_people, **kwargs)
        results[
            spider_cls.name if spider_cls.name not in results else f"{spider_cls.name}-refs"
        ] = dict(crawler.stats.get_stats())

    async def chain() -> None:
        stop.attach(asyncio.get_running_loop())
        try:
            if options.source in ("github", "all"):
                await crawl(
                    GithubSpider, names=list(options.github_logins), discover=options.discover
                )
            if options.source in ("hf", "all") and not stop.is_set:
                names = list(options.hf_names)
                if options.source == "all":
                    names += _hf_refs(settings)
                await crawl(HfSpider, names=names, discover=options.discover)
            if options.source == "all" and not stop.is_set:
                logins = _github_refs(settings)
                if logins:
                    await crawl(GithubSpider, names=logins, discover=False)
        except BaseException as exc:  # surfaced after the reactor stops
            failure.append(exc)
        finally:
            reactor.callLater(0, reactor.stop)

    stopping_engines: list[asyncio.Future[None]] = []  # a reference keeps each task alive

    def stopping() -> None:
        logger.info("stopping: dropping waiting requests, saving what was fetched")
        for crawler in list(runner.crawlers):
            engine = crawler._engine  # None before the crawl starts (Scrapy's own advice)
            # An engine that is not running yet finds every request dropped once it does and
            # closes by itself; stopping it before that leaves Scrapy's start waiting forever.
            if engine is not None and engine.running:
                stopping_engines.append(asyncio.ensure_future(crawler.stop_async()))

    stop.on_stop(stopping)
    reactor.callWhenRunning(lambda: deferred_from_coro(chain()))
    reactor.run(installSignalHandlers=False)
    if failure:
        raise failure[0]


def _hf_refs(settings: Settings) -> list[str]:
    """HF accounts named in GitHub profiles that we have not profiled yet."""
    with Session(engine_for(settings)) as session:
        texts = session.execute(
            select(models.GithubAccount.blog, models.GithubAccount.bio).where(
                models.GithubAccount.fetched_at.is_not(None)
            )
        ).all()
        known = set(
            session.scalars(
                select(models.HfAccount.name_lower).where(models.HfAccount.profiled_at.is_not(None))
            )
        )
    return sorted(hf_names_in(tuple(t for row in texts for t in row if t)) - known)


def _github_refs(settings: Settings) -> list[str]:
    """GitHub logins named in HF profiles that we have not profiled yet."""
    with Session(engine_for(settings)) as session:
        texts = session.scalars(
            select(models.HfAccount.details).where(models.HfAccount.details.is_not(None))
        ).all()
        known = set(
            session.scalars(
                select(models.GithubAccount.login_lower).where(
                    models.GithubAccount.fetched_at.is_not(None)
                )
            )
        )
    return sorted(github_logins_in(tuple(texts)) - known)


def _summarise(
    run_id: int,
    status: str,
    resumed: bool,
    seconds: float,
    results: dict[str, dict[str, Any]],
) -> CrawlSummary:
    summary = CrawlSummary(run_id=run_id, status=status, resumed=resumed, seconds=round(seconds, 2))
    for name, stats in results.items():
        summary.people_new += stats.get("talent/people/new", 0)
        summary.people_updated += stats.get("talent/people/updated", 0)
        summary.requests += stats.get("downloader/request_count", 0)
        summary.not_modified += stats.get("talent/not_modified", 0)
        summary.replayed += stats.get("talent/replayed", 0)
        summary.retries += stats.get("talent/retries", 0)
        summary.dropped += stats.get("talent/dropped", 0)
        summary.cleaned += stats.get("talent/cleaned", 0)
        summary.gave_up += stats.get("talent/retry/gave_up", 0)
        summary.items += stats.get("item_scraped_count", 0)
        summary.spiders[name] = {
            k: v
            for k, v in stats.items()
            if isinstance(v, int | float | str) and not k.startswith("log_count")
        }
    return summary


def _finish_run(
    store: Store,
    run_id: int,
    status: str,
    summary: CrawlSummary,
    failure: TalentError | None = None,
) -> None:
    try:
        with store.session() as session:
            run = session.get(models.CrawlRun, run_id)
            if run is not None:
                run.status = status
                run.finished_at = datetime.now(UTC)
                error = {"error": failure.message} if failure is not None else {}
                run.stats = {**(run.stats or {}), "summary": summary.as_dict(), **error}
    except TalentError:
        logger.exception("could not record the end of crawl run %s", run_id)
